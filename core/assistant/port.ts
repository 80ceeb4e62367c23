/**
 * The LLM assistant as the core sees it (a port). The desk works fully without one: every
 * method may return null, which means "fall back to the retrieval-only path". Adapters
 * (bots/llm) implement it over an OpenAI-compatible API; core never imports the SDK.
 */
import type { KbEntry } from "../kb/index.ts";

export type Intent = "fault_report" | "usage_question" | "complaint" | "status_query" | "chit_chat" | "other";

/** What the model understood from one customer message (validated against a schema). */
export interface Understanding {
  intent: Intent;
  /** one of the product families the prompt names (tv, fridge, washer, ac, small, purifier, phone, other), or null when not said */
  category: string | null;
  model: string | null;
  symptom: string | null;
  urgency: "low" | "normal" | "high";
  language: "zh" | "en";
  /** for complaints: a suggested kind and severity */
  complaint: { kind: "product" | "service" | "environment" | null; severity: "major" | "ordinary" | null } | null;
}

/** A grounded answer: steps written only from the given entries, naming the one used. */
export interface GroundedAnswer {
  /** the KB entry the answer is based on; null = the KB does not cover it */
  entryId: string | null;
  /** the answer text for the customer (empty when entryId is null) */
  text: string;
}

export interface AssistantTicketView {
  ref: number;
  kind: string;
  category: string | null;
  model: string | null;
  description: string;
  lang: string;
}

/**
 * @example
 * ```ts
 * const u = await assistant?.understand({ customerKey: "tg:42", text: "冰箱不制冷了", lang: "zh-CN" });
 * if (u?.category) draft.category ??= u.category;
 * ```
 */
export interface Assistant {
  /** Reads intent and report fields from one message. Null on any failure. */
  understand(input: { customerKey: string; text: string; lang: string }): Promise<Understanding | null>;
  /** Writes an answer strictly from `entries`. Null on any failure (then the retrieval-only answer is used). */
  answer(input: {
    customerKey: string;
    question: string;
    lang: string;
    ticket: AssistantTicketView;
    entries: KbEntry[];
  }): Promise<GroundedAnswer | null>;
  /** A short summary of a ticket's conversation for staff (marked as generated). Null on failure. */
  summarize(input: { ticket: AssistantTicketView; messages: { author: string; text: string }[] }): Promise<string | null>;
}
