/**
 * What the sandbox's two simulated platforms keep, like Telegram's and Slack's servers do:
 * each customer chat, each staff channel and each thread, as a list of messages (already
 * serialized to HTML). Kept in the desk's database (small settings rows, one per chat,
 * channel or thread), so the page shows the same history after a restart, and cleared with
 * the database. Every change is also published to the page's live connections.
 */
import type { MessageCard } from "../../core/card.ts";
import type { JsonValue, Store } from "../../core/store/index.ts";

/** A chat, channel or thread keeps at most this many messages (the oldest go first). */
export const SANDBOX_TRANSCRIPT_MAX = 200;
/** The registry of sandbox customers keeps at most this many (the oldest go first). */
export const SANDBOX_MAX_CUSTOMERS = 200;

const KEY = "sandbox.transcript:";
const CUSTOMERS_KEY = "sandbox.customers";

export interface SandboxMessage {
  /** customer chats: the message id (an integer, as Telegram's); staff: the ts */
  id: string;
  at: string;
  /** "bot", or who wrote it (the customer's chat id, a staff member's id) */
  from: string;
  html: string;
  /** staff: an ephemeral message only this person sees */
  onlyFor?: string;
  /** staff: a card (a title or buttons), as opposed to a plain message */
  card?: boolean;
  /** staff: replies in its thread */
  replies?: number;
  /** the outbox message that made it (a redelivery is recognised) */
  outboxId?: string;
  edited?: boolean;
  /** customer side: the card as sent (a buttons-only edit keeps the rest) */
  src?: MessageCard;
}

interface Scope {
  seq: number;
  messages: SandboxMessage[];
}

export type ScopeName = `chat:${string}` | `chan:${string}` | `thread:${string}:${string}`;

export interface TranscriptChange {
  type: "message";
  scope: ScopeName;
  op: "add" | "edit";
  message: SandboxMessage;
}

/** What the page hears live: transcript changes, and what is not kept (a button's answer, a form to open). */
export type LiveEvent =
  | TranscriptChange
  /** a customer's button tap was answered (a toast, as Telegram shows it) */
  | { type: "toast"; chatId: string; text: string }
  /** a staff member is to fill in a form (a Slack-like modal view) */
  | { type: "modal"; user: string; view: unknown }
  /** the list of sandbox customers changed */
  | { type: "customers" };

export interface SandboxCustomer {
  id: string;
  name: string;
  lang: "zh-CN" | "en";
}

/**
 * @example
 * ```ts
 * const t = new Transcripts(store, () => new Date());
 * t.subscribe((change) => console.log(change.scope, change.message.html));
 * await t.add("chat:sandbox:c1", { from: "bot", html: "<div>你好</div>" }, "seq");
 * ```
 */
export class Transcripts {
  private readonly listeners = new Set<(c: LiveEvent) => void>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  subscribe(fn: (c: LiveEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Tells the live connections (nothing is kept). */
  publish(c: LiveEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(c);
      } catch {
        /* a broken connection must not stop the others */
      }
    }
  }

  async list(scope: ScopeName): Promise<SandboxMessage[]> {
    return ((await this.store.settings.get<JsonValue>(KEY + scope)) as unknown as Scope | undefined)?.messages ?? [];
  }

  /** Changes one scope under a lock; `fn` returns the change to publish, if any. */
  private async change(scope: ScopeName, fn: (sc: Scope) => TranscriptChange | null): Promise<TranscriptChange | null> {
    const c = await this.store.tx(async (tx) => {
      await tx.lockKey(KEY + scope);
      const sc = ((await tx.settings.get<JsonValue>(KEY + scope)) as unknown as Scope | undefined) ?? { seq: 0, messages: [] };
      const out = fn(sc);
      if (out) {
        if (sc.messages.length > SANDBOX_TRANSCRIPT_MAX) sc.messages.splice(0, sc.messages.length - SANDBOX_TRANSCRIPT_MAX);
        await tx.settings.set(KEY + scope, sc as unknown as JsonValue);
      }
      return out;
    });
    if (c) this.publish(c);
    return c;
  }

  /**
   * Adds a message; its id is the next integer of the scope ("seq", customer chats) or a
   * Slack-like ts ("ts"). A message from an outbox row already added is returned as it is.
   */
  async add(scope: ScopeName, m: Omit<SandboxMessage, "id" | "at">, ids: "seq" | "ts"): Promise<SandboxMessage> {
    let existing: SandboxMessage | undefined;
    const c = await this.change(scope, (sc) => {
      existing = m.outboxId ? sc.messages.find((x) => x.outboxId === m.outboxId) : undefined;
      if (existing) return null;
      sc.seq += 1;
      const now = this.now();
      const id = ids === "seq" ? String(sc.seq) : `${Math.floor(now.getTime() / 1000)}.${String(sc.seq).padStart(6, "0")}`;
      const message: SandboxMessage = { ...m, id, at: now.toISOString() };
      sc.messages.push(message);
      return { type: "message", scope, op: "add", message };
    });
    return c?.message ?? existing!;
  }

  /** Changes a message; null when the scope has no message with that id. */
  async edit(scope: ScopeName, id: string, patch: Partial<Omit<SandboxMessage, "id">>): Promise<SandboxMessage | null> {
    const c = await this.change(scope, (sc) => {
      const i = sc.messages.findIndex((x) => x.id === id);
      if (i < 0) return null;
      const message = { ...sc.messages[i]!, ...patch };
      sc.messages[i] = message;
      return { type: "message", scope, op: "edit", message };
    });
    return c?.message ?? null;
  }

  async get(scope: ScopeName, id: string): Promise<SandboxMessage | undefined> {
    return (await this.list(scope)).find((m) => m.id === id);
  }

  // ── the sandbox's customers ─────────────────────────────────────────────────────────────

  async customers(): Promise<SandboxCustomer[]> {
    return sandboxCustomers(this.store);
  }
}

/** The customers the sandbox can be (new ones and those `desk seed demo` made). */
export async function sandboxCustomers(store: Store): Promise<SandboxCustomer[]> {
  return ((await store.settings.get<JsonValue>(CUSTOMERS_KEY)) as unknown as SandboxCustomer[] | undefined) ?? [];
}

/** Adds customers to the sandbox's list (or renames them). */
export async function addSandboxCustomers(store: Store, add: SandboxCustomer[]): Promise<void> {
  await store.tx(async (tx) => {
    await tx.lockKey(CUSTOMERS_KEY);
    const list = await sandboxCustomers(tx);
    for (const c of add) {
      const i = list.findIndex((x) => x.id === c.id);
      if (i >= 0) list[i] = c;
      else list.push(c);
    }
    if (list.length > SANDBOX_MAX_CUSTOMERS) list.splice(0, list.length - SANDBOX_MAX_CUSTOMERS);
    await tx.settings.set(CUSTOMERS_KEY, list as unknown as JsonValue);
  });
}
