/**
 * The sandbox in a real browser (headless Chromium driven by playwright-core), over the whole
 * desk with no platform tokens: a customer reports a fault in Chinese and gets a #ref, asks
 * for service after the FAQ steps, an engineer claims it, replies in the thread (the reply
 * reaches the customer), resolves it through the form, the customer answers the survey, and
 * a manager's `/desk summary today` counts the ticket. Screenshots of both panes are saved
 * in test-artifacts/sandbox/ (not committed).
 *
 * Needs Debian's chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run
 * installs it); without it the test is skipped with that message.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { startSandboxDesk, type SandboxDesk } from "./support.ts";

const CHROMIUM = "/usr/bin/chromium";
/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`sandbox browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

export const ARTIFACTS = join(process.cwd(), "test-artifacts", "sandbox");
/** Generous budgets for what the page shows next (never an assertion about speed). */
const WAIT = 30_000;

describeEachDb("sandbox in a browser", (db) => {
  let store: Store;
  let sb: SandboxDesk;
  let context: BrowserContext | undefined;
  let profile: string;

  beforeEach(async () => {
    store = await db.open();
    sb = await startSandboxDesk(store);
    profile = mkdtempSync(join(tmpdir(), "desk-chromium-"));
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    await sb.stop();
    await db.dispose(store);
    rmSync(profile, { recursive: true, force: true });
  });

  it.skipIf(!HAVE_CHROMIUM)(
    "a zh customer's fault, the FAQ, claim, thread reply, resolve form, survey and /desk summary today",
    async () => {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1440, height: 960 },
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-quic",
          "--no-first-run",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(WAIT);
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(String(e)));

      try {
        await walkThrough(page);
      } catch (err) {
        mkdirSync(ARTIFACTS, { recursive: true });
        await shots(page, `${db.name}-failed`).catch(() => {});
        throw err;
      }
      expect(problems).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await shots(page, db.name);
    },
    240_000,
  );

  async function walkThrough(page: Page): Promise<void> {
    await page.goto(`http://localhost:${sb.port}/sandbox`);
    await expect.poll(() => page.getAttribute("body", "data-live"), { timeout: WAIT }).toBe("true");

    // ── the customer: a new one, in Chinese ────────────────────────────────────────────
    await page.getByTestId("customer-select").selectOption("__new");
    await page.locator("#new-name").fill("王先生");
    await page.locator("#new-lang").selectOption("zh-CN");
    await page.locator("#new-customer button[type=submit]").click();
    await expect.poll(() => page.getByTestId("customer-select").inputValue(), { timeout: WAIT }).toMatch(/^sandbox:/);

    const last = () => page.getByTestId("customer-message").last();
    const say = async (text: string) => {
      await page.getByTestId("customer-input").fill(text);
      await page.getByTestId("customer-send").click();
    };
    const tap = async (message: Locator, label: string) => message.getByTestId("customer-button").filter({ hasText: label }).click();
    const waitLast = (text: string) => last().filter({ hasText: text }).waitFor();

    await say("冰箱不制冷了");
    // help first: the ticket at once, the FAQ's steps, then "still need service" and the form
    const created = page.getByTestId("customer-message").filter({ hasText: "已为您建立工单" });
    await created.waitFor();
    const ref = /#(\d+)/.exec((await created.textContent()) ?? "")?.[1];
    expect(ref).toMatch(/^\d+$/);
    const faq = page.getByTestId("customer-message").filter({ has: page.getByTestId("customer-button").filter({ hasText: "仍需服务" }) });
    await faq.waitFor();
    await tap(faq, "仍需服务");

    await waitLast("型号");
    await tap(last(), "不知道");
    await waitLast("购买日期");
    await tap(last(), "不知道");
    await waitLast("称呼");
    await say("王先生");
    await waitLast("电话");
    await say("13800138000");
    await waitLast("地址");
    await say("杭州市西湖区文三路1号");
    await waitLast("市区还是郊区");
    await tap(last(), "市区");
    const ticket = async () => (await store.tickets.byRef(Number(ref)))!;
    await expect.poll(async () => (await ticket()).status, { timeout: WAIT }).toBe("queued");

    // ── the engineer claims it in the triage channel ───────────────────────────────────
    await page.getByTestId("staff-select").selectOption({ label: "张师傅 · 工程师" });
    await page.getByTestId("staff-channel").filter({ hasText: "triage" }).click();
    const card = page
      .locator("#messages")
      .getByTestId("staff-message")
      .filter({ has: page.getByTestId("staff-card").filter({ hasText: `#${ref}` }) });
    await card.waitFor();
    await card.getByTestId("staff-action").filter({ hasText: "认领" }).click();
    await card.getByTestId("staff-card").filter({ hasText: "已受理" }).waitFor();
    await expect.poll(async () => (await ticket()).status, { timeout: WAIT }).toBe("claimed");
    await page.getByTestId("customer-message").filter({ hasText: "张师傅受理" }).waitFor();

    // ── a reply in the ticket's thread reaches the customer ────────────────────────────
    await card.locator(".thread-open").click();
    await page.getByTestId("thread-input").fill("您好，我是张师傅，明天上午上门检查。<b>请留人</b>");
    await page.getByTestId("thread-send").click();
    await page.locator("#thread").getByTestId("staff-message").filter({ hasText: "明天上午上门检查" }).first().waitFor();
    const relayed = page.getByTestId("customer-message").filter({ hasText: "明天上午上门检查" });
    await relayed.waitFor();
    // the customer sees the text as typed: markup in it is data, never HTML
    expect(await relayed.textContent()).toContain("<b>请留人</b>");
    expect(await relayed.locator("b").count()).toBe(0);

    // a photo from the customer: in their chat, and uploaded into the ticket's thread
    await page.locator("#photo").setInputFiles({ name: "fridge.png", mimeType: "image/png", buffer: PNG });
    await page.locator("#chat .msg.mine img").waitFor();
    await page.locator("#thread").getByTestId("staff-message").locator("img").waitFor();
    await expect.poll(async () => (await store.tickets.attachments((await ticket()).id)).length, { timeout: WAIT }).toBe(1);

    // ── on site, then Resolve through its form ─────────────────────────────────────────
    await card.getByTestId("staff-action").filter({ hasText: "已到场" }).click();
    await expect.poll(async () => (await ticket()).status, { timeout: WAIT }).toBe("on_site");
    await card.getByTestId("staff-action").filter({ hasText: "完工" }).click();
    const modal = page.locator("#modal");
    await modal.waitFor({ state: "visible" });
    // a wrong form stays open with its errors, and nothing changes
    await modal.getByTestId("modal-hours").fill("abc");
    await modal.getByTestId("modal-submit").click();
    await modal.locator("[data-err=work]").filter({ hasText: /\S/ }).waitFor();
    expect((await ticket()).status).toBe("on_site");
    await modal.getByTestId("modal-work").fill("清理冷凝器，更换温控器");
    await modal.getByTestId("modal-hours").fill("1.5");
    await modal.getByTestId("modal-parts").fill("温控器 x 1");
    await modal.getByTestId("modal-fee").fill("120");
    await modal.getByTestId("modal-feeType").selectOption("A");
    await modal.getByTestId("modal-submit").click();
    await modal.waitFor({ state: "hidden" });
    await expect.poll(async () => (await ticket()).status, { timeout: WAIT }).toBe("resolved");
    await page.getByTestId("customer-message").filter({ hasText: "已处理完成" }).waitFor();

    // ── the customer answers the callback survey ───────────────────────────────────────
    // each answer edits the question in place (or adds the next message): click, then wait for the change
    for (let step = 0; step < 12; step++) {
      const text = (await last().textContent()) ?? "";
      if (text.includes("感谢您的评价")) break;
      const buttons = last().getByTestId("customer-button");
      const labels = await buttons.allTextContents();
      if (!labels.length) {
        await page.waitForTimeout(200);
        continue;
      }
      const choice = ["很满意", "满意", "不用了"].find((l) => labels.includes(l)) ?? labels[0]!;
      // the last message may change between reading its buttons and the click (the next
      // question arrives): then read it again
      const clicked = await buttons
        .filter({ hasText: new RegExp(`^${choice}$`) })
        .click({ timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      if (!clicked) continue;
      await expect.poll(async () => (await last().textContent()) !== text, { timeout: WAIT }).toBe(true);
    }
    await page.getByTestId("customer-message").filter({ hasText: "感谢您的评价" }).waitFor();
    const survey = await store.surveys.byTicket((await ticket()).id);
    expect(survey).toMatchObject({ status: "answered", satisfied: true });

    // ── a manager's /desk summary today counts it ──────────────────────────────────────
    await page.getByTestId("staff-select").selectOption({ label: "王经理 · 经理" });
    await page.getByTestId("staff-channel").filter({ hasText: "triage" }).click();
    await page.getByTestId("staff-command").fill("/desk summary today");
    await page.getByTestId("staff-command").press("Enter");
    const summary = page.getByTestId("staff-message").filter({ hasText: "进单" });
    await summary.waitFor();
    const fields = summary.locator("dl.fields > div");
    expect(await fields.filter({ hasText: "进单" }).locator("dd").textContent()).toBe("1");
    expect(await fields.filter({ hasText: "完成" }).first().locator("dd").textContent()).toBe("1");

    // everything went through the outbox like a platform's messages, and all of it goes out
    // (the summary's chart is a job of its own and may still be on its way)
    const unsent = async () =>
      (await store.outbox.list({ platform: "slack" }, 1000)).filter((m) => m.status !== "sent").map((m) => m.status);
    await expect.poll(unsent, { timeout: WAIT }).toEqual([]);
    expect((await store.tickets.messages((await ticket()).id)).some((m) => m.author === "staff" && m.text.includes("明天上午"))).toBe(true);
  }
});

async function shots(page: Page, name: string): Promise<void> {
  await page.locator("#customer-pane").screenshot({ path: join(ARTIFACTS, `customer-pane-${name}.png`) });
  await page.locator("#staff-pane").screenshot({ path: join(ARTIFACTS, `staff-pane-${name}.png`) });
  await page.screenshot({ path: join(ARTIFACTS, `page-${name}.png`) });
  // and on a phone screen: one pane at a time, behind tabs
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(ARTIFACTS, `phone-customer-${name}.png`) });
  await page.locator("#tab-staff").click();
  await page.screenshot({ path: join(ARTIFACTS, `phone-staff-${name}.png`) });
}
