/** Scoring a KB search against labelled questions (`desk faq eval`). */
import type { DecisionReason } from "./outcome.ts";
import type { KbIndex } from "./search.ts";

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** One line of a labelled evaluation file (`kb-eval/labeled.jsonl`). */
export interface LabeledQuery {
  q: string;
  /** The entry that should answer, or null when the desk should hand over to a human. */
  expect: string | null;
  lang: "zh" | "en";
  product?: string;
  /** What the question tests: typo, homophone, traditional, model, error-code, cross-lang, oos, … */
  tags?: string[];
}

export interface KbEvalReport {
  positives: number;
  nulls: number;
  /** Positives where `answer` is the expected id (confident and right). */
  answerAccuracy: number;
  /** Positives where the first result is the expected id (ranking only, ignores confidence). */
  top1: number;
  /** Positives where the expected id is among the first 3 results. */
  recallAt3: number;
  /** Positives answered with a different entry (the worst outcome). */
  wrongAnswerRate: number;
  /** Null queries that got an answer anyway. */
  falseAnswerRate: number;
  /** Per-query misses, for debugging. */
  misses: { q: string; expect: string | null; answer: string | null; top: string | null; reason: DecisionReason }[];
}

/**
 * Score a {@link KbIndex} against labelled queries.
 *
 * @example
 * ```ts
 * const r = evaluateKb(kb, readLabeled("kb-eval/labeled.jsonl"));
 * console.log(r.answerAccuracy, r.recallAt3, r.falseAnswerRate);
 * ```
 */
export function evaluateKb(index: KbIndex, cases: readonly LabeledQuery[]): KbEvalReport {
  let positives = 0,
    nulls = 0,
    answered = 0,
    top1 = 0,
    at3 = 0,
    wrong = 0,
    falseAns = 0;
  const misses: KbEvalReport["misses"] = [];
  for (const c of cases) {
    const x = index.explain(c.q, { lang: c.lang, product: c.product ?? null });
    const top = x.results[0]?.id ?? null;
    if (c.expect === null) {
      nulls++;
      if (x.answer !== null) {
        falseAns++;
        misses.push({ q: c.q, expect: null, answer: x.answer, top, reason: x.reason });
      }
      continue;
    }
    positives++;
    if (x.answer === c.expect) answered++;
    else misses.push({ q: c.q, expect: c.expect, answer: x.answer, top, reason: x.reason });
    if (x.answer !== null && x.answer !== c.expect) wrong++;
    if (top === c.expect) top1++;
    if (x.results.slice(0, 3).some((r) => r.id === c.expect)) at3++;
  }
  const frac = (n: number, d: number): number => (d === 0 ? 0 : round3(n / d));
  return {
    positives,
    nulls,
    answerAccuracy: frac(answered, positives),
    top1: frac(top1, positives),
    recallAt3: frac(at3, positives),
    wrongAnswerRate: frac(wrong, positives),
    falseAnswerRate: frac(falseAns, nulls),
    misses,
  };
}
