/**
 * `desk seed demo`: a realistic month of after-sales work for trying the desk: about 30
 * customers (the sandbox can be any of them) with products and maintenance contracts, the
 * sandbox's staff team, and about 150 tickets across kinds, fee types, areas and outcomes,
 * with repair records, callback surveys, two complaints and a repeat repair. The summary and
 * reports then show real numbers.
 *
 * Demo customers have Telegram ids starting `sandbox:demo-`, so they are never mistaken for
 * real ones: the command refuses a database that holds tickets of real customers unless
 * `--force`. The figures are drawn from a seeded generator: the same `--seed` gives the same
 * month (relative to today).
 */
import { FEE_TYPES, addMonths } from "../../core/domain/fee.ts";
import { outcomeClass } from "../../core/domain/outcome.ts";
import type { WorkingCalendar } from "../../core/sla/calendar.ts";
import type { Store } from "../../core/store/index.ts";
import { addSandboxCustomers, type SandboxCustomer } from "../sandbox/transcript.ts";
import { DEMO_CHAT_PREFIX, SANDBOX_CHAT_PREFIX, WORKSPACE } from "../sandbox/workspace.ts";
import { DeskError } from "../../core/errors.ts";

export const DEMO_CUSTOMERS = 30;
export const DEMO_TICKETS = 150;
/** The month: tickets are spread over this many days before today. */
export const DEMO_DAYS = 30;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

/** The demo month would mix with a shop's real tickets, or is already there. */
export class SeedRefused extends DeskError<"SEED_REFUSED"> {
  constructor(message: string) {
    super("SEED_REFUSED", message);
  }
}

export interface SeedOptions {
  now: Date;
  calendar: WorkingCalendar;
  timeZone: string;
  /** dispatch targets, working hours */
  dispatchHours: { city: number; suburb: number };
  repeatDays: number;
  force?: boolean;
  seed?: number;
  /** called as the work goes on: done of total, and what */
  progress?: (done: number, total: number, what: string) => void;
}

export interface SeedResult {
  customers: number;
  products: number;
  contracts: number;
  tickets: number;
  byKind: Record<string, number>;
  byFee: Record<string, number>;
  byStatus: Record<string, number>;
  surveys: number;
  complaints: number;
  repeatRepairs: number;
}

/** A small seeded generator (mulberry32): the same seed, the same month. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
    weighted: <T extends string>(w: Record<T, number>): T => {
      const entries = Object.entries(w) as [T, number][];
      let r = next() * entries.reduce((s, [, n]) => s + n, 0);
      for (const [k, n] of entries) if ((r -= n) < 0) return k;
      return entries[entries.length - 1]![0];
    },
  };
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
const TITLES = ["先生", "女士", "阿姨", "师傅", "老师"];
const EN_NAMES = ["Emily Zhou", "David Lin", "Sarah Wu", "Michael Xu"];
const DISTRICTS = {
  city: ["西湖区文三路", "上城区解放路", "拱墅区莫干山路", "滨江区江南大道", "下城区体育场路"],
  suburb: ["余杭区良渚街道", "萧山区新塘街道", "临平区南苑街道", "富阳区银湖街道"],
};
const MODELS: Record<string, string[]> = {
  tv: ["55E3F", "65Q7K", "L43M5"],
  fridge: ["BCD-215", "BCD-470WP", "BCD-318"],
  washer: ["XQG100-B14", "TG80-1226", "EG10014"],
  ac: ["KFR-35GW", "KFR-72LW", "KFR-26GW"],
  small: ["MY-CS6004", "SK-1802", "DZ-22"],
  purifier: ["RO-600G", "MRC1586", "JSQ-400"],
  phone: ["Mate 60", "Redmi K70", "Reno 11"],
  other: ["WQP12-7206", "JSQ30-16"],
};
const FAULTS: Record<string, string[]> = {
  tv: ["电视开机黑屏，有声音没图像", "遥控器没反应，按键也不灵", "屏幕有竖线"],
  fridge: ["冰箱不制冷了", "冰箱冷藏室结冰", "冰箱噪音很大"],
  washer: ["洗衣机不脱水，显示E21", "洗衣机漏水", "洗衣机门打不开"],
  ac: ["空调不制冷，外机不转", "空调滴水", "空调显示E1故障码"],
  small: ["电饭煲不加热", "电水壶不断电", "吸尘器吸力变小"],
  purifier: ["净水器出水慢", "净水器一直响", "滤芯提示要换"],
  phone: ["手机充不进电", "手机屏幕碎了", "手机很烫、掉电快"],
  other: ["洗碗机漏水", "热水器不出热水"],
};
const EN_FAULTS = ["The fridge is not cooling", "The washer will not spin", "The AC is leaking water", "The TV has no picture"];
const PARTS: Record<string, string[]> = {
  tv: ["电源板", "背光灯条", "主板"],
  fridge: ["温控器", "压缩机启动器", "门封条"],
  washer: ["排水泵", "门锁", "密封圈"],
  ac: ["电容", "排水管", "冷媒"],
  small: ["发热盘", "温控开关"],
  purifier: ["PP棉滤芯", "RO膜", "进水电磁阀"],
  phone: ["电池", "屏幕总成", "尾插"],
  other: ["密封圈", "温控器"],
};
const WORK: Record<string, string> = {
  repair: "检测并维修",
  install: "上门安装调试",
  maintenance: "清洗保养",
  consult: "电话指导使用",
  return: "检测确认，办理换货",
};

/** A working-hours instant `dayOffset` days before `now`, at a random minute of that day's working time. */
function workingMoment(o: SeedOptions, r: ReturnType<typeof rng>, daysAgo: number): Date {
  const base = new Date(o.now.getTime() - daysAgo * DAY);
  const start = o.calendar.nextWorkingStart(new Date(base.getTime() - (base.getTime() % DAY)));
  const at = o.calendar.addWorkingTime(start, r.int(0, 8 * 60) * MINUTE);
  return at.getTime() < o.now.getTime() - 30 * MINUTE ? at : new Date(o.now.getTime() - r.int(30, 90) * MINUTE);
}

/**
 * Fills the store with the demo month.
 *
 * @example
 * ```ts
 * const r = await seedDemo(store, { now: new Date(), calendar, timeZone: "Asia/Shanghai", dispatchHours: { city: 6, suburb: 7 }, repeatDays: 90 });
 * console.log(r.tickets); // ~150
 * ```
 */
export async function seedDemo(store: Store, o: SeedOptions): Promise<SeedResult> {
  const real = await store.tickets.countExceptCustomers(SANDBOX_CHAT_PREFIX);
  if (real > 0 && !o.force)
    throw new SeedRefused(
      `the database holds ${real} tickets of real customers; demo data would mix into their reports. Use another database (DESK_DATA_DIR or DATABASE_URL), or add --force`,
    );
  if (!o.force && (await store.customers.byTelegramUser(`${DEMO_CHAT_PREFIX}01`)))
    throw new SeedRefused("the demo month is already there; add --force to add another one");
  const r = rng(o.seed ?? 20261201);
  const total = DEMO_CUSTOMERS + DEMO_TICKETS + 1;
  let done = 0;
  const tick = (what: string) => o.progress?.(++done, total, what);
  const result: SeedResult = {
    customers: 0,
    products: 0,
    contracts: 0,
    tickets: 0,
    byKind: {},
    byFee: {},
    byStatus: {},
    surveys: 0,
    complaints: 0,
    repeatRepairs: 0,
  };
  const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

  // the team: the sandbox's workspace, with their roles
  const staff = new Map<string, number>();
  await store.tx(async (tx) => {
    for (const u of WORKSPACE) {
      if (!u.role) continue;
      const row = (await tx.staff.byUser(u.id)) ?? (await tx.staff.upsert(u.id, u.role, u.name));
      await tx.staff.setLang(u.id, u.lang);
      staff.set(u.id, row.id);
    }
  });
  const engineers = WORKSPACE.filter((u) => u.role === "engineer").map((u) => u.id);
  tick("staff");

  // customers, their products and contracts
  interface DemoCustomer {
    id: number;
    lang: "zh-CN" | "en";
    area: "city" | "suburb";
    products: { id: number; category: string; model: string; purchaseDate: Date; contract: boolean }[];
    vip: boolean;
  }
  const customers: DemoCustomer[] = [];
  const registry: SandboxCustomer[] = [];
  for (let i = 1; i <= DEMO_CUSTOMERS; i++) {
    const en = i % 8 === 0;
    const name = en ? EN_NAMES[(i / 8 - 1) % EN_NAMES.length]! : `${r.pick(SURNAMES)}${r.pick(TITLES)}`;
    const lang = en ? "en" : "zh-CN";
    const area = r.chance(0.7) ? "city" : "suburb";
    const chat = `${DEMO_CHAT_PREFIX}${String(i).padStart(2, "0")}`;
    const c = await store.tx(async (tx) => {
      const row = await tx.customers.upsertTelegram({ userId: chat, chatId: chat, displayName: name, lang });
      const vip = i % 10 === 3;
      await tx.customers.update(row.id, {
        name,
        phone: `13${r.int(0, 9)}${String(r.int(0, 99_999_999)).padStart(8, "0")}`,
        address: `杭州市${r.pick(DISTRICTS[area])}${r.int(1, 300)}号`,
        area,
        tier: vip ? "vip" : "standard",
      });
      const products: DemoCustomer["products"] = [];
      const cats = new Set<string>();
      for (let k = r.int(1, 3); k > 0; k--)
        cats.add(r.pick(["fridge", "washer", "ac", "tv", "purifier", "small", "phone", "ac", "washer", "fridge"]));
      for (const category of cats) {
        const purchaseDate = new Date(o.now.getTime() - r.int(20, 1500) * DAY);
        const model = r.pick(MODELS[category]!);
        const p = await tx.customers.productFor(row.id, category, model, purchaseDate);
        const contract = r.chance(0.25) && purchaseDate < addMonths(o.now, -12);
        if (contract) {
          const startsOn = new Date(o.now.getTime() - r.int(30, 300) * DAY);
          await tx.customers.addContract({
            customerId: row.id,
            category,
            model,
            number: `HT-${2026}${String(i).padStart(3, "0")}`,
            startsOn,
            endsOn: new Date(startsOn.getTime() + 365 * DAY),
            productId: p.id,
          });
          result.contracts++;
        }
        products.push({ id: p.id, category, model, purchaseDate, contract });
        result.products++;
      }
      return { id: row.id, lang, area, products, vip } as DemoCustomer;
    });
    customers.push(c);
    registry.push({ id: chat, name, lang });
    result.customers++;
    tick("customers");
  }
  await addSandboxCustomers(store, registry);

  // tickets: older ones finished, recent ones still open
  const kinds = { repair: 55, install: 14, maintenance: 12, consult: 12, return: 5 } as const;
  const created: { id: number; customer: DemoCustomer; productId: number; at: Date; status: string; assignee?: string }[] = [];
  const times = Array.from({ length: DEMO_TICKETS }, () => r.next() * DEMO_DAYS).sort((a, b) => b - a);
  let repeatDone = false;
  for (let n = 0; n < DEMO_TICKETS; n++) {
    const daysAgo = times[n]!;
    const at = workingMoment(o, r, Math.floor(daysAgo));
    const ageH = (o.now.getTime() - at.getTime()) / HOUR;
    // one repeat repair: the same customer and product again, about two weeks later
    const repeatOf =
      !repeatDone && daysAgo < 12 ? created.find((t) => t.status === "closed" && (o.now.getTime() - t.at.getTime()) / DAY > 14) : undefined;
    const customer = repeatOf ? repeatOf.customer : r.pick(customers);
    const product = repeatOf ? customer.products.find((p) => p.id === repeatOf.productId)! : r.pick(customer.products);
    const kind = repeatOf ? "repair" : r.weighted(kinds);
    const inWarranty = addMonths(product.purchaseDate, 12) > at;
    const feeType = kind === "consult" || inWarranty ? "C" : product.contract ? "B" : "A";
    const engineer = r.pick(engineers);
    const dispatchDueAt = o.calendar.addWorkingTime(at, (customer.area === "city" ? o.dispatchHours.city : o.dispatchHours.suburb) * HOUR);
    const description = customer.lang === "en" ? r.pick(EN_FAULTS) : r.pick(FAULTS[product.category] ?? FAULTS.other!);

    // what became of it
    let fate: "self_service" | "cancelled" | "invalid" | "queued" | "working" | "resolved" | "done";
    if (repeatOf) fate = "done";
    else if (ageH < 8) fate = r.pick(["queued", "queued", "working"] as const);
    else if (ageH < 72) fate = r.weighted({ working: 5, resolved: 4, done: 3, queued: 1 });
    else fate = r.weighted({ done: 70, self_service: 13, cancelled: 5, invalid: 3, resolved: 3, working: 2 });
    if (kind === "consult" && fate === "done" && r.chance(0.5)) fate = "self_service";

    const arrivedAt = o.calendar.addWorkingTime(at, r.int(45, customer.area === "city" ? 7 * 60 : 8 * 60) * MINUTE);
    const firstResponseAt = new Date(at.getTime() + r.int(5, 120) * MINUTE);
    const resolvedAt = o.calendar.addWorkingTime(arrivedAt, r.int(30, 240) * MINUTE);
    const status = {
      self_service: "closed",
      cancelled: "cancelled",
      invalid: "closed",
      queued: "queued",
      working: r.pick(["claimed", "scheduled", "on_site", "waiting_parts"]),
      resolved: "resolved",
      done: "closed",
    }[fate];
    const finished = fate === "resolved" || fate === "done";
    const reopen = finished && !repeatOf && r.chance(0.04) ? 1 : 0;

    const row = await store.tx(async (tx) => {
      const t = await tx.tickets.create(
        {
          customerId: customer.id,
          productId: product.id,
          kind,
          category: product.category,
          model: product.model,
          purchaseDate: product.purchaseDate,
          description,
          feeType,
          feeReason: feeType === "B" ? "contract" : feeType === "C" ? "warranty" : "out_of_warranty",
          status,
          lang: customer.lang,
          area: customer.area,
          tier: customer.vip ? "vip" : "standard",
        },
        { type: "customer", id: String(customer.id) },
        at,
      );
      await tx.tickets.addMessage(t.id, "customer", description, at);
      const staffId = staff.get(engineer)!;
      const engineerActor = { type: "staff" as const, id: engineer };
      const patch: Parameters<Store["tickets"]["patch"]>[1] = {
        dispatchDueAt,
        selfHelpResult: fate === "self_service" ? "solved" : r.chance(0.4) ? "not_solved" : "none",
        repeatOfId: repeatOf?.id ?? null,
        reopenCount: reopen,
      };
      if (fate === "self_service")
        Object.assign(patch, { resolution: "self_service", resolvedAt: firstResponseAt, closedAt: firstResponseAt });
      if (fate === "cancelled") Object.assign(patch, { resolution: "cancelled", closedAt: firstResponseAt });
      if (fate === "invalid")
        Object.assign(patch, {
          resolution: r.pick(["invalid", "duplicate"]),
          closeReason: "重复报修",
          closedAt: firstResponseAt,
          firstResponseAt,
        });
      if (fate === "working" || finished) {
        Object.assign(patch, { assigneeId: staffId, claimedAt: firstResponseAt, firstResponseAt });
        await tx.tickets.event(t.id, "claimed", engineerActor, firstResponseAt);
        if (status !== "claimed" || finished) {
          Object.assign(patch, { arrivedAt, slaMet: arrivedAt <= dispatchDueAt });
          await tx.tickets.event(t.id, "on_site", engineerActor, arrivedAt);
        }
      }
      if (finished) {
        Object.assign(patch, { resolution: "repaired", resolvedAt });
        const cat = product.category;
        const parts = kind === "repair" && r.chance(0.6) ? [{ name: r.pick(PARTS[cat] ?? PARTS.other!), qty: r.int(1, 2) }] : [];
        await tx.tickets.saveRepair(
          t.id,
          {
            workDone: `${WORK[kind] ?? "维修"}：${description}`,
            hours: r.int(1, 8) / 2,
            parts,
            feeAmount: feeType === "A" ? r.int(5, 40) * 10 : 0,
            feeType,
            recordedBy: engineer,
          },
          resolvedAt,
        );
        await tx.tickets.event(t.id, "resolved", engineerActor, resolvedAt);
      }
      await tx.tickets.patch(t.id, patch);
      return t;
    });
    created.push({ id: row.id, customer, productId: product.id, at, status, assignee: engineer });
    if (repeatOf) {
      repeatDone = true;
      result.repeatRepairs++;
    }

    // the callback survey
    if (finished || fate === "self_service") {
      const sentAt = fate === "self_service" ? firstResponseAt : resolvedAt;
      const hoursSince = (o.now.getTime() - sentAt.getTime()) / HOUR;
      const answered = hoursSince > 72 ? r.chance(0.85) : fate === "done" || r.chance(0.5);
      const expired = !answered && hoursSince > 72;
      const happy = r.chance(0.9);
      const level = () => (happy ? r.pick([3, 4, 4, 4]) : r.pick([1, 2, 2, 3]));
      const items = answered && fate !== "self_service" ? [level(), level(), level(), level()] : [null, null, null, null];
      const satisfied = answered ? happy : null;
      const outcome =
        answered || expired ? outcomeClass({ complaint: false, reopenCount: reopen, attitude: items[0] ?? null, satisfied }) : null;
      await store.reports.insertSurvey({
        ticketId: row.id,
        form: fate === "self_service" ? "self_service" : "full",
        status: answered ? "answered" : expired ? "expired" : "pending",
        attitude: items[0],
        skill: items[1],
        arrival: items[2],
        promise: items[3],
        satisfied,
        outcome,
        sentAt,
        answeredAt: answered ? new Date(sentAt.getTime() + r.int(10, 600) * MINUTE) : null,
        expiresAt: new Date(sentAt.getTime() + 72 * HOUR),
      });
      if (answered && !happy && fate === "done") await store.tickets.patch(row.id, { status: "callback_needed" });
      result.surveys++;
    }
    count(result.byKind, kind);
    count(result.byFee, feeType);
    count(result.byStatus, (await store.tickets.byId(row.id))!.status);
    result.tickets++;
    tick("tickets");
  }

  // two complaints: one major about service (answered), one ordinary about a product (open)
  const finishedTickets = created.filter((t) => t.status === "closed" && t.assignee && o.now.getTime() - t.at.getTime() > 8 * DAY);
  for (const [k, spec] of [
    { kind: "service", severity: "major", text: "师傅上门迟到两个小时，态度也不好，我要投诉！", replied: true },
    { kind: "product", severity: "ordinary", text: "刚修好没几天又坏了，质量太差", replied: false },
  ].entries()) {
    const parent = finishedTickets[finishedTickets.length - 1 - k * 3];
    if (!parent) break;
    const at = new Date(Math.min(o.now.getTime() - 2 * HOUR, parent.at.getTime() + (3 + k) * DAY));
    await store.tx(async (tx) => {
      const t = await tx.tickets.create(
        {
          customerId: parent.customer.id,
          kind: "complaint",
          description: spec.text,
          feeType: FEE_TYPES[2]!,
          status: spec.replied ? "closed" : "queued",
          lang: parent.customer.lang,
          area: parent.customer.area,
          parentId: parent.id,
        },
        { type: "customer", id: String(parent.customer.id) },
        at,
      );
      await tx.tickets.addMessage(t.id, "customer", spec.text, at);
      const repliedAt = spec.replied ? new Date(at.getTime() + 3 * HOUR) : null;
      await tx.tickets.patch(t.id, {
        replyDueAt: new Date(at.getTime() + 24 * HOUR),
        firstResponseAt: repliedAt,
        ...(spec.replied ? { resolution: "handled", closedAt: new Date(at.getTime() + DAY) } : {}),
      });
      await tx.reports.insertComplaint({
        ticketId: t.id,
        kind: spec.kind as "service" | "product",
        severity: spec.severity as "major" | "ordinary",
        routing: spec.kind === "service" ? "service" : "rnd",
        repliedAt,
        createdAt: at,
      });
      // the complained-about job's survey outcome is a complaint now
      const survey = await tx.surveys.byTicket(parent.id);
      if (survey) await tx.surveys.update(survey.id, { outcome: "complaint" });
      count(result.byKind, "complaint");
      count(result.byStatus, spec.replied ? "closed" : "queued");
    });
    result.complaints++;
    result.tickets++;
  }
  return result;
}

/** A progress bar for a terminal (stderr), or one line per tenth when it is not a terminal. */
export function progressBar(write: (s: string) => void, tty: boolean): (done: number, total: number, what: string) => void {
  let lastTenth = -1;
  return (done, total, what) => {
    const pct = Math.round((done / total) * 100);
    if (tty) {
      const width = 30;
      const full = Math.round((done / total) * width);
      write(
        `\r[${"█".repeat(full)}${"░".repeat(width - full)}] ${String(pct).padStart(3)}% ${what.padEnd(10)}${done === total ? "\n" : ""}`,
      );
    } else if (Math.floor(pct / 10) !== lastTenth) {
      lastTenth = Math.floor(pct / 10);
      write(`${pct}% ${what}\n`);
    }
  };
}
