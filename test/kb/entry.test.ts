import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { KbFormatError, parseKbEntry } from "../../core/kb/entry.ts";

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
    expect(e.checksum).toBe(createHash("sha256").update(GOOD, "utf8").digest("hex"));
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

  it("KB_MISSING_FIELD names the missing field", () => {
    for (const key of ["id", "title", "lang", "products", "questions", "tags"]) {
      let err: KbFormatError | undefined;
      try {
        parseKbEntry(withField(key, null), "kb/x.md");
      } catch (e) {
        err = e as KbFormatError;
      }
      expect(err?.code, key).toBe("KB_MISSING_FIELD");
      expect(err?.field).toBe(key);
      expect(err?.message).toContain(`'${key}'`);
      expect(err?.message).toContain("kb/x.md");
    }
  });

  it("KB_BAD_LANG for anything but zh/en", () => {
    expect(codeOf(withField("lang", "lang: fr"))).toBe("KB_BAD_LANG");
    expect(codeOf(withField("lang", "lang: ZH"))).toBe("KB_BAD_LANG");
    expect(codeOf(withField("lang", "lang: 1"))).toBe("KB_BAD_LANG");
  });

  it("KB_BAD_PRODUCT for a category outside PRODUCT_CATEGORIES, naming it", () => {
    let err: KbFormatError | undefined;
    try {
      parseKbEntry(withField("products", "products: [fridge, dishwasher]"));
    } catch (e) {
      err = e as KbFormatError;
    }
    expect(err?.code).toBe("KB_BAD_PRODUCT");
    expect(err?.message).toContain("dishwasher");
  });

  it("KB_EMPTY_BODY when nothing but whitespace follows the front matter", () => {
    const fm = GOOD.slice(0, GOOD.indexOf("---\n1.") + 4);
    expect(codeOf(fm)).toBe("KB_EMPTY_BODY");
    expect(codeOf(fm + "\n   \n\t\n")).toBe("KB_EMPTY_BODY");
  });

  it("KB_BAD_FIELD: wrong types, bad id, fewer than 3 questions, unknown field", () => {
    expect(codeOf(withField("questions", "questions: [只有一个, 两个]"))).toBe("KB_BAD_FIELD");
    expect(codeOf(withField("questions", "questions: 冰箱不制冷"))).toBe("KB_BAD_FIELD");
    expect(codeOf(withField("tags", "tags: 冰箱"))).toBe("KB_BAD_FIELD");
    expect(codeOf(withField("title", "title: 42"))).toBe("KB_BAD_FIELD");
    expect(codeOf(withField("id", "id: Fridge Not Cooling"))).toBe("KB_BAD_FIELD");
    expect(codeOf(GOOD.replace("tags:", "priority: 1\ntags:"))).toBe("KB_BAD_FIELD");
    expect(codeOf(withField("questions", "questions: [a, '', c]"))).toBe("KB_BAD_FIELD");
  });
});
