/**
 * Where the scheduled reports go: an explicit "post this card to channel X / DM user Y"
 * helper that writes to the persisted outbox inside the caller's transaction (so a report is
 * enqueued exactly when its job is marked done, never twice). The Slack transport delivers.
 *
 * @module
 */
import type { MessageCard } from "../card.ts";
import { toOutbox, type StaffOutbound } from "../staff/outbound.ts";
import type { Store } from "../store/index.ts";

/** A file attached to a channel post (a PNG chart, a CSV). */
export interface ReportFile {
  filename: string;
  title?: string;
  /** text (a CSV) or bytes (a PNG) */
  content: string | Uint8Array;
}

/** Posts report cards; every method enqueues in the given store (the caller's transaction). */
export interface ReportPoster {
  /** A card to a channel, then its files (uploaded into the same channel). */
  post(s: Store, channel: string, card: MessageCard, files?: readonly ReportFile[]): Promise<void>;
  /** A card by direct message to a Slack user. */
  dm(s: Store, slackUserId: string, card: MessageCard): Promise<void>;
}

/**
 * The outbox poster: channel posts, file uploads and DMs as staff outbox messages (platform
 * "slack"). Binary files go base64-encoded with `encoding: "base64"` in the file source, which
 * the Slack transport decodes before `files.uploadV2`.
 *
 * @example
 * ```ts
 * const poster = outboxPoster(() => clock.now());
 * await store.tx((s) => poster.post(s, "C_TRIAGE", card, [{ filename: "chart.png", content: png }]));
 * ```
 */
export function outboxPoster(now: () => Date): ReportPoster {
  return {
    async post(s, channel, card, files = []) {
      const items: StaffOutbound[] = [{ kind: "post", channel, card }];
      for (const f of files) {
        const binary = typeof f.content !== "string";
        const content = binary ? Buffer.from(f.content as Uint8Array).toString("base64") : (f.content as string);
        const source = { platform: "inline" as const, filename: f.filename, content, ...(binary ? { encoding: "base64" as const } : {}) };
        items.push({ kind: "file", channel, source, title: f.title ?? f.filename });
      }
      await s.outbox.enqueue(
        items.map((m) => toOutbox(m)),
        now(),
      );
    },
    async dm(s, slackUserId, card) {
      await s.outbox.enqueue([toOutbox({ kind: "dm", user: slackUserId, card })], now());
    },
  };
}
