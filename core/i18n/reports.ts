/**
 * Labels of the manager's summary, its CSV and the technician report, in zh-CN and en.
 * Kinds, products, statuses and fee types reuse the staff vocabulary of `staff.ts`.
 *
 * @example
 * ```ts
 * const t = reportMessages("en");
 * t.summaryTitle("2026-11-02", "2026-11-08"); // "📊 Service summary 2026-11-02 – 2026-11-08"
 * ```
 */
import { productNames } from "./products.ts";
import { staffEn, staffZh } from "./staff.ts";

const span = (from: string, to: string) => (from === to ? from : `${from} – ${to}`);

export const reportsZh = {
  summaryTitle: (from: string, to: string) => `📊 服务汇总 ${span(from, to)}`,
  engineerTitle: (who: string, from: string, to: string) => `🛠 技术员工作日报表 · ${who} · ${span(from, to)}`,
  field: {
    ticketsIn: "进单",
    ticketsOut: "完成",
    selfService: "自助解决",
    dispatchOnTime: "派工准时率",
    firstResponse: "首次响应（工作小时）",
    resolution: "完工时长（工作小时）",
    responseRate: "回访回复率",
    satisfied: "总体满意",
    complaints: "投诉 新/未结/超时",
    repeatRepairs: "重复报修",
    jobsDone: "完成工单",
    hours: "工时合计",
    fee: "费用合计",
    ratings: "评分 态度/技术/到达/守诺",
  },
  section: {
    inByKind: "进单·类型",
    inByProduct: "进单·产品",
    inByStatus: "进单·当前状态",
    inByFeeType: "进单·收费",
    inByTier: "进单·客户等级",
    outByResolution: "完成·结果",
    outByKind: "完成·类型",
    outByProduct: "完成·产品",
    outByFeeType: "完成·收费",
    ratings: "回访评分（满分 4）",
    outcomes: "回访分类",
    selfServiceSurvey: "自助回访",
    complaints: "投诉",
    engineers: "工程师",
    kinds: "工作类型",
    feeTypes: "收费",
    parts: "使用配件",
    jobs: "工单",
  },
  items: { attitude: "态度", skill: "技术", arrival: "到达时间", promise: "答应事项" } as Record<string, string>,
  outcomes: {
    complaint: "投诉",
    repeat_visits: "多次未修好",
    not_fixed_first: "一次未修好",
    attitude: "不满意态度",
    unsatisfied: "回访不满意",
    satisfied: "满意",
    no_response: "未回复",
    unclassified: "待回访",
  } as Record<string, string>,
  complaintKinds: { product: "产品", service: "服务", environment: "环境/安全", unknown: "未登记" } as Record<string, string>,
  severities: { major: "重大", ordinary: "一般", unknown: "未登记" } as Record<string, string>,
  resolutions: {
    self_service: "自助解决",
    repaired: "已修复",
    invalid: "无效",
    duplicate: "重复",
    cancelled: "已取消",
    none: "未填",
  } as Record<string, string>,
  kinds: staffZh.kinds,
  products: productNames("zh-CN", { none: "未填" }),
  statuses: staffZh.statuses,
  fees: staffZh.fees,
  /** customer tiers (the shop's own labels are shown as they are) */
  tiers: { vip: "VIP", standard: "普通" } as Record<string, string>,
  /** "2/3" style denominators */
  ratio: (n: number, d: number) => `（${n}/${d}）`,
  durations: (median: string, p90: string, n: number) => `中位 ${median} · P90 ${p90}（${n} 单）`,
  surveyStates: (pending: number, expired: number) => `待回复 ${pending} · 已过期 ${expired}`,
  complaintBreakdown: (kinds: string, severities: string) => `类别 ${kinds}；级别 ${severities}`,
  selfServiceSurvey: (sent: number, answered: number, helped: number) => `已发 ${sent} · 已答 ${answered} · 有帮助 ${helped}`,
  engineerLine: (jobs: number, onTime: string, ratings: string, sat: string) =>
    `完成 ${jobs} · 准时 ${onTime} · 评分 ${ratings} · 满意 ${sat}`,
  hours: (h: string) => `${h} 小时`,
  money: (amount: string) => `${amount} 元`,
  more: (n: number) => `……另 ${n} 项（见 CSV / JSON）`,
  colon: "：",
  none: "—",
  nothing: "本期没有数据。",
  footer: (tz: string) => `时区 ${tz} · 时长按工作时间计 · 每单明细：/desk summary … csv`,
  engineerFooter: (tz: string) => `时区 ${tz} · 工时、配件来自修护卡`,
  csvHeaders: {
    ref: "工单号",
    created: "报修时间",
    kind: "类型",
    product: "产品",
    status: "状态",
    feeType: "收费类型",
    resolution: "结果",
    resolved: "完工时间",
    assignee: "负责人",
    firstResponseWh: "首次响应（工作小时）",
    resolutionWh: "完工时长（工作小时）",
    slaMet: "派工准时",
    attitude: "态度",
    skill: "技术",
    arrival: "到达时间",
    promise: "答应事项",
    satisfied: "总体满意",
    outcome: "回访分类",
    repeat: "重复报修",
  } as Record<string, string>,
  yes: "是",
  no: "否",
};

export type ReportMessages = typeof reportsZh;

export const reportsEn: ReportMessages = {
  summaryTitle: (from, to) => `📊 Service summary ${span(from, to)}`,
  engineerTitle: (who, from, to) => `🛠 Technician report · ${who} · ${span(from, to)}`,
  field: {
    ticketsIn: "Tickets in",
    ticketsOut: "Tickets out",
    selfService: "Self-service",
    dispatchOnTime: "Dispatch on time",
    firstResponse: "First response (working h)",
    resolution: "Resolution (working h)",
    responseRate: "Survey response",
    satisfied: "Satisfied overall",
    complaints: "Complaints new/open/late",
    repeatRepairs: "Repeat repairs",
    jobsDone: "Jobs done",
    hours: "Hours",
    fee: "Fees",
    ratings: "Ratings att/skill/arr/prom",
  },
  section: {
    inByKind: "In · kind",
    inByProduct: "In · product",
    inByStatus: "In · status now",
    inByFeeType: "In · fee type",
    inByTier: "In · customer tier",
    outByResolution: "Out · result",
    outByKind: "Out · kind",
    outByProduct: "Out · product",
    outByFeeType: "Out · fee type",
    ratings: "Survey ratings (out of 4)",
    outcomes: "Callback classes",
    selfServiceSurvey: "Self-service survey",
    complaints: "Complaints",
    engineers: "Engineers",
    kinds: "Kinds of work",
    feeTypes: "Fee types",
    parts: "Parts used",
    jobs: "Jobs",
  },
  items: { attitude: "Attitude", skill: "Skill", arrival: "Arrival", promise: "Promises" },
  outcomes: {
    complaint: "Complaint",
    repeat_visits: "Not fixed after visits",
    not_fixed_first: "Not fixed first time",
    attitude: "Unhappy with attitude",
    unsatisfied: "Unsatisfied",
    satisfied: "Satisfied",
    no_response: "No response",
    unclassified: "Callback pending",
  },
  complaintKinds: { product: "Product", service: "Service", environment: "Environment/safety", unknown: "Not recorded" },
  severities: { major: "Major", ordinary: "Ordinary", unknown: "Not recorded" },
  resolutions: {
    self_service: "Self-service",
    repaired: "Repaired",
    invalid: "Invalid",
    duplicate: "Duplicate",
    cancelled: "Cancelled",
    none: "None",
  },
  kinds: staffEn.kinds,
  products: productNames("en", { none: "Not given" }),
  statuses: staffEn.statuses,
  fees: staffEn.fees,
  tiers: { vip: "VIP", standard: "Standard" },
  ratio: (n, d) => ` (${n}/${d})`,
  durations: (median, p90, n) => `median ${median} · p90 ${p90} (${n})`,
  surveyStates: (pending, expired) => `pending ${pending} · expired ${expired}`,
  complaintBreakdown: (kinds, severities) => `kind ${kinds}; severity ${severities}`,
  selfServiceSurvey: (sent, answered, helped) => `sent ${sent} · answered ${answered} · helped ${helped}`,
  engineerLine: (jobs, onTime, ratings, sat) => `done ${jobs} · on time ${onTime} · ratings ${ratings} · satisfied ${sat}`,
  hours: (h) => `${h} h`,
  money: (amount) => `¥${amount}`,
  more: (n) => `… ${n} more (see the CSV / JSON)`,
  colon: ": ",
  none: "—",
  nothing: "No data for this period.",
  footer: (tz) => `Time zone ${tz} · durations in working hours · per-ticket rows: /desk summary … csv`,
  engineerFooter: (tz) => `Time zone ${tz} · hours and parts from the repair cards`,
  csvHeaders: {
    ref: "ref",
    created: "created",
    kind: "kind",
    product: "product",
    status: "status",
    feeType: "fee_type",
    resolution: "resolution",
    resolved: "resolved",
    assignee: "assignee",
    firstResponseWh: "first_response_wh",
    resolutionWh: "resolution_wh",
    slaMet: "sla_met",
    attitude: "attitude",
    skill: "skill",
    arrival: "arrival",
    promise: "promise",
    satisfied: "satisfied",
    outcome: "outcome",
    repeat: "repeat",
  },
  yes: "yes",
  no: "no",
};

/**
 * The report labels for a language: en for "en", else zh-CN.
 *
 * @example
 * ```ts
 * reportMessages("zh-CN").outcomes.not_fixed_first; // "一次未修好"
 * ```
 */
export function reportMessages(lang: string): ReportMessages {
  return lang === "en" ? reportsEn : reportsZh;
}
