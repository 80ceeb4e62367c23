import { describe, expect, it } from "vitest";
import { TELEGRAM_TEXT_LIMIT, keyboard, markdownToHtml, toTelegram } from "../../bots/telegram/serialize.ts";

describe("Telegram serializer", () => {
  it("renders title, fields, body and footer as escaped HTML", () => {
    const m = toTelegram({ title: "工单 #1001 <new>", fields: [{ label: "产品", value: "冰箱 & 冰柜" }], body: "a < b", footer: "来源" });
    expect(m.text).toBe("<b>工单 #1001 &lt;new&gt;</b>\n\n产品: 冰箱 &amp; 冰柜\n\na &lt; b\n\n<i>来源</i>");
    expect(m.parse_mode).toBe("HTML");
    expect(m.reply_markup).toBeUndefined();
  });
  it("turns light Markdown into Telegram HTML", () => {
    expect(markdownToHtml("## 步骤\n1. **拔掉电源** 等 `5` 分钟\n- 注意 <安全>")).toBe(
      "<b>步骤</b>\n1. <b>拔掉电源</b> 等 <code>5</code> 分钟\n• 注意 &lt;安全&gt;",
    );
  });
  it("keeps the message within 4096 characters while keeping title, footer and buttons", () => {
    const m = toTelegram({ title: "T", body: "长".repeat(10_000), footer: "F", buttons: [[{ label: "OK", action: "ok", value: "1" }]] });
    const visible = m.text.replace(/<[^>]+>/g, "");
    expect(visible.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(m.text.startsWith("<b>T</b>")).toBe(true);
    expect(m.text.endsWith("<i>F</i>")).toBe(true);
    expect(m.text).toContain("…");
    expect(m.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: "OK", callback_data: "ok:1" });
  });
  it("counts escaped characters as one when measuring", () => {
    const m = toTelegram({ body: "&".repeat(TELEGRAM_TEXT_LIMIT) });
    expect(m.text).toBe("&amp;".repeat(TELEGRAM_TEXT_LIMIT));
  });
  it("refuses callback data over 64 bytes rather than sending a broken keyboard", () => {
    expect(() => keyboard({ buttons: [[{ label: "x", action: "a", value: "长".repeat(30) }]] })).toThrow(/64 bytes/);
  });
});
