/** Advice to the shop about its KB (core/kb/advice.ts). */
import { describe, expect, it } from "vitest";
import { formatMissingQuestions, MAX_ADVICE_IDS } from "../../core/kb/index.ts";

describe("advice on the KB", () => {
  it("names the entries without a sample question, at most MAX_ADVICE_IDS of them", () => {
    const e = (id: string, questions: string[]) => ({ id, title: id, body: "b", lang: "zh" as const, products: [], questions, tags: [], checksum: id });
    expect(formatMissingQuestions([e("a", ["q"]), e("b", ["q"])])).toBeNull();
    expect(formatMissingQuestions([e("a", ["q"]), e("b", [])])).toMatch(/^1 of 2 entries have no sample question \(b\): /);
    const many = Array.from({ length: MAX_ADVICE_IDS + 3 }, (_, i) => e(`x${i}`, []));
    const line = formatMissingQuestions(many)!;
    expect(line).toContain(`${many.length} of ${many.length} entries`);
    expect(line).toContain(`x${MAX_ADVICE_IDS - 1} and 3 more)`);
    expect(line).not.toContain(`x${MAX_ADVICE_IDS},`);
  });
});
