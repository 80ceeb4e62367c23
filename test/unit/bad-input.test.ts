/**
 * The pure parts of bad-input handling: cleaning text for storage, the shape checks of
 * Telegram updates and Slack requests, and the one CSV formula guard.
 */
import { describe, expect, it } from "vitest";
import { slackProblem } from "../../bots/slack/shape.ts";
import { updateProblem } from "../../bots/telegram/shape.ts";
import { guardFormula, unguardFormula } from "../../core/csv-guard.ts";
import { cleanPayload, cleanText } from "../../core/inbox/index.ts";
import { csvCell } from "../../core/records/index.ts";
import { csvField, settlementCsv, summaryCsvLines } from "../../core/reports/index.ts";

describe("cleanText / cleanPayload", () => {
  it("removes NUL and replaces unpaired surrogates; leaves emoji and CJK alone", () => {
    expect(cleanText("a\u0000b")).toBe("ab");
    expect(cleanText("x\ud800y")).toBe("x\uFFFDy");
    expect(cleanText("x\udc00")).toBe("x\uFFFD");
    expect(cleanText("\udc00\ud800")).toBe("\uFFFD\uFFFD");
    expect(cleanText("冰箱😀坏了")).toBe("冰箱😀坏了");
  });
  it("cleans keys and nested values, and says whether it changed anything", () => {
    const input = { a: ["ok", { "k\u0000": "v\ud83d" }], n: 1, t: true, z: null };
    const { value, changed } = cleanPayload(input);
    expect(changed).toBe(true);
    expect(value).toEqual({ a: ["ok", { k: "v\uFFFD" }], n: 1, t: true, z: null });
    expect(input.a[1]).toEqual({ "k\u0000": "v\ud83d" });
    const clean = { a: "冰箱" };
    expect(cleanPayload(clean)).toEqual({ value: clean, changed: false });
  });
});

describe("shape checks", () => {
  const msg = { message_id: 1, chat: { id: 2, type: "private" }, from: { id: 2, first_name: "A" }, text: "hi" };
  it("passes well-formed Telegram updates, unknown fields included", () => {
    expect(updateProblem({ update_id: 1, message: { ...msg, quote: { x: 1 } } })).toBeNull();
    expect(updateProblem({ update_id: 1, callback_query: { id: "q", from: { id: 2 }, data: "a:b" } })).toBeNull();
    expect(updateProblem({ update_id: 1, poll: { id: "p" } })).toBeNull();
  });
  it("names what is wrong in a malformed one", () => {
    expect(updateProblem({ update_id: 1, message: { ...msg, text: 5 } })).toMatch(/^message\.text/);
    expect(updateProblem({ update_id: 1, message: { ...msg, from: { id: 2, language_code: 1 } } })).toMatch(/from\.language_code/);
    expect(updateProblem({ update_id: 1, message: { ...msg, entities: [{ type: "bot_command", offset: -1, length: 2 }] } })).toMatch(
      /entities/,
    );
    expect(updateProblem({ update_id: 1, callback_query: { id: "q", data: "x" } })).toMatch(/callback_query\.from/);
  });
  it("checks Slack requests by type", () => {
    expect(slackProblem("event_callback", { event: { type: "message", text: "hi", channel: "C1" } })).toBeNull();
    expect(slackProblem("event_callback", { event: { type: "message", text: 5 } })).toMatch(/event\.text/);
    expect(slackProblem("block_actions", { user: { id: "U1" }, actions: [] })).toMatch(/actions/);
    expect(slackProblem("command", { command: "/desk", user_id: ["U1"] })).toMatch(/user_id/);
    expect(slackProblem("app_home_opened", { anything: 1 })).toBeNull();
  });
});

const EMPTY_ROW = {
  kind: null,
  product: null,
  status: null,
  feeType: null,
  resolution: null,
  resolved: null,
  firstResponseWh: null,
  resolutionWh: null,
  slaMet: null,
  attitude: null,
  skill: null,
  arrival: null,
  promise: null,
  satisfied: null,
  outcome: null,
  repeat: null,
} as any;

describe("the one CSV formula guard", () => {
  it("guards what a spreadsheet would run, everywhere the desk writes CSV", () => {
    for (const v of ["=1+1", '=HYPERLINK("http://x")', "+86 138", "-2+3", "@SUM(A1)", "\tx", "\rx"]) {
      expect(guardFormula(v)).toBe(`'${v}`);
      expect(unguardFormula(guardFormula(v))).toBe(v);
      expect(csvCell(v).replace(/^"/, "")[0]).toBe("'");
      expect(csvField(v).replace(/^"/, "")[0]).toBe("'");
    }
    expect(guardFormula("-12.50")).toBe("-12.50");
    expect(unguardFormula("'tis")).toBe("'tis");
  });
  it("guards a staff name in the summary and settlement exports", () => {
    const evil = '=HYPERLINK("http://evil","x")';
    const line = summaryCsvLines([{ ...EMPTY_ROW, ref: 1001, created: "2026-11-02", assignee: evil }], "en");
    expect(line).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(line).not.toMatch(/(^|,)=/);
    const l = {
      staffId: 1,
      name: evil,
      slackUserId: "U1",
      jobs: 1,
      settledJobs: 1,
      contractJobs: 0,
      unsettled: {},
      warranty: { jobs: 0, feeFen: 0, storeFen: 0, engineerFen: 0, leadFen: 0 },
      paid: { jobs: 0, feeFen: 0, engineerFen: 0, departmentFen: 0 },
    };
    const csv = settlementCsv({ engineers: [l], totals: { ...l, staffId: null } } as any, "en");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).not.toMatch(/(^|,|\n)=/);
  });
});
