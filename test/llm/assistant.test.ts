/**
 * The assistant's own rules, with a scripted model client: output validation and grounding,
 * the per-call deadline, the circuit breaker, the per-customer budget, and logging.
 */
import { describe, expect, it, vi } from "vitest";
import { createAssistant, ungroundedContent, type AssistantOptions } from "../../core/assistant/assistant.ts";
import { LlmError, type ChatJsonRequest, type LlmClient } from "../../core/assistant/llm.ts";
import { loadPrompts } from "../../core/assistant/prompts.ts";
import type { AssistantTicketView } from "../../core/assistant/port.ts";
import { ManualClock } from "../../core/clock.ts";
import { createLogger } from "../../core/log.ts";
import { ENTRIES } from "./fixtures.ts";

const prompts = loadPrompts();
const TICKET: AssistantTicketView = { ref: 7, kind: "repair", category: "fridge", model: null, description: "冰箱不制冷了", lang: "zh-CN" };
const GOOD_U = {
  intent: "fault_report",
  category: "fridge",
  model: "BCD-470WDPG",
  symptom: "不制冷",
  urgency: "normal",
  language: "zh",
  complaint: null,
};

type Script = (req: ChatJsonRequest) => unknown | Promise<unknown>;

function setup(script: Script, o: Partial<AssistantOptions> = {}) {
  const logs: Record<string, any>[] = [];
  const log = createLogger("debug", {}, (l) => logs.push(JSON.parse(l)));
  const calls: ChatJsonRequest[] = [];
  const client: LlmClient = {
    chatJson: vi.fn(async (req: ChatJsonRequest) => {
      calls.push(req);
      const r = await script(req);
      return typeof r === "string" ? r : JSON.stringify(r);
    }),
  };
  const clock = new ManualClock(new Date("2026-05-01T02:00:00Z"));
  const assistant = createAssistant({
    client,
    prompts,
    log,
    clock,
    perCustomerPerMin: 100,
    breaker: { failures: 3, coolDownMs: 60_000 },
    timeoutMs: 500,
    ...o,
  });
  const failures = () => logs.filter((l) => l.msg === "llm.failed" || l.msg === "llm.skipped").map((l) => l.code);
  return { assistant, calls, logs, clock, failures };
}

const understand = (a: ReturnType<typeof setup>["assistant"], key = "customer:1", text = "冰箱坏了") =>
  a.understand({ customerKey: key, text, lang: "zh-CN" });
const answer = (a: ReturnType<typeof setup>["assistant"], entries = ENTRIES) =>
  a.answer({ customerKey: "customer:1", question: "冰箱不制冷了", lang: "zh-CN", ticket: TICKET, entries });

describe("understanding", () => {
  it("returns the validated understanding, and sends the understand prompt with its schema", async () => {
    const t = setup(() => GOOD_U);
    expect(await understand(t.assistant)).toEqual(GOOD_U);
    expect(t.calls[0]).toMatchObject({ schemaName: "desk_understand", timeoutMs: 500 });
    expect(t.calls[0]!.user).toContain('<customer_message>\n"冰箱坏了"\n</customer_message>');
  });

  it("rejects a category outside the desk's categories, and other schema violations", async () => {
    const bad = [
      { ...GOOD_U, category: "dishwasher" },
      { ...GOOD_U, intent: "buy" },
      { ...GOOD_U, urgency: undefined },
      { ...GOOD_U, model: "X".repeat(61) },
      [GOOD_U],
    ];
    let i = 0;
    const t = setup(() => bad[i++], { breaker: { failures: 100, coolDownMs: 1 } });
    for (const _ of bad) expect(await understand(t.assistant)).toBeNull();
    expect(t.failures()).toEqual(bad.map(() => "LLM_BAD_OUTPUT"));
  });

  it("accepts fenced JSON (some local servers), rejects text that is not JSON", async () => {
    let n = 0;
    const t = setup(() => (n++ === 0 ? "```json\n" + JSON.stringify(GOOD_U) + "\n```" : "Sure! Here is the JSON: {intent: fault"));
    expect(await understand(t.assistant)).toEqual(GOOD_U);
    expect(await understand(t.assistant)).toBeNull();
    expect(t.logs.find((l) => l.msg === "llm.failed")).toMatchObject({
      code: "LLM_BAD_OUTPUT",
      task: "understand",
      reason: "the output is not JSON",
    });
  });

  it("keeps a complaint suggestion only for complaints", async () => {
    const complaint = { kind: "service", severity: "major" };
    let n = 0;
    const t = setup(() => ({ ...GOOD_U, intent: n++ === 0 ? "complaint" : "fault_report", complaint }));
    expect((await understand(t.assistant))?.complaint).toEqual(complaint);
    expect((await understand(t.assistant))?.complaint).toBeNull();
  });
});

describe("grounded answer", () => {
  it("returns the text and the entry it names", async () => {
    const t = setup(() => ({ entryId: "fridge-not-cooling-zh", text: "1. 先确认冰箱通电。\n2. 冷藏室调到 2–8 ℃。" }));
    expect(await answer(t.assistant)).toEqual({ entryId: "fridge-not-cooling-zh", text: "1. 先确认冰箱通电。\n2. 冷藏室调到 2–8 ℃。" });
    expect(t.calls[0]!.schema).toMatchObject({ properties: { entryId: { enum: ["fridge-not-cooling-zh", "fridge-noisy-zh", null] } } });
  });

  it("passes 'not covered' on as entryId null with no text", async () => {
    const t = setup(() => ({ entryId: null, text: "抱歉，这个问题我无法回答" }));
    expect(await answer(t.assistant)).toEqual({ entryId: null, text: "" });
  });

  it("rejects an entry that was not given, an empty text, and invented prices, links or phone numbers", async () => {
    const outputs = [
      { entryId: "warranty-policy-zh", text: "保修期内免费" },
      { entryId: "fridge-not-cooling-zh", text: "   " },
      { entryId: "fridge-not-cooling-zh", text: "上门检测费 50 元，请先支付。" },
      { entryId: "fridge-not-cooling-zh", text: "详情见 https://evil.example.com/pay" },
      { entryId: "fridge-not-cooling-zh", text: "请拨打 13912345678 联系师傅。" },
    ];
    let i = 0;
    const t = setup(() => outputs[i++], { breaker: { failures: 100, coolDownMs: 1 } });
    for (const _ of outputs) expect(await answer(t.assistant)).toBeNull();
    const reasons = t.logs.filter((l) => l.msg === "llm.failed").map((l) => l.reason);
    expect(reasons).toEqual([
      "entryId is not one of the given entries",
      "empty text for a named entry",
      "the text contains an amount of money the entry does not state",
      "the text contains a link the entry does not contain",
      "the text contains a phone number the entry does not contain",
    ]);
  });

  it("allows amounts the entry itself states", () => {
    const entry = { ...ENTRIES[0]!, body: "更换滤芯的费用为 ¥199（以发票为准）。" };
    expect(ungroundedContent("滤芯费用 199 元。", entry)).toBeNull();
    expect(ungroundedContent("滤芯费用 299 元。", entry)).toMatch(/money/);
  });

  it("makes no call without entries", async () => {
    const t = setup(() => ({ entryId: null, text: "" }));
    expect(await answer(t.assistant, [])).toBeNull();
    expect(t.calls).toHaveLength(0);
  });
});

describe("staff summary", () => {
  it("lays the fields out in the staff language", async () => {
    const out = { symptoms: "冰箱冷藏室不制冷", tried: "拔插头重启过，无效", mood: "worried", notes: "" };
    const zh = setup(() => out);
    expect(await zh.assistant.summarize({ ticket: TICKET, messages: [{ author: "customer", text: "冰箱不冷" }] })).toBe(
      "症状：冰箱冷藏室不制冷\n已尝试：拔插头重启过，无效\n客户情绪：担心",
    );
    const en = setup(() => ({ ...out, symptoms: "Fridge not cooling", tried: "", notes: "Very urgent" }), { staffLang: "en" });
    expect(await en.assistant.summarize({ ticket: TICKET, messages: [] })).toBe(
      "Symptoms: Fridge not cooling\nMood: worried\nNotes: Very urgent",
    );
    expect(en.calls[0]!.system).toContain("English");
  });

  it("rejects an empty summary", async () => {
    const t = setup(() => ({ symptoms: "", tried: "", mood: "calm", notes: "" }));
    expect(await t.assistant.summarize({ ticket: TICKET, messages: [] })).toBeNull();
  });
});

describe("budgets", () => {
  it("gives up at the deadline, aborts the call, and logs LLM_TIMEOUT", async () => {
    let signal: AbortSignal | undefined;
    const t = setup(
      (req) => {
        signal = req.signal;
        return new Promise(() => {}); // never answers
      },
      { timeoutMs: 300 },
    );
    // on fake timers: the answer comes at the deadline exactly, however busy the machine
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let result: unknown = "pending";
      void understand(t.assistant).then((r) => (result = r));
      await vi.advanceTimersByTimeAsync(299);
      expect(result).toBe("pending"); // not before the deadline…
      expect(signal?.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(result).toBeNull(); // …and not after it
    } finally {
      vi.useRealTimers();
    }
    expect(signal?.aborted).toBe(true);
    expect(t.failures()).toEqual(["LLM_TIMEOUT"]);
  });

  it("opens the breaker after N consecutive failures, probes once after the cool-down, and closes on success", async () => {
    let healthy = false;
    const t = setup(() => {
      if (!healthy) throw new LlmError("LLM_SERVER", "500", { status: 500 });
      return GOOD_U;
    });
    for (let i = 0; i < 3; i++) expect(await understand(t.assistant, `customer:${i}`)).toBeNull();
    expect(t.assistant.breakerState).toBe("open");
    expect(t.logs.some((l) => l.msg === "llm.breaker_open")).toBe(true);
    // open: no calls at all
    for (let i = 0; i < 5; i++) expect(await understand(t.assistant, `customer:x${i}`)).toBeNull();
    expect(t.calls).toHaveLength(3);
    expect(t.failures().slice(3)).toEqual(Array(5).fill("LLM_BREAKER_OPEN"));

    // after the cool-down, one probe; it fails → open again
    t.clock.advance(60_000);
    expect(t.assistant.breakerState).toBe("half_open");
    expect(await understand(t.assistant)).toBeNull();
    expect(t.calls).toHaveLength(4);
    expect(t.assistant.breakerState).toBe("open");
    expect(await understand(t.assistant)).toBeNull();
    expect(t.calls).toHaveLength(4);

    // next probe succeeds → closed, calls flow again
    t.clock.advance(60_000);
    healthy = true;
    expect(await understand(t.assistant)).toEqual(GOOD_U);
    expect(t.assistant.breakerState).toBe("closed");
    expect(await understand(t.assistant)).toEqual(GOOD_U);
    expect(t.calls).toHaveLength(6);
    expect(t.logs.some((l) => l.msg === "llm.breaker_closed")).toBe(true);
  });

  it("lets exactly one probe through while half-open", async () => {
    let fail = true;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const t = setup(async () => {
      if (fail) throw new LlmError("LLM_SERVER", "500");
      await gate;
      return GOOD_U;
    });
    for (let i = 0; i < 3; i++) await understand(t.assistant);
    t.clock.advance(60_000);
    fail = false;
    const probe = understand(t.assistant);
    const others = await Promise.all([understand(t.assistant), understand(t.assistant)]);
    expect(others).toEqual([null, null]);
    release();
    expect(await probe).toEqual(GOOD_U);
    expect(t.calls).toHaveLength(4);
  });

  it("counts bad output as a failure too", async () => {
    const t = setup(() => "not json");
    for (let i = 0; i < 4; i++) await understand(t.assistant);
    expect(t.calls).toHaveLength(3);
  });

  it("limits calls per customer per minute; others are not affected; the window slides", async () => {
    const t = setup(() => GOOD_U, { perCustomerPerMin: 2 });
    expect(await understand(t.assistant, "customer:1")).not.toBeNull();
    expect(await understand(t.assistant, "customer:1")).not.toBeNull();
    expect(await understand(t.assistant, "customer:1")).toBeNull();
    expect(await answer(t.assistant)).toBeNull(); // the same customer's budget covers every task
    expect(t.calls).toHaveLength(2);
    expect(t.failures().at(-1)).toBe("LLM_BUDGET");
    expect(await understand(t.assistant, "customer:2")).not.toBeNull();
    // staff summaries are not charged to the customer
    expect(await t.assistant.summarize({ ticket: TICKET, messages: [] })).toBeNull();
    expect(t.calls).toHaveLength(4);
    t.clock.advance(60_000);
    expect(await understand(t.assistant, "customer:1")).not.toBeNull();
  });

  it("never logs the customer's text or the model's output", async () => {
    const secret = "我的电话是13800001111，地址幸福路8号";
    const t = setup(() => `${secret} not json`);
    await understand(t.assistant, "customer:1", secret);
    expect(t.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(t.logs)).not.toContain("13800001111");
    expect(JSON.stringify(t.logs)).not.toContain("幸福路");
  });
});
