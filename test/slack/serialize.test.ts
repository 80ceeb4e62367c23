import { describe, expect, it } from "vitest";
import type { MessageCard } from "../../core/card.ts";
import {
  INTERNAL_MARKER,
  SLACK_ACTIONS_PER_BLOCK,
  SLACK_BUTTON_TEXT_LIMIT,
  SLACK_BUTTON_VALUE_LIMIT,
  SLACK_FIELD_TEXT_LIMIT,
  SLACK_FIELDS_PER_SECTION,
  SLACK_HEADER_LIMIT,
  SLACK_MAX_BLOCKS,
  SLACK_SECTION_TEXT_LIMIT,
  SLACK_TEXT_LIMIT,
  actionPattern,
  escapeMrkdwn,
  markdownToMrkdwn,
  parseActionId,
  parseBlockId,
  toBlocks,
} from "../../bots/slack/serialize.ts";

const byType = (blocks: any[], type: string) => blocks.filter((b) => b.type === type);
/** Body sections are the sections with `text` (fields sections have `fields`). */
const bodySections = (blocks: any[]) => blocks.filter((b) => b.type === "section" && b.text);

describe("toBlocks layout", () => {
  it("header, fields, body, footer, actions in that order; text is the plain fallback", () => {
    const card: MessageCard = {
      title: "工单 #1024",
      fields: [
        { label: "产品", value: "冰箱" },
        { label: "区域", value: "市区" },
      ],
      body: "冰箱不制冷",
      footer: "来自 Telegram",
      buttons: [[{ label: "认领 / Claim", action: "claim", value: "1024", style: "primary" }]],
      images: [{ ref: "AgACAgIAAxk", platform: "telegram" }],
    };
    const m = toBlocks(card);
    expect(m.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context", "actions"]);
    expect(m.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "工单 #1024", emoji: true } });
    expect((m.blocks[1] as any).fields).toEqual([
      { type: "mrkdwn", text: "*产品*\n冰箱" },
      { type: "mrkdwn", text: "*区域*\n市区" },
    ]);
    expect((m.blocks[2] as any).text).toEqual({ type: "mrkdwn", text: "冰箱不制冷" });
    expect((m.blocks[3] as any).elements[0].text).toBe("来自 Telegram");
    expect((m.blocks[4] as any).elements).toEqual([
      {
        type: "button",
        text: { type: "plain_text", text: "认领 / Claim", emoji: true },
        action_id: "claim",
        value: "1024",
        style: "primary",
      },
    ]);
    // images are not rendered (Telegram file ids; photos are uploaded separately)
    expect(JSON.stringify(m.blocks)).not.toContain("AgACAgIAAxk");
    expect(m.blocks.some((b) => b.type === "image")).toBe(false);
    expect(m.text).toContain("工单 #1024");
    expect(m.text).toContain("产品: 冰箱");
    expect(m.text).toContain("冰箱不制冷");
  });

  it("an empty card still has a fallback text", () => {
    expect(toBlocks({})).toEqual({ text: "…", blocks: [] });
  });

  it("url buttons keep their url", () => {
    const m = toBlocks({ buttons: [[{ label: "Open", action: "open", url: "https://example.com/t/1" }]] });
    expect((m.blocks[0] as any).elements[0]).toMatchObject({ type: "button", url: "https://example.com/t/1", action_id: "open" });
  });
});

describe("toBlocks limits", () => {
  it("truncates the header to 150 characters", () => {
    const m = toBlocks({ title: "标".repeat(400) });
    const text = (m.blocks[0] as any).text.text as string;
    expect(text.length).toBe(SLACK_HEADER_LIMIT);
    expect(text.endsWith("…")).toBe(true);
    // a surrogate pair is never cut in half
    const emoji = toBlocks({ title: "a" + "😀".repeat(100) });
    const t2 = (emoji.blocks[0] as any).text.text as string;
    expect(t2.length).toBeLessThanOrEqual(SLACK_HEADER_LIMIT);
    expect(t2).not.toMatch(/[\uD800-\uDBFF]…$/);
  });

  it("splits more than 10 fields into several sections", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    const m = toBlocks({ fields });
    const sections = byType(m.blocks, "section");
    expect(sections.map((s) => s.fields.length)).toEqual([SLACK_FIELDS_PER_SECTION, SLACK_FIELDS_PER_SECTION, 3]);
    expect(sections[2].fields[2].text).toBe("*L22*\nv22");
  });

  it("cuts a field's text to 2000 characters", () => {
    const m = toBlocks({ fields: [{ label: "描述", value: "x".repeat(5000) }] });
    const text = (m.blocks[0] as any).fields[0].text as string;
    expect(text.length).toBe(SLACK_FIELD_TEXT_LIMIT);
    expect(text.startsWith("*描述*\n")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    // even with an absurd label
    const huge = toBlocks({ fields: [{ label: "L".repeat(3000), value: "v".repeat(3000) }] });
    expect((huge.blocks[0] as any).fields[0].text.length).toBeLessThanOrEqual(SLACK_FIELD_TEXT_LIMIT);
  });

  it("splits a long body into sections of at most 3000 characters, at line breaks", () => {
    const line = "第一步：检查电源。".repeat(20); // 180 chars
    const body = Array.from({ length: 60 }, (_, i) => `${i}. ${line}`).join("\n");
    const m = toBlocks({ title: "t", body });
    const sections = bodySections(m.blocks);
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_LIMIT);
    // nothing lost, lines intact
    expect(sections.map((s) => s.text.text).join("\n")).toBe(body);
    // an over-long single line is split too
    const one = toBlocks({ body: "y".repeat(7000) });
    expect(bodySections(one.blocks).map((s) => s.text.text.length)).toEqual([3000, 3000, 1000]);
  });

  it("never splits an escaped entity", () => {
    const m = toBlocks({ body: "&".repeat(1500) }); // 7500 escaped characters
    for (const s of bodySections(m.blocks)) expect(s.text.text).toMatch(/^(&amp;)+$/);
  });

  it("keeps within 50 blocks: the body is cut, title, fields, footer and buttons survive", () => {
    const body = Array.from({ length: 200 }, (_, i) => `${i} ${"z".repeat(2990)}`).join("\n");
    const card: MessageCard = {
      title: "T",
      fields: [{ label: "a", value: "b" }],
      body,
      footer: "F",
      buttons: [[{ label: "ok", action: "ok" }]],
    };
    const m = toBlocks(card);
    expect(m.blocks.length).toBe(SLACK_MAX_BLOCKS);
    expect(m.blocks[0]!.type).toBe("header");
    expect(m.blocks.at(-2)!.type).toBe("context");
    expect(m.blocks.at(-1)!.type).toBe("actions");
    const sections = bodySections(m.blocks);
    expect(sections.length).toBe(SLACK_MAX_BLOCKS - 4);
    expect(sections.at(-1).text.text.endsWith("…")).toBe(true);
    expect(sections.at(-1).text.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_LIMIT);
    // a modal allows 100
    expect(toBlocks(card, { maxBlocks: 100 }).blocks.length).toBe(100);
  });

  it("splits a row of more than 25 buttons into several actions blocks", () => {
    const row = Array.from({ length: 60 }, (_, i) => ({ label: `B${i}`, action: `a${i}`, value: String(i) }));
    const m = toBlocks({ buttons: [row, [{ label: "x", action: "x" }]] });
    const actions = byType(m.blocks, "actions");
    expect(actions.map((a) => a.elements.length)).toEqual([SLACK_ACTIONS_PER_BLOCK, SLACK_ACTIONS_PER_BLOCK, 10, 1]);
    expect(actions[2].elements[9]).toMatchObject({ action_id: "a59", value: "59" });
  });

  it("truncates button text to 75 characters", () => {
    const m = toBlocks({ buttons: [[{ label: "按".repeat(100), action: "a" }]] });
    const text = (m.blocks[0] as any).elements[0].text.text as string;
    expect(text.length).toBe(SLACK_BUTTON_TEXT_LIMIT);
    expect(text.endsWith("…")).toBe(true);
  });

  it("refuses an action_id over 255 or a value over 2000 characters (RangeError, like Telegram)", () => {
    expect(() => toBlocks({ buttons: [[{ label: "a", action: "a".repeat(256) }]] })).toThrow(RangeError);
    expect(() => toBlocks({ buttons: [[{ label: "a", action: "a", value: "v".repeat(SLACK_BUTTON_VALUE_LIMIT + 1) }]] })).toThrow(
      RangeError,
    );
    expect(() => toBlocks({ buttons: [[{ label: "a", action: "a", value: "v".repeat(SLACK_BUTTON_VALUE_LIMIT) }]] })).not.toThrow();
  });

  it("the fallback text stays within 40000 characters", () => {
    const m = toBlocks({ body: "w".repeat(50_000) });
    expect(m.text.length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT);
  });
});

describe("repeated actions and user selects", () => {
  it("makes repeated action_ids in one block unique; parseActionId/actionPattern read them back", () => {
    const m = toBlocks({
      buttons: [
        [
          { label: "A", action: "kind", value: "A" },
          { label: "B", action: "kind", value: "B" },
          { label: "C", action: "kind", value: "C" },
        ],
      ],
    });
    const ids = (m.blocks[0] as any).elements.map((e: any) => e.action_id);
    expect(ids).toEqual(["kind", "kind~2", "kind~3"]);
    expect(new Set(ids).size).toBe(3);
    expect(ids.map(parseActionId)).toEqual(["kind", "kind", "kind"]);
    expect(ids.every((id: string) => actionPattern("kind").test(id))).toBe(true);
    expect(actionPattern("kind").test("kinds")).toBe(false);
    expect(actionPattern("a.b").test("axb")).toBe(false);
  });

  it("user_select → users_select with the label as placeholder; block_id carries action:value", () => {
    const m = toBlocks({
      buttons: [
        [
          { type: "user_select", label: "指派给… / Assign to…", action: "assign", value: "1024" },
          { label: "认领", action: "claim", value: "1024" },
        ],
        [{ type: "user_select", label: "转给…", action: "assign", value: "1024" }],
      ],
    });
    const actions = byType(m.blocks, "actions");
    expect(actions[0].elements[0]).toEqual({
      type: "users_select",
      action_id: "assign",
      placeholder: { type: "plain_text", text: "指派给… / Assign to…", emoji: true },
    });
    expect(actions[0].elements[1]).toMatchObject({ type: "button", action_id: "claim", value: "1024" });
    expect(actions[0].block_id).toBe("assign:1024");
    // block_ids are unique within a message
    expect(actions[1].block_id).toBe("assign:1024~2");
    expect(parseBlockId(actions[0].block_id)).toEqual({ action: "assign", value: "1024" });
    expect(parseBlockId(actions[1].block_id)).toEqual({ action: "assign", value: "1024" });
    expect(parseBlockId("ref:a:b")).toEqual({ action: "ref", value: "a:b" });
    // Slack's generated block ids are not ours
    expect(parseBlockId("Xy1/z")).toBeNull();
    expect(parseBlockId(undefined)).toBeNull();
  });

  it("two user selects of one row go into separate actions blocks (one block_id each)", () => {
    const m = toBlocks({
      buttons: [
        [
          { type: "user_select", label: "Engineer", action: "assign_eng", value: "7" },
          { type: "user_select", label: "Agent", action: "assign_agent", value: "7" },
        ],
      ],
    });
    const actions = byType(m.blocks, "actions");
    expect(actions.map((a) => a.block_id)).toEqual(["assign_eng:7", "assign_agent:7"]);
  });

  it("a row without a user select gets no block_id (Slack generates one)", () => {
    const m = toBlocks({ buttons: [[{ label: "ok", action: "ok", value: "1" }]] });
    expect((m.blocks[0] as any).block_id).toBeUndefined();
  });
});

describe("escaping, internal marker, markdown", () => {
  it("escapes &, <, > in user-provided text everywhere (no @channel, no disguised links)", () => {
    const m = toBlocks({
      title: "<!channel> & co",
      fields: [{ label: "<b>", value: "<!here> <https://evil.example|bank> a&b" }],
      body: "x < y > z & <!channel>",
      footer: "<@U123|fake>",
    });
    // every mrkdwn block (the header is plain_text, where nothing is interpreted)
    const json = JSON.stringify(m.blocks.filter((b) => b.type !== "header"));
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<!here>");
    expect(json).not.toContain("<https://evil");
    expect((m.blocks[1] as any).fields[0].text).toBe("*&lt;b&gt;*\n&lt;!here&gt; &lt;https://evil.example|bank&gt; a&amp;b");
    expect((m.blocks[2] as any).text.text).toBe("x &lt; y &gt; z &amp; &lt;!channel&gt;");
    expect((m.blocks[3] as any).elements[0].text).toBe("&lt;@U123|fake&gt;");
    // header is plain_text: shown as typed, not escaped
    expect((m.blocks[0] as any).text.text).toBe("<!channel> & co");
    // the notification text is escaped too
    expect(m.text).not.toContain("<!channel>");
    expect(m.text).toContain("&lt;!channel&gt;");
  });

  it("keeps plain user and channel mentions", () => {
    expect(escapeMrkdwn("负责人 <@U0123ABC> in <#C0TRIAGE>")).toBe("负责人 <@U0123ABC> in <#C0TRIAGE>");
  });

  it("internal cards start with a visible internal-note context line", () => {
    const m = toBlocks({ title: "备注", body: "客户很着急", internal: true });
    expect(m.blocks[0]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: INTERNAL_MARKER }] });
    expect(INTERNAL_MARKER).toBe("🔒 *内部备注 / Internal note*");
    expect(m.text.startsWith("🔒")).toBe(true);
    expect(toBlocks({ title: "x" }).blocks[0]!.type).toBe("header");
  });

  it("converts the card's light Markdown to mrkdwn", () => {
    const md =
      "# 故障排除\n请按 **电源键** 3 秒，*然后* 检查 `E1` 代码。\n- 第一步\n* 第二步\n看 [说明书](https://example.com/m?a=1&b=2)\n## **Step** two";
    const m = toBlocks({ body: md, format: "markdown" });
    expect((m.blocks[0] as any).text.text).toBe(
      "*故障排除*\n请按 *电源键* 3 秒，_然后_ 检查 `E1` 代码。\n• 第一步\n• 第二步\n看 <https://example.com/m?a=1&amp;b=2|说明书>\n*Step two*",
    );
    // markdown mode still escapes
    expect(markdownToMrkdwn("**<!channel>**")).toBe("*&lt;!channel&gt;*");
    // code spans are left alone
    expect(markdownToMrkdwn("`**x**`")).toBe("`**x**`");
    // plain bodies are not converted
    expect((toBlocks({ body: "**x**" }).blocks[0] as any).text.text).toBe("**x**");
    // the fallback text has no Markdown syntax
    expect(m.text).toContain("故障排除");
    expect(m.text).not.toContain("**");
  });
});
