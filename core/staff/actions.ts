/**
 * The staff side's vocabulary of clicks, forms and commands, for every staff platform: a card
 * button's action code (`t_claim`, `t_resolve`, …) → the staff desk method it runs, or the
 * form it opens after the same check the action makes; a submitted form → its action; and
 * the `/desk …` command line → its action. The platform adapters (Slack, the browser sandbox)
 * only translate their payloads into these calls and show the forms in their own way.
 *
 * @example
 * ```ts
 * if (isFormAction(code)) {
 *   const opened = await openForm(staff, tx, ctx, code, ref);
 *   if (opened) showForm(opened); // the platform's own modal
 * } else await runAction(staff, tx, ctx, code, ref, { selectedUser });
 * ```
 */
import { parseTicketRef } from "../domain/ticket.ts";
import { staffMessages } from "../i18n/staff.ts";
import type { Store, TicketRow } from "../store/index.ts";
import type { StaffContext } from "./context.ts";
import { validateRepair } from "./resolve.ts";
import type { StaffDesk } from "./staff-desk.ts";
import type { OverdueLine } from "./sla-notices.ts";
import { parseWindow } from "./work-states.ts";
import { RENEWAL_CLAIM, RENEWAL_DECLINE } from "./renewal.ts";
import { PRODUCT_CONFIRM } from "./product-confirm.ts";

/** The forms staff fill in, by name. */
export const STAFF_FORMS = ["resolve", "close", "appointment", "intake", "note", "handle"] as const;
export type StaffForm = (typeof STAFF_FORMS)[number];

/** Card buttons that act at once. */
const INSTANT: Record<string, (staff: StaffDesk, s: Store, ctx: StaffContext, ref: number | null) => Promise<unknown>> = {
  t_claim: (staff, s, ctx, ref) => staff.claim(s, ctx, ref),
  t_onsite: (staff, s, ctx, ref) => staff.onSite(s, ctx, ref),
  t_parts: (staff, s, ctx, ref) => staff.waitingParts(s, ctx, ref),
  t_reopen: (staff, s, ctx, ref) => staff.reopen(s, ctx, ref),
  t_sev: (staff, s, ctx, ref) => staff.setSeverity(s, ctx, ref, null),
  // a renewal task's card (the value is the task's id)
  [RENEWAL_CLAIM]: (staff, s, ctx, id) => staff.renewalClaim(s, ctx, id),
  [RENEWAL_DECLINE]: (staff, s, ctx, id) => staff.renewalDecline(s, ctx, id),
  // a product a customer added (the value is the product's id)
  [PRODUCT_CONFIRM]: (staff, s, ctx, id) => staff.confirmProduct(s, ctx, id),
};

/** Card buttons that open a form, with the check its action will make. */
const FORM_BUTTONS: Record<
  string,
  { form: StaffForm; check: (staff: StaffDesk, s: Store, ctx: StaffContext, ref: number) => Promise<boolean> }
> = {
  t_resolve: { form: "resolve", check: async (staff, s, ctx, ref) => !!(await staff.mayResolve(s, ctx, ref)) },
  t_close: { form: "close", check: (staff, s, ctx, ref) => staff.may(s, ctx, ref, "close") },
  t_appt: { form: "appointment", check: (staff, s, ctx, ref) => staff.may(s, ctx, ref, "work", { ownOnly: true }) },
  t_intake: { form: "intake", check: (staff, s, ctx, ref) => staff.may(s, ctx, ref, "work", { ownOnly: true }) },
  t_note: { form: "note", check: (staff, s, ctx, ref) => staff.may(s, ctx, ref, "work", { allowFinished: true }) },
  t_handle: { form: "handle", check: (staff, s, ctx, ref) => staff.may(s, ctx, ref, "work", { ownOnly: true }) },
};

/** The button that picks a person to give the ticket to. */
export const ASSIGN_ACTION = "t_assign";

/** Every card action code the staff side knows. */
export const STAFF_ACTIONS: readonly string[] = [...Object.keys(INSTANT), ASSIGN_ACTION, ...Object.keys(FORM_BUTTONS)];

export function isInstantAction(action: string): boolean {
  return action in INSTANT;
}

export function isFormAction(action: string): boolean {
  return action in FORM_BUTTONS;
}

/**
 * Runs a button that acts at once (or Assign, with the person picked). Returns false for an
 * action code it does not know.
 */
export async function runAction(
  staff: StaffDesk,
  s: Store,
  ctx: StaffContext,
  action: string,
  ref: number | null,
  opts: { selectedUser?: string } = {},
): Promise<boolean> {
  if (action === ASSIGN_ACTION) {
    if (opts.selectedUser) await staff.assign(s, ctx, ref, opts.selectedUser);
    return true;
  }
  const run = INSTANT[action];
  if (!run) return false;
  await run(staff, s, ctx, ref);
  return true;
}

/** A form to show, after its check passed. */
export interface OpenedForm {
  form: StaffForm;
  ticket: TicketRow;
  /** what the form starts with (the complaint handling record: what happened) */
  initial: { whatHappened?: string };
}

/**
 * A button that opens a form: makes the check its action will make (telling the person why
 * not), and returns the form to show, or null.
 */
export async function openForm(
  staff: StaffDesk,
  s: Store,
  ctx: StaffContext,
  action: string,
  ref: number | null,
): Promise<OpenedForm | null> {
  const button = FORM_BUTTONS[action];
  if (!button || !ref || !(await button.check(staff, s, ctx, ref))) return null;
  const ticket = await s.tickets.byRef(ref);
  if (!ticket) return null;
  const initial: OpenedForm["initial"] = {};
  if (button.form === "handle") initial.whatHappened = (await s.complaints.byTicket(ticket.id))?.whatHappened ?? ticket.description;
  return { form: button.form, ticket, initial };
}

/**
 * Checks a submitted form's values (by field name) before anything is stored: errors by
 * field, or null. The same rules apply on every platform.
 */
export function checkForm(
  form: string,
  v: Record<string, string>,
  lang: string | undefined,
  opts: { timeZone: string; now: () => Date },
): Record<string, string> | null {
  const t = staffMessages(lang);
  switch (form) {
    case "resolve": {
      const r = validateRepair(
        { work: v.work, hours: v.hours, parts: v.parts, fee: v.fee, feeType: v.feeType, settlement: v.settlement },
        lang ?? "zh-CN",
      );
      return r.ok ? null : r.errors;
    }
    case "appointment":
      return parseWindow(v.date ?? "", v.from ?? "", v.to ?? "", opts.timeZone, opts.now()) ? null : { to: t.badWindow };
    case "close":
      return (v.reason ?? "").trim() ? null : { reason: t.needReason };
    case "intake":
      return (v.receipt ?? "").trim() ? null : { receipt: t.needReceipt };
    case "note":
      return (v.note ?? "").trim() ? null : { note: t.needText };
    case "handle":
      return (v.result ?? "").trim() ? null : { result: t.needText };
    default:
      return null;
  }
}

/** Runs a submitted (already checked) form's action. */
export async function submitForm(
  staff: StaffDesk,
  s: Store,
  ctx: StaffContext,
  form: StaffForm,
  ref: number,
  v: Record<string, string>,
  opts: { lang: string; timeZone: string; now: Date },
): Promise<void> {
  switch (form) {
    case "resolve": {
      const r = validateRepair(
        { work: v.work, hours: v.hours, parts: v.parts, fee: v.fee, feeType: v.feeType, settlement: v.settlement },
        opts.lang,
      );
      if (r.ok) await staff.resolve(s, ctx, ref, r.value);
      return;
    }
    case "close":
      await staff.close(s, ctx, ref, v.kind === "duplicate" ? "duplicate" : "invalid", v.reason ?? "");
      return;
    case "appointment": {
      const w = parseWindow(v.date ?? "", v.from ?? "", v.to ?? "", opts.timeZone, opts.now);
      if (w) await staff.appointment(s, ctx, ref, w);
      else await staff.tell(s, ctx, staffMessages(opts.lang).badWindow);
      return;
    }
    case "intake":
      await staff.takenIn(s, ctx, ref, v.receipt ?? "");
      return;
    case "note":
      await staff.note(s, ctx, ref, v.note ?? "");
      return;
    case "handle":
      await staff.recordComplaint(s, ctx, ref, {
        whatHappened: v.what ?? "",
        cause: v.cause ?? "",
        responsibility: v.responsibility ?? "",
        action: v.action ?? "",
        result: v.result ?? "",
        reaction: v.reaction ?? "",
      });
      return;
  }
}

export interface CommandOptions {
  /** the asker's language */
  lang: string;
  timeZone: string;
  now: Date;
  /** where the command was typed (a CSV report is uploaded there) */
  channel?: string;
  /** a person as the platform writes them in a command (Slack: `<@U123|name>`) */
  parseMention: (s: string | undefined) => { userId: string; name?: string } | null;
  /** breached and at-risk tickets, for `overdue` */
  overdue: (s: Store) => Promise<OverdueLine[]>;
}

/**
 * `/desk …` (the text after the command). Returns the ticket whose Resolve form should open
 * (`/desk resolve <ref>`), else null.
 */
export async function runCommand(
  staff: StaffDesk,
  s: Store,
  ctx: StaffContext,
  text: string,
  o: CommandOptions,
): Promise<TicketRow | null> {
  const [sub = "", ...rest] = text.trim().split(/\s+/);
  const ref = parseTicketRef(rest[0]);
  const t = staffMessages(o.lang);
  const done = async (p: Promise<unknown>): Promise<null> => {
    await p;
    return null;
  };
  switch (sub.toLowerCase()) {
    case "ticket":
    case "t":
    case "history":
      return done(staff.history(s, ctx, ref));
    case "mine":
      return done(staff.mine(s, ctx));
    case "queue":
      return done(staff.queue(s, ctx));
    case "overdue":
      return done(staff.overdue(s, ctx, await o.overdue(s)));
    case "summary": {
      const csv = rest.some((x) => x.toLowerCase() === "csv");
      const spec = rest.find((x) => x.toLowerCase() !== "csv");
      return done(staff.summary(s, ctx, spec, { csv, channel: o.channel }));
    }
    case "report": {
      const which = (rest[0] ?? "").toLowerCase();
      const args = rest.slice(1);
      if (which === "settlement" || which === "结算") {
        const csv = args.some((x) => x.toLowerCase() === "csv");
        return done(
          staff.settlement(
            s,
            ctx,
            args.find((x) => x.toLowerCase() !== "csv"),
            { csv, channel: o.channel },
          ),
        );
      }
      if (which === "complaints" || which === "投诉") return done(staff.complaintReview(s, ctx, args[0], { channel: o.channel }));
      if (which !== "engineer") return done(staff.tell(s, ctx, t.usage));
      const target = o.parseMention(rest[1]);
      return done(staff.engineerReport(s, ctx, target, target ? rest[2] : rest[1]));
    }
    case "severity": {
      const sev = rest[1] === "major" || rest[1] === "重大" ? "major" : rest[1] === "ordinary" || rest[1] === "普通" ? "ordinary" : null;
      return done(staff.setSeverity(s, ctx, ref, sev));
    }
    case "claim":
      return done(staff.claim(s, ctx, ref));
    case "assign": {
      const target = o.parseMention(rest[1]);
      if (!target) return done(staff.tell(s, ctx, t.needMention));
      return done(staff.assign(s, ctx, ref, target.userId));
    }
    case "close": {
      const kind = rest[1] === "duplicate" ? "duplicate" : "invalid";
      const reason = rest.slice(rest[1] === "duplicate" || rest[1] === "invalid" ? 2 : 1).join(" ");
      return done(staff.close(s, ctx, ref, kind, reason));
    }
    case "note":
      return done(staff.note(s, ctx, ref, rest.slice(1).join(" ")));
    case "appt":
    case "appointment": {
      const [date, range] = [rest[1] ?? "", rest[2] ?? ""];
      const [from, to] = range.split(/[-–~]/);
      const w = parseWindow(date, from ?? "", to ?? "", o.timeZone, o.now);
      if (!w) return done(staff.tell(s, ctx, t.badWindow));
      return done(staff.appointment(s, ctx, ref, w));
    }
    case "onsite":
    case "on-site":
      return done(staff.onSite(s, ctx, ref));
    case "intake":
    case "takein":
      return done(staff.takenIn(s, ctx, ref, rest.slice(1).join(" ")));
    case "parts":
      return done(staff.waitingParts(s, ctx, ref));
    case "reopen":
      return done(staff.reopen(s, ctx, ref));
    case "resolve":
      return staff.mayResolve(s, ctx, ref);
    case "link":
      return done(staff.link(s, ctx, rest[0], rest[1]));
    case "renewed":
    case "续约":
      return done(staff.renewed(s, ctx, rest[0], rest[1]));
    case "due":
    case "到期":
      return done(staff.due(s, ctx, rest[0], rest[1]));
    case "tier":
    case "等级":
      return done(staff.setTier(s, ctx, rest[0], rest[1]));
    case "customer":
    case "客户":
      return done(staff.customerFile(s, ctx, rest.join(" ")));
    case "reply":
      return done(staff.sendSavedReply(s, ctx, ref, rest[1]));
    case "replies":
      return done(staff.manageReplies(s, ctx, rest));
    case "staff": {
      const [op, who, role] = rest;
      if (op === "add") return done(staff.staffAdd(s, ctx, o.parseMention(who), role ?? ""));
      if (op === "remove" || op === "rm") return done(staff.staffRemove(s, ctx, o.parseMention(who)));
      if (op === "list" || op === undefined) return done(staff.staffList(s, ctx));
      return done(staff.tell(s, ctx, t.usage));
    }
    default:
      return done(staff.tell(s, ctx, t.usage));
  }
}
