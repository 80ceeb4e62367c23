/**
 * The LLM assistant: the {@link Assistant} port over any {@link LlmClient}. SDK-free.
 *
 * Every call renders a prompt from `prompts/`, asks the model for JSON, and validates the
 * output (zod, then the task's own rules). Any failure — provider error, timeout, invalid
 * or ungrounded output, an open circuit breaker, a spent per-customer budget — is logged
 * with a code and returns null, and the core falls back to the retrieval-only path or the
 * normal intake. No error text ever reaches a customer.
 */
import { z } from "zod";
import { systemClock, type Clock } from "../clock.ts";
import type { KbEntry } from "../kb/index.ts";
import type { Logger } from "../log.ts";
import { LlmError, type LlmClient, type LlmErrorCode } from "./llm.ts";
import type { Prompts, RenderedPrompt } from "./prompts.ts";
import type { Assistant, AssistantTicketView, GroundedAnswer, Intent, Understanding } from "./port.ts";

export interface AssistantOptions {
  client: LlmClient;
  prompts: Prompts;
  log: Logger;
  /** for the rate limit and the breaker's cool-down (default: system time) */
  clock?: Clock;
  /** model calls per customer per minute; over it → null without a call */
  perCustomerPerMin: number;
  /** open after `failures` consecutive failed calls; probe again after `coolDownMs` */
  breaker: { failures: number; coolDownMs: number };
  /** the whole budget of one call, the SDK's retry included */
  timeoutMs: number;
  /** language of staff summaries (default zh-CN) */
  staffLang?: "zh-CN" | "en";
}

/** The assistant, plus its state for logs, health and tests. */
export interface LlmAssistant extends Assistant {
  /** `closed` (calling), `open` (not calling until the cool-down ends) or `half_open` (one probe allowed). */
  readonly breakerState: BreakerState;
}

// ── budgets ──────────────────────────────────────────────────────────────────────────────

export type BreakerState = "closed" | "open" | "half_open";

/**
 * A circuit breaker: after `failures` consecutive failures it opens for `coolDownMs`; then
 * one probe call is let through (half-open): success closes it, failure opens it again.
 *
 * @example
 * ```ts
 * const b = new CircuitBreaker({ failures: 5, coolDownMs: 60_000 });
 * if (b.blocked(now)) return null;
 * b.begin(now); … b.success() / b.failure(now);
 * ```
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private opened = false;
  private probing = false;

  constructor(private readonly limits: { failures: number; coolDownMs: number }) {}

  state(now: number): BreakerState {
    if (!this.opened) return "closed";
    return now >= this.openUntil ? "half_open" : "open";
  }

  /** True when no call may be made now (open, or half-open with the probe in flight). */
  blocked(now: number): boolean {
    const s = this.state(now);
    return s === "open" || (s === "half_open" && this.probing);
  }

  /** A call starts; returns true when it is the half-open probe. */
  begin(now: number): boolean {
    if (this.state(now) !== "half_open") return false;
    this.probing = true;
    return true;
  }

  /** Returns true when this success closed an open breaker. */
  success(): boolean {
    const wasOpen = this.opened;
    this.consecutive = 0;
    this.opened = false;
    this.probing = false;
    return wasOpen;
  }

  /** Returns true when this failure opened the breaker. */
  failure(now: number): boolean {
    this.consecutive++;
    const probe = this.probing;
    this.probing = false;
    if (probe || (!this.opened && this.consecutive >= this.limits.failures)) {
      this.opened = true;
      this.openUntil = now + this.limits.coolDownMs;
      return true;
    }
    return false;
  }
}

/**
 * At most `perMin` calls per key in any 60 s window.
 *
 * @example
 * ```ts
 * const rl = new RateLimiter(6);
 * if (!rl.take("customer:42", Date.now())) return null;
 * ```
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly perMin: number,
    private readonly windowMs = 60_000,
  ) {}

  take(key: string, now: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.perMin) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    for (const [k, v] of this.hits) if (!v.some((t) => now - t < this.windowMs)) this.hits.delete(k);
  }
}

// ── output validation ────────────────────────────────────────────────────────────────────

const INTENTS = ["fault_report", "usage_question", "complaint", "status_query", "chit_chat", "other"] as const satisfies readonly Intent[];
const MAX_MODEL = 60;
/**
 * The product families the understanding prompt names (prompts/understand/schema.json);
 * intake maps them onto the shop's catalogue (a family that is a group, such as `small`,
 * leaves the exact category to the customer).
 */
const LLM_CATEGORIES = ["tv", "fridge", "washer", "ac", "small", "purifier", "phone", "other"] as const;
const MAX_ANSWER = 3000;

const clip = (s: string, n: number): string => (s.length <= n ? s : s.slice(0, n - 1) + "…");
const optionalText = (max: number) =>
  z
    .string()
    .nullable()
    .transform((s) => (s && s.trim() ? clip(s.trim(), max) : null));

const understandingSchema = z.object({
  intent: z.enum(INTENTS),
  category: z.enum(LLM_CATEGORIES).nullable(),
  model: z
    .string()
    .nullable()
    .transform((s) => (s && s.trim() ? s.trim() : null))
    .refine((s) => s === null || s.length <= MAX_MODEL, `model longer than ${MAX_MODEL}`),
  symptom: optionalText(200),
  urgency: z.enum(["low", "normal", "high"]),
  language: z.enum(["zh", "en"]),
  complaint: z
    .object({
      kind: z.enum(["product", "service", "environment"]).nullable(),
      severity: z.enum(["major", "ordinary"]).nullable(),
    })
    .nullable(),
});

const answerSchema = z.object({ entryId: z.string().nullable(), text: z.string() });

const MOODS = ["calm", "worried", "frustrated", "angry"] as const;
const summarySchema = z.object({
  symptoms: z.string().trim().min(1).max(2000),
  tried: z.string().trim().max(2000),
  mood: z.enum(MOODS),
  notes: z.string().trim().max(2000),
});

const SUMMARY_LABELS = {
  "zh-CN": {
    symptoms: "症状",
    tried: "已尝试",
    mood: "客户情绪",
    notes: "备注",
    moods: { calm: "平静", worried: "担心", frustrated: "不满", angry: "愤怒" },
  },
  en: {
    symptoms: "Symptoms",
    tried: "Tried",
    mood: "Mood",
    notes: "Notes",
    moods: { calm: "calm", worried: "worried", frustrated: "frustrated", angry: "angry" },
  },
} as const;

/** An invalid output: the call counts as failed (LLM_BAD_OUTPUT) with this reason. */
class BadOutput extends LlmError {
  constructor(reason: string) {
    super("LLM_BAD_OUTPUT", reason);
  }
}

const digits = (s: string): string => s.replace(/[^\d.]/g, "").replace(/\.$/, "");
const MONEY = /(?:[¥￥$€£]\s*\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s*(?:元|块钱|块|rmb|yuan|cny|usd|dollars?|美元))/gi;
const LINK = /(?:https?:\/\/|www\.)[^\s)）】>\]]+/gi;
const PHONE = /(?<!\d)(?:1[3-9]\d{9}|400[-\s]?\d{3}[-\s]?\d{4}|800[-\s]?\d{3}[-\s]?\d{4})(?!\d)/g;

/**
 * Things an answer must not contain unless the entry does: amounts of money, links, phone
 * numbers. Returns a reason, or null when the text is clean.
 *
 * @example
 * ```ts
 * ungroundedContent("上门费 50 元", entry) // "an amount of money the entry does not state"
 * ```
 */
export function ungroundedContent(text: string, entry: KbEntry): string | null {
  const source = `${entry.title}\n${entry.body}`;
  const sourceDigits = source.replace(/[\s,，]/g, "");
  for (const m of text.matchAll(MONEY)) {
    const n = digits(m[0]);
    if (!n || !sourceDigits.includes(n)) return "an amount of money the entry does not state";
  }
  for (const m of text.matchAll(LINK)) if (!source.includes(m[0].replace(/[.,。，]+$/, ""))) return "a link the entry does not contain";
  for (const m of text.matchAll(PHONE))
    if (!sourceDigits.includes(m[0].replace(/[-\s]/g, ""))) return "a phone number the entry does not contain";
  return null;
}

function parseJson(content: string): unknown {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  try {
    return JSON.parse(fenced ? fenced[1]! : content);
  } catch {
    throw new BadOutput("the output is not JSON");
  }
}

function validate<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const r = schema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new BadOutput(`the output does not match the schema (${issues.join("; ")})`);
  }
  return r.data;
}

// ── the assistant ────────────────────────────────────────────────────────────────────────

/**
 * @example
 * ```ts
 * const assistant = createAssistant({
 *   client, prompts: loadPrompts(), log,
 *   perCustomerPerMin: 6, breaker: { failures: 5, coolDownMs: 60_000 }, timeoutMs: 15_000,
 * });
 * const u = await assistant.understand({ customerKey: "customer:7", text: "冰箱不冷了", lang: "zh-CN" });
 * ```
 */
export function createAssistant(opts: AssistantOptions): LlmAssistant {
  const clock = opts.clock ?? systemClock;
  const log = opts.log;
  const breaker = new CircuitBreaker(opts.breaker);
  const limiter = new RateLimiter(opts.perCustomerPerMin);
  const now = () => clock.now().getTime();

  async function ask(prompt: RenderedPrompt): Promise<unknown> {
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ac.abort();
        reject(new LlmError("LLM_TIMEOUT", `no answer within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
    });
    const call = opts.client.chatJson({
      system: prompt.system,
      user: prompt.user,
      schemaName: prompt.schemaName,
      schema: prompt.schema,
      timeoutMs: opts.timeoutMs,
      signal: ac.signal,
    });
    call.catch(() => {}); // a late failure after the deadline is not unhandled
    try {
      const content = await Promise.race([call, deadline]);
      return parseJson(content);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One guarded call: budget, breaker, deadline, validation, logging. */
  async function run<T>(prompt: RenderedPrompt, key: string | null, check: (data: unknown) => T): Promise<T | null> {
    const fields = { task: prompt.task, prompt: prompt.version, customer: key ?? undefined };
    if (breaker.blocked(now())) {
      log.warn("llm.skipped", { ...fields, code: "LLM_BREAKER_OPEN" satisfies LlmErrorCode });
      return null;
    }
    if (key && !limiter.take(key, now())) {
      log.warn("llm.skipped", { ...fields, code: "LLM_BUDGET" satisfies LlmErrorCode, perMin: opts.perCustomerPerMin });
      return null;
    }
    const probe = breaker.begin(now());
    if (probe) log.info("llm.breaker_probe", fields);
    const started = performance.now();
    try {
      const result = check(await ask(prompt));
      if (breaker.success()) log.info("llm.breaker_closed", fields);
      log.debug("llm.ok", { ...fields, ms: Math.round(performance.now() - started) });
      return result;
    } catch (err) {
      const e = err instanceof LlmError ? err : new LlmError("LLM_BAD_OUTPUT", (err as Error)?.message ?? String(err), { cause: err });
      log.warn("llm.failed", {
        ...fields,
        code: e.code,
        status: e.status,
        reason: clip(e.message, 300),
        ms: Math.round(performance.now() - started),
      });
      if (breaker.failure(now()))
        log.error("llm.breaker_open", { ...fields, failures: opts.breaker.failures, coolDownMs: opts.breaker.coolDownMs });
      return null;
    }
  }

  const staffLang = opts.staffLang ?? "zh-CN";

  return {
    get breakerState() {
      return breaker.state(now());
    },

    understand({ customerKey, text, lang }) {
      return run(opts.prompts.renderUnderstand({ text, lang }), customerKey, (data): Understanding => {
        const u = validate(understandingSchema, data);
        return { ...u, complaint: u.intent === "complaint" ? u.complaint : null };
      });
    },

    answer({ customerKey, question, lang, ticket, entries }) {
      if (!entries.length) return Promise.resolve(null);
      return run(opts.prompts.renderAnswer({ question, lang, ticket, entries }), customerKey, (data): GroundedAnswer => {
        const a = validate(answerSchema, data);
        if (a.entryId === null) return { entryId: null, text: "" };
        const entry = entries.find((e) => e.id === a.entryId);
        if (!entry) throw new BadOutput("entryId is not one of the given entries");
        const text = a.text.trim();
        if (!text) throw new BadOutput("empty text for a named entry");
        if (text.length > MAX_ANSWER) throw new BadOutput(`text longer than ${MAX_ANSWER} characters`);
        const ungrounded = ungroundedContent(text, entry);
        if (ungrounded) throw new BadOutput(`the text contains ${ungrounded}`);
        return { entryId: entry.id, text };
      });
    },

    summarize({ ticket, messages }: { ticket: AssistantTicketView; messages: { author: string; text: string }[] }) {
      // staff-triggered (once per claim): not counted against the customer's budget
      return run(opts.prompts.renderSummary({ ticket, messages, staffLang }), null, (data): string => {
        const s = validate(summarySchema, data);
        const l = SUMMARY_LABELS[staffLang];
        const sep = staffLang === "en" ? ": " : "：";
        const lines = [`${l.symptoms}${sep}${s.symptoms}`];
        if (s.tried) lines.push(`${l.tried}${sep}${s.tried}`);
        lines.push(`${l.mood}${sep}${l.moods[s.mood]}`);
        if (s.notes) lines.push(`${l.notes}${sep}${s.notes}`);
        return lines.join("\n");
      });
    },
  };
}
