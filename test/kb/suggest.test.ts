/**
 * "Is it one of these?" (core/kb/suggest.ts): which entries are offered when no answer is
 * confident, on small synthetic KBs.
 */
import { describe, expect, it } from "vitest";
import type { KbEntry } from "../../core/kb/entry.ts";
import { KbIndex, MAX_SUGGESTIONS, suggestions, type SearchExplanation } from "../../core/kb/index.ts";
import { SUGGESTION_MIN_SHARE } from "../../core/kb/suggest.ts";

let n = 0;
const entry = (id: string, title: string, body: string, o: Partial<KbEntry> = {}): KbEntry => ({
  id,
  title,
  lang: /\p{Script=Han}/u.test(title) ? "zh" : "en",
  products: ["fridge"],
  questions: [],
  tags: [],
  body,
  checksum: String(++n),
  ...o,
});

const kb = new KbIndex(
  [
    entry("water-inside-zh", "冰箱里面有积水", "清理排水孔。"),
    entry("water-inside-en", "Water inside the fridge", "Clear the drain hole."),
    entry("frost", "冰箱结霜严重", "减少开门，检查门封。"),
    entry("noisy", "冰箱噪音大", "放平冰箱。"),
    entry("booking", "怎么预约上门维修", "在公众号预约。", { products: [] }),
  ],
  { calibration: false },
);

describe("suggestions", () => {
  it("offers the entries a message about two faults matches, one per topic, when neither answer is confident", () => {
    const x = kb.explain("冰箱积水结霜");
    expect(x.answer).toBeNull();
    const ids = suggestions(x);
    expect(ids).toEqual(expect.arrayContaining(["water-inside-zh", "frost"]));
    expect(ids.filter((id) => id.startsWith("water-inside"))).toHaveLength(1); // the zh/en pair is one topic
    expect(ids.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
  });

  it("offers nothing when the search answered, found nothing, or matched less than a word", () => {
    const confident = kb.explain("冰箱结霜严重");
    expect(confident.answer).toBe("frost");
    expect(suggestions(confident)).toEqual([]);
    expect(suggestions(kb.explain("你们几点下班"))).toEqual([]);
    const base: Pick<SearchExplanation, "answer" | "reason" | "matchedWeight" | "candidates"> = {
      answer: null,
      reason: "low-coverage",
      matchedWeight: 4,
      candidates: [{ id: "frost", relScore: 1, coverage: 0.4 }],
    };
    expect(suggestions(base)).toEqual(["frost"]);
    expect(suggestions({ ...base, matchedWeight: 1 })).toEqual([]);
    expect(suggestions({ ...base, reason: "no-results" })).toEqual([]);
    expect(suggestions({ ...base, reason: "not-served" })).toEqual([]);
  });

  it("leaves out entries that explain much less of the message than the best one", () => {
    const x: Pick<SearchExplanation, "answer" | "reason" | "matchedWeight" | "candidates"> = {
      answer: null,
      reason: "ambiguous",
      matchedWeight: 4,
      candidates: [
        { id: "frost", relScore: 1, coverage: 0.6 },
        { id: "noisy", relScore: 0.9, coverage: 0.6 * SUGGESTION_MIN_SHARE },
        { id: "booking", relScore: 0.8, coverage: 0.6 * SUGGESTION_MIN_SHARE - 0.01 },
        { id: "water-inside-zh", relScore: 0.5, coverage: 0 },
      ],
    };
    expect(suggestions(x)).toEqual(["frost", "noisy"]);
    expect(suggestions(x, 1)).toEqual(["frost"]);
  });
});
