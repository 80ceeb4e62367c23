/**
 * `GET /metrics` in Prometheus's text format (prom-client): inbox lag, outbox backlog per
 * platform, sends, 429s, retries, dead letters, SLA warnings and breaches, LLM calls and
 * fallbacks. Off unless METRICS_TOKEN (on the desk's port, `Authorization: Bearer …`) or
 * METRICS_PORT (a port of its own, no token) is set. Counters are this process's since it
 * started; gauges read the shared database at each scrape.
 */
import { timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Registry } from "prom-client";
import type { Assistant } from "../core/assistant/port.ts";
import type { Clock } from "../core/clock.ts";
import type { DeskEvents } from "../core/events.ts";
import type { OutboxSender } from "../core/outbox/index.ts";
import type { Store } from "../core/store/index.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";

export const METRICS_PATH = "/metrics";

export interface MetricsDeps {
  store: Store;
  sender: OutboxSender;
  clock: Clock;
  /** the database watcher's view (1 while it is down) */
  dbDown: () => boolean;
}

/**
 * @example
 * ```ts
 * const metrics = new DeskMetrics({ store, sender, clock, dbDown: () => health.down });
 * metrics.watch(events);
 * const assistant = metrics.countLlm(rawAssistant);
 * http.route("GET", METRICS_PATH, (req) => metrics.handle(req, token));
 * ```
 */
export class DeskMetrics {
  readonly registry = new Registry();
  private readonly sla: Counter<"kind" | "clock">;
  private readonly llm: Counter<"task" | "outcome">;

  constructor(private readonly d: MetricsDeps) {
    const r = this.registry;
    const sender = d.sender;
    const fromStats = (name: string, help: string, key: keyof OutboxSender["stats"]) => {
      let seen = 0;
      const c: Counter = new Counter({
        name,
        help,
        registers: [r],
        collect() {
          const now = sender.stats[key];
          if (now > seen) c.inc(now - seen);
          seen = now;
        },
      });
    };
    fromStats("desk_outbox_sent_total", "Messages the platforms accepted (this process)", "sent");
    fromStats("desk_outbox_rate_limited_total", "429 answers from the platforms (this process)", "rateLimited");
    fromStats("desk_outbox_retries_total", "Deliveries retried after a temporary failure (this process)", "retried");
    fromStats("desk_outbox_dead_total", "Messages given up on (dead letters, this process)", "dead");
    new Gauge({
      name: "desk_outbox_backlog",
      help: "Outbox messages by platform and status (pending, sending, dead), all processes",
      labelNames: ["platform", "status"],
      registers: [r],
      async collect() {
        this.reset();
        for (const b of await d.store.outbox.backlog()) this.set({ platform: b.platform, status: b.status }, b.count);
      },
    });
    new Gauge({
      name: "desk_inbox_lag_seconds",
      help: "Age of the oldest inbound update still waiting to be processed (0: none)",
      registers: [r],
      async collect() {
        const oldest = await d.store.inbox.oldestPending();
        this.set(oldest ? Math.max(0, (d.clock.now().getTime() - oldest.getTime()) / 1000) : 0);
      },
    });
    new Gauge({
      name: "desk_inbox_events",
      help: "Inbound updates waiting (pending), given up on (failed), or of a wrong shape (invalid)",
      labelNames: ["status"],
      registers: [r],
      async collect() {
        const c = await d.store.inbox.counts();
        for (const [status, n] of Object.entries(c)) this.set({ status }, n);
      },
    });
    new Gauge({
      name: "desk_db_down",
      help: "1 while this process cannot reach the database",
      registers: [r],
      collect() {
        this.set(d.dbDown() ? 1 : 0);
      },
    });
    this.sla = new Counter({
      name: "desk_sla_events_total",
      help: "SLA warnings and breaches (this process)",
      labelNames: ["kind", "clock"],
      registers: [r],
    });
    this.llm = new Counter({
      name: "desk_llm_calls_total",
      help: "LLM assistant calls by task and outcome (ok, or fallback to the retrieval-only path)",
      labelNames: ["task", "outcome"],
      registers: [r],
    });
  }

  /** Counts SLA warnings and breaches as they are emitted. */
  watch(events: DeskEvents): void {
    events.on("sla.warned", async (_s, e) => void this.sla.inc({ kind: "warning", clock: e.clock }));
    events.on("sla.breached", async (_s, e) => void this.sla.inc({ kind: "breach", clock: e.clock }));
  }

  /** The assistant with each call counted (a null answer is a fallback to the retrieval-only path). */
  countLlm(a: Assistant): Assistant {
    const count = <T>(task: string, p: Promise<T | null>) =>
      p.then(
        (v) => (this.llm.inc({ task, outcome: v === null ? "fallback" : "ok" }), v),
        (err) => {
          this.llm.inc({ task, outcome: "fallback" });
          throw err;
        },
      );
    return {
      understand: (i) => count("understand", a.understand(i)),
      answer: (i) => count("answer", a.answer(i)),
      summarize: (i) => count("summarize", a.summarize(i)),
    };
  }

  /** `GET /metrics`; with a token, only for `Authorization: Bearer <token>`. */
  async handle(req: HttpRequest, token?: string): Promise<HttpResponse> {
    if (token) {
      const given = Buffer.from(req.headers.authorization ?? "");
      const want = Buffer.from(`Bearer ${token}`);
      if (given.length !== want.length || !timingSafeEqual(given, want)) return { status: 401, body: { error: "bad metrics token" } };
    }
    return { status: 200, headers: { "content-type": this.registry.contentType }, body: await this.registry.metrics() };
  }
}
