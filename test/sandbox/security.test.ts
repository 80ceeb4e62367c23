/**
 * The sandbox's safety rules, without a browser: off (404) whenever a platform token is set
 * unless DESK_SANDBOX=1, or with DESK_SANDBOX=0; when on with no tokens, the desk listens on
 * loopback only; when on beside a platform (listening wider for webhooks), requests from
 * other machines, through a proxy or under another host name get 404; writes refuse other
 * origins and non-JSON bodies; page text is escaped.
 */
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { afterEach, beforeEach, expect, it } from "vitest";
import { toHtml } from "../../bots/sandbox/serialize.ts";
import type { Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";
import { startSandboxDesk, type SandboxDesk } from "./support.ts";

/** A token the desk accepts, for a Telegram API that is not there (nothing answers on port 9). */
const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123456789:TEST-fake-token-abcdefghijkl", TELEGRAM_API_ROOT: "http://127.0.0.1:9" };
const SLACK = {
  SLACK_BOT_TOKEN: "xoxb-test-token",
  SLACK_SIGNING_SECRET: "secret",
  SLACK_API_URL: "http://127.0.0.1:9/api/",
  SLACK_TRIAGE_CHANNEL: "C0TRIAGE",
};

/** An IPv4 address of this machine that is not loopback, if it has one. */
function outsideAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return undefined;
}

/** A GET with a Host header of our choosing (fetch sets its own). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

async function status(url: string, init?: RequestInit): Promise<number> {
  try {
    return (await fetch(url, { ...init, signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0; // refused: nothing listens there
  }
}

describeEachDb("sandbox safety", (db) => {
  let store: Store;
  let sb: SandboxDesk | undefined;

  beforeEach(async () => {
    store = await db.open();
  });
  afterEach(async () => {
    await sb?.stop();
    sb = undefined;
    await db.dispose(store);
  });

  for (const [name, env] of [
    ["a Telegram token", TELEGRAM],
    ["Slack tokens", SLACK],
    ["DESK_SANDBOX=0", { DESK_SANDBOX: "0" }],
  ] as const) {
    it(`is off with ${name}: /sandbox answers 404`, async () => {
      sb = await startSandboxDesk(store, env);
      expect(sb.desk.sandbox).toBeUndefined();
      for (const path of ["/sandbox", "/sandbox/app.js", "/sandbox/api/bootstrap", "/sandbox/events"])
        expect(await status(`${sb.base}${path}`)).toBe(404);
      expect(
        await status(`${sb.base}/sandbox/api/customers`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      ).toBe(404);
      expect(await status(`${sb.base}/healthz`)).toBe(200);
    });
  }

  it("is on with no tokens, and then the desk listens on loopback only", async () => {
    sb = await startSandboxDesk(store);
    expect(sb.desk.sandbox).toBeDefined();
    expect(sb.desk.http.address).toBe("127.0.0.1");
    expect(await status(`${sb.base}/sandbox`)).toBe(200);
    const outside = outsideAddress();
    if (outside) expect(await status(`http://${outside}:${sb.port}/sandbox`)).toBe(0);
    // a name that points elsewhere at 127.0.0.1 (DNS rebinding) is not this machine's
    expect(await getWithHost(`${sb.base}/sandbox`, "desk.example.com")).toBe(404);
    expect(await getWithHost(`${sb.base}/sandbox`, `localhost:${sb.port}`)).toBe(200);
  });

  it("with DESK_SANDBOX=1 beside a platform, refuses other machines, proxies and other origins", async () => {
    sb = await startSandboxDesk(store, { ...TELEGRAM, DESK_SANDBOX: "1" });
    const sandbox = sb.desk.sandbox!;
    expect(sandbox).toBeDefined();
    // webhooks must reach the desk: it listens wider, and the sandbox checks each request
    expect(sb.desk.http.address).not.toBe("127.0.0.1");
    expect(await status(`${sb.base}/sandbox`)).toBe(200);
    const outside = outsideAddress();
    if (outside) expect(await status(`http://${outside}:${sb.port}/sandbox`)).toBe(404);
    expect(await status(`${sb.base}/sandbox`, { headers: { "x-forwarded-for": "203.0.113.9" } })).toBe(404);
    expect(await status(`${sb.base}/sandbox`, { headers: { forwarded: "for=203.0.113.9" } })).toBe(404);
    const post = (headers: Record<string, string>, body = JSON.stringify({ name: "x", lang: "en" })) =>
      status(`${sb!.base}/sandbox/api/customers`, { method: "POST", headers, body });
    expect(await post({ "content-type": "application/json", origin: "http://evil.example" })).toBe(403);
    expect(await post({ "content-type": "text/plain" })).toBe(415);
    expect(await post({ "content-type": "application/json", origin: `http://127.0.0.1:${sb.port}` })).toBe(200);
    // the staff side stays in Slack's hands when Slack is connected; here it is the sandbox's
    expect(sandbox.staffTransport).toBeDefined();
  });

  it("keeps the page's input out of the HTML it serves: customer text is data", () => {
    const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`;
    const html = toHtml(
      {
        title: evil,
        body: `${evil} **bold** [link](javascript:alert(3))`,
        format: "markdown",
        fields: [{ label: evil, value: evil }],
        footer: evil,
        buttons: [
          [
            { label: evil, action: "faq_no", value: `1" onclick="alert(4)` },
            { label: "x", action: "go", url: "javascript:alert(5)" },
          ],
        ],
        images: [{ ref: "javascript:alert(6)", platform: "url" }],
      },
      { side: "staff" },
    );
    // only the serializer's own tags, none with an event handler, no script URL anywhere in markup
    const tags = [...html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)];
    const allowed = new Set([
      "div",
      "strong",
      "dl",
      "dt",
      "dd",
      "small",
      "button",
      "b",
      "br",
      "code",
      "span",
      "a",
      "select",
      "option",
      "figure",
      "img",
      "figcaption",
    ]);
    expect(tags.map((t) => t[1]!.toLowerCase()).filter((t) => !allowed.has(t))).toEqual([]);
    const names = (attrs: string) => attrs.replace(/"[^"]*"/g, '""'); // quoted values are data
    expect(tags.filter((t) => /\son\w+\s*=/i.test(names(t[2]!)) || /=\s*"\s*javascript:/i.test(t[2]!))).toEqual([]);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("<b>bold</b>");
  });
});
