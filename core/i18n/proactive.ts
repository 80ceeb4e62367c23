/**
 * Text of proactive service (事前控制): the reminders customers get (contract ends,
 * consumable due, warranty ends, the check-in after a repair), `/notifications`,
 * `/products`; and the staff side's renewal task, `/desk due` and `/desk customer`.
 * zh-CN and en. Latin names and numbers stand apart from Chinese characters.
 *
 * @example
 * ```ts
 * proactiveText("en").contract.renew; // "Renew"
 * ```
 */

const zhKinds = { contract: "合同到期", consumable: "耗材更换", warranty: "保修到期", checkin: "维修回访" } as const;

export const proactiveZh = {
  kinds: zhKinds as Record<string, string>,
  contract: {
    title: "📄 维保合同到期提醒",
    body: (product: string, number: string | null, ends: string, days: number) =>
      `您的${product}维保合同${number ? ` ${number} ` : ""}将于 ${ends} 到期（还有 ${days} 天）。续签后可继续享受合同服务（B 类，免上门费）。`,
    renew: "续签",
    later: "暂不",
    mute: "不再提醒",
    renewAsked: "好的，已通知服务人员，他们会尽快与您联系办理续签。",
    laterSet: (day: string) => `好的，我们会在 ${day} 再提醒您一次。`,
    laterNone: "好的，不再打扰。如需续签，随时发消息给我们。",
    muted: "好的，这份合同不再提醒。如需关闭全部提醒，请发送 /notifications off",
    renewed: (ends: string) => `✅ 您的维保合同已续签，新的到期日为 ${ends}。感谢您的信任！`,
  },
  consumable: {
    title: "🔧 耗材更换提醒",
    body: (product: string, item: string, months: number) => `您的${product} ${item} 已使用 ${months} 个月，建议更换，以保证使用效果。`,
    book: "预约更换",
    done: "已更换",
    later: "稍后提醒",
    booked: (ref: string) => `已为您预约更换，工单 ${ref}。服务人员会与您联系上门时间。`,
    recorded: (day: string) => `好的，已记录 ${day} 更换，下次会按这个日期提醒您。`,
    laterSet: (day: string) => `好的，${day} 再提醒您。`,
    bookingText: (item: string) => `预约更换 ${item}（耗材提醒）`,
  },
  warranty: {
    title: "🛡 保修到期提醒",
    body: (product: string, ends: string) =>
      `您的${product}保修期将于 ${ends} 到期。到期后维修需要付费；办理维保合同后，维修按合同服务（B 类）处理。`,
    offer: "了解维保合同",
    mute: "不再提醒",
    offerAsked: "好的，服务人员会与您联系介绍维保合同。",
    muted: "好的，不再提醒。",
  },
  checkin: {
    title: "👋 维修回访",
    body: (ref: string, product: string) => `您好！工单 ${ref} 的${product}维修已完成一段时间，机器使用正常吗？`,
    ok: "使用正常",
    problem: "还有问题",
    thanks: "太好了，感谢您的反馈！",
    reopened: (ref: string) => `抱歉给您带来不便，工单 ${ref} 已重新打开，服务人员会尽快联系您。`,
    cannotReopen: "抱歉，这张工单已无法重新打开，请直接描述问题，我们为您新建工单。",
  },
  stale: "这条提醒已处理过了。",
  notifications: {
    status: (off: string[]) => (off.length ? `已关闭的提醒：${off.join("、")}。发送 /notifications on 重新开启。` : "所有提醒均已开启。"),
    usage: "用法：/notifications on|off [contracts|consumables|warranty|checkin]，例如 /notifications off consumables",
    allOff: "已关闭全部提醒。发送 /notifications on 可重新开启。",
    allOn: "已开启全部提醒。",
    kindOff: (kind: string) => `已关闭“${kind}”提醒。`,
    kindOn: (kind: string) => `已开启“${kind}”提醒。`,
  },
  products: {
    none: "您的档案中还没有产品。报修时会自动记录；若本店有您的档案，发送 /link 关联。",
    title: "您的产品",
    line: (name: string, model: string | null) => `• ${name}${model ? ` ${model}` : ""}`,
    warranty: (day: string, active: boolean) => `保修至 ${day}${active ? "" : "（已过保）"}`,
    warrantyUnknown: "保修：购买日期未知",
    contract: (number: string | null, day: string) => `维保合同${number ? ` ${number}` : ""} 至 ${day}`,
    next: (item: string, day: string) => `下次更换 ${item}：${day}`,
  },
};

export type ProactiveText = typeof proactiveZh;

export const proactiveEn: ProactiveText = {
  kinds: { contract: "contract ends", consumable: "consumables", warranty: "warranty ends", checkin: "repair check-in" },
  contract: {
    title: "📄 Your maintenance contract is ending",
    body: (product, number, ends, days) =>
      `Your ${product.toLowerCase()} maintenance contract${number ? ` ${number}` : ""} ends on ${ends} (in ${days} days). Renew it to keep contract service (type B, no call-out fee).`,
    renew: "Renew",
    later: "Not now",
    mute: "Don't remind me",
    renewAsked: "Thank you: our staff will contact you shortly about the renewal.",
    laterSet: (day) => `All right, we will remind you once more on ${day}.`,
    laterNone: "All right, we won't bother you. Message us whenever you want to renew.",
    muted: "All right, no more reminders about this contract. To turn off all reminders, send /notifications off",
    renewed: (ends) => `✅ Your maintenance contract is renewed until ${ends}. Thank you!`,
  },
  consumable: {
    title: "🔧 Time to replace a consumable",
    body: (product, item, months) =>
      `The ${item} of your ${product.toLowerCase()} has been in use for ${months} months; we recommend replacing it.`,
    book: "Book replacement",
    done: "Already replaced",
    later: "Later",
    booked: (ref) => `Replacement booked: ticket ${ref}. Our staff will contact you about the visit.`,
    recorded: (day) => `Noted: replaced on ${day}. The next reminder counts from that day.`,
    laterSet: (day) => `All right, we will remind you on ${day}.`,
    bookingText: (item) => `Replace the ${item} (consumable reminder)`,
  },
  warranty: {
    title: "🛡 Your warranty is ending",
    body: (product, ends) =>
      `The warranty of your ${product.toLowerCase()} ends on ${ends}. After that, repairs are paid; with a maintenance contract they are contract service (type B).`,
    offer: "About contracts",
    mute: "Don't remind me",
    offerAsked: "Thank you: our staff will contact you about a maintenance contract.",
    muted: "All right, no more reminders about this.",
  },
  checkin: {
    title: "👋 How is it working?",
    body: (ref, product) => `Hello! Your ${product.toLowerCase()} was repaired a while ago (ticket ${ref}). Is it working well?`,
    ok: "Working fine",
    problem: "Still a problem",
    thanks: "Great, thank you for letting us know!",
    reopened: (ref) => `Sorry about that: ticket ${ref} is open again and our staff will contact you soon.`,
    cannotReopen: "Sorry, that ticket can no longer be reopened; describe the problem and we will open a new one.",
  },
  stale: "This reminder was already answered.",
  notifications: {
    status: (off) =>
      off.length ? `Turned off: ${off.join(", ")}. Send /notifications on to turn them on again.` : "All reminders are on.",
    usage: "Usage: /notifications on|off [contracts|consumables|warranty|checkin], e.g. /notifications off consumables",
    allOff: "All reminders are off. Send /notifications on to turn them on again.",
    allOn: "All reminders are on.",
    kindOff: (kind) => `Reminders about ${kind} are off.`,
    kindOn: (kind) => `Reminders about ${kind} are on.`,
  },
  products: {
    none: "No products on your file yet. They are recorded when you report a fault; if the shop has your file, send /link.",
    title: "Your products",
    line: (name, model) => `• ${name}${model ? ` ${model}` : ""}`,
    warranty: (day, active) => `warranty until ${day}${active ? "" : " (ended)"}`,
    warrantyUnknown: "warranty: purchase date unknown",
    contract: (number, day) => `maintenance contract${number ? ` ${number}` : ""} until ${day}`,
    next: (item, day) => `next ${item.toLowerCase()}: ${day}`,
  },
};

export function proactiveText(lang: string): ProactiveText {
  return lang === "en" ? proactiveEn : proactiveZh;
}

export const proactiveStaffZh = {
  renewalTitle: (number: string | null) => `📄 续约任务${number ? ` · 合同 ${number}` : ""}`,
  offerTitle: "🛡 维保合同意向（保修到期）",
  customer: "客户",
  phone: "电话",
  tier: "等级",
  product: "产品",
  period: "合同期",
  ends: "到期",
  history: "服务记录",
  noHistory: "无工单记录",
  claim: "认领",
  decline: "未续约",
  claimedBy: (who: string) => `由 ${who} 跟进`,
  renewedBy: (who: string, ends: string) => `✅ 已续约至 ${ends}（${who}）`,
  declinedBy: (who: string) => `✖ 客户未续约（${who}）`,
  howToRenew: (number: string) => `续约后：/desk renewed ${number} YYYY-MM-DD`,
  alreadyClaimed: (who: string) => `已由 ${who} 认领。`,
  alreadyDone: "这个续约任务已处理。",
  noTask: "找不到这个续约任务。",
  renewedUsage: "用法：/desk renewed <合同编号> <新到期日，如 2027-12-31>",
  noContract: (n: string) => `找不到合同 ${n}。`,
  badDate: (d: string) => `“${d}”不是日期，或不晚于原到期日。`,
  renewedDone: (n: string, ends: string) => `已记录：合同 ${n} 续约至 ${ends}，客户已收到通知。`,
  dueUsage: "用法：/desk due contracts|consumables|warranty [天数，默认 30]",
  dueTitle: (what: string, days: number, n: number) => `${what}：未来 ${days} 天内 ${n} 项`,
  dueWhat: { contracts: "合同到期", consumables: "耗材到期", warranty: "保修到期" } as Record<string, string>,
  dueLine: (day: string, who: string, what: string, linked: boolean) => `${day} · ${who} · ${what}${linked ? "" : " · 未关联 Telegram"}`,
  dueMore: (n: number) => `……另有 ${n} 项`,
  overdue: "已过期",
  customerUsage: "用法：/desk customer <电话|姓名>",
  noCustomer: (q: string) => `找不到客户“${q}”。`,
  manyCustomers: (n: number) => `找到 ${n} 位客户，请用电话号码查询：`,
  fileTitle: (name: string) => `客户档案 · ${name}`,
  address: "地址",
  area: "区域",
  telegram: "Telegram",
  linked: "已关联",
  notLinked: "未关联",
  notifications: "提醒",
  notifyAllOn: "全部开启",
  products: "产品",
  contracts: "合同",
  tickets: "工单",
  ratings: "评价",
  none: "无",
  ratingLine: (ref: string, score: string, satisfied: string) => `${ref} ${score} ${satisfied}`,
  satisfied: "满意",
  unsatisfied: "不满意",
  tierUsage: "用法：/desk tier <电话> <等级，如 VIP、A、B>",
  tierSet: (who: string, tier: string) => `已将 ${who} 的等级设为 ${tier}。`,
};

export type ProactiveStaffText = typeof proactiveStaffZh;

export const proactiveStaffEn: ProactiveStaffText = {
  renewalTitle: (number) => `📄 Renewal task${number ? ` · contract ${number}` : ""}`,
  offerTitle: "🛡 Interested in a maintenance contract (warranty ending)",
  customer: "Customer",
  phone: "Phone",
  tier: "Tier",
  product: "Product",
  period: "Contract",
  ends: "Ends",
  history: "History",
  noHistory: "no tickets",
  claim: "Claim",
  decline: "Declined",
  claimedBy: (who) => `followed up by ${who}`,
  renewedBy: (who, ends) => `✅ Renewed until ${ends} (${who})`,
  declinedBy: (who) => `✖ Not renewed (${who})`,
  howToRenew: (number) => `Once renewed: /desk renewed ${number} YYYY-MM-DD`,
  alreadyClaimed: (who) => `Already claimed by ${who}.`,
  alreadyDone: "This renewal task is already done.",
  noTask: "No such renewal task.",
  renewedUsage: "Usage: /desk renewed <contract number> <new end date, e.g. 2027-12-31>",
  noContract: (n) => `No contract ${n}.`,
  badDate: (d) => `"${d}" is not a date after the current end.`,
  renewedDone: (n, ends) => `Recorded: contract ${n} renewed until ${ends}; the customer was told.`,
  dueUsage: "Usage: /desk due contracts|consumables|warranty [days, default 30]",
  dueTitle: (what, days, n) => `${what}: ${n} in the next ${days} days`,
  dueWhat: { contracts: "Contracts ending", consumables: "Consumables due", warranty: "Warranties ending" },
  dueLine: (day, who, what, linked) => `${day} · ${who} · ${what}${linked ? "" : " · not on Telegram"}`,
  dueMore: (n) => `…and ${n} more`,
  overdue: "overdue",
  customerUsage: "Usage: /desk customer <phone|name>",
  noCustomer: (q) => `No customer "${q}".`,
  manyCustomers: (n) => `${n} customers match; look one up by phone:`,
  fileTitle: (name) => `Customer file · ${name}`,
  address: "Address",
  area: "Area",
  telegram: "Telegram",
  linked: "linked",
  notLinked: "not linked",
  notifications: "Reminders",
  notifyAllOn: "all on",
  products: "Products",
  contracts: "Contracts",
  tickets: "Tickets",
  ratings: "Ratings",
  none: "none",
  ratingLine: (ref, score, satisfied) => `${ref} ${score} ${satisfied}`,
  satisfied: "satisfied",
  unsatisfied: "unsatisfied",
  tierUsage: "Usage: /desk tier <phone> <tier, e.g. VIP, A, B>",
  tierSet: (who, tier) => `${who} is now tier ${tier}.`,
};

export function proactiveStaffText(lang: string | undefined): ProactiveStaffText {
  return lang === "en" ? proactiveStaffEn : proactiveStaffZh;
}
