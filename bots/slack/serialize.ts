/**
 * The pure Slack serializer: a platform-neutral {@link MessageCard} → Block Kit blocks plus
 * the plain fallback `text` (used for notifications and screen readers), within Slack's
 * limits.
 *
 * Layout: [🔒 internal note] · header (title) · fields sections · body sections · context
 * (footer) · actions rows. Card images are not rendered (they are Telegram file ids; photos
 * are uploaded into the ticket's thread separately).
 *
 * Reading interactions back:
 * - a button's `action_id` is the card button's `action` and its `value` the button's value.
 *   Slack refuses two equal action_ids in one block, so when a row repeats an action
 *   (e.g. three "kind" choices) the repeats get a `~n` suffix: match them with
 *   {@link actionPattern} and read the action with {@link parseActionId}.
 * - a `user_select` becomes a `users_select` element, which cannot carry a value: its
 *   actions block gets `block_id` = `${action}:${value}`; read it with {@link parseBlockId}.
 */
import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  SectionBlock,
  UsersSelect,
} from "@slack/types";
import type { CardButton, MessageCard } from "../../core/card.ts";

/** Block Kit: a header block's plain_text is at most 150 characters. */
export const SLACK_HEADER_LIMIT = 150;
/** Block Kit: a section's text is at most 3000 characters. */
export const SLACK_SECTION_TEXT_LIMIT = 3000;
/** Block Kit: a section has at most 10 fields. */
export const SLACK_FIELDS_PER_SECTION = 10;
/** Block Kit: each section field's text is at most 2000 characters. */
export const SLACK_FIELD_TEXT_LIMIT = 2000;
/** Block Kit: a message has at most 50 blocks (a modal 100: pass `maxBlocks`). */
export const SLACK_MAX_BLOCKS = 50;
/** Block Kit: an actions block has at most 25 elements. */
export const SLACK_ACTIONS_PER_BLOCK = 25;
/** Block Kit: a button's text is at most 75 characters. */
export const SLACK_BUTTON_TEXT_LIMIT = 75;
/** Block Kit: action_id (and block_id) are at most 255 characters. */
export const SLACK_ACTION_ID_LIMIT = 255;
/** Block Kit: a button's value is at most 2000 characters. */
export const SLACK_BUTTON_VALUE_LIMIT = 2000;
/** Block Kit: a button's url is at most 3000 characters. */
export const SLACK_BUTTON_URL_LIMIT = 3000;
/** Block Kit: a select's placeholder is at most 150 characters. */
export const SLACK_PLACEHOLDER_LIMIT = 150;
/** Block Kit: a context block's text element is at most 3000 characters. */
export const SLACK_CONTEXT_TEXT_LIMIT = 3000;
/** chat.postMessage: `text` is truncated by Slack after 40,000 characters (msg_too_long beyond). */
export const SLACK_TEXT_LIMIT = 40_000;

/** The visible marker of internal (staff-only) cards. */
export const INTERNAL_MARKER = "🔒 *内部备注 / Internal note*";

export interface SlackCardMessage {
  /** Plain fallback (notifications, screen readers); mrkdwn-escaped. */
  text: string;
  blocks: KnownBlock[];
}

export interface ToBlocksOptions {
  /** Block budget: 50 for messages (default), 100 for modals and App Home. */
  maxBlocks?: number;
}

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters. Plain user
 * mentions (`<@U123>`) and channel links (`<#C123>`) are kept, so core may mention staff;
 * everything else (`<!channel>`, `<!here>`, `<https://…|link>`) is shown as typed.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/<([@#][UWC][A-Z0-9]{2,})>|[&<>]/g, (m, ref: string | undefined) =>
    ref ? `<${ref}>` : m === "&" ? "&amp;" : m === "<" ? "&lt;" : "&gt;",
  );
}

/**
 * The card's light Markdown → Slack mrkdwn: `**bold**` → `*bold*`, `*italic*` → `_italic_`,
 * `# heading` → a bold line, `- item` → `• item`, `[text](https://…)` → a link, `code` kept.
 * The text is escaped first.
 */
export function markdownToMrkdwn(md: string): string {
  return md
    .split("\n")
    .map((line) => {
      const h = /^#{1,6}\s+(.*)$/.exec(line);
      let out = escapeMrkdwn(h ? h[1]! : line);
      out = out.replace(/^(\s*)[-*+]\s+/, "$1• ");
      // protect code spans from the emphasis rules
      const codes: string[] = [];
      out = out.replace(/`[^`]+`/g, (c) => `\u0000${codes.push(c) - 1}\u0000`);
      out = out
        .replace(/\*\*(?=\S)(.+?)\*\*/g, "\u0001$1\u0001")
        .replace(/__(?=\S)(.+?)__/g, "\u0001$1\u0001")
        .replace(/(^|[^\w*])\*(?=\S)([^*]+?)\*(?!\w)/g, "$1_$2_")
        // eslint-disable-next-line no-control-regex -- U+0001 is our own placeholder for bold
        .replace(/\u0001/g, "*")
        .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, text: string, url: string) => `<${url}|${text.replace(/\|/g, "¦")}>`);
      // eslint-disable-next-line no-control-regex -- U+0000 brackets our own placeholders for code spans
      out = out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]!);
      if (h) out = out.replace(/\*/g, "");
      return h ? `*${out}*` : out;
    })
    .join("\n");
}

/** Cuts `s` to at most `max` UTF-16 units with a trailing "…", never inside a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max - 1);
  if (cut > 0 && /[\uD800-\uDBFF]/.test(s[cut - 1]!)) cut--;
  return s.slice(0, cut) + "…";
}

/** Cuts escaped mrkdwn without splitting an `&amp;`-style entity or a `<…>` reference. */
function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max - 1);
  cut = safeCut(s, cut);
  return s.slice(0, cut) + "…";
}

/** Moves a cut position back so it splits no entity, mention or surrogate pair. */
function safeCut(s: string, cut: number): number {
  const amp = s.lastIndexOf("&", cut - 1);
  if (amp >= 0 && amp >= cut - 5 && s.indexOf(";", amp) >= cut) cut = amp;
  const lt = s.lastIndexOf("<", cut - 1);
  if (lt >= 0 && s.indexOf(">", lt) >= cut && cut - lt < 300) cut = lt;
  if (cut > 0 && /[\uD800-\uDBFF]/.test(s[cut - 1]!)) cut--;
  return cut;
}

/**
 * Splits mrkdwn into chunks of at most `limit` characters: at line breaks where possible,
 * else (one over-long line) at a space or anywhere that does not break an entity.
 */
export function splitMrkdwn(text: string, limit = SLACK_SECTION_TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf("\n", limit);
    if (cut < limit / 2) {
      const space = rest.lastIndexOf(" ", limit);
      cut = space >= limit / 2 ? space : safeCut(rest, limit);
    }
    if (cut <= 0) cut = limit;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, "");
  }
  if (rest.trim()) chunks.push(rest);
  return chunks.filter((c) => c.trim());
}

/** Suffix that keeps repeated action_ids (and block_ids) in one block/message unique. */
const DUP = "~";

/**
 * The card action of an action_id made by {@link toBlocks} (drops the `~n` suffix that keeps
 * repeated actions unique).
 *
 * @example
 * ```ts
 * parseActionId("kind~2"); // "kind"
 * ```
 */
export function parseActionId(actionId: string): string {
  return actionId.replace(/~\d+$/, "");
}

/**
 * A Bolt action constraint that matches a card action and its `~n` repeats.
 *
 * @example
 * ```ts
 * app.action(actionPattern("kind"), async ({ ack, action }) => { await ack(); ... });
 * ```
 */
export function actionPattern(action: string): RegExp {
  return new RegExp(`^${action.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:~\\d+)?$`);
}

/**
 * Reads the block_id of an actions block that holds a `users_select`: the card button's
 * action and value (a user select cannot carry a value itself). Null for block ids Slack
 * generated.
 *
 * @example
 * ```ts
 * app.action("assign", async ({ ack, body, action }) => {
 *   await ack();
 *   const { value: ticketRef } = parseBlockId((action as BlockAction["actions"][0]).block_id)!;
 *   const userId = (action as UsersSelectAction).selected_user;
 * });
 * ```
 */
export function parseBlockId(blockId: string | undefined): { action: string; value?: string } | null {
  if (!blockId) return null;
  const id = blockId.replace(/~\d+$/, "");
  const i = id.indexOf(":");
  if (i <= 0) return null;
  return { action: id.slice(0, i), value: id.slice(i + 1) };
}

function checkAction(b: CardButton): void {
  if (b.action.length > SLACK_ACTION_ID_LIMIT)
    throw new RangeError(`action_id "${b.action.slice(0, 40)}…" exceeds ${SLACK_ACTION_ID_LIMIT} characters`);
  if (b.value !== undefined && b.value.length > SLACK_BUTTON_VALUE_LIMIT) {
    throw new RangeError(`button value of "${b.action}" exceeds ${SLACK_BUTTON_VALUE_LIMIT} characters`);
  }
  if (b.url !== undefined && b.url.length > SLACK_BUTTON_URL_LIMIT)
    throw new RangeError(`button url of "${b.action}" exceeds ${SLACK_BUTTON_URL_LIMIT} characters`);
}

/** A unique id within `used`: `id`, else `id~2`, `id~3`… (kept within 255 characters). */
function unique(id: string, used: Set<string>): string {
  let out = id;
  for (let n = 2; used.has(out); n++) {
    const suffix = `${DUP}${n}`;
    out = id.slice(0, SLACK_ACTION_ID_LIMIT - suffix.length) + suffix;
  }
  used.add(out);
  return out;
}

function button(b: CardButton, usedActionIds: Set<string>): Button {
  const el: Button = {
    type: "button",
    text: { type: "plain_text", text: truncate(b.label || "…", SLACK_BUTTON_TEXT_LIMIT), emoji: true },
    action_id: unique(b.action || "link", usedActionIds),
  };
  if (b.value !== undefined && b.value !== "") el.value = b.value;
  if (b.style) el.style = b.style;
  if (b.url) el.url = b.url;
  return el;
}

function userSelect(b: CardButton, usedActionIds: Set<string>): UsersSelect {
  return {
    type: "users_select",
    action_id: unique(b.action, usedActionIds),
    placeholder: { type: "plain_text", text: truncate(b.label || "…", SLACK_PLACEHOLDER_LIMIT), emoji: true },
  };
}

/** Button rows → actions blocks (≤ 25 elements each; one user select per block, named by block_id). */
function actionBlocks(rows: CardButton[][]): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  const usedBlockIds = new Set<string>();
  for (const row of rows) {
    let current: { elements: ActionsBlockElement[]; used: Set<string>; select?: string } | undefined;
    const flush = () => {
      if (!current?.elements.length) return;
      const block: ActionsBlock = { type: "actions", elements: current.elements };
      if (current.select !== undefined) block.block_id = unique(current.select, usedBlockIds);
      blocks.push(block);
      current = undefined;
    };
    for (const b of row) {
      checkAction(b);
      const isSelect = b.type === "user_select";
      if (!current || current.elements.length >= SLACK_ACTIONS_PER_BLOCK || (isSelect && current.select !== undefined)) {
        flush();
        current = { elements: [], used: new Set() };
      }
      if (isSelect) {
        const id = b.value === undefined ? b.action : `${b.action}:${b.value}`;
        if (id.length > SLACK_ACTION_ID_LIMIT - 4)
          throw new RangeError(`block_id "${id.slice(0, 40)}…" exceeds ${SLACK_ACTION_ID_LIMIT} characters`);
        current.select = id;
        current.elements.push(userSelect(b, current.used));
      } else {
        current.elements.push(button(b, current.used));
      }
    }
    flush();
  }
  return blocks;
}

function fieldText(label: string, value: string): string {
  const l = truncateMrkdwn(escapeMrkdwn(label.trim()), SLACK_FIELD_TEXT_LIMIT / 4);
  const head = l ? `*${l}*\n` : "";
  const v = truncateMrkdwn(escapeMrkdwn(value), SLACK_FIELD_TEXT_LIMIT - head.length);
  return head + v || "–";
}

function bodyMrkdwn(card: MessageCard): string {
  const body = card.body ?? "";
  return card.format === "markdown" ? markdownToMrkdwn(body) : escapeMrkdwn(body);
}

/** The plain fallback: every part of the card, one per paragraph, escaped. */
function fallbackText(card: MessageCard): string {
  const parts: string[] = [];
  const title = [card.internal ? "🔒" : "", card.title?.trim() ?? ""].filter(Boolean).join(" ");
  if (title) parts.push(title);
  if (card.fields?.length) parts.push(card.fields.map((f) => `${f.label}: ${f.value}`).join("\n"));
  if (card.body?.trim())
    parts.push(card.format === "markdown" ? card.body.replace(/\*\*([^*]+)\*\*/g, "$1").replace(/^#{1,6}\s+/gm, "") : card.body);
  if (card.footer?.trim()) parts.push(card.footer);
  const text = escapeMrkdwn(parts.join("\n\n")) || "…";
  return truncateMrkdwn(text, SLACK_TEXT_LIMIT);
}

/**
 * Serializes a card for chat.postMessage / chat.update / chat.postEphemeral / response_url.
 * Over-long parts are cut ("…") so that the title, fields, footer and buttons always fit:
 * the body gets whatever remains of the block budget. Throws RangeError when a button's
 * action or value cannot be carried (over 255 / 2000 characters), like the Telegram
 * serializer does for callback data.
 *
 * @example
 * ```ts
 * const m = toBlocks({ title: "工单 #1024", fields: [{ label: "产品", value: "冰箱" }], body: "不制冷" });
 * await client.chat.postMessage({ channel: "C0TRIAGE", text: m.text, blocks: m.blocks });
 * ```
 */
export function toBlocks(card: MessageCard, opts: ToBlocksOptions = {}): SlackCardMessage {
  const maxBlocks = opts.maxBlocks ?? SLACK_MAX_BLOCKS;
  const head: KnownBlock[] = [];
  if (card.internal) head.push({ type: "context", elements: [{ type: "mrkdwn", text: INTERNAL_MARKER }] } satisfies ContextBlock);
  const title = card.title?.replace(/\s+/g, " ").trim();
  if (title)
    head.push({
      type: "header",
      text: { type: "plain_text", text: truncate(title, SLACK_HEADER_LIMIT), emoji: true },
    } satisfies HeaderBlock);
  const fields = card.fields ?? [];
  for (let i = 0; i < fields.length; i += SLACK_FIELDS_PER_SECTION) {
    head.push({
      type: "section",
      fields: fields.slice(i, i + SLACK_FIELDS_PER_SECTION).map((f) => ({ type: "mrkdwn" as const, text: fieldText(f.label, f.value) })),
    } satisfies SectionBlock);
  }

  const tail: KnownBlock[] = [];
  const footer = card.footer?.trim();
  if (footer)
    tail.push({ type: "context", elements: [{ type: "mrkdwn", text: truncateMrkdwn(escapeMrkdwn(footer), SLACK_CONTEXT_TEXT_LIMIT) }] });
  tail.push(...actionBlocks(card.buttons ?? []));

  const budget = maxBlocks - head.length - tail.length;
  let chunks = card.body?.trim() ? splitMrkdwn(bodyMrkdwn(card)) : [];
  if (chunks.length > Math.max(0, budget)) {
    chunks = chunks.slice(0, Math.max(0, budget));
    if (chunks.length) chunks[chunks.length - 1] = truncateMrkdwn(chunks[chunks.length - 1]! + "…", SLACK_SECTION_TEXT_LIMIT);
  }
  const body: SectionBlock[] = chunks.map((c) => ({ type: "section", text: { type: "mrkdwn", text: c } }));

  // Extremely large cards (e.g. hundreds of fields or button rows): keep the first blocks.
  const blocks = [...head, ...body, ...tail].slice(0, maxBlocks);
  return { text: fallbackText(card), blocks };
}
