/**
 * Search latency and quality figures for the FAQ knowledge base.
 *
 *   npx tsx bench/kb-search.ts [rounds]
 *
 * Loads kb/, builds the index (timed), replays every query of
 * kb-eval/labeled.jsonl `rounds` times (default 20) and prints p50/p95/p99/max
 * search latency plus the evaluation figures.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { KbIndex, evaluateKb, loadKbDir, type LabeledQuery } from "../core/kb/index.ts";

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const rounds = Number(process.argv[2] ?? 20);

const t0 = performance.now();
const { entries, errors } = await loadKbDir(root("kb"));
const t1 = performance.now();
const kb = new KbIndex(entries);
const t2 = performance.now();
if (errors.length) console.warn("KB errors:", errors);

const rows: LabeledQuery[] = readFileSync(root("kb-eval/labeled.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as LabeledQuery);

// warm-up (JIT, Intl.Segmenter)
for (const r of rows) kb.search(r.q, { lang: r.lang, product: r.product ?? null });

const times: number[] = [];
for (let i = 0; i < rounds; i++) {
  for (const r of rows) {
    const s = performance.now();
    kb.search(r.q, { lang: r.lang, product: r.product ?? null });
    times.push(performance.now() - s);
  }
}
times.sort((a, b) => a - b);
const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3);

const { misses, ...report } = evaluateKb(kb, rows);
console.log(`entries: ${entries.length} (load ${(t1 - t0).toFixed(1)} ms, index ${(t2 - t1).toFixed(1)} ms)`);
console.log(`searches: ${times.length} (${rows.length} queries x ${rounds})`);
console.log(`latency ms: p50 ${pct(50)}  p95 ${pct(95)}  p99 ${pct(99)}  max ${times[times.length - 1]!.toFixed(3)}`);
console.log("quality:", report);
if (process.argv.includes("--misses")) for (const m of misses) console.log("  miss:", m);
