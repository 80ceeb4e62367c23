/**
 * `desk faq eval <labeled.jsonl> [--llm] [--json]`: runs labelled questions against the
 * knowledge base and reports top-1 accuracy, recall@3, the false-answer rate on questions
 * the KB should not answer, and latency.
 *
 * Retrieval-only mode predicts what the desk does without an LLM: the search's confident
 * answer, or none. LLM mode does what first-line help does with one: retrieve the top 3
 * entries, ask the assistant for a grounded answer, and take its `entryId`; when the
 * assistant returns null (any failure), the retrieval answer stands, as in the desk.
 */
import { readFileSync } from "node:fs";
import type { Assistant } from "../../core/assistant/port.ts";
import type { Calibration, DecisionReason, KbEntry, LabeledQuery, SearchExplanation, SearchOutcome } from "../../core/kb/index.ts";
import { formatCalibration, formatOverlaps, suggestions, topicOf } from "../../core/kb/index.ts";
import { DeskError } from "../../core/errors.ts";

/** One line of the labelled file is wrong. */
export class EvalFileError extends DeskError<"EVAL_BAD_LINE"> {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super("EVAL_BAD_LINE", `line ${line}: ${message}`);
  }
}

/**
 * Parses a labelled file: one `{"q", "expect": <id or null>, "lang"?, "product"?, "tags"?}` per line
 * (`"tag": "typo"` is taken for `"tags": ["typo"]`);
 * blank lines and lines starting with `//` or `#` are skipped.
 *
 * @example
 * ```ts
 * const cases = parseLabeled(readFileSync("kb-eval/labeled.jsonl", "utf8"));
 * ```
 */
export function parseLabeled(text: string): LabeledQuery[] {
  const out: LabeledQuery[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (!l || l.startsWith("//") || l.startsWith("#")) return;
    let row: any;
    try {
      row = JSON.parse(l);
    } catch (err) {
      throw new EvalFileError(i + 1, `not JSON (${(err as Error).message})`);
    }
    if (typeof row?.q !== "string" || !row.q.trim()) throw new EvalFileError(i + 1, `"q" must be a non-empty string`);
    if (!(row.expect === null || typeof row.expect === "string")) throw new EvalFileError(i + 1, `"expect" must be an entry id or null`);
    if (row.lang !== undefined && row.lang !== "zh" && row.lang !== "en") throw new EvalFileError(i + 1, `"lang" must be zh or en`);
    if (row.product !== undefined && row.product !== null && typeof row.product !== "string")
      throw new EvalFileError(i + 1, `"product" must be a category`);
    if (row.tags !== undefined && (!Array.isArray(row.tags) || row.tags.some((t: unknown) => typeof t !== "string")))
      throw new EvalFileError(i + 1, `"tags" must be a list of strings`);
    if (row.tag !== undefined && typeof row.tag !== "string")
      throw new EvalFileError(i + 1, `"tag" must be a string (or give "tags", a list)`);
    // one tag as "tag": "typo" is as good as "tags": ["typo"]
    const tags: string[] = [...(row.tags ?? []), ...(row.tag && !row.tags?.includes(row.tag) ? [row.tag] : [])];
    out.push({
      q: row.q,
      expect: row.expect,
      lang: row.lang ?? (/[\u3400-\u9fff]/.test(row.q) ? "zh" : "en"),
      product: row.product ?? undefined,
      ...(tags.length ? { tags } : {}),
    });
  });
  return out;
}

/**
 * Reads and parses a labelled file.
 *
 * @example
 * ```ts
 * const cases = readLabeled("kb-eval/labeled.jsonl");
 * ```
 */
export function readLabeled(path: string): LabeledQuery[] {
  return parseLabeled(readFileSync(path, "utf8"));
}

/** What the eval needs of a search: the outcome, and the explanation's parts when the search gives them. */
type EvalOutcome = SearchOutcome & Partial<Pick<SearchExplanation, "reason" | "matchedWeight" | "candidates">>;

export interface FaqEvalOptions {
  /** the desk's search (local, or through the running desk); with `reason` (an explanation), the report says why questions went unanswered */
  search(q: string, opts: { lang?: "zh" | "en"; product?: string | null }): EvalOutcome | Promise<EvalOutcome>;
  /** entries by id (needed in LLM mode) */
  entry?(id: string): KbEntry | undefined;
  /** LLM mode when set */
  assistant?: Assistant | null;
  /** progress, e.g. to stderr */
  progress?(done: number, total: number): void;
}

export interface FaqEvalMiss {
  q: string;
  expect: string | null;
  predicted: string | null;
  top3: string[];
  /** LLM mode: what the assistant did */
  llm?: LlmOutcome;
}

type LlmOutcome = "answered" | "declined" | "fallback" | "skipped";

export interface FaqEvalReport {
  mode: "retrieval" | "llm";
  cases: number;
  positives: number;
  nulls: number;
  /** positives where the predicted entry (what the customer would be shown) is the expected one */
  top1Accuracy: number;
  /** positives whose expected entry is among retrieval's first 3 results (what the LLM sees) */
  recallAt3: number;
  /** questions labelled `expect: null` that got an answer anyway */
  falseAnswerRate: number;
  /** positives answered with another entry (the worst outcome) */
  wrongAnswerRate: number;
  /** per question, retrieval (+ the LLM call in LLM mode) */
  latencyMs: { p50: number; p95: number; max: number };
  /** LLM mode: what the assistant did with each question */
  llm?: { answered: number; declined: number; fallbacks: number; skipped: number };
  /** the same figures per question language and per tag (`oos` and the rest) */
  byLang: Record<string, FaqEvalGroup>;
  byTag: Record<string, FaqEvalGroup>;
  /** the KB's confidence calibration, when known */
  calibration?: Calibration;
  /**
   * Retrieval mode: the answerable questions left unanswered, by what was first. `rightFirst`
   * counts those whose expected entry came first but was not confident, by the decision's
   * reason when the search gave one ("unknown" otherwise); `otherFirst`, those where another
   * entry came first (or none).
   */
  unanswered?: { rightFirst: Partial<Record<DecisionReason | "unknown", number>>; otherFirst: number };
  /**
   * Retrieval mode, with an explaining search: the entries offered as "is it one of these?"
   * (core/kb/suggest.ts) when no answer was confident. `found`: unanswered answerable questions
   * whose expected entry was among them, of `unanswered`; `nullsShown`: expect-null questions
   * shown suggestions, of `nulls`.
   */
  suggestions?: { unanswered: number; offered: number; found: number; nulls: number; nullsShown: number };
  misses: FaqEvalMiss[];
}

/** Questions refused for low coverage from which `faq eval` suggests sample questions in the customers' words. */
export const LOW_COVERAGE_HINT_MIN = 3;

/** Figures of one group of questions. */
export interface FaqEvalGroup {
  positives: number;
  nulls: number;
  /** positives answered with the expected entry (confident and right) */
  top1Accuracy: number;
  recallAt3: number;
  falseAnswerRate: number;
}

class GroupCounter {
  positives = 0;
  nulls = 0;
  right = 0;
  at3 = 0;
  falseAns = 0;
  result(): FaqEvalGroup {
    return {
      positives: this.positives,
      nulls: this.nulls,
      top1Accuracy: frac(this.right, this.positives),
      recallAt3: frac(this.at3, this.positives),
      falseAnswerRate: frac(this.falseAns, this.nulls),
    };
  }
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
const frac = (n: number, d: number): number => (d === 0 ? 0 : round3(n / d));

/**
 * Nearest-rank percentile of sorted values.
 *
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 0.5) // 2
 * ```
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Runs the labelled questions, one at a time (so the latency is the desk's, not a batch's).
 *
 * @example
 * ```ts
 * const faq = await FaqService.fromStore(store);
 * const report = await runFaqEval(cases, { search: (q, opts) => faq.search(q, opts), entry: (id) => faq.get(id), assistant });
 * console.log(formatFaqEval(report));
 * ```
 */
export async function runFaqEval(cases: readonly LabeledQuery[], opts: FaqEvalOptions): Promise<FaqEvalReport> {
  const assistant = opts.assistant ?? null;
  if (assistant && !opts.entry) throw new Error("LLM mode needs the KB entries");
  let positives = 0,
    nulls = 0,
    right = 0,
    at3 = 0,
    wrong = 0,
    falseAns = 0;
  const llm = { answered: 0, declined: 0, fallbacks: 0, skipped: 0 };
  const times: number[] = [];
  const misses: FaqEvalMiss[] = [];
  const unanswered: NonNullable<FaqEvalReport["unanswered"]> = { rightFirst: {}, otherFirst: 0 };
  const suggested = { unanswered: 0, offered: 0, found: 0, nulls: 0, nullsShown: 0 };
  let explained = false;
  const byLang = new Map<string, GroupCounter>();
  const byTag = new Map<string, GroupCounter>();
  const groups = (c: LabeledQuery): GroupCounter[] => {
    const keys: [Map<string, GroupCounter>, string][] = [
      [byLang, c.lang],
      ...(c.tags ?? []).map((t): [Map<string, GroupCounter>, string] => [byTag, t]),
    ];
    return keys.map(([m, k]) => {
      let g = m.get(k);
      if (!g) m.set(k, (g = new GroupCounter()));
      return g;
    });
  };
  for (const [i, c] of cases.entries()) {
    const started = performance.now();
    const outcome = await opts.search(c.q, { lang: c.lang, product: c.product ?? null });
    let predicted = outcome.answer;
    let how: LlmOutcome | undefined;
    if (assistant) {
      const entries = outcome.results
        .slice(0, 3)
        .map((r) => opts.entry!(r.id))
        .filter((e): e is KbEntry => !!e);
      if (!entries.length) how = "skipped";
      else {
        const a = await assistant.answer({
          customerKey: `eval:${i}`,
          question: c.q,
          lang: c.lang === "en" ? "en" : "zh-CN",
          ticket: {
            ref: i + 1,
            kind: "repair",
            category: c.product ?? null,
            model: null,
            description: c.q,
            lang: c.lang === "en" ? "en" : "zh-CN",
          },
          entries,
        });
        if (a) {
          predicted = a.entryId;
          how = a.entryId ? "answered" : "declined";
        } else how = "fallback";
      }
      llm[how === "fallback" ? "fallbacks" : how]++;
    }
    times.push(performance.now() - started);
    const top3 = outcome.results.slice(0, 3).map((r) => r.id);
    let miss = false;
    // what the customer would be offered instead of an answer (retrieval mode, explaining search)
    if (!assistant && outcome.reason && outcome.matchedWeight !== undefined) {
      explained = true;
      const offer = predicted === null ? suggestions({ ...outcome, reason: outcome.reason, matchedWeight: outcome.matchedWeight }) : [];
      if (c.expect === null) {
        suggested.nulls++;
        if (offer.length) suggested.nullsShown++;
      } else if (predicted === null) {
        suggested.unanswered++;
        if (offer.length) suggested.offered++;
        if (offer.some((id) => topicOf(id) === topicOf(c.expect!))) suggested.found++;
      }
    }
    const gs = groups(c);
    if (c.expect === null) {
      nulls++;
      for (const g of gs) g.nulls++;
      if (predicted !== null) {
        falseAns++;
        for (const g of gs) g.falseAns++;
        miss = true;
      }
    } else {
      positives++;
      for (const g of gs) g.positives++;
      if (predicted === c.expect) {
        right++;
        for (const g of gs) g.right++;
      } else {
        miss = true;
        if (predicted !== null) wrong++;
        else if (!assistant && outcome.results[0]?.id === c.expect) {
          const why = outcome.reason ?? "unknown";
          unanswered.rightFirst[why] = (unanswered.rightFirst[why] ?? 0) + 1;
        } else if (!assistant) unanswered.otherFirst++;
      }
      if (top3.includes(c.expect)) {
        at3++;
        for (const g of gs) g.at3++;
      }
    }
    if (miss) misses.push({ q: c.q, expect: c.expect, predicted, top3, ...(how ? { llm: how } : {}) });
    opts.progress?.(i + 1, cases.length);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (n: number) => Math.round(n * 10) / 10;
  return {
    mode: assistant ? "llm" : "retrieval",
    cases: cases.length,
    positives,
    nulls,
    top1Accuracy: frac(right, positives),
    recallAt3: frac(at3, positives),
    falseAnswerRate: frac(falseAns, nulls),
    wrongAnswerRate: frac(wrong, positives),
    latencyMs: { p50: ms(percentile(sorted, 0.5)), p95: ms(percentile(sorted, 0.95)), max: ms(sorted.at(-1) ?? 0) },
    ...(assistant ? { llm } : {}),
    byLang: Object.fromEntries([...byLang].sort().map(([k, g]) => [k, g.result()])),
    byTag: Object.fromEntries([...byTag].sort().map(([k, g]) => [k, g.result()])),
    ...(assistant ? {} : { unanswered }),
    ...(explained ? { suggestions: suggested } : {}),
    misses,
  };
}

/**
 * The report as a small table for people.
 *
 * @example
 * ```ts
 * process.stdout.write(formatFaqEval(report));
 * ```
 */
export function formatFaqEval(r: FaqEvalReport, opts: { misses?: number } = {}): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `mode            ${r.mode === "llm" ? "LLM (retrieval top 3 → grounded answer)" : "retrieval only"}`,
    `questions       ${r.cases} (${r.positives} answerable, ${r.nulls} expect null)`,
    `top-1 accuracy  ${pct(r.top1Accuracy)} (confident and right)`,
    `recall@3        ${pct(r.recallAt3)}`,
    `false answers   ${pct(r.falseAnswerRate)} of expect-null questions`,
    `wrong answers   ${pct(r.wrongAnswerRate)} of answerable questions`,
    `latency         p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, max ${r.latencyMs.max} ms`,
  ];
  if (r.calibration) lines.push(`confidence      ${formatCalibration(r.calibration)}`);
  const overlaps = r.calibration ? formatOverlaps(r.calibration) : null;
  if (overlaps) lines.push(`overlap         ${overlaps}`);
  const row = (name: string, g: FaqEvalGroup) =>
    `  ${name.padEnd(14)}${String(g.positives).padStart(5)}${String(g.nulls).padStart(6)}   ${g.positives ? pct(g.top1Accuracy).padStart(6) : "     –"}   ${g.positives ? pct(g.recallAt3).padStart(6) : "     –"}   ${g.nulls ? pct(g.falseAnswerRate).padStart(6) : "     –"}`;
  const groupLines = [
    ...Object.entries(r.byLang).map(([k, g]) => row(`lang ${k}`, g)),
    ...Object.entries(r.byTag).map(([k, g]) => row(k, g)),
  ];
  if (groupLines.length) lines.push(`by group        answerable  null   top-1   recall@3  false`, ...groupLines);
  const u = r.unanswered;
  if (u) {
    const reasons = Object.entries(u.rightFirst).sort((a, b) => b[1] - a[1]);
    const first = reasons.reduce((n, [, k]) => n + k, 0);
    if (first + u.otherFirst > 0) {
      const why = reasons.map(([k, n]) => `${n} ${k.replace(/-/g, " ")}`).join(", ");
      lines.push(
        `unanswered      ${first + u.otherFirst} answerable: the right entry first but not confident for ${first}${why ? ` (${why})` : ""}, another entry first for ${u.otherFirst}`,
      );
    }
    const low = u.rightFirst["low-coverage"] ?? 0;
    if (low >= LOW_COVERAGE_HINT_MIN && low * 2 >= first)
      lines.push(
        `hint            most of those say more than, or other words than, the entries' titles and sample questions: add sample questions in your customers' own words`,
      );
  }
  const s = r.suggestions;
  if (s && (s.unanswered || s.nulls))
    lines.push(
      `suggestions     of ${s.unanswered} unanswered answerable questions, ${s.offered} were offered a choice of entries and ${s.found} (${pct(frac(s.found, s.unanswered))}) had the right one among them; ${s.nullsShown} of ${s.nulls} expect-null questions (${pct(frac(s.nullsShown, s.nulls))}) were offered one`,
    );
  if (r.llm)
    lines.push(
      `LLM             ${r.llm.answered} answered, ${r.llm.declined} declined (not covered), ${r.llm.fallbacks} fell back to retrieval, ${r.llm.skipped} had no candidates`,
    );
  const n = opts.misses ?? 10;
  if (r.misses.length && n > 0) {
    lines.push(`misses          ${r.misses.length}${r.misses.length > n ? ` (first ${n})` : ""}:`);
    for (const m of r.misses.slice(0, n))
      lines.push(`  ${JSON.stringify(m.q)}  expect ${m.expect ?? "null"}, got ${m.predicted ?? "null"}${m.llm ? ` [${m.llm}]` : ""}`);
  }
  return lines.join("\n") + "\n";
}
