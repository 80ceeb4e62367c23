/**
 * Full customer transcripts, in Chinese and English, committed as snapshots
 * (test/telegram/__transcripts__/), so that every wording change shows in review: intake,
 * FAQ solved, FAQ not solved, FAQ suggestions, a complaint and the callback survey. Each transcript is what
 * the customer typed or tapped and everything the bot sent, edited or answered in that chat,
 * through the fake Bot API (ticket numbers replaced by #N).
 */
import { expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import type { TelegramCall } from "../fakes/telegram-api.ts";
import type { FakeUser } from "../fakes/updates.ts";
import type { Chat } from "../support/chat.ts";
import { describeEachDb } from "../support/db.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const sh = (s: string) => new Date(`${s}+08:00`);
const ENG = "U0ENGT";

type Lang = "zh-CN" | "en";
const USERS: Record<Lang, FakeUser> = {
  "zh-CN": { id: 9701, first_name: "吴阿姨", language_code: "zh-hans" },
  en: { id: 9702, first_name: "Jane", language_code: "en" },
};
const ANSWERS: Record<Lang, { purchase: string; name: string; phone: string; address: string; model: string }> = {
  "zh-CN": { purchase: "2026年3月", name: "吴阿姨", phone: "13300133000", address: "成都市锦江区春熙路1号", model: "BCD-215" },
  en: { purchase: "2026-03", name: "Jane Doe", phone: "+86 133 0013 3001", address: "1 Chunxi Road, Chengdu", model: "BCD-215" },
};
const TEXTS: Record<Lang, { fridge: string; two: string; chair: string; complaint: string }> = {
  "zh-CN": {
    fridge: "冰箱不制冷了",
    two: "冰箱里面有水还结霜",
    chair: "新买的按摩椅需要上门组装",
    complaint: "师傅上门迟到了两个小时，也没提前说一声",
  },
  en: {
    fridge: "My fridge is not cooling",
    two: "fridge has water inside and frost",
    chair: "The new massage chair needs assembling at home",
    complaint: "The engineer came two hours late without telling me",
  },
};

/** A transcript being written: the customer's inputs and every bot call to the chat. */
class Transcript {
  private readonly lines: string[] = [];
  private seen = 0;
  constructor(
    private readonly w: World,
    readonly chat: Chat,
  ) {
    this.seen = w.tg.calls.length;
  }

  private label(data: string): string {
    for (const m of [...this.chat.all()].reverse()) {
      const b = this.chat.buttonsNow(m).find((x) => x.data === data) ?? m.buttons.find((x) => x.data === data);
      if (b) return b.text;
    }
    return data;
  }

  private collect(): void {
    const calls: TelegramCall[] = this.w.tg.calls.slice(this.seen).filter((c) => c.ok);
    this.seen = this.w.tg.calls.length;
    const chatId = String(this.chat.chatId);
    for (const c of calls) {
      if (c.method === "answerCallbackQuery") {
        if (c.params.text) this.lines.push(`  (notice) ${c.params.text}`);
        continue;
      }
      if (String(c.params.chat_id) !== chatId) continue;
      const markup = typeof c.params.reply_markup === "string" ? JSON.parse(c.params.reply_markup) : c.params.reply_markup;
      const buttons = (markup?.inline_keyboard ?? []).map((row: { text: string }[]) => row.map((b) => `[${b.text}]`).join(" "));
      const body = String(c.params.text ?? c.params.caption ?? "").replace(/#\d+/g, "#N");
      if (c.method === "editMessageReplyMarkup") {
        this.lines.push(buttons.length ? `  (buttons now) ${buttons.join(" / ")}` : "  (buttons removed)");
        continue;
      }
      const head = c.method === "editMessageText" ? "bot (edited):" : "bot:";
      this.lines.push(`${head}\n${body.replace(/^/gm, "  | ")}${buttons.length ? "\n  " + buttons.join("\n  ") : ""}`);
    }
  }

  async say(text: string): Promise<void> {
    this.lines.push(`\n👤 ${text}`);
    await this.chat.say(text);
    this.collect();
  }

  async command(cmd: string): Promise<void> {
    this.lines.push(`\n👤 ${cmd}`);
    await this.chat.command(cmd);
    this.collect();
  }

  async tap(data: string): Promise<void> {
    this.lines.push(`\n👤 [${this.label(data)}]`);
    await this.chat.tap(data);
    this.collect();
  }

  /** Taps the button with this label on the latest message that shows it. */
  async tapLabel(label: string): Promise<void> {
    const m = [...this.chat.all()].reverse().find((x) => this.chat.buttonsNow(x).some((b) => b.text === label));
    const data = m && this.chat.buttonsNow(m).find((b) => b.text === label)!.data!;
    if (!data) throw new Error(`no button ${label}`);
    await this.tap(data);
  }

  /** Staff did something: the bot's messages since. */
  note(what: string): void {
    this.lines.push(`\n— ${what} —`);
    this.collect();
  }

  /** Answers whatever the intake asks, until it stops asking. */
  async answerForm(lang: Lang): Promise<void> {
    const ask = messages(lang).ask;
    for (let i = 0; i < 10; i++) {
      const last = this.chat.last();
      const text = last?.text ?? "";
      if (text.includes(ask.model)) await this.say(ANSWERS[lang].model);
      else if (text.includes(ask.purchase)) await this.say(ANSWERS[lang].purchase);
      else if (text.includes(ask.name)) await this.say(ANSWERS[lang].name);
      else if (text.includes(ask.phone)) await this.say(ANSWERS[lang].phone);
      else if (text.includes(ask.address)) await this.say(ANSWERS[lang].address);
      else if (text.includes(ask.area)) await this.tap("area:city");
      else if (text.includes(ask.kind)) await this.tap("kind:install");
      else if (text.includes(ask.product)) await this.tap("prod:other");
      else if (text.includes(ask.suggest)) await this.tap("sug_no:x");
      else return;
    }
  }

  text(): string {
    return this.lines.join("\n").trim() + "\n";
  }
}

describeEachDb("customer transcripts", (db) => {
  it.override({ db, clockStart: sh("2026-11-24T10:00:00"), worldOptions: { staffMembers: { [ENG]: ["engineer", "郑师傅"] } } });
  const file = (name: string, lang: Lang) => `./__transcripts__/${name}.${lang === "en" ? "en" : "zh"}.txt`;

  for (const lang of ["zh-CN", "en"] as Lang[]) {
    it(`intake (${lang}): a report the FAQ does not cover, asked only what is missing`, async ({ world }) => {
      const t = new Transcript(world, world.chat(USERS[lang]));
      await t.say(TEXTS[lang].chair);
      await t.answerForm(lang);
      expect(t.text()).toContain(messages(lang).toStaff("#N"));
      await expect(t.text()).toMatchFileSnapshot(file("intake", lang));
    });

    it(`FAQ solved (${lang}): the steps first, Solved, nothing more asked`, async ({ world }) => {
      const t = new Transcript(world, world.chat(USERS[lang]));
      await t.say(TEXTS[lang].fridge);
      await t.tapLabel(messages(lang).buttons.solved);
      expect(t.text()).toContain(messages(lang).faqSolved("#N"));
      await expect(t.text()).toMatchFileSnapshot(file("faq-solved", lang));
    });

    it(`FAQ not solved (${lang}): more steps, still need service, then only what is missing`, async ({ world }) => {
      const t = new Transcript(world, world.chat(USERS[lang]));
      await t.say(TEXTS[lang].fridge);
      const more = messages(lang).buttons.moreSteps;
      if (t.chat.all().some((m) => m.buttons.some((b) => b.text === more))) await t.tapLabel(more);
      await t.tapLabel(messages(lang).buttons.needService);
      await t.answerForm(lang);
      expect(t.text()).toContain(messages(lang).faqNeedService("#N"));
      await expect(t.text()).toMatchFileSnapshot(file("faq-not-solved", lang));
    });

    it(`FAQ suggested (${lang}): two faults in one message, the entries to pick from, the steps of the one picked`, async ({ world }) => {
      const t = new Transcript(world, world.chat(USERS[lang]));
      await t.say(TEXTS[lang].two);
      const card = t.chat.last();
      expect(card.text).toContain(messages(lang).ask.suggest);
      // the fault entries the message matches, then "None of these"; nothing else asked yet
      expect(card.buttons.map((b) => b.data)).toEqual([...card.buttons.slice(0, -1).map((_, i) => `sug:${i}`), "sug_no:x"]);
      expect(card.buttons.length).toBeGreaterThanOrEqual(3);
      const frost = card.buttons.find((b) => /霜|frost/i.test(b.text));
      expect(frost).toBeDefined();
      await t.tap(frost!.data!);
      expect(t.chat.last().text).toContain(messages(lang).faqQuestion);
      await t.tapLabel(messages(lang).buttons.solved);
      expect(t.text()).toContain(messages(lang).faqSolved("#N"));
      const created = world.tg.calls.map((c) => String((c.params as { text?: string }).text ?? "")).find((x) => /✅/.test(x))!;
      const ticket = await world.store.tickets.byRef(Number(/#(\d+)/.exec(created)![1]));
      // the entry picked, in the customer's language, recorded as picked; resolved by self-service
      expect(ticket).toMatchObject({
        selfHelpEntryId: `fridge-frost-buildup-${lang === "en" ? "en" : "zh"}`,
        status: "resolved",
        selfHelpResult: "solved",
      });
      const offered = (await world.store.tickets.events(ticket!.id)).find((e) => e.type === "faq_offered");
      expect(offered?.data).toMatchObject({ entry: ticket!.selfHelpEntryId, picked: true });
      await expect(t.text()).toMatchFileSnapshot(file("faq-suggested", lang));
    });

    it(`complaint (${lang}): by command, acknowledged at once`, async ({ world }) => {
      const t = new Transcript(world, world.chat(USERS[lang]));
      await t.command("/complaint");
      if (t.chat.last().buttons.some((b) => b.data === "cmpt:none")) await t.tap("cmpt:none");
      await t.tap("cmpk:service");
      await t.say(TEXTS[lang].complaint);
      expect(t.text()).toContain(messages(lang).complaint.ack("#N", 24).split("\n")[0]);
      await expect(t.text()).toMatchFileSnapshot(file("complaint", lang));
    });

    it(`survey (${lang}): claimed, resolved in Slack, then the callback survey`, async ({ world }) => {
      const { chat, ticket } = await world.queuedTicket(USERS[lang], {
        text: TEXTS[lang].chair,
        kind: "install",
        profile: { name: ANSWERS[lang].name, phone: "13300133000", address: ANSWERS[lang].address, area: "city" },
      });
      const t = new Transcript(world, chat);
      await world.staff.click(ENG, "t_claim", ticket);
      await world.settle();
      t.note("claimed in Slack");
      await world.staff.click(ENG, "t_resolve", ticket);
      await world.settle();
      await world.staff.submit(ENG, "m_resolve", { work: "组装按摩椅", hours: "1", parts: "", fee: "0", feeType: { option: "C" } });
      await world.settle();
      t.note("resolved in Slack");
      const levels = messages(lang).survey.levels;
      for (let i = 0; i < 4; i++) await t.tapLabel(levels[4]!);
      await t.tapLabel(messages(lang).survey.satisfiedYes);
      const noComment = messages(lang).survey.noComment;
      if (t.chat.all().some((m) => t.chat.buttonsNow(m).some((b) => b.text === noComment))) await t.tapLabel(noComment);
      expect(t.text()).toContain(messages(lang).survey.thanks);
      await expect(t.text()).toMatchFileSnapshot(file("survey", lang));
    });
  }
});
