/**
 * Where the KB's answers are lost, on a labelled set: top-1 right but not confident (by
 * reason), top-1 wrong, and out-of-scope questions answered, with coverage and margins.
 *
 *   npx tsx bench/kb-misses.ts QUESTIONS.jsonl --kb DIR [--all]
 */
import { loadKbDir } from "../core/kb/index.ts";
import { buildKbIndex } from "../core/kb/build.ts";
import { requiredMargin } from "../core/kb/calibrate.ts";
import { topicOf } from "../core/kb/outcome.ts";
import { readLabeled } from "../bots/cli/eval.ts";
import { loadCatalogue } from "../core/catalogue/index.ts";

const args = process.argv.slice(2);
const file = args[0]!;
const kbDir = args[args.indexOf("--kb") + 1]!;
const all = args.includes("--all");
const catalogue = loadCatalogue();
const { entries } = await loadKbDir(kbDir, { catalogue });
const kb = await buildKbIndex(entries, { catalogue });
const t = kb.tuning;
const cases = readLabeled(file);
const tally: Record<string, number> = {};
const bump = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);
for (const c of cases) {
  const x = kb.explain(c.q, { lang: c.lang, product: c.product ?? null });
  const top = x.results[0]?.id ?? null;
  const same = (id: string | null) => id !== null && c.expect !== null && topicOf(id) === topicOf(c.expect);
  const req = requiredMargin(x.coverage, t).toFixed(2);
  const info = `cov ${x.coverage} m ${x.margin} req ${req} self ${x.selfMatch} matched ${x.matchedWeight}`;
  let kind: string;
  if (c.expect === null) kind = x.answer ? "OOS-answered" : "OOS-ok";
  else if (x.answer && same(x.answer)) kind = "right";
  else if (x.answer) kind = "WRONG";
  else if (same(top)) kind = `top1-unconfident:${x.reason}`;
  else if (x.results.slice(0, 3).some((r) => same(r.id))) kind = "top3-not-top1";
  else kind = "MISS";
  bump(`${c.lang}:${kind.split(":")[0]}`);
  bump(kind);
  if (all || !["right", "OOS-ok"].includes(kind))
    console.log(
      `${kind.padEnd(32)} ${c.lang} ${JSON.stringify(c.q)} → ${top} (want ${c.expect}) ${info} [${x.results
        .slice(0, 3)
        .map((r) => r.id)
        .join(", ")}]`,
    );
}
console.log(JSON.stringify(kb.calibration));
console.log(
  Object.entries(tally)
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n"),
);
