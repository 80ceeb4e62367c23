/**
 * The calibration probes of a KB by coverage band and margin band: how many positives
 * (left-out questions, right / wrong) and negatives (left-out topics) fall in each.
 *
 *   npx tsx bench/kb-probes.ts KB_DIR [QUESTIONS.jsonl]
 *
 * With a labelled question set, the same table for its questions (top-1 right / top-1 wrong
 * / out of scope) instead of the probes.
 */
import { loadKbDir } from "../core/kb/index.ts";
import { buildKbIndex } from "../core/kb/build.ts";
import { loadCatalogue } from "../core/catalogue/index.ts";
import { topicOf } from "../core/kb/outcome.ts";
import { readLabeled } from "../bots/cli/eval.ts";

const dir = process.argv[2];
const questionsFile = process.argv[3];
if (!dir) {
  console.error("usage: npx tsx bench/kb-probes.ts KB_DIR");
  process.exit(2);
}
const catalogue = loadCatalogue();
const { entries } = await loadKbDir(dir, { catalogue });
const kb = await buildKbIndex(entries, { catalogue });
const covBands = [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
const marBands = [1, 1.25, 1.5, 2, 3, 5, 10, Infinity];
const cell = new Map<string, { right: number; wrong: number; neg: number }>();
type Row = { kind: "positive" | "negative"; right: boolean; coverage: number; margin: number | null; hasResult: boolean };
const rows: Row[] = questionsFile
  ? readLabeled(questionsFile).map((c) => {
      const x = kb.explain(c.q, { lang: c.lang, product: c.product ?? null });
      const top = x.results[0]?.id ?? null;
      return {
        kind: c.expect === null ? "negative" : "positive",
        right: top !== null && c.expect !== null && topicOf(top) === topicOf(c.expect),
        coverage: x.coverage,
        margin: x.margin,
        hasResult: top !== null,
      };
    })
  : kb.probes();
for (const p of rows) {
  if (!p.hasResult) continue;
  const ci = covBands.findIndex((b, i) => p.coverage >= b && p.coverage < covBands[i + 1]!);
  const m = p.margin ?? Infinity;
  const mi = marBands.findIndex((b, i) => m >= b && m < (marBands[i + 1] ?? Infinity));
  const k = `${ci},${mi < 0 ? marBands.length - 1 : mi}`;
  const c = cell.get(k) ?? { right: 0, wrong: 0, neg: 0 };
  if (p.kind === "negative") c.neg++;
  else if (p.right) c.right++;
  else c.wrong++;
  cell.set(k, c);
}
console.log("coverage \\ margin   " + marBands.map((b) => `≥${b}`.padStart(10)).join(""));
for (let ci = 0; ci + 1 < covBands.length; ci++) {
  let line = `[${covBands[ci]!.toFixed(1)}, ${Math.min(1, covBands[ci + 1]!).toFixed(1)})`.padEnd(20);
  for (let mi = 0; mi < marBands.length; mi++) {
    const c = cell.get(`${ci},${mi}`);
    line += (c ? `${c.right}/${c.wrong}/${c.neg}` : "·").padStart(10);
  }
  console.log(line);
}
console.log(questionsFile ? "cells: top-1 right / top-1 wrong / out of scope" : "cells: right positives / wrong positives / negatives");
