/** Staff text of saved replies (常用回复, core/staff/saved-replies.ts), in each staff language. */

const zhCN = {
  usage:
    "用法：/desk reply #工单号 关键词（发送常用回复或知识库条目）；/desk replies add 关键词 [zh|en] 内容、remove 关键词、list（主任和经理）",
  notFound: (keyword: string) => `没有叫「${keyword}」的常用回复，也没有这个编号的知识库条目。发送 /desk replies list 查看全部。`,
  empty: "还没有常用回复。主任可以用 /desk replies add 关键词 内容 添加。",
  title: "常用回复",
  saved: (keyword: string, lang: string) => `已保存常用回复「${keyword}」（${lang}）。`,
  removed: (keyword: string) => `已删除常用回复「${keyword}」。`,
  sent: (who: string, keyword: string, text: string) => `📨 ${who} 发送了常用回复「${keyword}」：
${text}`,
};

export type RepliesText = typeof zhCN;

const en: RepliesText = {
  usage:
    "Usage: /desk reply #ref keyword (sends a saved reply or a KB entry); /desk replies add keyword [zh|en] text, remove keyword, list (supervisors and managers)",
  notFound: (keyword: string) => `No saved reply “${keyword}”, and no KB entry with that id. Send /desk replies list to see them all.`,
  empty: "No saved replies yet. A supervisor can add one with /desk replies add keyword text.",
  title: "Saved replies",
  saved: (keyword: string, lang: string) => `Saved reply “${keyword}” (${lang}).`,
  removed: (keyword: string) => `Removed saved reply “${keyword}”.`,
  sent: (who: string, keyword: string, text: string) => `📨 ${who} sent the saved reply “${keyword}”:
${text}`,
};

/**
 * The saved-reply text in a staff language.
 *
 * @example
 * ```ts
 * repliesText("en").saved("unplug", "zh-CN"); // "Saved reply “unplug” (zh-CN)."
 * ```
 */
export function repliesText(lang: string): RepliesText {
  return lang === "en" ? en : zhCN;
}
