/**
 * Outbox delivery to the sandbox's simulated platforms. The customer side plays the customer
 * platform ("telegram": send, edit, markup, answer) and the staff side the staff platform
 * ("slack": post, update, ephemeral, respond, dm, file): the outbox rows are exactly those the
 * desk writes for the real platforms, paced and retried by the same sender. Delivering means
 * serializing the card to HTML and keeping it in the transcript, which the page shows live.
 *
 * With a real Telegram bot beside the sandbox, {@link RoutedTransport} hands each customer
 * message to the platform its chat belongs to.
 */
import type { MessageCard } from "../../core/card.ts";
import { DeliveryError, type DeliveryContext, type DeliveryResult, type Transport } from "../../core/outbox/index.ts";
import { inlineBytes, type StaffOutbound, type ThreadRef } from "../../core/staff/outbound.ts";
import type { OutboxRow } from "../../core/store/index.ts";
import { SandboxFiles, extensionOf, isSandboxFileId } from "./files.ts";
import { toHtml, type SerializeOptions } from "./serialize.ts";
import type { ScopeName, Transcripts } from "./transcript.ts";
import { WORKSPACE, dmChannel, workspaceUser } from "./workspace.ts";

/** How the customer side shows a platform file: a sandbox photo is served by the page. */
function customerFileUrl(ref: string): string | null {
  return isSandboxFileId(ref) ? SandboxFiles.url(ref) : null;
}

export const CUSTOMER_SERIALIZE: SerializeOptions = { side: "customer", fileUrl: customerFileUrl };

/** The staff side's serializer options: workspace names for mentions and the user picker. */
export function staffSerialize(names?: (id: string) => string | undefined): SerializeOptions {
  return {
    side: "staff",
    userName: (id) => names?.(id) ?? workspaceUser(id)?.name,
    users: WORKSPACE.map((u) => ({ id: u.id, name: u.name })),
    fileUrl: customerFileUrl,
  };
}

interface CustomerPayload {
  chatId: string;
  card: MessageCard;
  messageId?: number;
  outboxId?: string;
}

/**
 * @example
 * ```ts
 * sender.register(new SandboxCustomerTransport(transcripts), createPacer({ perChatPerSec: 1, globalPerSec: 30 }));
 * ```
 */
export class SandboxCustomerTransport implements Transport {
  readonly platform = "telegram";

  constructor(private readonly t: Transcripts) {}

  isGroupChat(): boolean {
    return false;
  }

  async deliver(row: OutboxRow, ctx: DeliveryContext): Promise<DeliveryResult> {
    const p = row.payload as unknown as CustomerPayload & { callbackId?: string; text?: string | null };
    switch (row.kind) {
      case "send": {
        const m = await this.t.add(
          `chat:${p.chatId}`,
          { from: "bot", html: toHtml(p.card, CUSTOMER_SERIALIZE), outboxId: String(row.id), src: p.card },
          "seq",
        );
        return { platformMessageId: m.id };
      }
      case "edit":
      case "markup": {
        let id = p.messageId ? String(p.messageId) : undefined;
        if (!id && p.outboxId) {
          const ref = await ctx.lookup(BigInt(p.outboxId));
          if (!ref?.platformMessageId) {
            if (ref && (ref.status === "pending" || ref.status === "sending"))
              throw new DeliveryError("TEMPORARY", "the message to edit is not sent yet");
            throw new DeliveryError("PERMANENT", "the message to edit was never sent");
          }
          id = ref.platformMessageId;
        }
        if (!id) throw new DeliveryError("PERMANENT", "edit without a message id");
        const scope: ScopeName = `chat:${p.chatId}`;
        const before = await this.t.get(scope, id);
        if (!before) throw new DeliveryError("PERMANENT", "message to edit not found");
        const card: MessageCard = row.kind === "markup" ? { ...(before.src ?? {}), buttons: p.card.buttons ?? [] } : p.card;
        await this.t.edit(scope, id, { html: toHtml(card, CUSTOMER_SERIALIZE), src: card, edited: row.kind === "edit" });
        return { platformMessageId: id };
      }
      case "file": {
        // a staff file from Slack: the sandbox shows its caption and name (it does not fetch it)
        const f = row.payload as unknown as { chatId: string; filename: string; caption?: string };
        const card: MessageCard = { body: `${f.caption ? f.caption + "\n" : ""}📎 ${f.filename}` };
        const m = await this.t.add(
          `chat:${f.chatId}`,
          { from: "bot", html: toHtml(card, CUSTOMER_SERIALIZE), outboxId: String(row.id), src: card },
          "seq",
        );
        return { platformMessageId: m.id };
      }
      case "answer": {
        const chatId = row.chatKey.replace(/^cb:/, "");
        if (p.text) this.t.publish({ type: "toast", chatId, text: p.text });
        return {};
      }
      default:
        throw new DeliveryError("PERMANENT", `unknown telegram outbox kind ${row.kind}`);
    }
  }
}

/** Where a ticket's card is, or null while it is not posted yet. */
export type CardLookup = (ticketId: number) => Promise<{ channel: string; ts: string } | null>;
/** Fetches a file of another platform (a real Telegram photo) for the staff side. */
export type ForeignFile = (source: { platform: string; fileId: string }) => Promise<{ data: Buffer; filename: string }>;

type Payload<K extends StaffOutbound["kind"]> = Omit<Extract<StaffOutbound, { kind: K }>, "kind">;

/** A ticket's card is not posted yet: look again this soon. */
export const SANDBOX_CARD_PENDING_RETRY_MS = 1000;

/**
 * @example
 * ```ts
 * sender.register(new SandboxStaffTransport({ transcripts, files, tickets }), createPacer({ perChatPerSec: 1 }));
 * ```
 */
export class SandboxStaffTransport implements Transport {
  readonly platform = "slack";

  constructor(
    private readonly o: {
      transcripts: Transcripts;
      files: SandboxFiles;
      tickets: CardLookup;
      /** staff names for mentions (the directory's), falling back to the workspace's */
      names?: (id: string) => string | undefined;
      foreignFile?: ForeignFile;
    },
  ) {}

  private html(card: MessageCard): string {
    return toHtml(card, staffSerialize(this.o.names));
  }

  private isCard(card: MessageCard): boolean {
    return !!(card.title || card.buttons?.length);
  }

  private async thread(channel: string, ref: ThreadRef | undefined): Promise<{ channel: string; threadTs?: string }> {
    if (!ref) return { channel };
    if ("ts" in ref && ref.ts) return { channel, threadTs: ref.ts };
    if ("ticketId" in ref) {
      const card = await this.o.tickets(ref.ticketId);
      if (!card)
        throw new DeliveryError("TEMPORARY", `the card of ticket ${ref.ticketId} is not posted yet`, {
          retryAfterMs: SANDBOX_CARD_PENDING_RETRY_MS,
        });
      return { channel: card.channel, threadTs: card.ts };
    }
    throw new DeliveryError("PERMANENT", `bad thread reference ${JSON.stringify(ref)}`);
  }

  /** Adds a message to a channel, or to a thread (counting the reply on its parent). */
  private async place(
    channel: string,
    threadTs: string | undefined,
    m: { html: string; card?: boolean; onlyFor?: string; outboxId: string },
  ): Promise<DeliveryResult> {
    const t = this.o.transcripts;
    if (!threadTs) {
      const added = await t.add(`chan:${channel}`, { from: "bot", ...m }, "ts");
      return { platformMessageId: added.id, meta: { channel } };
    }
    const parent = await t.get(`chan:${channel}`, threadTs);
    if (!parent) throw new DeliveryError("PERMANENT", "thread_not_found");
    const added = await t.add(`thread:${channel}:${threadTs}`, { from: "bot", ...m }, "ts");
    if (!m.onlyFor) await t.edit(`chan:${channel}`, threadTs, { replies: (parent.replies ?? 0) + 1 });
    return { platformMessageId: added.id, meta: { channel } };
  }

  async deliver(row: OutboxRow): Promise<DeliveryResult> {
    const outboxId = String(row.id);
    switch (row.kind as StaffOutbound["kind"]) {
      case "post": {
        const p = row.payload as unknown as Payload<"post">;
        const { channel, threadTs } = await this.thread(p.channel, p.thread);
        return this.place(channel, threadTs, { html: this.html(p.card), card: this.isCard(p.card), outboxId });
      }
      case "update": {
        const p = row.payload as unknown as Payload<"update">;
        let channel = p.channel;
        let ts = p.ts;
        if (!ts && p.ticketId !== undefined) {
          const card = await this.o.tickets(p.ticketId);
          if (!card)
            throw new DeliveryError("TEMPORARY", `the card of ticket ${p.ticketId} is not posted yet`, {
              retryAfterMs: SANDBOX_CARD_PENDING_RETRY_MS,
            });
          ({ channel, ts } = card);
        }
        if (!ts) throw new DeliveryError("PERMANENT", "update without ts or ticketId");
        const edited = await this.o.transcripts.edit(`chan:${channel}`, ts, { html: this.html(p.card), card: this.isCard(p.card) });
        if (!edited) throw new DeliveryError("PERMANENT", "message_not_found");
        return { platformMessageId: ts, meta: { channel } };
      }
      case "ephemeral": {
        const p = row.payload as unknown as Payload<"ephemeral">;
        const { channel, threadTs } = await this.thread(p.channel, p.thread);
        return this.place(channel, threadTs, { html: this.html(p.card), onlyFor: p.user, outboxId });
      }
      case "respond":
        // the sandbox answers people in the channel they acted in (ephemeral), never by response_url
        throw new DeliveryError("PERMANENT", "the sandbox has no response_url");
      case "dm": {
        const p = row.payload as unknown as Payload<"dm">;
        const channel = dmChannel(p.user);
        return this.place(channel, undefined, { html: this.html(p.card), card: this.isCard(p.card), outboxId });
      }
      case "file": {
        const p = row.payload as unknown as Payload<"file">;
        const { channel, threadTs } = await this.thread(p.channel, p.thread);
        const id = await this.fileId(p.source);
        return this.place(channel, threadTs, { html: fileHtml(id, p.title), outboxId });
      }
      default:
        throw new DeliveryError("PERMANENT", `unknown slack outbox kind ${row.kind}`);
    }
  }

  private async fileId(src: Payload<"file">["source"]): Promise<string> {
    if ("content" in src) return this.o.files.save(inlineBytes(src), extensionOf(src.filename));
    if (isSandboxFileId(src.fileId)) return src.fileId;
    if (!this.o.foreignFile) throw new DeliveryError("PERMANENT", `cannot fetch files from ${src.platform}`);
    const f = await this.o.foreignFile(src);
    return this.o.files.save(f.data, extensionOf(f.filename));
  }
}

/** A file message: images shown, other files as a download link. */
function fileHtml(id: string, title: string | undefined): string {
  const url = SandboxFiles.url(id);
  const name = (title ?? id).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const image = /\.(png|jpg|gif|webp)$/.test(id);
  return image
    ? `<div class="card"><figure><img src="${url}" alt="${name}" loading="lazy"><figcaption>${name}</figcaption></figure></div>`
    : `<div class="card"><a class="file" href="${url}" download>📎 ${name}</a></div>`;
}

/**
 * One platform's outbox, two deliverers: a sandbox chat's messages go to the sandbox, the
 * rest to the real platform.
 *
 * @example
 * ```ts
 * sender.register(new RoutedTransport(new TelegramTransport(api), sandboxTransport, isSandboxChat), pacer);
 * ```
 */
export class RoutedTransport implements Transport {
  readonly platform: string;

  constructor(
    private readonly real: Transport,
    private readonly sandbox: Transport,
    private readonly isSandbox: (chatKey: string) => boolean,
  ) {
    this.platform = real.platform;
  }

  isGroupChat(chatKey: string): boolean {
    return this.isSandbox(chatKey) ? false : (this.real.isGroupChat?.(chatKey) ?? false);
  }

  deliver(row: OutboxRow, ctx: DeliveryContext): Promise<DeliveryResult> {
    return (this.isSandbox(row.chatKey) ? this.sandbox : this.real).deliver(row, ctx);
  }
}
