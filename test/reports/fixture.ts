/**
 * A small hand-computed fixture for the report tests: three staff, three customers and
 * fifteen tickets around the week Mon 2026-11-02 .. Sun 2026-11-08 (Asia/Shanghai), with
 * surveys, complaint records and repair cards.
 *
 * Working calendar: the default (Asia/Shanghai, Monday–Saturday, 08:30–17:30, so 9 working
 * hours a day, Sunday off). All times below are local Shanghai wall times. Each ticket's
 * working-hours durations are worked out next to it; the expected figures are derived in
 * summary.test.ts.
 */
import { localTimeToInstant } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";

export const TZ = "Asia/Shanghai";

/** A local Shanghai wall time "MM-DD HH:MM" of 2026 → the instant. */
export function L(text: string): Date {
  const [md, hm] = text.split(" ");
  return localTimeToInstant(TZ, `2026-${md}`, hm!);
}

/** The fixture's period: Mon 2026-11-02 00:00 .. Mon 2026-11-09 00:00 local. */
export const FROM = L("11-02 00:00"); // 2026-11-01T16:00:00Z
export const TO = L("11-09 00:00"); // 2026-11-08T16:00:00Z

type StaffKey = "E1" | "E2" | "S";

interface TicketSpec {
  kind: string;
  category: string | null;
  fee: "A" | "B" | "C";
  created: string;
  status: string;
  resolution?: string;
  firstResponse?: string;
  dispatchDue?: string;
  arrived?: string;
  slaMet?: boolean | null;
  resolved?: string;
  closed?: string;
  replyDue?: string;
  assignee?: StaffKey;
  reopenCount?: number;
  repeatOf?: string;
  parent?: string;
  customer?: 1 | 2 | 3;
  repair?: { hours: number; parts: { name: string; qty: number }[]; fee: number };
  survey?: {
    form: "full" | "self_service";
    status: "pending" | "answered" | "expired";
    items?: [number, number, number, number];
    satisfied?: boolean;
    outcome?: string;
    sent: string;
    answered?: string;
    comment?: string;
  };
  complaint?: { kind: "product" | "service" | "environment"; severity: "major" | "ordinary"; replied?: string };
}

/** The tickets, created in this order (so T1 gets the lowest ref). */
export const SPECS: Record<string, TicketSpec> = {
  // Mon 09:00 → first response 10:00 = 1.00 wh; resolved 15:00 = 6.00 wh; on time.
  T1: {
    kind: "repair",
    category: "fridge",
    fee: "C",
    created: "11-02 09:00",
    status: "closed",
    resolution: "repaired",
    firstResponse: "11-02 10:00",
    dispatchDue: "11-02 15:00",
    arrived: "11-02 13:00",
    slaMet: true,
    resolved: "11-02 15:00",
    closed: "11-03 10:00",
    assignee: "E1",
    customer: 1,
    repair: { hours: 2.5, parts: [{ name: "温控器", qty: 1 }], fee: 0 },
    survey: {
      form: "full",
      status: "answered",
      items: [4, 4, 3, 4],
      satisfied: true,
      outcome: "satisfied",
      sent: "11-02 15:00",
      answered: "11-02 18:00",
    },
  },
  // Mon 16:30 → Tue 09:30: Mon 16:30–17:30 (1) + Tue 08:30–09:30 (1) = 2.00 wh.
  // Resolved Wed 12:30: Mon 1 + Tue 9 + Wed 08:30–12:30 (4) = 14.00 wh. Late on site.
  T2: {
    kind: "repair",
    category: "washer",
    fee: "A",
    created: "11-02 16:30",
    status: "callback_needed",
    resolution: "repaired",
    firstResponse: "11-03 09:30",
    dispatchDue: "11-03 14:30",
    arrived: "11-04 10:00",
    slaMet: false,
    resolved: "11-04 12:30",
    assignee: "E1",
    customer: 2,
    repair: {
      hours: 1.5,
      parts: [
        { name: "排水泵", qty: 1 },
        { name: "密封圈, 大号", qty: 2 },
      ],
      fee: 120,
    },
    survey: {
      form: "full",
      status: "answered",
      items: [1, 2, 2, 1],
      satisfied: false,
      outcome: "attitude",
      sent: "11-04 12:30",
      answered: "11-04 20:00",
      comment: '态度差, "不耐烦"',
    },
  },
  // Sat 17:00 → Mon 11-09 09:00: Sat 17:00–17:30 (0.5) + Sunday off + Mon 08:30–09:00 (0.5) = 1.00 wh.
  // On site (late) at exactly the end of the period, Mon 11-09 00:00 → not an arrival of the week.
  T3: {
    kind: "install",
    category: "ac",
    fee: "B",
    created: "11-07 17:00",
    status: "on_site",
    firstResponse: "11-09 09:00",
    dispatchDue: "11-08 23:00",
    arrived: "11-09 00:00",
    slaMet: false,
    assignee: "E2",
    customer: 3,
  },
  // Self-service (first-line help solved it), with the single "did this help?" survey.
  T4: {
    kind: "repair",
    category: "tv",
    fee: "C",
    created: "11-03 10:00",
    status: "closed",
    resolution: "self_service",
    resolved: "11-03 10:05",
    closed: "11-03 10:05",
    customer: 1,
    survey: {
      form: "self_service",
      status: "answered",
      satisfied: true,
      outcome: "satisfied",
      sent: "11-03 10:05",
      answered: "11-03 10:06",
    },
  },
  T5: {
    kind: "consult",
    category: "phone",
    fee: "C",
    created: "11-04 09:00",
    status: "resolved",
    resolution: "self_service",
    resolved: "11-04 09:10",
    customer: 2,
  },
  // Complaint about T2: 09:00 → 09:30 = 0.50 wh; replied Fri 11:00 after the 09:00 deadline → overdue.
  T6: {
    kind: "complaint",
    category: "fridge",
    fee: "C",
    created: "11-05 09:00",
    status: "closed",
    firstResponse: "11-05 09:30",
    replyDue: "11-06 09:00",
    closed: "11-06 12:00",
    assignee: "S",
    parent: "T2",
    customer: 2,
    complaint: { kind: "service", severity: "major", replied: "11-06 11:00" },
  },
  // Complaint never replied, due Sun 10:00 → overdue (now is later).
  T7: {
    kind: "complaint",
    category: "tv",
    fee: "A",
    created: "11-07 10:00",
    status: "queued",
    replyDue: "11-08 10:00",
    customer: 3,
    complaint: { kind: "product", severity: "ordinary" },
  },
  // Repeat of T1, reopened once. Thu 14:00 → 14:30 = 0.50 wh; resolved Fri 11:30:
  // Thu 14:00–17:30 (3.5) + Fri 08:30–11:30 (3) = 6.50 wh. On time.
  T8: {
    kind: "repair",
    category: "fridge",
    fee: "C",
    created: "11-05 14:00",
    status: "closed",
    resolution: "repaired",
    firstResponse: "11-05 14:30",
    dispatchDue: "11-06 11:30",
    arrived: "11-06 09:00",
    slaMet: true,
    resolved: "11-06 11:30",
    closed: "11-07 09:00",
    assignee: "E2",
    reopenCount: 1,
    repeatOf: "T1",
    customer: 1,
    repair: { hours: 3, parts: [{ name: "温控器", qty: 1 }], fee: 0 },
    survey: {
      form: "full",
      status: "answered",
      items: [3, 3, 4, 3],
      satisfied: true,
      outcome: "not_fixed_first",
      sent: "11-06 11:30",
      answered: "11-06 14:00",
    },
  },
  // Created before the period, finished in it. Resolved Mon 11-02 10:00:
  // Fri 10-30 16:00–17:30 (1.5) + Sat 10-31 (9) + Sun off + Mon 08:30–10:00 (1.5) = 12.00 wh.
  T9: {
    kind: "maintenance",
    category: "purifier",
    fee: "B",
    created: "10-30 16:00",
    status: "closed",
    resolution: "repaired",
    firstResponse: "10-30 16:30",
    dispatchDue: "11-02 09:30",
    arrived: "11-02 09:00",
    slaMet: true,
    resolved: "11-02 10:00",
    closed: "11-05 10:00",
    assignee: "E1",
    customer: 3,
    repair: { hours: 1, parts: [{ name: "滤芯", qty: 3 }], fee: 0 },
    survey: { form: "full", status: "expired", outcome: "no_response", sent: "11-02 10:00" },
  },
  // Sunday 23:30: the last half hour of the period → in.
  T10: { kind: "repair", category: "phone", fee: "A", created: "11-08 23:30", status: "queued", customer: 2 },
  // Exactly the end of the period (Mon 11-09 00:00) → not in.
  T11: { kind: "repair", category: "tv", fee: "C", created: "11-09 00:00", status: "queued", customer: 1 },
  // One minute before the period; cancelled inside it → out (cancelled), not in.
  T12: {
    kind: "repair",
    category: "washer",
    fee: "C",
    created: "11-01 23:59",
    status: "cancelled",
    resolution: "cancelled",
    closed: "11-02 08:00",
    repeatOf: "T9",
    customer: 3,
  },
  // 09:00 → 09:00 = 0.00 wh; resolved 15:30 = 6.50 wh; arrived without a deadline (slaMet null).
  T13: {
    kind: "install",
    category: "tv",
    fee: "A",
    created: "11-06 09:00",
    status: "resolved",
    resolution: "repaired",
    firstResponse: "11-06 09:00",
    arrived: "11-06 13:00",
    slaMet: null,
    resolved: "11-06 15:30",
    assignee: "E2",
    customer: 3,
    repair: { hours: 2, parts: [], fee: 150 },
    survey: { form: "full", status: "pending", sent: "11-06 15:30" },
  },
  // Complaint without a product, Sunday 20:00 → Mon 10:00 = 1.50 wh (Sunday off); replied in time.
  T14: {
    kind: "complaint",
    category: null,
    fee: "C",
    created: "11-08 20:00",
    status: "claimed",
    firstResponse: "11-09 10:00",
    replyDue: "11-09 20:00",
    assignee: "S",
    customer: 1,
    complaint: { kind: "environment", severity: "ordinary", replied: "11-09 10:00" },
  },
  // An old complaint, still open and overdue: outside the period, counted nowhere.
  T15: {
    kind: "complaint",
    category: "tv",
    fee: "C",
    created: "10-20 10:00",
    status: "queued",
    replyDue: "10-21 10:00",
    customer: 2,
    complaint: { kind: "product", severity: "major" },
  },
};

export interface Fixture {
  staff: Record<StaffKey, { id: number; slackUserId: string; name: string }>;
  /** ticket key → ticket id and ref */
  tickets: Record<string, { id: number; ref: number }>;
}

export const STAFF: Record<StaffKey, { slackUserId: string; role: string; name: string }> = {
  E1: { slackUserId: "U0E1", role: "engineer", name: "张工" },
  // a name that needs CSV quoting
  E2: { slackUserId: "U0E2", role: "engineer", name: '李工 "Leo", 二组' },
  S: { slackUserId: "U0SUP", role: "supervisor", name: "王主任" },
};

/** Inserts the fixture through the store. */
export async function seedFixture(store: Store): Promise<Fixture> {
  const staff = {} as Fixture["staff"];
  for (const [key, s] of Object.entries(STAFF) as [StaffKey, (typeof STAFF)[StaffKey]][]) {
    const row = await store.staff.upsert(s.slackUserId, s.role, s.name);
    staff[key] = { id: row.id, slackUserId: row.slackUserId, name: s.name };
  }
  const customers: number[] = [];
  for (const n of [1, 2, 3]) {
    const c = await store.customers.upsertTelegram({ userId: `70${n}`, chatId: `70${n}`, lang: "zh-CN" });
    customers[n] = c.id;
  }
  const tickets: Fixture["tickets"] = {};
  for (const [key, t] of Object.entries(SPECS)) {
    const created = await store.tickets.create(
      {
        customerId: customers[t.customer ?? 1]!,
        kind: t.kind,
        category: t.category,
        description: `fixture ${key}`,
        feeType: t.fee,
        status: t.status,
        lang: "zh-CN",
        area: "city",
        parentId: t.parent ? tickets[t.parent]!.id : null,
      },
      { type: "system" },
      L(t.created),
    );
    tickets[key] = { id: created.id, ref: created.ref };
    const at = (s?: string) => (s ? L(s) : null);
    await store.tickets.patch(created.id, {
      resolution: t.resolution ?? null,
      firstResponseAt: at(t.firstResponse),
      dispatchDueAt: at(t.dispatchDue),
      arrivedAt: at(t.arrived),
      slaMet: t.slaMet ?? null,
      resolvedAt: at(t.resolved),
      closedAt: at(t.closed),
      replyDueAt: at(t.replyDue),
      assigneeId: t.assignee ? staff[t.assignee].id : null,
      reopenCount: t.reopenCount ?? 0,
      repeatOfId: t.repeatOf ? tickets[t.repeatOf]!.id : null,
    });
    if (t.repair) {
      await store.tickets.saveRepair(
        created.id,
        {
          workDone: "fixture",
          hours: t.repair.hours,
          parts: t.repair.parts,
          feeAmount: t.repair.fee,
          feeType: t.fee,
          recordedBy: t.assignee ? STAFF[t.assignee].slackUserId : "U0X",
        },
        L(t.resolved!),
      );
    }
    if (t.survey) {
      const s = t.survey;
      await store.reports.insertSurvey({
        ticketId: created.id,
        form: s.form,
        status: s.status,
        attitude: s.items?.[0] ?? null,
        skill: s.items?.[1] ?? null,
        arrival: s.items?.[2] ?? null,
        promise: s.items?.[3] ?? null,
        satisfied: s.satisfied ?? null,
        comment: s.comment ?? null,
        outcome: s.outcome ?? null,
        sentAt: L(s.sent),
        answeredAt: at(s.answered),
        expiresAt: new Date(L(s.sent).getTime() + 72 * 3_600_000),
      });
    }
    if (t.complaint) {
      await store.reports.insertComplaint({
        ticketId: created.id,
        kind: t.complaint.kind,
        severity: t.complaint.severity,
        repliedAt: at(t.complaint.replied),
        createdAt: L(t.created),
      });
    }
  }
  return { staff, tickets };
}
