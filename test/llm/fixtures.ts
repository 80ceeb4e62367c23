/** Shared fixtures for the LLM tests: two KB entries, fixed so prompt snapshots do not follow kb/ edits. */
import type { KbEntry } from "../../core/kb/index.ts";

export const ENTRIES: KbEntry[] = [
  {
    id: "fridge-not-cooling-zh",
    title: "冰箱不制冷怎么办",
    lang: "zh",
    products: ["fridge"],
    questions: ["冰箱不制冷了", "冰箱不冷了怎么办", "冷藏室温度降不下来"],
    tags: ["制冷"],
    body: "1. **确认通电**：看冰箱内的照明灯是否亮。\n2. **检查温度设置**：冷藏室一般设在 2–8 ℃。\n\n⚠️ 请不要自行拆开后盖。",
    checksum: "x",
  },
  {
    id: "fridge-noisy-zh",
    title: "冰箱噪音大、有异响",
    lang: "zh",
    products: ["fridge"],
    questions: ["冰箱声音好大", "冰箱嗡嗡响", "冰箱有异响"],
    tags: ["噪音"],
    body: "1. 检查冰箱是否放平。\n2. 检查背面是否碰到墙。",
    checksum: "y",
  },
];
