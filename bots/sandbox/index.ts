/**
 * The browser sandbox: a third platform adapter over the same core, for trying the desk with
 * no Telegram bot and no Slack app. Its page at `/sandbox` has a Telegram-like customer chat
 * and a Slack-like staff desk; its transports play the customer platform and (unless Slack
 * is connected) the staff platform for the outbox. See README → Quick start.
 */
import type { Clock } from "../../core/clock.ts";
import type { CustomerDesk } from "../../core/customer/index.ts";
import type { InboxProcessor } from "../../core/inbox/index.ts";
import type { Logger } from "../../core/log.ts";
import type { StaffDesk } from "../../core/staff/index.ts";
import type { OverdueLine } from "../../core/staff/sla-notices.ts";
import type { Store } from "../../core/store/index.ts";
import type { HttpServer } from "../http.ts";
import { SandboxAdapter } from "./adapter.ts";
import { SandboxFiles } from "./files.ts";
import { SandboxRoutes, isLoopbackHost } from "./routes.ts";
import { Transcripts } from "./transcript.ts";
import { SandboxCustomerTransport, SandboxStaffTransport, type ForeignFile } from "./transport.ts";

export { SANDBOX_CHANNELS, SANDBOX_MANAGER, isSandboxChat } from "./workspace.ts";
export { RoutedTransport } from "./transport.ts";
export { isLoopbackHost } from "./routes.ts";

export interface SandboxOptions {
  store: Store;
  inbox: InboxProcessor;
  customers: CustomerDesk;
  /** the staff desk when the sandbox plays the staff side (Slack not connected) */
  staff?: StaffDesk;
  clock: Clock;
  log: Logger;
  wake: () => void;
  timeZone: string;
  staffLang: string;
  dataDir: string;
  /** DESK_SANDBOX_HOST */
  host: string;
  overdue: (s: Store) => Promise<OverdueLine[]>;
  /** a real Telegram photo, for the staff side when a Telegram bot runs beside the sandbox */
  foreignFile?: ForeignFile;
}

/**
 * @example
 * ```ts
 * const sandbox = new Sandbox({ store, inbox, customers, staff, clock, log, wake, timeZone, staffLang, dataDir, host, overdue });
 * sender.register(sandbox.customerTransport, pacer);
 * if (sandbox.staffTransport) sender.register(sandbox.staffTransport, staffPacer);
 * sandbox.register(http);
 * await sandbox.init();
 * ```
 */
export class Sandbox {
  readonly transcripts: Transcripts;
  readonly files: SandboxFiles;
  readonly adapter: SandboxAdapter;
  readonly customerTransport: SandboxCustomerTransport;
  readonly staffTransport?: SandboxStaffTransport;
  private readonly routes: SandboxRoutes;

  constructor(readonly o: SandboxOptions) {
    this.transcripts = new Transcripts(o.store, () => o.clock.now());
    this.files = new SandboxFiles(o.dataDir);
    this.adapter = new SandboxAdapter({
      store: o.store,
      inbox: o.inbox,
      customers: o.customers,
      staff: o.staff,
      transcripts: this.transcripts,
      files: this.files,
      wake: o.wake,
      clock: o.clock,
      log: o.log,
      timeZone: o.timeZone,
      overdue: o.overdue,
    });
    this.customerTransport = new SandboxCustomerTransport(this.transcripts);
    if (o.staff)
      this.staffTransport = new SandboxStaffTransport({
        transcripts: this.transcripts,
        files: this.files,
        foreignFile: o.foreignFile,
        tickets: async (id) => {
          const t = await o.store.tickets.byId(id);
          return t?.slackChannel && t.slackTs ? { channel: t.slackChannel, ts: t.slackTs } : null;
        },
      });
    this.routes = new SandboxRoutes({
      adapter: this.adapter,
      transcripts: this.transcripts,
      files: this.files,
      store: o.store,
      host: o.host,
      staffLang: o.staffLang,
    });
  }

  /** Whether it can be reached from other machines (DESK_SANDBOX_HOST is not a loopback address). */
  get exposed(): boolean {
    return !isLoopbackHost(this.o.host);
  }

  register(http: HttpServer): void {
    this.routes.register(http);
  }

  init(): Promise<void> {
    return this.adapter.init();
  }

  stop(): void {
    this.routes.close();
  }
}
