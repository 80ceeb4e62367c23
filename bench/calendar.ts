/**
 * Throughput of WorkingCalendar.addWorkingTime (ops/s).
 *
 * Run: `npx tsx bench/calendar.ts`
 *
 * @example
 * ```sh
 * npx tsx bench/calendar.ts
 * ```
 */
import { WorkingCalendar } from "../core/sla/index.ts";
import { seededRandom } from "../core/seeded-random.ts";

const H = 3_600_000;

const holidays = WorkingCalendar.parseDateList(`
  2025-01-01
  2025-01-28..2025-02-04  # 春节
  2025-04-04..2025-04-06  # 清明
  2025-05-01..2025-05-05  # 劳动节
  2025-05-31..2025-06-02  # 端午
  2025-10-01..2025-10-08  # 国庆 + 中秋
`);
const makeUpDays = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"];

function bench(name: string, makeCal: () => WorkingCalendar, ms: (r: () => number) => number, n: number) {
  const rnd = seededRandom(42);
  const start = Date.parse("2025-01-01T00:00:00Z");
  const span = 365 * 24 * H;
  const inputs = Array.from({ length: n }, () => [new Date(start + Math.floor(rnd() * span)), ms(rnd)] as const);
  const cal = makeCal();
  // warm-up (JIT + per-day period cache)
  for (const [from, x] of inputs.slice(0, Math.min(n, 2000))) cal.addWorkingTime(from, x);
  const t0 = performance.now();
  let sink = 0;
  for (const [from, x] of inputs) sink += cal.addWorkingTime(from, x).getTime();
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `${name.padEnd(52)} ${Math.round(n / secs)
      .toLocaleString("en-US")
      .padStart(10)} ops/s  (${n} ops, ${(secs * 1000).toFixed(0)} ms)${sink === 0 ? "" : ""}`,
  );
}

bench(
  "Shanghai Mon–Sat, 2025 holidays, 6 h",
  () => new WorkingCalendar({ holidays, makeUpDays }),
  () => 6 * H,
  200_000,
);
bench(
  "Shanghai Mon–Sat, 2025 holidays, 0–300 h",
  () => new WorkingCalendar({ holidays, makeUpDays }),
  (r) => Math.floor(r() * 300 * H),
  50_000,
);
bench(
  "Berlin Mon–Fri (DST), 7 h",
  () => new WorkingCalendar({ timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5] }),
  () => 7 * H,
  200_000,
);
bench(
  "Shanghai, 10 000 h (≈ 3.6 years, week skipping)",
  () => new WorkingCalendar({ holidays, makeUpDays }),
  () => 10_000 * H,
  5_000,
);
bench(
  "Mon–Fri, Golden Week 2025, 200 h",
  () => new WorkingCalendar({ workingDays: [1, 2, 3, 4, 5], holidays, makeUpDays }),
  () => 200 * H,
  20_000,
);

// an absurd duration is refused at once, without walking towards year 9999
{
  const cal = new WorkingCalendar();
  const from = new Date("2025-01-01T00:00:00Z");
  const n = 1000;
  const t0 = performance.now();
  let refused = 0;
  for (let i = 0; i < n; i++) {
    try {
      cal.addWorkingTime(from, 2.6e7 * H);
    } catch {
      refused++;
    }
  }
  const ms = performance.now() - t0;
  console.log(`${"absurd duration (2.6e7 h) refused".padEnd(52)} ${(ms / n).toFixed(3).padStart(10)} ms each  (${refused}/${n} refused)`);
}
