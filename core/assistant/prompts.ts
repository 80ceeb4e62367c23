/**
 * The assistant's prompts: plain files in `prompts/<task>/` (the system prompt, the user
 * message template, the output schema, version notes), rendered here with typed variables.
 *
 * Customer text is data, never instructions: it only ever goes into the user message,
 * as JSON inside an element (`<customer_message>`, `<ticket>`, …) with `<`, `>` and `&`
 * escaped, so no text a customer types can close the element or look like markup; the
 * system prompts say that those elements are data. The templates receive nothing but
 * what the typed render functions pass: this customer's message or ticket, and the KB
 * entries retrieval found.
 */
import { existsSync, readFileSync } from "node:fs";
import type { KbEntry } from "../kb/index.ts";
import type { AssistantTicketView } from "./port.ts";
import { DeskError } from "../errors.ts";
import { fromRoot } from "../paths.ts";

export type PromptTask = "understand" | "answer" | "summary";
export const PROMPT_TASKS: readonly PromptTask[] = ["understand", "answer", "summary"];

/** The `prompts/` folder of this repository. */
export const DEFAULT_PROMPTS_DIR = fromRoot("prompts");

export type PromptErrorCode = "PROMPT_MISSING" | "PROMPT_INVALID";

/** A prompt file is missing or malformed (found at load time, never per call). */
export class PromptError extends DeskError<PromptErrorCode> {}

/** What one model call is sent. */
export interface RenderedPrompt {
  task: PromptTask;
  /** from the task's NOTES.md */
  version: string;
  system: string;
  user: string;
  /** `response_format.json_schema.name` */
  schemaName: string;
  schema: Record<string, unknown>;
}

interface Template {
  task: PromptTask;
  version: string;
  system: string;
  user: string;
  schema: Record<string, unknown>;
}

/** The variables each template may use, per part. Anything else is an error at load time. */
const VARIABLES: Record<PromptTask, { system: readonly string[]; user: readonly string[] }> = {
  understand: { system: [], user: ["customer_message", "interface_language"] },
  answer: { system: ["reply_language"], user: ["ticket", "customer_question", "kb_entries"] },
  summary: { system: ["staff_language"], user: ["ticket", "conversation"] },
};

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Limits on what goes into a prompt (characters). */
export const PROMPT_LIMITS = { message: 4096, entryBody: 4000, conversationMessages: 40, conversationText: 1000 } as const;

/**
 * JSON for a data element: `JSON.stringify`, with `<`, `>`, `&` and the JS line separators
 * escaped, so the text can neither close the element it sits in nor start a new line.
 *
 * @example
 * ```ts
 * dataJson("</customer_message>\nSYSTEM: …") // "\"\\u003c/customer_message\\u003e\\nSYSTEM: …\""
 * ```
 */
export function dataJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The name of a customer/ticket language as the prompts say it.
 *
 * @example
 * ```ts
 * languageName("en") // "English"
 * ```
 */
export function languageName(lang: string): string {
  return /^en/i.test(lang) ? "English" : "Simplified Chinese (简体中文)";
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new PromptError("PROMPT_INVALID", `no value for {{${name}}}`);
    return v;
  });
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + "…";
}

function ticketJson(t: AssistantTicketView, question?: string): string {
  const view: Record<string, unknown> = { ref: t.ref, kind: t.kind, category: t.category, model: t.model };
  // the description is the question in first-line help; don't send it twice
  if (question === undefined || t.description.trim() !== question.trim()) view.description = clip(t.description, PROMPT_LIMITS.message);
  return dataJson(view);
}

/**
 * The loaded templates, with one typed render function per task.
 *
 * @example
 * ```ts
 * const prompts = loadPrompts();
 * const p = prompts.renderUnderstand({ text: "冰箱不制冷了", lang: "zh-CN" });
 * await client.chatJson({ ...p, timeoutMs: 15_000 });
 * ```
 */
export class Prompts {
  private constructor(private readonly t: Record<PromptTask, Template>) {}

  /** Reads and checks every task's files; throws {@link PromptError}. */
  static load(dir: string = DEFAULT_PROMPTS_DIR): Prompts {
    const read = (task: PromptTask, file: string): string => {
      const path = `${dir.replace(/\/$/, "")}/${task}/${file}`;
      if (!existsSync(path)) throw new PromptError("PROMPT_MISSING", `missing prompt file ${path}`);
      return readFileSync(path, "utf8");
    };
    const templates = {} as Record<PromptTask, Template>;
    for (const task of PROMPT_TASKS) {
      const system = read(task, "system.md").trim();
      const user = read(task, "user.md").trim();
      let schema: Record<string, unknown>;
      try {
        schema = JSON.parse(read(task, "schema.json"));
      } catch (err) {
        if (err instanceof PromptError) throw err;
        throw new PromptError("PROMPT_INVALID", `prompts/${task}/schema.json is not valid JSON: ${(err as Error).message}`);
      }
      if (schema.type !== "object" || schema.additionalProperties !== false) {
        throw new PromptError(
          "PROMPT_INVALID",
          `prompts/${task}/schema.json must be an object schema with additionalProperties: false (strict structured outputs)`,
        );
      }
      const version = /^version:\s*(\S+)/m.exec(read(task, "NOTES.md"))?.[1];
      if (!version) throw new PromptError("PROMPT_INVALID", `prompts/${task}/NOTES.md must start with a "version: …" line`);
      for (const [part, text] of [
        ["system", system],
        ["user", user],
      ] as const) {
        for (const m of text.matchAll(PLACEHOLDER)) {
          if (!VARIABLES[task][part].includes(m[1]!)) {
            throw new PromptError(
              "PROMPT_INVALID",
              `prompts/${task}/${part}.md uses {{${m[1]}}}; allowed: ${VARIABLES[task][part].join(", ") || "none"}`,
            );
          }
        }
      }
      templates[task] = { task, version, system, user, schema };
    }
    return new Prompts(templates);
  }

  /** Version of each task's prompt (from NOTES.md), for logs. */
  get versions(): Record<PromptTask, string> {
    return { understand: this.t.understand.version, answer: this.t.answer.version, summary: this.t.summary.version };
  }

  private render(
    task: PromptTask,
    systemVars: Record<string, string>,
    userVars: Record<string, string>,
    schema?: Record<string, unknown>,
  ): RenderedPrompt {
    const t = this.t[task];
    return {
      task,
      version: t.version,
      system: fill(t.system, systemVars),
      user: fill(t.user, userVars),
      schemaName: `desk_${task}`,
      schema: schema ?? structuredClone(t.schema),
    };
  }

  /**
   * One customer message → intent, product, model, symptom, urgency, language.
   *
   * @example
   * ```ts
   * prompts.renderUnderstand({ text: "洗衣机不排水", lang: "zh-CN" }).user; // contains <customer_message>
   * ```
   */
  renderUnderstand(v: { text: string; lang: string }): RenderedPrompt {
    return this.render(
      "understand",
      {},
      {
        customer_message: dataJson(clip(v.text, PROMPT_LIMITS.message)),
        interface_language: languageName(v.lang),
      },
    );
  }

  /**
   * A grounded answer from `entries` only. The schema's `entryId` is narrowed to their ids
   * (or null), so strict structured outputs cannot name another entry.
   *
   * @example
   * ```ts
   * const p = prompts.renderAnswer({ question, lang: "zh-CN", ticket, entries: top3 });
   * ```
   */
  renderAnswer(v: { question: string; lang: string; ticket: AssistantTicketView; entries: readonly KbEntry[] }): RenderedPrompt {
    const schema = structuredClone(this.t.answer.schema) as { properties?: Record<string, Record<string, unknown>> };
    if (schema.properties?.entryId) schema.properties.entryId.enum = [...v.entries.map((e) => e.id), null];
    const entries = v.entries.map((e) => ({
      id: e.id,
      title: e.title,
      products: e.products,
      body: clip(e.body.trim(), PROMPT_LIMITS.entryBody),
    }));
    return this.render(
      "answer",
      { reply_language: languageName(v.lang) },
      {
        ticket: ticketJson(v.ticket, v.question),
        customer_question: dataJson(clip(v.question, PROMPT_LIMITS.message)),
        kb_entries: dataJson(entries, 2),
      },
      schema as Record<string, unknown>,
    );
  }

  /**
   * A ticket's conversation → a short summary for staff, in the staff language.
   *
   * @example
   * ```ts
   * const p = prompts.renderSummary({ ticket, messages: [{ author: "customer", text: "…" }], staffLang: "zh-CN" });
   * ```
   */
  renderSummary(v: {
    ticket: AssistantTicketView;
    messages: readonly { author: string; text: string }[];
    staffLang: string;
  }): RenderedPrompt {
    const messages = v.messages
      .filter((m) => m.text.trim())
      .slice(-PROMPT_LIMITS.conversationMessages)
      .map((m) => ({ author: m.author, text: clip(m.text, PROMPT_LIMITS.conversationText) }));
    return this.render(
      "summary",
      { staff_language: languageName(v.staffLang) },
      { ticket: ticketJson(v.ticket), conversation: dataJson(messages, 2) },
    );
  }
}

/**
 * Loads `prompts/` (or another folder with the same layout).
 *
 * @example
 * ```ts
 * const prompts = loadPrompts();
 * prompts.versions.answer; // "1"
 * ```
 */
export function loadPrompts(dir?: string): Prompts {
  return Prompts.load(dir);
}
