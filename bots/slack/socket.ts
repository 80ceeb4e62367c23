/**
 * The Socket Mode receiver: the same persist-before-ack intake as the HTTP receiver
 * (bots/slack/receiver.ts), over Slack's WebSocket instead of a public URL. Useful behind a
 * firewall or on a laptop; needs an app-level token (`xapp-…`) with `connections:write`.
 */
import type { App, Receiver } from "@slack/bolt";
import { SocketModeClient } from "@slack/socket-mode";
import type { Logger } from "../../core/log.ts";
import { admit, processStored, toBoltLogger, type AcceptFn, type SlackStoredEvent, type ViewValidator } from "./receiver.ts";

export interface DeskSocketModeReceiverOptions {
  /** App-level token (`xapp-…`) with the `connections:write` scope. */
  appToken: string;
  /** Persists a request (InboxProcessor.accept). */
  accept: AcceptFn;
  /** Synchronous check of modal submissions. */
  validateView?: ViewValidator;
  log?: Logger;
  /** For apps.connections.open (e.g. `{ slackApiUrl }` of a local fake). */
  clientOptions?: { slackApiUrl?: string };
  /** Reconnect when Slack drops the connection (default true). */
  autoReconnect?: boolean;
  /** ms without a pong before the connection is considered dead (default 5000). */
  clientPingTimeoutMs?: number;
  /** ms without a ping from Slack before the connection is considered dead (default 30000). */
  serverPingTimeoutMs?: number;
}

/** One envelope as the SocketModeClient emits it on `slack_event`. */
interface SocketEnvelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  envelope_id?: string;
  type: string;
  body: Record<string, any>;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * @example
 * ```ts
 * const receiver = new DeskSocketModeReceiver({ appToken: process.env.SLACK_APP_TOKEN!, accept: (i) => inbox.accept(i) });
 * const app = new App({ receiver, token, clientOptions: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true } });
 * inbox.handle("slack", (event) => receiver.process(event.payload as SlackStoredEvent));
 * await receiver.start();
 * ```
 */
export class DeskSocketModeReceiver implements Receiver {
  /** The underlying client (exposed for its lifecycle events: "connected", "disconnected", …). */
  readonly client: SocketModeClient;
  private app?: App;

  constructor(private readonly o: DeskSocketModeReceiverOptions) {
    if (!o.appToken) throw new Error("DeskSocketModeReceiver: appToken is required");
    this.client = new SocketModeClient({
      appToken: o.appToken,
      ...(o.log ? { logger: toBoltLogger(o.log, "slack.socket") } : {}),
      clientOptions: { ...(o.clientOptions?.slackApiUrl ? { slackApiUrl: o.clientOptions.slackApiUrl } : {}) },
      autoReconnectEnabled: o.autoReconnect ?? true,
      ...(o.clientPingTimeoutMs ? { clientPingTimeout: o.clientPingTimeoutMs } : {}),
      ...(o.serverPingTimeoutMs ? { serverPingTimeout: o.serverPingTimeoutMs } : {}),
    });
    this.client.on("slack_event", (env: SocketEnvelope) => void this.onEnvelope(env));
  }

  /** Called by Bolt's App constructor. */
  init(app: App): void {
    this.app = app;
  }

  /** Opens the connection (apps.connections.open, then the WebSocket); resolves once Slack said hello. */
  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
  }

  /** Runs the App's listeners for a stored request (called by the inbox). */
  process(stored: SlackStoredEvent): Promise<void> {
    return processStored(this.app, stored);
  }

  private async onEnvelope(env: SocketEnvelope): Promise<void> {
    if (!env.body || typeof env.body !== "object") {
      // nothing we could ever process: acknowledge so Slack does not resend it
      await env.ack().catch(() => {});
      return;
    }
    let response: Record<string, unknown> | undefined;
    try {
      ({ response } = await admit(env.body, { retryNum: env.retry_num, retryReason: env.retry_reason }, this.o));
    } catch (err) {
      // not stored: no ack, so Slack delivers the event again
      this.o.log?.error("slack.accept_failed", { err, envelope: env.envelope_id, type: env.type });
      return;
    }
    try {
      await env.ack(response);
    } catch (err) {
      // stored already; a redelivery is deduplicated
      this.o.log?.warn("slack.ack_failed", { err, envelope: env.envelope_id });
    }
  }
}
