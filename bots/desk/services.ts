/**
 * The desk's core services, built from the config: the database watcher, the inbox, the
 * outbox, the metrics, the callback survey, proactive reminders, the customer desk, and the
 * job runner with the handlers of the jobs they queue (first-line help, SLA timers, survey
 * and reminder jobs). No platform here: `compose.ts` adds Telegram, Slack and the sandbox.
 */
import type { Assistant } from "../../core/assistant/port.ts";
import type { Catalogue } from "../../core/catalogue/index.ts";
import type { Clock } from "../../core/clock.ts";
import type { AppointmentSettings } from "../../core/customer/appointment-choice.ts";
import { FIRST_LINE_JOB, FirstLineHelp } from "../../core/customer/first-line.ts";
import { CustomerDesk } from "../../core/customer/index.ts";
import { SURVEY_EXPIRE_JOB, SURVEY_REMIND_JOB, SurveyService } from "../../core/customer/survey.ts";
import { DbHealth } from "../../core/db-health.ts";
import type { DeskEvents } from "../../core/events.ts";
import type { FaqService } from "../../core/faq.ts";
import { InboxProcessor } from "../../core/inbox/index.ts";
import { JobRunner } from "../../core/jobs/index.ts";
import type { Logger } from "../../core/log.ts";
import { OutboxSender } from "../../core/outbox/index.ts";
import { ProactiveService, REMINDER_SCAN_JOB, REMINDER_SEND_JOB } from "../../core/proactive/index.ts";
import { DEFAULT_WINDOW_OPTIONS } from "../../core/sla/windows.ts";
import { SLA_BREACH_JOB, SLA_MORNING_JOB, SLA_WARN_JOB, SlaWatch } from "../../core/sla/watch.ts";
import type { Store } from "../../core/store/index.ts";
import type { DeskOptions } from "../desk.ts";
import { DeskMetrics } from "../metrics.ts";
import { Scale } from "../scale.ts";

/** What every part of the desk is built from: the options and what `Desk.create` opened. */
export interface DeskContext {
  o: DeskOptions;
  store: Store;
  faq: FaqService;
  catalogue: Catalogue;
  clock: Clock;
  log: Logger;
  /** the desk's `wake()`: a change was committed, deliver and run what it queued now */
  wake: () => void;
}

export interface CoreServices {
  /** whether the database is reachable, as this process sees it (backpressure) */
  health: DbHealth;
  /** several desks on one database: shared pacing (Redis), the one poller */
  scale: Scale;
  inbox: InboxProcessor;
  sender: OutboxSender;
  /** GET /metrics (METRICS_TOKEN or METRICS_PORT), else undefined */
  metrics?: DeskMetrics;
  /** the LLM assistant (counted by the metrics when they are on), or null */
  assistant: Assistant | null;
  surveys: SurveyService;
  /** proactive reminders (contract ends, consumables due) */
  proactive: ProactiveService;
  customers: CustomerDesk;
  jobs: JobRunner;
  sla: SlaWatch;
  /** appointment windows customers and staff pick from (DESK_APPOINTMENT_CHOICES), when offered */
  appointments?: AppointmentSettings;
}

/**
 * @example
 * ```ts
 * const core = coreServices({ o, store, faq, catalogue, clock, log, wake }, events);
 * core.sender.register(transport, pacer);
 * ```
 */
export function coreServices(desk: DeskContext, events: DeskEvents): CoreServices {
  const { o, store, faq, catalogue, clock, log } = desk;
  const { config } = o;
  const health = new DbHealth({ ping: () => store.ping(), log: log.child({ c: "db" }) });
  const scale = new Scale(config, log.child({ c: "scale" }));
  const inbox = new InboxProcessor({ store, clock, log: log.child({ c: "inbox" }), pollMs: o.inboxPollMs, health });
  const sender = new OutboxSender({
    store,
    clock,
    health,
    log: log.child({ c: "outbox" }),
    maxAttempts: config.outbox.maxAttempts,
    pollMs: o.outboxPollMs,
    events,
  });
  let metrics: DeskMetrics | undefined;
  if (config.scale.metricsToken || config.scale.metricsPort) {
    metrics = new DeskMetrics({ store, sender, clock, dbDown: () => health.down });
    metrics.watch(events);
  }
  const assistant = o.assistant && metrics ? metrics.countLlm(o.assistant) : (o.assistant ?? null);
  const surveys = new SurveyService({
    clock,
    remindAfterMs: config.survey.remindAfterMs,
    expireAfterMs: config.survey.expireAfterMs,
    events,
  });
  const proactive = new ProactiveService({
    clock,
    timeZone: config.timeZone,
    reminders: config.reminders,
    catalogue,
    warrantyMonths: config.warrantyMonths,
    events,
    log: log.child({ c: "reminders" }),
  });
  const appointments = config.appointments.choices
    ? {
        calendar: config.sla.calendar,
        timeZone: config.timeZone,
        slotHours: config.appointments.slotHours,
        count: config.appointments.choices,
        leadMs: DEFAULT_WINDOW_OPTIONS.leadMs,
        cutoffMs: config.appointments.cutoffHours * 3_600_000,
      }
    : undefined;
  const customers = new CustomerDesk({
    clock,
    timeZone: config.timeZone,
    warrantyMonths: config.warrantyMonths,
    catalogue,
    vipTiers: config.vipTiers,
    faq,
    events,
    log,
    assistant,
    surveys,
    proactive,
    repeatDays: config.repeatDays,
    complaintReplyHours: config.sla.targets.complaintReplyHours,
    majorComplaintReplyHours: config.sla.targets.majorComplaintReplyHours,
    calendar: config.outOfHoursNotice ? config.sla.calendar : undefined,
    appointments,
  });
  const jobs = new JobRunner({ store, clock, log: log.child({ c: "jobs" }), pollMs: o.jobsPollMs });
  const firstLine = new FirstLineHelp({ faq, assistant, events, clock, log });
  jobs.handle(FIRST_LINE_JOB, (job, ctx) => firstLine.run(job, ctx));
  const sla = new SlaWatch({ sla: config.sla, clock, log: log.child({ c: "sla" }), events });
  jobs.handle(SLA_WARN_JOB, (job, ctx) => sla.warn(job, ctx));
  jobs.handle(SLA_BREACH_JOB, (job, ctx) => sla.breach(job, ctx));
  jobs.handle(SLA_MORNING_JOB, (job, ctx) => sla.morning(job, ctx));
  jobs.handle(SURVEY_REMIND_JOB, (job, ctx) => surveys.remind(job, ctx));
  jobs.handle(SURVEY_EXPIRE_JOB, (job, ctx) => surveys.expire(job, ctx));
  jobs.handle(REMINDER_SEND_JOB, (job, ctx) => proactive.send(job, ctx));
  jobs.handle(REMINDER_SCAN_JOB, (job, ctx) => proactive.scanJob(job, ctx));
  return { health, scale, inbox, sender, metrics, assistant, surveys, proactive, customers, jobs, sla, appointments };
}
