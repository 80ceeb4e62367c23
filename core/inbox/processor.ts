/**
 * The inbox: every inbound update is persisted (deduplicated by platform + external id)
 * before the platform is acknowledged, then processed, in order per chat, by the handler
 * registered for its platform. A crash loses nothing: unprocessed rows are found again by
 * the sweep at start-up and on every poll.
 */
import type { Clock } from "../clock.ts";
import { DbUnavailableError, type DbHealth } from "../db-health.ts";
import { DeskError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { InboundInput, InboundRow, Store } from "../store/index.ts";
import { cleanPayload, cleanText } from "./clean.ts";

/**
 * Thrown by a handler for an event of a shape it cannot act on (a field of the wrong type, a
 * missing sender): the event is marked `invalid` at once, never retried, and its chat moves on.
 *
 * @example
 * ```ts
 * if (typeof update.message?.text !== "string") throw new InvalidUpdateError("BAD_SHAPE", "message.text is not a string");
 * ```
 */
export class InvalidUpdateError extends DeskError<"BAD_SHAPE"> {}

export interface InboundContext {
  store: Store;
  /**
   * Runs the event's effects in one transaction that also marks the event done, so the
   * effects happen exactly once. Returns undefined (and runs nothing) if another processor
   * already handled the event.
   */
  transaction<T>(fn: (s: Store) => Promise<T>): Promise<T | undefined>;
  /** 1 on the first try. */
  attempt: number;
}

export type InboundHandler = (event: InboundRow, ctx: InboundContext) => Promise<void>;
/** Called when an event failed for the last time (e.g. to apologise to the customer). */
export type GiveUpHandler = (event: InboundRow, error: Error) => Promise<void>;

export interface ProcessorOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  maxAttempts?: number;
  pollMs?: number;
  /** chats processed at the same time */
  concurrency?: number;
  /**
   * The database watcher: while it is down, accept() refuses at once (webhooks answer 503),
   * and an event that failed because the database went away waits for it, holding its
   * chat's place, instead of burning a try.
   */
  health?: DbHealth;
}

/** An event's processing failed because the database went away: wait for it, then the same event again. */
class DbWentAway extends DeskError<"DB_WENT_AWAY"> {
  constructor() {
    super("DB_WENT_AWAY", "the database went away while the event was processed");
  }
}

/**
 * @example
 * ```ts
 * const inbox = new InboxProcessor({ store, clock: systemClock, log });
 * inbox.handle("telegram", async (event, ctx) => {
 *   await ctx.transaction(async (s) => { ... });
 * });
 * inbox.start();
 * const { duplicate } = await inbox.accept({ platform: "telegram", externalId: "1001", chatKey: "42", payload: update });
 * ```
 */
export class InboxProcessor {
  private readonly handlers = new Map<string, { handle: InboundHandler; giveUp?: GiveUpHandler }>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly known = new Set<bigint>();
  private running = false;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly maxAttempts: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  readonly stats = { accepted: 0, duplicates: 0, processed: 0, failed: 0, invalid: 0, cleaned: 0 };

  constructor(private readonly deps: ProcessorOptions) {
    this.maxAttempts = deps.maxAttempts ?? 5;
    this.pollMs = deps.pollMs ?? 2000;
    this.concurrency = deps.concurrency ?? 16;
  }

  handle(platform: string, handle: InboundHandler, giveUp?: GiveUpHandler): this {
    this.handlers.set(platform, { handle, giveUp });
    return this;
  }

  /**
   * Persists an inbound update. Resolves once it is durable, which is when the caller may
   * acknowledge it to the platform. Duplicates (same platform + externalId) are dropped.
   *
   * Text the database cannot store (NUL, unpaired surrogates) is cleaned first; the original
   * is then kept in base64 (`raw`: the request's bytes if given, else the payload's JSON). An
   * input marked `invalid` is stored as such and never processed.
   */
  async accept(rawInput: InboundInput): Promise<{ duplicate: boolean; id: bigint | null }> {
    if (this.deps.health?.down) throw new DbUnavailableError("DB_DOWN", "the database is unreachable; the update was not stored");
    const now = this.deps.clock.now();
    const cleaned = cleanPayload(rawInput.payload);
    const input: InboundInput = {
      ...rawInput,
      externalId: cleanText(rawInput.externalId),
      chatKey: cleanText(rawInput.chatKey),
      payload: cleaned.value,
      invalid: rawInput.invalid === undefined ? undefined : cleanText(rawInput.invalid),
      raw: cleaned.changed ? (rawInput.raw ?? Buffer.from(JSON.stringify(rawInput.payload))) : undefined,
    };
    if (cleaned.changed) this.stats.cleaned++;
    let id: bigint | null;
    try {
      id = await this.deps.store.inbox.accept(input, now);
    } catch (err) {
      this.deps.health?.failed(err);
      throw err;
    }
    if (id === null) {
      this.stats.duplicates++;
      return { duplicate: true, id };
    }
    this.stats.accepted++;
    if (input.invalid) {
      this.stats.invalid++;
      this.deps.log.warn("inbox.invalid", { id, platform: input.platform, reason: input.invalid });
      return { duplicate: false, id };
    }
    if (this.running) {
      this.schedule({
        id,
        platform: input.platform,
        externalId: input.externalId,
        chatKey: input.chatKey,
        payload: input.payload as any,
        raw: null,
        status: "pending",
        attempts: 0,
        error: null,
        nextAttemptAt: now,
        receivedAt: now,
        processedAt: null,
      });
    }
    return { duplicate: false, id };
  }

  /** Whether updates can be stored now (false while the database is known to be down). */
  get storable(): boolean {
    return !this.deps.health?.down;
  }

  /** Resolves when the database is reachable (at once if it is not known to be down). */
  whenUp(): Promise<void> {
    return this.deps.health?.whenUp() ?? Promise.resolve();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.pollMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    await Promise.all([...this.chains.values()]);
  }

  /** Resolves when everything accepted so far has been processed (or given up on). */
  async idle(): Promise<void> {
    for (;;) {
      await this.sweep();
      const chains = [...this.chains.values()];
      if (!chains.length) return;
      await Promise.all(chains);
    }
  }

  /** Looks for due events (new ones from other processes, retries, leftovers after a crash). */
  sweep(): Promise<void> {
    if (!this.sweeping) {
      // (while the database is down there is nothing to find; its return brings a sweep)
      if (this.deps.health?.down) return Promise.resolve();
      this.sweeping = (async () => {
        try {
          const rows = await this.deps.store.inbox.due(this.deps.clock.now(), 500);
          for (const r of rows) this.schedule(r);
        } catch (err) {
          this.deps.log.error("inbox.sweep_failed", { err });
          this.deps.health?.failed(err);
        } finally {
          this.sweeping = undefined;
        }
      })();
    }
    return this.sweeping;
  }

  private schedule(row: InboundRow): void {
    if (this.known.has(row.id)) return;
    this.known.add(row.id);
    const prev = this.chains.get(row.chatKey) ?? Promise.resolve();
    const next = prev
      .then(() => this.withSlot(() => this.process(row)))
      .catch((err) => this.deps.log.error("inbox.process_crashed", { id: row.id, err }))
      .finally(() => {
        this.known.delete(row.id);
        if (this.chains.get(row.chatKey) === next) this.chains.delete(row.chatKey);
      });
    this.chains.set(row.chatKey, next);
  }

  private async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.concurrency) await new Promise<void>((r) => this.waiters.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiters.shift()?.();
    }
  }

  /** Processes one event; if the database went away meanwhile, waits for it and tries the same event again (no try counted). */
  private async process(row: InboundRow): Promise<void> {
    for (;;) {
      try {
        return await this.processOnce(row);
      } catch (err) {
        if (!(err instanceof DbWentAway)) throw err;
        this.deps.log.warn("inbox.waiting_for_db", { id: row.id, chat: row.chatKey });
        if (this.deps.health) await this.deps.health.whenUp();
        else await new Promise((r) => setTimeout(r, 1000));
        if (!this.running) return;
      }
    }
  }

  private async processOnce(row: InboundRow): Promise<void> {
    const { store, clock, log } = this.deps;
    const h = this.handlers.get(row.platform);
    if (!h) {
      log.warn("inbox.no_handler", { platform: row.platform, id: row.id });
      await store.inbox.markRetry(row.id, `no handler for ${row.platform}`, new Date(clock.now().getTime() + 60_000), false);
      return;
    }
    let settled = false;
    const ctx: InboundContext = {
      store,
      attempt: row.attempts + 1,
      transaction: (fn) =>
        store
          .tx(async (s) => {
            if (!(await s.inbox.lockPending(row.id))) return undefined;
            const out = await fn(s);
            await s.inbox.markDone(row.id, clock.now());
            return out;
          })
          .then((out) => {
            settled = true;
            return out;
          }),
    };
    try {
      await h.handle(row, ctx);
      // a handler that had nothing to do still consumes the event
      if (!settled) {
        await store.tx(async (s) => {
          if (await s.inbox.lockPending(row.id)) await s.inbox.markDone(row.id, clock.now());
        });
      }
      this.stats.processed++;
    } catch (err) {
      if (err instanceof InvalidUpdateError) {
        this.stats.invalid++;
        log.warn("inbox.invalid", { id: row.id, platform: row.platform, reason: err.message });
        await store.inbox.markInvalid(row.id, err.message, clock.now());
        return;
      }
      if (!(await store.ping())) {
        this.deps.health?.failed(err);
        throw new DbWentAway();
      }
      const e = err instanceof Error ? err : new Error(String(err));
      const final = row.attempts + 1 >= this.maxAttempts;
      const delay = Math.min(60_000, 1000 * 2 ** row.attempts);
      log.error("inbox.handler_failed", {
        id: row.id,
        platform: row.platform,
        attempt: row.attempts + 1,
        final,
        err: e,
        stack: e.stack?.split("\n").slice(0, 4).join(" | "),
      });
      await store.inbox.markRetry(row.id, e.message, new Date(clock.now().getTime() + delay), final);
      if (final) {
        this.stats.failed++;
        await h.giveUp?.(row, e).catch((err2) => log.error("inbox.give_up_failed", { id: row.id, err: err2 }));
      }
    }
  }
}
