/**
 * The pure sandbox serializer: a platform-neutral {@link MessageCard} → an HTML fragment for
 * the sandbox page. Every piece of text is escaped (customer text is data: `<script>` in a
 * description shows as typed); the only markup is the serializer's own. Buttons carry their
 * action in data attributes that the page sends back; links are http(s) only.
 *
 * Customer side (Telegram-like): buttons are `customer-button`s carrying the callback data.
 * Staff side (Slack-like): buttons are `staff-action`s; a user picker is a `<select>` of the
 * workspace; `<@U…>` mentions show as `@name`.
 */
import { buttonData, type CardButton, type MessageCard } from "../../core/card.ts";

/** The customer side shows at most this much text in one message (Telegram's limit). */
export const SANDBOX_CUSTOMER_TEXT_LIMIT = 4096;
/** The staff side shows at most this much body text in one message (Slack's `text` limit). */
export const SANDBOX_STAFF_TEXT_LIMIT = 40_000;
/** At most this many buttons on one message. */
export const SANDBOX_MAX_BUTTONS = 100;

export interface SerializeOptions {
  side: "customer" | "staff";
  /** a staff member's display name, for `<@U…>` mentions */
  userName?: (userId: string) => string | undefined;
  /** the people a user picker offers */
  users?: readonly { id: string; name: string }[];
  /** the page's URL of a platform file (a photo), or null when it cannot be shown */
  fileUrl?: (ref: string, platform: string) => string | null;
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function safeUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

/** An image the page may show: an http(s) URL, or an inline PNG/JPEG/GIF/WebP (a chart the desk drew). */
function safeImageUrl(url: string): string | null {
  if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(url)) return url;
  return safeUrl(url);
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + "…";
}

/** Escaped text with mentions (staff side) and line breaks. */
function inline(text: string, o: SerializeOptions): string {
  let out = escapeHtml(text);
  if (o.side === "staff") {
    out = out.replace(/&lt;@([UW][A-Z0-9]+)(?:\|([^&]*))?&gt;/g, (_m, id: string, given?: string) => {
      const name = o.userName?.(id) ?? given ?? id;
      return `<span class="mention">@${escapeHtml(name)}</span>`;
    });
  }
  return out;
}

/** The card's light Markdown: **bold**, `code`, # headings, - lists, [text](https://…). */
function markdown(md: string, o: SerializeOptions): string {
  return md
    .split("\n")
    .map((line) => {
      const h = /^#{1,6}\s+(.*)$/.exec(line);
      let out = inline(h ? h[1]! : line, o);
      out = out
        .replace(/`([^`]+)`/g, "<code>$1</code>")
        .replace(/\*\*(?=\S)(.+?)\*\*/g, "<b>$1</b>")
        .replace(/^\s*[-*+]\s+/, "• ")
        .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s"]+)\)/g, (_m, label: string, url: string) => {
          const safe = safeUrl(url.replace(/&amp;/g, "&"));
          return safe ? `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
        });
      return h ? `<b>${out}</b>` : out;
    })
    .join("<br>");
}

function body(card: MessageCard, o: SerializeOptions): string {
  const limit = o.side === "customer" ? SANDBOX_CUSTOMER_TEXT_LIMIT : SANDBOX_STAFF_TEXT_LIMIT;
  const text = cut(card.body ?? "", limit);
  return card.format === "markdown" ? markdown(text, o) : inline(text, o).replace(/\n/g, "<br>");
}

function buttonHtml(b: CardButton, o: SerializeOptions): string {
  const label = escapeHtml(b.label || "…");
  if (b.url) {
    const url = safeUrl(b.url);
    return url ? `<a class="btn" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>` : "";
  }
  const style = b.style ? ` btn-${b.style}` : "";
  if (o.side === "customer") {
    return `<button type="button" class="btn${style}" data-testid="customer-button" data-data="${escapeHtml(buttonData(b.action, b.value))}">${label}</button>`;
  }
  const attrs = `data-testid="staff-action" data-action="${escapeHtml(b.action)}" data-value="${escapeHtml(b.value ?? "")}"`;
  if (b.type === "user_select") {
    const options = (o.users ?? []).map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.name)}</option>`).join("");
    return `<select class="btn" ${attrs} aria-label="${label}"><option value="">${label}</option>${options}</select>`;
  }
  return `<button type="button" class="btn${style}" ${attrs}>${label}</button>`;
}

function buttons(card: MessageCard, o: SerializeOptions): string {
  let count = 0;
  const rows: string[] = [];
  for (const row of card.buttons ?? []) {
    const out: string[] = [];
    for (const b of row) {
      if (++count > SANDBOX_MAX_BUTTONS) break;
      out.push(buttonHtml(b, o));
    }
    if (out.some(Boolean)) rows.push(`<div class="btn-row">${out.join("")}</div>`);
  }
  return rows.length ? `<div class="btns">${rows.join("")}</div>` : "";
}

function images(card: MessageCard, o: SerializeOptions): string {
  const out: string[] = [];
  for (const img of card.images ?? []) {
    const src = img.platform === "url" ? safeImageUrl(img.ref) : (o.fileUrl?.(img.ref, img.platform) ?? null);
    if (!src) continue;
    const alt = escapeHtml(img.caption ?? "");
    out.push(`<figure><img src="${escapeHtml(src)}" alt="${alt}" loading="lazy">${alt ? `<figcaption>${alt}</figcaption>` : ""}</figure>`);
  }
  return out.join("");
}

/**
 * Serializes a card as an HTML fragment.
 *
 * @example
 * ```ts
 * toHtml({ title: "工单 #1024", body: "<b>不制冷</b>" }, { side: "customer" });
 * // '<div class="card"><strong class="title">工单 #1024</strong><div class="body">&lt;b&gt;不制冷&lt;/b&gt;</div></div>'
 * ```
 */
export function toHtml(card: MessageCard, o: SerializeOptions): string {
  const parts: string[] = [];
  if (card.internal) parts.push(`<div class="internal">🔒 内部备注 / Internal note</div>`);
  parts.push(images(card, o));
  if (card.title) parts.push(`<strong class="title">${inline(cut(card.title, 300), o)}</strong>`);
  if (card.fields?.length)
    parts.push(
      `<dl class="fields">${card.fields.map((f) => `<div><dt>${inline(f.label, o)}</dt><dd>${inline(f.value, o)}</dd></div>`).join("")}</dl>`,
    );
  if (card.body) parts.push(`<div class="body">${body(card, o)}</div>`);
  if (card.footer) parts.push(`<small class="footer">${inline(card.footer, o)}</small>`);
  parts.push(buttons(card, o));
  const html = parts.filter(Boolean).join("");
  return `<div class="card${card.internal ? " is-internal" : ""}">${html || "…"}</div>`;
}

/** A plain text a person typed, as the page shows it. */
export function textHtml(text: string, o: SerializeOptions): string {
  return `<div class="card"><div class="body">${inline(text, o).replace(/\n/g, "<br>")}</div></div>`;
}
