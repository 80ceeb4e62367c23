/**
 * Complaints (投诉): their kinds (the product itself, service quality, the shopping
 * environment and safety), where each goes, and how severe it is.
 */

/** What the customer can pick; `packaging` is a product complaint routed to logistics. */
export const COMPLAINT_CHOICES = ["product", "packaging", "service", "environment"] as const;
export type ComplaintChoice = (typeof COMPLAINT_CHOICES)[number];

/** The three kinds of complaint (product itself / service quality / environment & safety). */
export type ComplaintKind = "product" | "service" | "environment";

/**
 * Where a complaint goes: product quality or function to quality (R&D and production),
 * packaging or transport damage to logistics (warehouse and transport), staff attitude and
 * service to the service supervisors, environment and safety to safety.
 */
export type ComplaintRouting = "quality" | "logistics" | "supervisors" | "safety";

export function kindAndRouting(choice: ComplaintChoice): { kind: ComplaintKind; routing: ComplaintRouting } {
  switch (choice) {
    case "product":
      return { kind: "product", routing: "quality" };
    case "packaging":
      return { kind: "product", routing: "logistics" };
    case "service":
      return { kind: "service", routing: "supervisors" };
    case "environment":
      return { kind: "environment", routing: "safety" };
  }
}

const SAFETY =
  /起火|着火|冒烟|冒火|烧焦|烧了|爆炸|炸了|漏电|触电|电到|煤气|燃气泄漏|漏气|有毒|中毒|受伤|伤到|烫伤|fire|smoke|burn|explod|electric shock|shocked|gas leak|injur|hurt/i;
const THREAT =
  /媒体|曝光|记者|电视台|微博|抖音|小红书|律师|起诉|法院|告你们|12315|消协|消费者协会|市场监管|工商|投诉到|lawyer|sue\b|court|media|journalist|newspaper|social media|consumer (council|association)/i;
const BOSS = /经理|领导|老板|负责人|主管|总经理|manager|supervisor|your boss|someone in charge/i;
const COMPLAINT =
  /投诉|不满|太差|很差|差劲|态度(很|太)?(差|恶劣|不好)|骗子|骗人|欺骗|坑人|忽悠|敷衍|没人管|一直没人|再也不|退款|赔偿|举报|差评|恶心|垃圾|complain|complaint|terrible|awful|unacceptable|rude|scam|cheat|refund|compensat|worst|disgust/i;

export interface SeverityAssessment {
  severity: "major" | "ordinary";
  /** why it is major: 'safety' | 'repeat' | 'threat' | 'manager' */
  reasons: string[];
}

/**
 * Major: a safety risk, a repeat complaint, threats of media or legal action, or a demand
 * for a manager; otherwise ordinary. Major complaints go to a manager at once. Staff can
 * change it.
 *
 * @example
 * ```ts
 * assessSeverity({ text: "再不处理我就找媒体曝光", repeat: false, choice: "service" }); // { severity: "major", reasons: ["threat"] }
 * ```
 */
export function assessSeverity(input: { text: string; repeat: boolean; choice?: ComplaintChoice }): SeverityAssessment {
  const t = input.text.normalize("NFKC");
  const reasons: string[] = [];
  if (SAFETY.test(t)) reasons.push("safety");
  if (input.repeat) reasons.push("repeat");
  if (THREAT.test(t)) reasons.push("threat");
  if (BOSS.test(t)) reasons.push("manager");
  return { severity: reasons.length ? "major" : "ordinary", reasons };
}

/**
 * Whether plain text clearly complains (keywords; the LLM, when configured, does better).
 * The desk then asks the customer to confirm before opening a complaint.
 */
export function looksLikeComplaint(text: string): boolean {
  const t = text.normalize("NFKC");
  return COMPLAINT.test(t) || THREAT.test(t);
}
