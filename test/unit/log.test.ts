import { afterEach, describe, expect, it, vi } from "vitest";
import { DeskError } from "../../core/errors.ts";
import { createLogger, redactText, REDACTED, type LogLevel } from "../../core/log.ts";
import { CalendarError } from "../../core/sla/calendar.ts";

/** A logger whose records are collected, parsed. */
function capture(level: LogLevel = "debug", fields: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const log = createLogger(level, fields, (l) => lines.push(l));
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
  return { log, lines, records };
}

// made-up credentials in the real formats
const TG_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
const SLACK_BOT = "xoxb-2112345678901-2123456789012-AbCdEfGhIjKlMnOpQrStUvWx";
const SLACK_APP = "xapp-1-A0123456789-2123456789012-0123456789abcdef0123456789abcdef";
const SLACK_USER = "xoxp-2112345678901-2112345678902-2123456789013-0123456789abcdef";
const OPENAI_KEY = "sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz";

describe("log records", () => {
  it("are one JSON line each, with level, time, message and the fields", () => {
    const { log, lines, records } = capture();
    log.info("outbox.sent", { id: "12", chat: "42", n: 3n });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const [r] = records();
    expect(r).toMatchObject({ level: "info", msg: "outbox.sent", id: "12", chat: "42", n: "3" });
    expect(new Date(r!.t).toISOString()).toBe(r!.t);
    expect(r).not.toHaveProperty("pid");
  });

  it("go to stderr by default, never to stdout", () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      createLogger("info").warn("kb.malformed", { path: "kb/x.md" });
      expect(out).not.toHaveBeenCalled();
      expect(err).toHaveBeenCalledTimes(1);
      const line = String(err.mock.calls[0]![0]);
      expect(line.endsWith("\n")).toBe(true);
      expect(JSON.parse(line)).toMatchObject({ level: "warn", msg: "kb.malformed", path: "kb/x.md" });
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  });

  it("keep the record's own keys when a field has the same name", () => {
    const { log, records } = capture();
    log.info("inbox.done", { level: "x", msg: "y", t: "z" });
    expect(records()[0]).toMatchObject({ level: "info", msg: "inbox.done", "data.level": "x", "data.msg": "y", "data.t": "z" });
  });

  it("survive circular data", () => {
    const { log, records } = capture();
    const a: Record<string, unknown> = { id: 1 };
    a.self = a;
    log.info("x", { a });
    expect(records()[0]!.a).toEqual({ id: 1, self: "[circular]" });
  });
});

describe("levels", () => {
  it("drop records below the logger's level and write the rest with their names", () => {
    for (const [level, expected] of [
      ["debug", ["debug", "info", "warn", "error"]],
      ["info", ["info", "warn", "error"]],
      ["warn", ["warn", "error"]],
      ["error", ["error"]],
    ] as const) {
      const { log, records } = capture(level);
      log.debug("d");
      log.info("i");
      log.warn("w");
      log.error("e");
      expect(records().map((r) => r.level)).toEqual(expected);
      expect(records().map((r) => r.msg)).toEqual(expected.map((l) => l[0]));
    }
  });

  it("carry over to children", () => {
    const { log, records } = capture("warn");
    const child = log.child({ job: "survey" });
    child.info("hidden");
    child.warn("shown");
    expect(records().map((r) => r.msg)).toEqual(["shown"]);
  });
});

describe("child loggers", () => {
  it("add their fields to every record, nested children adding more, without changing the parent", () => {
    const { log, records } = capture("debug", { app: "desk" });
    const jobs = log.child({ part: "jobs" });
    const one = jobs.child({ job: "ticket:1:first-line" });
    one.info("jobs.done", { ms: 5 });
    jobs.info("jobs.idle");
    log.info("desk.up");
    const [a, b, c] = records();
    expect(a).toMatchObject({ app: "desk", part: "jobs", job: "ticket:1:first-line", ms: 5, msg: "jobs.done" });
    expect(b).toMatchObject({ app: "desk", part: "jobs", msg: "jobs.idle" });
    expect(b).not.toHaveProperty("job");
    expect(c).toMatchObject({ app: "desk", msg: "desk.up" });
    expect(c).not.toHaveProperty("part");
  });

  it("have their fields masked too", () => {
    const { log, lines } = capture();
    log.child({ token: TG_TOKEN, customerPhone: "13800138000" }).info("x");
    expect(lines[0]).not.toContain(TG_TOKEN);
    expect(lines[0]).not.toContain("13800138000");
    expect(JSON.parse(lines[0]!)).toMatchObject({ token: REDACTED, customerPhone: REDACTED });
  });
});

describe("errors", () => {
  it("are written with name, message, code, stack and the whole cause chain", () => {
    const { log, records } = capture();
    const socket = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    const db = new DeskError("DB_UNREACHABLE", "the database does not answer", { cause: socket });
    const top = new CalendarError("CAL_BAD_DATE", "holiday list unreadable", { cause: db });
    log.error("jobs.failed", { key: "digest:2026-05-01", err: top });
    const { err } = records()[0]!;
    expect(err).toMatchObject({ type: "CalendarError", code: "CAL_BAD_DATE", message: "holiday list unreadable" });
    expect(err.stack).toMatch(/^CalendarError: holiday list unreadable\n\s+at /);
    expect(err.stack).toContain("log.test.ts");
    expect(err.cause).toMatchObject({ type: "DeskError", code: "DB_UNREACHABLE", message: "the database does not answer" });
    expect(err.cause.stack).toMatch(/^DeskError: the database does not answer\n\s+at /);
    expect(err.cause.cause).toMatchObject({ type: "Error", message: "connect ECONNREFUSED 127.0.0.1:5432" });
    expect(err.cause.cause.stack).toContain("at ");
    expect(err.cause.cause).not.toHaveProperty("cause");
  });

  it("keep a cause that is not an Error, the error's own fields, and an error in any field", () => {
    const { log, records } = capture();
    const e = Object.assign(new Error("429 Too Many Requests", { cause: { status: 429, retryAfter: 5 } }), { retryAfterMs: 5000 });
    log.warn("outbox.retry", { error: e, other: [new TypeError("bad")] });
    const r = records()[0]!;
    expect(r.error).toMatchObject({ type: "Error", retryAfterMs: 5000, cause: { status: 429, retryAfter: 5 } });
    expect(r.other[0]).toMatchObject({ type: "TypeError", message: "bad" });
    expect(r.other[0].stack).toContain("TypeError: bad");
  });

  it("stop at a cause chain that loops", () => {
    const { log, records } = capture();
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    log.error("x", { err: a });
    expect(records()[0]!.err).toMatchObject({ message: "a", cause: { message: "b", cause: "[circular]" } });
  });

  it("have secrets masked in their message and stack", () => {
    const { log, lines } = capture();
    log.error("telegram.poll_failed", { err: new Error(`GET https://api.telegram.org/bot${TG_TOKEN}/getUpdates failed`) });
    expect(lines[0]).not.toContain(TG_TOKEN);
    expect(JSON.parse(lines[0]!).err.stack).toContain("/bot[redacted:telegram-token]/getUpdates");
  });
});

describe("redaction", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ["a Telegram bot token", `token refused: ${TG_TOKEN}`, TG_TOKEN],
    ["a Telegram bot token in the API URL", `https://api.telegram.org/bot${TG_TOKEN}/sendMessage`, TG_TOKEN],
    ["a Slack bot token", `auth.test with ${SLACK_BOT}`, SLACK_BOT],
    ["a Slack app token", `apps.connections.open with ${SLACK_APP}`, SLACK_APP],
    ["a Slack user token", `user token ${SLACK_USER}`, SLACK_USER],
    ["an sk- API key", `provider refused ${OPENAI_KEY}`, OPENAI_KEY],
    ["a Bearer header", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "eyJhbGciOiJIUzI1NiJ9"],
    ["a mainland mobile number", "客户说回电 13800138000 谢谢", "13800138000"],
    ["a mobile number with spaces", "call 138 0013 8000 after six", "0013 8000"],
    ["a mobile number with +86", "call +86 138-0013-8000", "0013-8000"],
    ["an international number", "call +44 20 7946 0958", "7946 0958"],
    ["a landline with area code", "座机 010-62345678", "62345678"],
  ])("masks %s in messages and string fields", (_kind, text, secret) => {
    expect(redactText(text)).not.toContain(secret);
    const { log, lines } = capture();
    log.warn(text, { note: text, nested: { deeper: [text] } });
    expect(lines[0]).not.toContain(secret);
  });

  it("says what kind of value was masked and keeps the rest of the text", () => {
    expect(redactText(`set ${SLACK_BOT} and ${TG_TOKEN}, call 13800138000`)).toBe(
      "set [redacted:slack-token] and [redacted:telegram-token], call [redacted:phone]",
    );
    expect(redactText("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
  });

  it("masks fields named like a secret or personal data, at any depth and in any case", () => {
    const { log, records } = capture();
    log.info("config.loaded", {
      token: "t0",
      botToken: "t1",
      signingSecret: "s1",
      password: "p1",
      authorization: "Basic dXNlcjpwYXNz",
      headers: { Authorization: "x", "x-api-key": "k1" },
      apiKey: "k2",
      api_key: "k3",
      customer: { name: "王小明", phone: "021 6234 5678", address: "北京市朝阳区建国路88号", phoneNumber: "5550100" },
      contacts: [{ address: "上海市徐汇区" }],
    });
    const r = records()[0]!;
    for (const k of ["token", "botToken", "signingSecret", "password", "authorization", "apiKey", "api_key"]) expect(r[k]).toBe(REDACTED);
    expect(r.headers).toEqual({ Authorization: REDACTED, "x-api-key": REDACTED });
    expect(r.customer).toEqual({ name: "王小明", phone: REDACTED, address: REDACTED, phoneNumber: REDACTED });
    expect(r.contacts).toEqual([{ address: REDACTED }]);
  });

  it("leaves ids, counts, dates and Slack timestamps alone", () => {
    const { log, records } = capture();
    const data = {
      chat: "-1001234567890",
      user: "7012345678",
      ts: "1712345678.123456",
      at: "2026-05-01T02:00:00.000Z",
      key: "ticket:12:staff-summary",
      ref: "SH-20260501-0007",
      maxTokens: 800,
      promptTokens: 120,
    };
    log.info("x", data);
    expect(records()[0]).toMatchObject(data);
    expect(redactText("ticket 20260501-0007 due 2026-05-01 18:00, took 1713.5 ms")).toBe(
      "ticket 20260501-0007 due 2026-05-01 18:00, took 1713.5 ms",
    );
  });
});
