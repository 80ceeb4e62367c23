/**
 * The platform-neutral message card. Core builds cards; each platform adapter has one pure
 * serializer that turns a card into that platform's payload within its limits
 * (bots/telegram/serialize.ts, bots/slack/serialize.ts).
 *
 * @example
 * ```ts
 * const card: MessageCard = {
 *   title: "工单 #1024",
 *   fields: [{ label: "产品", value: "冰箱" }],
 *   body: "请先尝试以下步骤……",
 *   buttons: [[{ label: "已解决", action: "faq_ok", value: "1024" }]],
 * };
 * ```
 */
export interface MessageCard {
  /** Bold first line. */
  title?: string;
  /** Main text. Plain text unless `format` is "markdown" (a light subset: **bold**, lists, `code`). */
  body?: string;
  format?: "plain" | "markdown";
  /** Label/value pairs, rendered as a compact list (Slack: a fields section). */
  fields?: CardField[];
  /** A small trailing line (source, hint, timestamp). */
  footer?: string;
  /** Rows of buttons. */
  buttons?: CardButton[][];
  /** Images to show with the card (platform file references or URLs). */
  images?: CardImage[];
  /** Marks the card visibly as internal/staff-only where the platform shows it. */
  internal?: boolean;
  /**
   * Offers a one-time "share my contact" button with this label under the chat's input
   * (Telegram's reply keyboard; only on a card without `buttons`; other platforms skip it).
   */
  contactRequest?: string;
  /** Takes such a button away again (only on a card without `buttons`). */
  removeKeyboard?: boolean;
}

export interface CardField {
  label: string;
  value: string;
}

export interface CardButton {
  /** "button" (default), or a picker of workspace users (Slack only; Telegram skips it). */
  type?: "button" | "user_select";
  label: string;
  /** What the button does: a short action name, e.g. "faq_ok", "kind". */
  action: string;
  /** Argument for the action, e.g. a ticket ref or a choice. */
  value?: string;
  style?: "primary" | "danger";
  /** A link button instead of an action. */
  url?: string;
}

export interface CardImage {
  /** e.g. a Telegram file_id (platform "telegram") or a public URL (platform "url"). */
  ref: string;
  platform: "telegram" | "slack" | "url";
  caption?: string;
}

/** Joins a button action and value into the compact form used as Telegram callback data. */
export function buttonData(action: string, value?: string): string {
  return value === undefined ? action : `${action}:${value}`;
}

/** Splits callback data produced by {@link buttonData}. */
export function parseButtonData(data: string): { action: string; value?: string } {
  const i = data.indexOf(":");
  return i < 0 ? { action: data } : { action: data.slice(0, i), value: data.slice(i + 1) };
}
