/**
 * The desk's HTTP routes on its one server: /healthz, /metrics (with METRICS_TOKEN), the
 * Telegram webhook, Slack's events, and the admin API the CLI talks to (loopback only, with
 * the admin token from the data-dir lock).
 */
import { importKb } from "../../core/faq-import.ts";
import { BACKUP_ADMIN_PATH } from "../cli/backup.ts";
import { RECORDS_EXPORT_PATH, RECORDS_IMPORT_PATH, recordsAdmin } from "../cli/records.ts";
import { REPORT_ADMIN_PATH, reportAdmin } from "../cli/report.ts";
import type { Desk } from "../desk.ts";
import { isLoopback, type HttpRequest, type HttpResponse } from "../http.ts";
import { METRICS_PATH } from "../metrics.ts";
import { SLACK_EVENTS_PATH, SLACK_MAX_REQUEST_BYTES } from "../slack/names.ts";
import { TELEGRAM_MAX_UPDATE_BYTES } from "../telegram/adapter.ts";

/** What the routes serve: the desk's parts. */
export type RoutedDesk = Pick<
  Desk,
  "o" | "http" | "store" | "faq" | "catalogue" | "clock" | "health" | "scale" | "metrics" | "telegram" | "slack" | "sandbox" | "proactive"
>;

/**
 * Registers the routes on `desk.http`; `kbImported` is told the KB version an admin import
 * left, so the desk's periodic KB check does not reload it a second time.
 *
 * @example
 * ```ts
 * deskRoutes(desk, (version) => (kbVersion = version));
 * ```
 */
export function deskRoutes(desk: RoutedDesk, kbImported: (version: string | undefined) => void): void {
  const { http, store, faq, catalogue } = desk;
  http.route("GET", "/healthz", () => healthz(desk));
  const metrics = desk.metrics;
  const metricsToken = desk.o.config.scale.metricsToken;
  if (metrics && metricsToken) http.route("GET", METRICS_PATH, (req) => metrics.handle(req, metricsToken));
  if (desk.telegram) {
    const tg = desk.telegram;
    http.route(
      "POST",
      "/telegram/webhook",
      async (req) => {
        if (tg.mode !== "webhook") return { status: 404, body: { error: "webhook mode is off (TELEGRAM_WEBHOOK_URL is not set)" } };
        const r = await tg.webhook(req.headers, req.body);
        return { status: r.status, body: r.body, headers: r.headers };
      },
      TELEGRAM_MAX_UPDATE_BYTES,
    );
  }
  if (desk.slack) {
    const slack = desk.slack;
    http.route("POST", SLACK_EVENTS_PATH, (req) => slack.handle(req), SLACK_MAX_REQUEST_BYTES);
  }
  http.route("POST", "/admin/faq/import", (req) =>
    admin(desk, req, async (body) => {
      const r = await importKb(store, String(body.dir), { replace: Boolean(body.replace), catalogue });
      await faq.reload(store);
      kbImported(await store.settings.get<string>("kb.version"));
      return r;
    }),
  );
  http.route("POST", REPORT_ADMIN_PATH, (req) =>
    admin(desk, req, (body) =>
      reportAdmin(store, body, { calendar: desk.o.config.sla.calendar, timeZone: desk.o.config.timeZone, now: desk.clock.now() }),
    ),
  );
  http.route("POST", RECORDS_IMPORT_PATH, (req) =>
    admin(desk, req, (body) => recordsAdmin(store, "import", body, { catalogue, afterImport: (s) => desk.proactive.afterImport(s) })),
  );
  http.route("POST", RECORDS_EXPORT_PATH, (req) => admin(desk, req, (body) => recordsAdmin(store, "export", body, { catalogue })));
  // a consistent copy of the embedded database, for `desk backup` (bots/cli/backup.ts)
  http.route("POST", BACKUP_ADMIN_PATH, (req) => admin(desk, req, async () => Buffer.from(await store.backup())));
  http.route("POST", "/admin/faq/search", (req) =>
    admin(desk, req, async (body) =>
      faq.search(String(body.query ?? ""), {
        lang: body.lang as any,
        product: (body.product as string) ?? null,
      }),
    ),
  );
}

async function admin(desk: RoutedDesk, req: HttpRequest, fn: (body: Record<string, unknown>) => Promise<unknown>): Promise<HttpResponse> {
  if (!isLoopback(req.remoteAddress)) return { status: 403, body: { error: "admin API is local only" } };
  const token = desk.o.adminToken;
  if (!token || req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: "bad admin token" } };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body.toString("utf8") || "{}");
  } catch {
    return { status: 400, body: { error: "invalid JSON" } };
  }
  return { status: 200, body: (await fn(body)) as object };
}

async function healthz(desk: RoutedDesk): Promise<HttpResponse> {
  const { store, scale, telegram, slack, sandbox } = desk;
  const db = !desk.health.down && (await store.ping());
  let outbox = null;
  let inbox = null;
  if (db) {
    [outbox, inbox] = await Promise.all([store.outbox.stats(desk.clock.now()), store.inbox.counts()]);
  }
  const redis = scale.redisState;
  return {
    status: db ? 200 : 503,
    body: {
      ok: db,
      // degraded: the database is away (webhooks answer 503, polling and sending pause),
      // or Redis is (each process paces on its share of the limits)
      status: db && redis !== "down" ? "ok" : "degraded",
      redis,
      pacing: scale.pacing,
      poller: telegram?.mode === "polling" ? scale.polling : undefined,
      database: { reachable: db, kind: store.target.kind },
      outbox,
      inbox,
      kb: { entries: desk.faq.size },
      telegram: telegram ? { mode: telegram.mode, ready: telegram.ready } : { connected: false },
      slack: slack ? { mode: slack.mode, ready: slack.ready } : { connected: false },
      sandbox: sandbox ? { on: true, staff: !!sandbox.staffTransport } : { on: false },
    },
  };
}
