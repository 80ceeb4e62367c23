import { describe, it, expect } from "vitest";
import { KbFormatError, parseKbEntry, parseKbFile } from "../../core/kb/entry.ts";

const GOOD = `---
id: fridge-not-cooling-zh
title: 冰箱不制冷怎么办
products: [fridge]
lang: zh
questions:
  - 冰箱不制冷了
  - 冰箱不冷了怎么办
  - 冷藏室温度降不下来
tags: [冰箱, 制冷]
---
1. 检查电源。
2. 如果没有解决，请回复「仍需服务」。
`;

/** Replace one front-matter line (matched by its key) with `line`, or drop it when `line` is null. */
function withField(key: string, line: string | null): string {
  const lines = GOOD.split("\n");
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  if (i < 0) throw new Error(`no field ${key}`);
  // questions spans the following "  - " lines
  let end = i + 1;
  while (lines[end]?.startsWith("  - ")) end++;
  lines.splice(i, end - i, ...(line === null ? [] : [line]));
  return lines.join("\n");
}

function codeOf(text: string): string {
  try {
    parseKbEntry(text, "kb/x.md");
  } catch (e) {
    expect(e).toBeInstanceOf(KbFormatError);
    return (e as KbFormatError).code;
  }
  throw new Error("expected parseKbEntry to throw");
}

describe("parseKbEntry", () => {
  it("parses a valid entry with every field, trimmed body and sha256 checksum", () => {
    const e = parseKbEntry(GOOD, "kb/fridge-not-cooling.zh.md");
    expect(e).toMatchObject({
      id: "fridge-not-cooling-zh",
      title: "冰箱不制冷怎么办",
      lang: "zh",
      products: ["fridge"],
      questions: ["冰箱不制冷了", "冰箱不冷了怎么办", "冷藏室温度降不下来"],
      tags: ["冰箱", "制冷"],
      sourcePath: "kb/fridge-not-cooling.zh.md",
    });
    expect(e.body).toBe("1. 检查电源。\n2. 如果没有解决，请回复「仍需服务」。");
    // the checksum covers the entry as read (file text and how it was interpreted)
    expect(e.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts general entries (products: []), CRLF line endings and a BOM", () => {
    const general = withField("products", "products: []").replace(/\n/g, "\r\n");
    const e = parseKbEntry("\uFEFF" + general);
    expect(e.products).toEqual([]);
    expect(e.sourcePath).toBeUndefined();
    expect(e.body.startsWith("1. 检查电源")).toBe(true);
  });

  it("the checksum changes when the text changes", () => {
    expect(parseKbEntry(GOOD).checksum).not.toBe(parseKbEntry(GOOD + "\n3. 补充。").checksum);
  });

  it("KB_NO_FRONT_MATTER: no opening or no closing ---", () => {
    expect(codeOf("# 冰箱不制冷\n1. 检查电源")).toBe("KB_NO_FRONT_MATTER");
    expect(codeOf("---\nid: a\ntitle: b\n1. 检查电源")).toBe("KB_NO_FRONT_MATTER");
  });

  it("KB_BAD_YAML: unparsable YAML, or YAML that is not a mapping", () => {
    expect(codeOf(GOOD.replace("tags: [冰箱, 制冷]", "tags: [冰箱, 制冷"))).toBe("KB_BAD_YAML");
    expect(codeOf("---\n- just\n- a list\n---\nbody")).toBe("KB_BAD_YAML");
  });

  it("only id-less files without a name fail: a missing field is repaired and warned about", () => {
    expect(codeOfNoPath(withField("id", null))).toBe("KB_NO_ID");
    const noId = parseKbFile(withField("id", null), "kb/fridge-not-cooling.zh.md");
    expect(noId.entry.id).toBe("fridge-not-cooling-zh");
    const noTitle = parseKbFile(withField("title", null), "kb/x.md");
    expect(noTitle.entry.title).toBe("冰箱不制冷了");
    expect(noTitle.warnings.map((w) => w.code)).toEqual(["KB_NO_TITLE"]);
    for (const key of ["lang", "products", "questions", "tags"]) {
      const { warnings } = parseKbFile(withField(key, null), "kb/x.md");
      expect(warnings, key).toEqual([]);
    }
    expect(parseKbFile(withField("lang", null)).entry.lang).toBe("zh");
    expect(parseKbFile(withField("questions", null)).entry.questions).toEqual([]);
  });

  it("a language other than zh/en is a warning, and the language is detected", () => {
    for (const line of ["lang: fr", "lang: 1"]) {
      const { entry, warnings } = parseKbFile(withField("lang", line));
      expect(entry.lang).toBe("zh");
      expect(warnings.map((w) => w.code)).toEqual(["KB_BAD_LANG"]);
    }
    expect(parseKbFile(withField("lang", "lang: ZH")).warnings).toEqual([]);
    expect(parseKbFile(withField("lang", "lang: zh-CN")).entry.lang).toBe("zh");
  });

  it("a product outside the catalogue is a warning naming it; the entry keeps its known products", () => {
    const { entry, warnings } = parseKbFile(withField("products", "products: [fridge, toaster-oven-x]"));
    expect(entry.products).toEqual(["fridge"]);
    expect(entry.otherProducts).toEqual(["toaster-oven-x"]);
    expect(warnings.map((w) => w.code)).toEqual(["KB_UNKNOWN_PRODUCT"]);
    expect(warnings[0]!.message).toContain("toaster-oven-x");
    // names and synonyms of the catalogue resolve to ids
    expect(parseKbFile(withField("products", "products: [电饭锅, Microwave]")).entry.products).toEqual(["rice-cooker", "microwave"]);
    expect(parseKbFile(withField("products", "products: [电饭锅, Microwave]")).entry.otherProducts).toBeUndefined();
  });

  it("KB_EMPTY_BODY when nothing but whitespace follows the front matter", () => {
    const fm = GOOD.slice(0, GOOD.indexOf("---\n1.") + 4);
    expect(codeOf(fm)).toBe("KB_EMPTY_BODY");
    expect(codeOf(fm + "\n   \n\t\n")).toBe("KB_EMPTY_BODY");
  });

  it("odd shapes are repaired with warnings: one string for a list, a bad id, an unknown field, any number of questions", () => {
    expect(parseKbFile(withField("questions", "questions: [只有一个]")).entry.questions).toEqual(["只有一个"]);
    expect(parseKbFile(withField("questions", "questions: 冰箱不制冷")).entry.questions).toEqual(["冰箱不制冷"]);
    expect(parseKbFile(withField("tags", "tags: 冰箱, 制冷")).entry.tags).toEqual(["冰箱", "制冷"]);
    const badId = parseKbFile(withField("id", "id: Fridge Not Cooling"));
    expect(badId.entry.id).toBe("fridge-not-cooling");
    expect(badId.warnings.map((w) => w.code)).toEqual(["KB_BAD_ID"]);
    const extra = parseKbFile(GOOD.replace("tags:", "priority: 1\ntags:"));
    expect(extra.warnings.map((w) => w.code)).toEqual(["KB_UNKNOWN_FIELD"]);
    expect(parseKbFile(withField("questions", "questions: [a, '', c]")).entry.questions).toEqual(["a", "c"]);
    // other names for known fields
    const alias = parseKbFile(GOOD.replace("products: [fridge]", "category: 冰箱").replace("tags: [冰箱, 制冷]", "keywords: [制冷]"));
    expect(alias.entry.products).toEqual(["fridge"]);
    expect(alias.entry.tags).toEqual(["制冷"]);
  });
});

function codeOfNoPath(text: string): string {
  try {
    parseKbEntry(text);
  } catch (e) {
    return (e as KbFormatError).code;
  }
  return "none";
}
