/**
 * Search latency and index build time of the FAQ knowledge base, at the shipped KB's size
 * and at 10,000 entries.
 *
 *   npx tsx bench/kb-search.ts [entries=10000] [rounds=5]
 *
 * The large KB is made from the shipped one: every entry is copied with its sentences
 * shuffled between entries of the same product and a distinct id, so the vocabulary and
 * posting lists grow as a real shop's would. Prints the build time in a worker thread
 * (and how long the event loop was blocked meanwhile), then p50/p95/p99/max search latency
 * over the questions of kb-eval/labeled.jsonl: wall-clock time, and the CPU time the search
 * itself used (process.cpuUsage), which a busy shared machine does not inflate by
 * preempting the process. Prints the load average too.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import os, { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { buildKbIndex, WORKER_MIN_CALIBRATE_ENTRIES } from "../core/kb/build.ts";
import { loadKbDir, type KbEntry, type KbIndex, type LabeledQuery } from "../core/kb/index.ts";

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const size = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function grow(base: KbEntry[], n: number): KbEntry[] {
  const rand = rng(42);
  const sentences = base.flatMap((e) => e.body.split(/(?<=[。！？.!?\n])/).filter((s) => s.trim()));
  const out: KbEntry[] = [...base];
  for (let i = base.length; i < n; i++) {
    const e = base[i % base.length]!;
    const body = Array.from({ length: 8 }, () => sentences[Math.floor(rand() * sentences.length)]).join("");
    out.push({ ...e, id: `${e.id}-x${i}`, body, questions: e.questions.slice(0, i % 3), checksum: String(i) });
  }
  return out;
}

async function measure(entries: KbEntry[], rows: LabeledQuery[]): Promise<void> {
  let maxStall = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last - 5);
    last = now;
  }, 5);
  const t0 = performance.now();
  const kb: KbIndex = await buildKbIndex(entries, { reuse: false }); // as the desk builds it ("auto")
  const buildMs = performance.now() - t0;
  clearInterval(tick);
  for (const r of rows) kb.search(r.q, { lang: r.lang, product: r.product ?? null }); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++)
    for (const r of rows) {
      const c = process.cpuUsage();
      const s = performance.now();
      kb.search(r.q, { lang: r.lang, product: r.product ?? null });
      times.push(performance.now() - s);
      const u = process.cpuUsage(c);
      cpu.push((u.user + u.system) / 1000);
    }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (xs: number[], p: number): string => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(2);
  const pct = (p: number): string => at(times, p);
  console.log(
    `entries ${entries.length}: build ${buildMs.toFixed(0)} ms (${entries.length >= WORKER_MIN_CALIBRATE_ENTRIES ? "worker thread" : "in thread"}; event loop blocked at most ${maxStall.toFixed(0)} ms)`,
  );
  console.log(
    `  calibration: min coverage ${kb.calibration.minCoverage}, min margin ${kb.calibration.minMargin} (${kb.calibration.source}, ${kb.calibration.probes.positives} probes)`,
  );
  console.log(`  search ms over ${times.length} searches: p50 ${pct(50)}  p95 ${pct(95)}  p99 ${pct(99)}  max ${times.at(-1)!.toFixed(2)}`);
  console.log(`  search CPU ms: p50 ${at(cpu, 50)}  p95 ${at(cpu, 95)}  p99 ${at(cpu, 99)}  max ${cpu.at(-1)!.toFixed(2)}`);
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} on ${os.availableParallelism()} cores`,
  );
}

const { entries } = await loadKbDir(root("kb"));
const rows: LabeledQuery[] = readFileSync(root("kb-eval/labeled.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as LabeledQuery);
await measure(entries, rows);
if (size > entries.length) await measure(grow(entries, size), rows);
