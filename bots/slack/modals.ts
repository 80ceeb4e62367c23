/**
 * The Slack modals staff fill in (resolve with the repair record, close, appointment,
 * taken in, internal note), and reading their submissions back. Validation is synchronous so
 * the receiver can keep the modal open with errors before anything is stored.
 */
import type { View } from "@slack/types";
import { FEE_TYPES } from "../../core/domain/fee.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import { localDate } from "../../core/domain/date.ts";
import { checkForm, type OpenedForm, type StaffForm } from "../../core/staff/actions.ts";
import type { TicketRow } from "../../core/store/index.ts";

export const MODALS = {
  resolve: "m_resolve",
  close: "m_close",
  appointment: "m_appt",
  intake: "m_intake",
  note: "m_note",
  handle: "m_handle",
} as const;

/** What a modal carries from the click that opened it. */
export interface ModalMeta {
  ref: number;
  lang: string;
  /** where to answer the person privately afterwards */
  responseUrl?: string;
  channel?: string;
  threadTs?: string;
}

const text = (t: string) => ({ type: "plain_text" as const, text: t.slice(0, 150), emoji: true });
const input = (blockId: string, label: string, element: Record<string, unknown>, optional = false) => ({
  type: "input",
  block_id: blockId,
  label: text(label),
  optional,
  element: { ...element, action_id: "v" },
});

function shell(callbackId: string, title: string, meta: ModalMeta, blocks: unknown[]): View {
  const t = staffMessages(meta.lang);
  return {
    type: "modal",
    callback_id: callbackId,
    private_metadata: JSON.stringify(meta),
    title: text(`${title} #${meta.ref}`.slice(0, 24)),
    submit: text(t.modal.submit),
    close: text(t.modal.cancel),
    blocks: blocks as View["blocks"],
  };
}

export function resolveModal(ticket: TicketRow, meta: ModalMeta): View {
  const t = staffMessages(meta.lang).modal;
  const fees = staffMessages(meta.lang).fees;
  const option = (f: string) => ({ text: text(fees[f] ?? f), value: f });
  return shell(MODALS.resolve, t.resolveTitle, meta, [
    input("work", t.work, { type: "plain_text_input", multiline: true, max_length: 2000 }),
    input("hours", t.hours, { type: "plain_text_input", initial_value: "1", max_length: 6 }),
    input("parts", t.parts, { type: "plain_text_input", multiline: true, max_length: 1000 }, true),
    input("fee", t.fee, { type: "plain_text_input", initial_value: "0", max_length: 10 }),
    input("feeType", t.feeType, { type: "static_select", options: FEE_TYPES.map(option), initial_option: option(ticket.feeType) }),
    input("settlement", t.settlement, { type: "plain_text_input", max_length: 12 }, true),
  ]);
}

export function closeModal(meta: ModalMeta): View {
  const t = staffMessages(meta.lang).modal;
  const option = (v: string, label: string) => ({ text: text(label), value: v });
  return shell(MODALS.close, t.closeTitle, meta, [
    input("kind", t.closeKind, {
      type: "static_select",
      options: [option("invalid", t.invalid), option("duplicate", t.duplicate)],
      initial_option: option("invalid", t.invalid),
    }),
    input("reason", t.reason, { type: "plain_text_input", multiline: true, max_length: 500 }),
  ]);
}

export function appointmentModal(meta: ModalMeta, timeZone: string, now: Date): View {
  const t = staffMessages(meta.lang).modal;
  return shell(MODALS.appointment, t.apptTitle, meta, [
    input("date", t.date, { type: "datepicker", initial_date: localDate(now, timeZone) }),
    input("from", t.from, { type: "timepicker", initial_time: "09:00", timezone: timeZone }),
    input("to", t.to, { type: "timepicker", initial_time: "11:00", timezone: timeZone }),
  ]);
}

export function intakeModal(meta: ModalMeta): View {
  const t = staffMessages(meta.lang).modal;
  return shell(MODALS.intake, t.intakeTitle, meta, [input("receipt", t.receipt, { type: "plain_text_input", max_length: 60 })]);
}

export function noteModal(meta: ModalMeta): View {
  const t = staffMessages(meta.lang).modal;
  return shell(MODALS.note, t.noteTitle, meta, [input("note", t.note, { type: "plain_text_input", multiline: true, max_length: 3000 })]);
}

export function handleModal(meta: ModalMeta, whatHappened: string): View {
  const t = staffMessages(meta.lang).modal;
  const area = (id: string, label: string, optional: boolean, initial?: string) =>
    input(
      id,
      label,
      { type: "plain_text_input", multiline: true, max_length: 2000, ...(initial ? { initial_value: initial.slice(0, 2000) } : {}) },
      optional,
    );
  return shell(MODALS.handle, t.handleTitle, meta, [
    area("what", t.what, true, whatHappened),
    area("cause", t.cause, true),
    area("responsibility", t.responsibility, true),
    area("action", t.action, true),
    area("result", t.result, false),
    area("reaction", t.reaction, true),
  ]);
}

/** Reads `view.state.values` into block_id → string. */
export function viewValues(view: { state?: { values?: Record<string, Record<string, any>> } }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(view.state?.values ?? {})) {
    const a = actions.v ?? Object.values(actions)[0];
    if (!a) continue;
    out[blockId] = a.value ?? a.selected_option?.value ?? a.selected_date ?? a.selected_time ?? a.selected_user ?? "";
  }
  return out;
}

export function modalMeta(view: { private_metadata?: string }): ModalMeta | null {
  try {
    const m = JSON.parse(view.private_metadata ?? "");
    return typeof m?.ref === "number" ? (m as ModalMeta) : null;
  } catch {
    return null;
  }
}

/** The modal of each staff form, and back. */
export const MODAL_OF_FORM: Record<StaffForm, string> = {
  resolve: MODALS.resolve,
  close: MODALS.close,
  appointment: MODALS.appointment,
  intake: MODALS.intake,
  note: MODALS.note,
  handle: MODALS.handle,
};

/** The staff form a modal's callback_id stands for, or null. */
export function formOfModal(callbackId: string | undefined): StaffForm | null {
  const entry = Object.entries(MODAL_OF_FORM).find(([, id]) => id === callbackId);
  return entry ? (entry[0] as StaffForm) : null;
}

/**
 * The modal for a form that {@link openForm} allowed.
 *
 * @example
 * ```ts
 * const opened = await openForm(staff, tx, ctx, "t_resolve", 1024);
 * if (opened) await client.views.open({ trigger_id, view: formModal(opened, meta, timeZone, now) });
 * ```
 */
export function formModal(opened: OpenedForm, meta: ModalMeta, timeZone: string, now: Date): View {
  switch (opened.form) {
    case "resolve":
      return resolveModal(opened.ticket, meta);
    case "close":
      return closeModal(meta);
    case "appointment":
      return appointmentModal(meta, timeZone, now);
    case "intake":
      return intakeModal(meta);
    case "note":
      return noteModal(meta);
    case "handle":
      return handleModal(meta, opened.initial.whatHappened ?? "");
  }
}

/**
 * The receiver's synchronous check of a modal submission: errors by block_id (the modal
 * stays open), or null.
 */
export function validateSubmission(
  payload: Record<string, any>,
  opts: { timeZone: string; now: () => Date },
): Record<string, string> | null {
  const view = payload.view ?? {};
  const form = formOfModal(view.callback_id);
  if (!form) return null;
  return checkForm(form, viewValues(view), modalMeta(view)?.lang, opts);
}
