/**
 * How nearly a question says what one of an entry's own texts (its title, a sample question)
 * says: the share of that text's topical terms that the question contains, for the entry's
 * best text. A customer who words the question almost as the entry's sample question does is
 * asking that entry, however close a runner-up scores (see calibrate.ts for the threshold).
 */
import type { KbEntry } from "./entry.ts";
import type { Analyzer } from "./tokenize.ts";

/** Own texts with less topical content than this (a Han character 1, an English word 2) say too little to be matched on. */
export const SELF_MATCH_MIN_WEIGHT = 3;

interface OwnText {
  text: string;
  /** the text's topical units: weight, and the terms that stand for each */
  units: { weight: number; terms: string[] }[];
  total: number;
}

/** The topical terms of each entry's title and sample questions, analysed once when first needed. */
export class SelfMatcher {
  readonly #entries: readonly KbEntry[];
  readonly #analyzer: Analyzer;
  readonly #texts = new Map<number, OwnText[]>();
  readonly #codes: ReadonlySet<string> | undefined;

  /** `codes`: the KB's letter codes that English would drop as function words (see `Analyzer.analyze`). */
  constructor(entries: readonly KbEntry[], analyzer: Analyzer, codes?: ReadonlySet<string>) {
    this.#entries = entries;
    this.#analyzer = analyzer;
    this.#codes = codes;
  }

  #textsOf(doc: number): OwnText[] {
    let t = this.#texts.get(doc);
    if (!t) {
      const e = this.#entries[doc]!;
      t = [e.title, ...e.questions].map((text) => ownText(this.#analyzer, text, this.#codes));
      this.#texts.set(doc, t);
    }
    return t;
  }

  /**
   * The best share, over the entry's own texts (except `skip`, a left-out probe), of the
   * text's topical content that `queryTerms` contains (0 when no text has enough content).
   *
   * @example
   * ```ts
   * matcher.match(doc, new Set(["drain", "~not-draining", "water", "drum"])) // 1
   * ```
   */
  match(doc: number, queryTerms: ReadonlySet<string>, skip?: string): number {
    let best = 0;
    for (const t of this.#textsOf(doc)) {
      if (t.text === skip || t.total < SELF_MATCH_MIN_WEIGHT) continue;
      let hit = 0;
      for (const u of t.units) if (u.terms.some((term) => queryTerms.has(term))) hit += u.weight;
      best = Math.max(best, hit / t.total);
    }
    return best;
  }
}

/** The topical units of a text (not framing, names or particles), each with the terms that stand for it. */
function ownText(analyzer: Analyzer, text: string, codes?: ReadonlySet<string>): OwnText {
  const a = analyzer.analyze(text, codes);
  const byUnit = new Map<number, string[]>();
  for (const [term, units] of a.termUnits)
    for (const u of units) {
      if (a.units[u]?.kind !== "content") continue;
      const list = byUnit.get(u) ?? [];
      list.push(term);
      byUnit.set(u, list);
    }
  const units = [...byUnit].map(([u, terms]) => ({ weight: a.units[u]!.weight, terms }));
  return { text, units, total: units.reduce((s, u) => s + u.weight, 0) };
}
