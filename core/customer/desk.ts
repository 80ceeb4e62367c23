/**
 * The customer side of the desk: greeting, the customer file, fault-report intake,
 * first-line help from the FAQ, and the customer's own tickets. Platform-neutral: an adapter
 * turns platform updates into {@link CustomerInput} and delivers the {@link Reply}s.
 */
import type { CardButton, MessageCard } from "../card.ts";
import type { Clock } from "../clock.ts";
import { AREAS, isLang, langFromCode, normalizePhone, type Lang } from "../domain/customer.ts";
import { localDate, parsePurchaseDate } from "../domain/date.ts";
import { decideFee } from "../domain/fee.ts";
import { PRODUCT_CATEGORIES, isProductCategory } from "../domain/product.ts";
import { CANCELLABLE_STATUSES, OPEN_STATUSES, REPORT_KINDS, formatRef, parseTicketRef } from "../domain/ticket.ts";
import type { FaqService } from "../faq.ts";
import type { StaffHooks } from "../hooks.ts";
import { messages, type Messages } from "../i18n/index.ts";
import type { Logger } from "../log.ts";
import type { CustomerRow, JsonValue, Store, TicketRow } from "../store/index.ts";
import type { Assistant, Understanding } from "../assistant/port.ts";
import { detectCategory, detectKind, detectModel, isDontKnow } from "./detect.ts";
import { FIRST_LINE_JOB } from "./first-line.ts";
import type { SurveyService } from "./survey.ts";
import { COMPLAINT_CHOICES, assessSeverity, kindAndRouting, looksLikeComplaint, type ComplaintChoice } from "../domain/complaint.ts";
import { MAX_DESCRIPTION, MAX_FIELD, MAX_INPUT_TEXT, type CustomerInput, type CustomerRef, type Reply } from "./types.ts";

export interface CustomerDeskOptions {
  clock: Clock;
  timeZone: string;
  warrantyMonths: Record<string, number>;
  faq: FaqService;
  hooks?: StaffHooks;
  log: Logger;
  /** the LLM assistant, when one is configured */
  assistant?: Assistant | null;
  /** the callback survey (回访) */
  surveys?: SurveyService;
  /** days within which a new ticket for the same product is a repeat repair (default 90) */
  repeatDays?: number;
  /** clock hours within which complaints are answered (the acknowledgement promises it) */
  complaintReplyHours?: number;
}

/** Slow work done before the transaction (never inside the platform's ack path). */
export interface Prepared {
  understanding?: Understanding | null;
}

/** A report being collected. `null` means "the customer doesn't know". */
export interface Draft {
  kind?: string;
  category?: string;
  model?: string | null;
  purchase?: string | null;
  description?: string;
  photos: { fileId: string; caption?: string }[];
}

type Step = "kind" | "product" | "model" | "purchase" | "description" | "name" | "phone" | "address" | "area";
const PROFILE_FIELDS = ["name", "phone", "address", "area"] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Result of handling one input: what to send back. */
export interface Handled {
  replies: Reply[];
  customer: CustomerRow;
}

/**
 * @example
 * ```ts
 * const desk = new CustomerDesk({ clock, timeZone: "Asia/Shanghai", warrantyMonths, faq, log });
 * const { replies } = await store.tx((s) => desk.handle(s, who, { type: "text", text: "冰箱不制冷了" }));
 * ```
 */
export class CustomerDesk {
  constructor(private readonly o: CustomerDeskOptions) {}

  /**
   * The slow part, run before the transaction: with an LLM, free text that may describe a
   * fault is read for intent, product, model and symptom. Returns {} without an LLM or when
   * the text is not a description (answers to a specific question are not sent to the model).
   */
  async prepare(store: Store, who: CustomerRef, input: CustomerInput): Promise<Prepared> {
    const assistant = this.o.assistant;
    if (!assistant || input.type !== "text" || !who.privateChat || input.text.length > MAX_INPUT_TEXT) return {};
    const customer = await store.customers.byTelegramUser(who.userId);
    if (customer) {
      const conv = await store.customers.conversation(customer.id);
      const describing =
        (conv?.flow === "report" && ["kind", "product", "description"].includes(conv.step)) ||
        (conv?.flow === "complaint" && conv.step === "text");
      if (conv && !describing) return {};
    }
    const understanding = await assistant.understand({
      customerKey: `customer:${customer?.id ?? "tg:" + who.userId}`,
      text: input.text,
      lang: customer?.lang ?? langFromCode(who.languageCode),
    });
    return { understanding };
  }

  /** Handles one customer input inside the caller's transaction. */
  async handle(s: Store, who: CustomerRef, input: CustomerInput, prepared: Prepared = {}): Promise<Handled> {
    const customer = await s.customers.upsertTelegram({
      userId: who.userId,
      chatId: who.chatId,
      displayName: who.displayName,
      lang: langFromCode(who.languageCode),
    });
    const ctx = new Turn(this.o, s, customer, who, prepared);
    await ctx.run(input);
    return { replies: ctx.replies, customer: ctx.customer };
  }
}

/** One customer input being handled. */
class Turn {
  readonly replies: Reply[] = [];
  m: Messages;
  private readonly now: Date;

  constructor(
    private readonly o: CustomerDeskOptions,
    private readonly s: Store,
    public customer: CustomerRow,
    private readonly who: CustomerRef,
    private readonly prepared: Prepared = {},
  ) {
    this.m = messages(customer.lang);
    this.now = o.clock.now();
  }

  private send(card: MessageCard | string): void {
    this.replies.push({ kind: "send", card: typeof card === "string" ? { body: card } : card });
  }

  async run(input: CustomerInput): Promise<void> {
    if (!this.who.privateChat) {
      if (input.type === "command" || input.type === "button") this.send(this.m.groupOnly);
      if (input.type === "button") this.replies.push({ kind: "answer", callbackId: input.callbackId });
      return;
    }
    switch (input.type) {
      case "command":
        return this.command(input.command.toLowerCase(), input.args.trim());
      case "text":
        if (input.text.length > MAX_INPUT_TEXT) return this.send(this.m.tooLong(MAX_INPUT_TEXT));
        return this.text(input.text.trim());
      case "photo":
        return this.photo(input.fileId, input.caption?.trim() || undefined);
      case "button":
        return this.button(input.action, input.value, input.callbackId, input.messageId);
      case "unsupported":
        return this.send(this.m.unsupported[input.what] ?? this.m.unsupported.other);
    }
  }

  // ── commands ────────────────────────────────────────────────────────────────────────────

  private async command(cmd: string, args: string): Promise<void> {
    switch (cmd) {
      case "start":
        this.send(this.m.start(this.customer.name ?? this.customer.displayName ?? undefined));
        return this.resumeDraft();
      case "help":
        return this.send(this.m.help());
      case "lang":
      case "language":
        return this.langCommand(args);
      case "new":
      case "report":
      case "repair":
        await this.s.customers.clearConversation(this.customer.id);
        return this.startReport({ photos: [] });
      case "tickets":
        return this.listTickets();
      case "status":
        return this.status(args);
      case "cancel":
        return this.cancel(args);
      case "profile":
      case "me":
        return this.showProfile();
      case "complaint":
      case "complain":
      case "tousu":
        return this.startComplaint(parseTicketRef(args));
      default:
        return this.send(this.m.unknownCommand("/" + cmd));
    }
  }

  private async langCommand(args: string): Promise<void> {
    const a = args.toLowerCase();
    const lang: Lang | undefined = /^(zh|cn|中文|zh-cn)/.test(a) ? "zh-CN" : /^(en|english|英文)/.test(a) ? "en" : undefined;
    if (lang) return this.setLang(lang);
    this.send({
      body: this.m.langPrompt,
      buttons: [
        [
          { label: "简体中文", action: "lang", value: "zh-CN" },
          { label: "English", action: "lang", value: "en" },
        ],
      ],
    });
  }

  private async setLang(lang: Lang): Promise<void> {
    this.customer = await this.s.customers.update(this.customer.id, { lang, langChosen: true });
    this.m = messages(lang);
    this.send(this.m.langSet);
  }

  private async listTickets(): Promise<void> {
    const list = await this.s.tickets.listForCustomer(this.customer.id, 10);
    if (!list.length) return this.send(this.m.ticketsEmpty);
    const lines = list.map((t) =>
      this.m.ticketLine(
        formatRef(t.ref),
        this.productLabel(t.category),
        this.m.statuses[t.status] ?? t.status,
        localDate(t.createdAt, this.o.timeZone),
      ),
    );
    this.send({ title: this.m.ticketsHeader, body: lines.join("\n") });
  }

  private async status(args: string): Promise<void> {
    let ticket: TicketRow | null = null;
    if (args) {
      const ref = parseTicketRef(args);
      if (ref === null) return this.send(this.m.statusUsage);
      ticket = await this.s.tickets.byRefForCustomer(ref, this.customer.id);
      if (!ticket) return this.send(this.m.notFound(formatRef(ref)));
    } else {
      ticket = await this.s.tickets.latestForCustomer(this.customer.id, OPEN_STATUSES);
      if (!ticket) return this.send(this.m.statusUsage);
    }
    this.send(this.ticketCard(ticket));
  }

  private ticketCard(t: TicketRow): MessageCard {
    const m = this.m;
    const fields = [
      { label: m.summary.status, value: m.statuses[t.status] ?? t.status },
      { label: m.summary.kind, value: m.kinds[t.kind] ?? t.kind },
      { label: m.summary.product, value: this.productLabel(t.category) },
      { label: m.summary.model, value: t.model ?? m.summary.unknown },
      { label: m.summary.fee, value: m.fees[t.feeType] ?? t.feeType },
      { label: m.summary.created, value: localDate(t.createdAt, this.o.timeZone) },
    ];
    const buttons = t.kind === "complaint" ? undefined : [[{ label: m.complaint.button, action: "cmp", value: String(t.ref) }]];
    return { title: formatRef(t.ref), fields, body: clip(t.description, 300), buttons };
  }

  private async cancel(args: string): Promise<void> {
    if (!args) {
      const conv = await this.s.customers.conversation(this.customer.id);
      if (conv?.flow === "report") {
        await this.s.customers.clearConversation(this.customer.id);
        return this.send(this.m.draftCancelled);
      }
      return this.send(this.m.cancelUsage);
    }
    const ref = parseTicketRef(args);
    if (ref === null) return this.send(this.m.cancelUsage);
    const t = await this.s.tickets.byRefForCustomer(ref, this.customer.id);
    if (!t) return this.send(this.m.notFound(formatRef(ref)));
    if (!CANCELLABLE_STATUSES.includes(t.status as any)) {
      return this.send(this.m.cannotCancel(formatRef(ref), this.m.statuses[t.status] ?? t.status));
    }
    this.send({
      body: this.m.cancelConfirm(formatRef(ref)),
      buttons: [
        [
          { label: this.m.buttons.confirmCancel(formatRef(ref)), action: "cx", value: String(ref), style: "danger" },
          { label: this.m.buttons.keep, action: "cxk", value: String(ref) },
        ],
      ],
    });
  }

  private async showProfile(): Promise<void> {
    const c = this.customer;
    const m = this.m;
    const buttons: CardButton[][] = [
      [
        { label: m.buttons.edit.name, action: "pf", value: "name" },
        { label: m.buttons.edit.phone, action: "pf", value: "phone" },
      ],
      [
        { label: m.buttons.edit.address, action: "pf", value: "address" },
        { label: m.buttons.edit.area, action: "pf", value: "area" },
      ],
    ];
    if (!c.name && !c.phone && !c.address && !c.area) {
      return this.send({ title: m.profileTitle, body: m.profileEmpty, buttons });
    }
    this.send({
      title: m.profileTitle,
      fields: [
        { label: m.profileLabels.name, value: c.name ?? m.summary.unknown },
        { label: m.profileLabels.phone, value: c.phone ?? m.summary.unknown },
        { label: m.profileLabels.address, value: c.address ?? m.summary.unknown },
        { label: m.profileLabels.area, value: c.area ? m.areas[c.area] : m.summary.unknown },
      ],
      buttons,
    });
  }

  // ── free text and photos ────────────────────────────────────────────────────────────────

  private async text(text: string): Promise<void> {
    if (!text) return;
    const conv = await this.s.customers.conversation(this.customer.id);
    if (conv?.flow === "profile") return this.profileAnswer(conv.step as ProfileField, text, conv.data as any);
    if (conv?.flow === "report") return this.reportAnswer(conv.step as Step, text, conv.data as unknown as Draft);
    if (conv?.flow === "comment" && this.o.surveys) {
      this.replies.push(
        ...(await this.o.surveys.comment(this.s, this.customer.id, conv.data as { surveyId: number; messageId: number | null }, text)),
      );
      return;
    }
    if (conv?.flow === "complaint") return this.complaintAnswer(conv.step, text, conv.data as ComplaintDraft);
    if (conv?.flow === "complaint_confirm") {
      // typing on instead of answering means "no": carry on with what they wrote
      await this.s.customers.clearConversation(this.customer.id);
    } else if (looksLikeComplaint(text) || this.prepared.understanding?.intent === "complaint") {
      await this.s.customers.setConversation(this.customer.id, "complaint_confirm", "confirm", { text: clip(text, MAX_DESCRIPTION) });
      return this.send({
        body: this.m.complaint.confirm,
        buttons: [
          [
            { label: this.m.complaint.yes, action: "cmpy", value: "1", style: "danger" },
            { label: this.m.complaint.no, action: "cmpn", value: "1" },
          ],
        ],
      });
    }
    const open = await this.s.tickets.latestForCustomer(this.customer.id, OPEN_STATUSES);
    if (open) return this.attach(open, text, []);
    // a new report, with this text as the description
    const draft: Draft = { description: clip(text, MAX_DESCRIPTION), photos: [] };
    prefill(draft, text, this.prepared.understanding);
    return this.startReport(draft);
  }

  private async photo(fileId: string, caption?: string): Promise<void> {
    const conv = await this.s.customers.conversation(this.customer.id);
    if (conv?.flow === "report") {
      const draft = conv.data as unknown as Draft;
      draft.photos = [...(draft.photos ?? []), { fileId, caption }];
      if (caption && !draft.description) {
        draft.description = clip(caption, MAX_DESCRIPTION);
        prefill(draft, caption);
      }
      return this.askNext(draft, draft.description ? this.m.photoSaved : undefined);
    }
    const open = await this.s.tickets.latestForCustomer(this.customer.id, OPEN_STATUSES);
    if (open) return this.attach(open, caption ?? "", [{ fileId, caption }]);
    const draft: Draft = { photos: [{ fileId, caption }] };
    if (caption) {
      draft.description = clip(caption, MAX_DESCRIPTION);
      prefill(draft, caption);
    }
    return this.startReport(draft, caption ? undefined : this.m.photoNeedsText);
  }

  private async attach(ticket: TicketRow, text: string, photos: { fileId: string; caption?: string }[]): Promise<void> {
    await this.s.tickets.addMessage(ticket.id, "customer", text, this.now, {
      authorId: this.customer.telegramUserId,
      photos: photos.map((p) => ({ ...p, platform: "telegram" })),
    });
    await this.o.hooks?.customerMessage?.(this.s, ticket, { text, photos }, this.now);
    this.send(this.m.attached(formatRef(ticket.ref)));
  }

  // ── report intake ───────────────────────────────────────────────────────────────────────

  private async startReport(draft: Draft, note?: string): Promise<void> {
    return this.askNext(draft, note);
  }

  private async resumeDraft(): Promise<void> {
    const conv = await this.s.customers.conversation(this.customer.id);
    if (conv?.flow === "report") {
      const draft = conv.data as unknown as Draft;
      return this.askNext(draft, this.m.draftContinue);
    }
  }

  private nextStep(d: Draft): Step | null {
    if (d.kind === undefined) return "kind";
    if (d.category === undefined) return "product";
    if (d.model === undefined) return "model";
    if (d.purchase === undefined) return "purchase";
    if (!d.description) return "description";
    const c = this.customer;
    if (!c.name) return "name";
    if (!c.phone) return "phone";
    if (!c.address) return "address";
    if (!c.area) return "area";
    return null;
  }

  /** Saves the draft and asks the next missing question, or opens the ticket when complete. */
  private async askNext(draft: Draft, note?: string): Promise<void> {
    const step = this.nextStep(draft);
    if (!step) {
      await this.s.customers.clearConversation(this.customer.id);
      if (note) this.send(note);
      return this.openTicket(draft);
    }
    await this.s.customers.setConversation(this.customer.id, "report", step, draft as unknown as JsonValue);
    this.send(this.question(step, note));
  }

  private question(step: Step, note?: string): MessageCard {
    const m = this.m;
    const body = (note ? note + "\n\n" : "") + m.ask[step];
    const rows = (items: CardButton[], per: number) => chunk(items, per);
    switch (step) {
      case "kind":
        return {
          body,
          buttons: rows(
            REPORT_KINDS.map((k) => ({ label: m.kinds[k], action: "kind", value: k })),
            2,
          ).concat([[{ label: m.buttons.cancelDraft, action: "draft", value: "x" }]]),
        };
      case "product":
        return {
          body,
          buttons: rows(
            PRODUCT_CATEGORIES.map((c) => ({ label: m.products[c], action: "prod", value: c })),
            4,
          ),
        };
      case "model":
        return { body, buttons: [[{ label: m.buttons.unknown, action: "model", value: "?" }]] };
      case "purchase":
        return { body, buttons: [[{ label: m.buttons.unknown, action: "buy", value: "?" }]] };
      case "area":
        return { body, buttons: [AREAS.map((a) => ({ label: m.areas[a], action: "area", value: a }))] };
      default:
        return { body };
    }
  }

  private async reportAnswer(step: Step, text: string, draft: Draft): Promise<void> {
    draft.photos ??= [];
    const m = this.m;
    const retry = (msg: string) => {
      this.send(this.question(step, msg));
    };
    switch (step) {
      case "kind": {
        const k = matchChoice(text, REPORT_KINDS, m.kinds) ?? detectKind(text) ?? kindOf(this.prepared.understanding);
        if (!k || !(REPORT_KINDS as readonly string[]).includes(k)) return retry(m.invalid.pickButton);
        draft.kind = k;
        break;
      }
      case "product": {
        const c = matchChoice(text, PRODUCT_CATEGORIES, m.products) ?? detectCategory(text) ?? categoryOf(this.prepared.understanding);
        if (!c) return retry(m.invalid.pickButton);
        draft.category = c;
        if (draft.model === undefined) draft.model = detectModel(text);
        break;
      }
      case "model":
        if (isDontKnow(text)) draft.model = null;
        else if (text.length > MAX_FIELD.model) return retry(m.invalid.tooLongField(MAX_FIELD.model));
        else draft.model = text.normalize("NFKC").toUpperCase();
        break;
      case "purchase": {
        if (isDontKnow(text)) {
          draft.purchase = null;
          break;
        }
        const r = parsePurchaseDate(text, this.now, this.o.timeZone);
        if (!r.ok) return retry(m.invalid[r.code]);
        draft.purchase = r.iso;
        break;
      }
      case "description":
        if (text.length < 2) return retry(m.invalid.tooShort);
        draft.description = clip(text, MAX_DESCRIPTION);
        prefill(draft, text, this.prepared.understanding);
        break;
      case "name":
      case "phone":
      case "address":
      case "area": {
        const err = await this.saveProfileField(step, text);
        if (err) return retry(err);
        break;
      }
    }
    return this.askNext(draft);
  }

  /** Validates and stores one profile field; returns an error message or null. */
  private async saveProfileField(field: ProfileField, text: string): Promise<string | null> {
    const m = this.m;
    let value: string;
    switch (field) {
      case "name":
        if (text.length > MAX_FIELD.name) return m.invalid.tooLongField(MAX_FIELD.name);
        value = text;
        break;
      case "phone": {
        const p = normalizePhone(text);
        if (!p) return m.invalid.phone;
        value = p;
        break;
      }
      case "address":
        if (text.length < 4) return m.invalid.tooShort;
        if (text.length > MAX_FIELD.address) return m.invalid.tooLongField(MAX_FIELD.address);
        value = text;
        break;
      case "area": {
        const a =
          matchChoice(text, AREAS, m.areas) ??
          (/(郊|县|镇|乡|村|suburb|rural|outskirt)/i.test(text)
            ? "suburb"
            : /(市区|城区|市内|city|downtown|urban)/i.test(text)
              ? "city"
              : undefined);
        if (!a) return m.invalid.pickButton;
        value = a;
        break;
      }
    }
    this.customer = await this.s.customers.update(this.customer.id, { [field]: value });
    return null;
  }

  private async openTicket(d: Draft): Promise<void> {
    const { s, now, m } = this;
    const c = this.customer;
    const category = d.category ?? "other";
    const purchaseDate = d.purchase ? new Date(`${d.purchase}T00:00:00Z`) : null;
    const product = await s.customers.productFor(c.id, category, d.model ?? null, purchaseDate);
    const fee = decideFee({
      category,
      purchaseDate,
      hasActiveContract: await s.customers.hasActiveContract(c.id, category, now),
      at: now,
      warrantyMonths: this.o.warrantyMonths,
    });
    const description = d.description ?? "";
    const ticket = await s.tickets.create(
      {
        customerId: c.id,
        productId: product.id,
        kind: d.kind ?? "repair",
        category,
        model: d.model ?? null,
        purchaseDate,
        purchaseUnknown: d.purchase === null,
        description,
        feeType: fee.feeType,
        feeReason: fee.reason,
        status: "queued",
        lang: c.lang,
        area: c.area,
        tier: c.tier,
      },
      { type: "customer", id: c.telegramUserId },
      now,
    );
    // a repeat repair: the same customer and product within the window (flagged for staff, counted)
    const since = new Date(now.getTime() - (this.o.repeatDays ?? 90) * 86_400_000);
    const earlier = await s.tickets.previousForProduct(c.id, product.id, since, ticket.id);
    if (earlier) {
      await s.tickets.patch(ticket.id, { repeatOfId: earlier.id });
      await s.tickets.event(ticket.id, "repeat_repair", { type: "system" }, now, { of: earlier.ref });
    }
    await s.tickets.addMessage(ticket.id, "customer", description, now, {
      authorId: c.telegramUserId,
      photos: d.photos.map((p) => ({ ...p, platform: "telegram" })),
    });
    const ref = formatRef(ticket.ref);
    this.send({
      title: m.created(ref),
      fields: [
        { label: m.summary.kind, value: m.kinds[ticket.kind] ?? ticket.kind },
        { label: m.summary.product, value: this.productLabel(category) },
        { label: m.summary.model, value: ticket.model ?? m.summary.unknown },
        { label: m.summary.purchase, value: d.purchase ?? m.summary.unknown },
        { label: m.summary.fee, value: m.fees[fee.feeType] },
        { label: m.summary.area, value: c.area ? m.areas[c.area] : m.summary.unknown },
        ...(d.photos.length ? [{ label: m.summary.photos, value: String(d.photos.length) }] : []),
      ],
      body: `${m.summary.description}: ${clip(description, 300)}`,
    });

    // first-line help runs right after this transaction, as a job (it may call an LLM)
    await s.jobs.schedule({ kind: FIRST_LINE_JOB, key: `ticket:${ticket.id}:first-line`, runAt: now, data: { ticketId: ticket.id } }, now);
  }

  // ── complaints (投诉) ────────────────────────────────────────────────────────────────

  /** Starts a complaint: which ticket (if they have any), what kind, what happened. */
  private async startComplaint(parentRef: number | null, text?: string): Promise<void> {
    const draft: ComplaintDraft = { text };
    if (parentRef) {
      const parent = await this.s.tickets.byRefForCustomer(parentRef, this.customer.id);
      if (parent && parent.kind !== "complaint") draft.parentRef = parent.ref;
    }
    if (draft.parentRef === undefined) {
      const recent = (await this.s.tickets.listForCustomer(this.customer.id, 5)).filter((t) => t.kind !== "complaint");
      if (!recent.length) draft.parentRef = null;
    }
    return this.complaintNext(draft);
  }

  private async complaintNext(d: ComplaintDraft): Promise<void> {
    const m = this.m.complaint;
    if (d.parentRef === undefined) {
      const recent = (await this.s.tickets.listForCustomer(this.customer.id, 5)).filter((t) => t.kind !== "complaint").slice(0, 3);
      await this.s.customers.setConversation(this.customer.id, "complaint", "ticket", d as unknown as JsonValue);
      return this.send({
        body: m.askTicket,
        buttons: [
          ...recent.map((t) => [
            {
              label: `${formatRef(t.ref)} ${this.productLabel(t.category)} · ${this.m.statuses[t.status] ?? t.status}`,
              action: "cmpt",
              value: String(t.ref),
            },
          ]),
          [{ label: m.noTicket, action: "cmpt", value: "none" }],
        ],
      });
    }
    if (!d.choice) {
      await this.s.customers.setConversation(this.customer.id, "complaint", "kind", d as unknown as JsonValue);
      return this.send({ body: m.askKind, buttons: COMPLAINT_CHOICES.map((c) => [{ label: m.kinds[c], action: "cmpk", value: c }]) });
    }
    if (!d.text) {
      await this.s.customers.setConversation(this.customer.id, "complaint", "text", d as unknown as JsonValue);
      return this.send(m.askText);
    }
    await this.s.customers.clearConversation(this.customer.id);
    return this.openComplaint(d as Required<ComplaintDraft>);
  }

  private async complaintAnswer(step: string, text: string, d: ComplaintDraft): Promise<void> {
    if (step === "text") {
      if (text.length < 2) return this.send(this.m.invalid.tooShort);
      d.text = clip(text, MAX_DESCRIPTION);
      return this.complaintNext(d);
    }
    // a typed answer where a button was expected: take it as what happened, and ask the rest
    if (!d.text) d.text = clip(text, MAX_DESCRIPTION);
    if (step === "kind") {
      const c = COMPLAINT_CHOICES.find((x) => this.m.complaint.kinds[x] === text);
      if (c) d.choice = c;
    }
    return this.complaintNext(d);
  }

  private async complaintButton(action: string, value: string | undefined, answer: (t?: string) => void): Promise<void> {
    const conv = await this.s.customers.conversation(this.customer.id);
    if (conv?.flow !== "complaint") return answer(this.m.stale);
    const d = conv.data as ComplaintDraft;
    answer();
    if (action === "cmpt") {
      const ref = value === "none" ? null : parseTicketRef(value);
      const t = ref ? await this.s.tickets.byRefForCustomer(ref, this.customer.id) : null;
      d.parentRef = t ? t.ref : null;
    } else if (COMPLAINT_CHOICES.includes(value as ComplaintChoice)) {
      d.choice = value as ComplaintChoice;
    }
    return this.complaintNext(d);
  }

  /** Registers the complaint, acknowledges it at once without arguing, and tells staff. */
  private async openComplaint(d: Required<ComplaintDraft>): Promise<void> {
    const { s, now } = this;
    const c = this.customer;
    const parent = d.parentRef ? await s.tickets.byRefForCustomer(d.parentRef, c.id) : null;
    const recent = await s.complaints.countForCustomer(c.id, new Date(now.getTime() - (this.o.repeatDays ?? 90) * 86_400_000));
    const { kind, routing } = kindAndRouting(d.choice);
    const assessed = assessSeverity({ text: d.text, repeat: recent > 0, choice: d.choice });
    const llm = this.prepared.understanding?.complaint?.severity;
    const severity = assessed.severity === "major" || llm === "major" ? "major" : "ordinary";
    const ticket = await s.tickets.create(
      {
        customerId: c.id,
        productId: parent?.productId ?? null,
        kind: "complaint",
        category: parent?.category ?? null,
        model: parent?.model ?? null,
        description: d.text,
        feeType: parent?.feeType ?? "A",
        feeReason: "complaint",
        status: "queued",
        lang: c.lang,
        area: c.area,
        tier: c.tier,
        parentId: parent?.id ?? null,
      },
      { type: "customer", id: c.telegramUserId },
      now,
    );
    await s.tickets.addMessage(ticket.id, "customer", d.text, now, { authorId: c.telegramUserId });
    const complaint = await s.complaints.create({ ticketId: ticket.id, kind, routing, severity, whatHappened: d.text }, now);
    await s.tickets.event(ticket.id, "complaint", { type: "customer", id: c.telegramUserId }, now, {
      kind,
      routing,
      severity,
      reasons: assessed.reasons,
    });
    if (parent) await this.o.surveys?.complaintFiled(s, parent.id);
    await this.o.hooks?.complaintOpened?.(s, ticket, complaint, now);
    this.send(this.m.complaint.ack(formatRef(ticket.ref), this.o.complaintReplyHours ?? 24));
  }

  // ── profile edits ───────────────────────────────────────────────────────────────────────

  private async profileAnswer(
    field: ProfileField,
    text: string,
    data: { resume?: { flow: string; step: string; data: JsonValue } },
  ): Promise<void> {
    const err = await this.saveProfileField(field, text);
    if (err) {
      this.send(this.question(field, err));
      return;
    }
    this.send(this.m.profileUpdated);
    if (data?.resume) {
      const draft = data.resume.data as unknown as Draft;
      return this.askNext(draft, this.m.draftContinue);
    }
    await this.s.customers.clearConversation(this.customer.id);
    return this.showProfile();
  }

  // ── buttons ─────────────────────────────────────────────────────────────────────────────

  private async button(action: string, value: string | undefined, callbackId: string, messageId?: number): Promise<void> {
    const answer = (text?: string): void => {
      this.replies.push({ kind: "answer", callbackId, text });
    };
    const removeButtons = () => {
      if (messageId) this.replies.push({ kind: "markup", messageId, card: {} });
    };
    switch (action) {
      case "lang":
        answer();
        if (value && isLang(value)) return this.setLang(value);
        return;
      case "kind":
      case "prod":
      case "model":
      case "buy":
      case "area":
      case "draft":
        return this.draftButton(action, value, answer);
      case "pf": {
        answer();
        if (!value || !(PROFILE_FIELDS as readonly string[]).includes(value)) return;
        const conv = await this.s.customers.conversation(this.customer.id);
        const resume = conv?.flow === "report" ? { flow: conv.flow, step: conv.step, data: conv.data as JsonValue } : undefined;
        await this.s.customers.setConversation(this.customer.id, "profile", value, (resume ? { resume } : {}) as JsonValue);
        this.send(this.question(value as ProfileField));
        return;
      }
      case "sv":
        if (!this.o.surveys || !value) return answer(this.m.stale);
        this.replies.push(...(await this.o.surveys.tap(this.s, this.customer.id, value, callbackId, messageId)));
        return;
      case "cmp":
        answer();
        return this.startComplaint(parseTicketRef(value));
      case "cmpt":
      case "cmpk":
        return this.complaintButton(action, value, answer);
      case "cmpy":
      case "cmpn": {
        const conv = await this.s.customers.conversation(this.customer.id);
        if (conv?.flow !== "complaint_confirm") return answer(this.m.stale);
        answer();
        removeButtons();
        const text = (conv.data as { text?: string }).text ?? "";
        await this.s.customers.clearConversation(this.customer.id);
        if (action === "cmpy") return this.startComplaint(null, text);
        // not a complaint: what they wrote goes where it would have gone
        const open = await this.s.tickets.latestForCustomer(this.customer.id, OPEN_STATUSES);
        if (open) return this.attach(open, text, []);
        const draft: Draft = { description: text, photos: [] };
        prefill(draft, text, this.prepared.understanding);
        return this.startReport(draft);
      }
      case "faq_ok":
      case "faq_no":
        return this.faqButton(action === "faq_ok", value, answer, removeButtons);
      case "cx":
      case "cxk": {
        const ref = parseTicketRef(value);
        const t = ref ? await this.s.tickets.byRefForCustomer(ref, this.customer.id) : null;
        if (!t) return answer(this.m.stale);
        answer();
        removeButtons();
        if (action === "cxk") return this.send(this.m.cancelKept(formatRef(t.ref)));
        const done = await this.s.tickets.transition(
          t.id,
          CANCELLABLE_STATUSES,
          "cancelled",
          { type: "customer", id: this.customer.telegramUserId },
          this.now,
          {
            patch: { resolution: "cancelled", closedAt: this.now },
          },
        );
        if (!done) return this.send(this.m.cannotCancel(formatRef(t.ref), this.m.statuses[t.status] ?? t.status));
        await this.o.hooks?.ticketChanged?.(this.s, done, this.now);
        return this.send(this.m.cancelled(formatRef(t.ref)));
      }
      default:
        return answer(this.m.stale);
    }
  }

  private async draftButton(action: string, value: string | undefined, answer: (t?: string) => void): Promise<void> {
    const conv = await this.s.customers.conversation(this.customer.id);
    // area is also a profile field that can be edited outside a report
    if (action === "area" && conv?.flow === "profile" && conv.step === "area" && value) {
      answer();
      return this.profileAnswer("area", this.m.areas[value] ?? value, conv.data as any);
    }
    if (conv?.flow !== "report") return answer(this.m.stale);
    const draft = conv.data as unknown as Draft;
    draft.photos ??= [];
    answer();
    switch (action) {
      case "draft":
        await this.s.customers.clearConversation(this.customer.id);
        return this.send(this.m.draftCancelled);
      case "kind":
        if (!value || !(REPORT_KINDS as readonly string[]).includes(value)) return;
        draft.kind = value;
        break;
      case "prod":
        if (!isProductCategory(value)) return;
        draft.category = value;
        break;
      case "model":
        draft.model = null;
        break;
      case "buy":
        draft.purchase = null;
        break;
      case "area": {
        if (!value || !(AREAS as readonly string[]).includes(value)) return;
        this.customer = await this.s.customers.update(this.customer.id, { area: value });
        break;
      }
    }
    return this.askNext(draft);
  }

  private async faqButton(
    solved: boolean,
    value: string | undefined,
    answer: (t?: string) => void,
    removeButtons: () => void,
  ): Promise<void> {
    const ref = parseTicketRef(value);
    const t = ref ? await this.s.tickets.byRefForCustomer(ref, this.customer.id) : null;
    if (!t || t.status !== "self_help") {
      answer(this.m.stale);
      removeButtons();
      return;
    }
    const actor = { type: "customer" as const, id: this.customer.telegramUserId };
    if (solved) {
      const done = await this.s.tickets.transition(t.id, ["self_help"], "resolved", actor, this.now, {
        type: "self_service",
        patch: { resolution: "self_service", selfHelpResult: "solved", resolvedAt: this.now },
      });
      answer();
      removeButtons();
      if (!done) return;
      await this.o.surveys?.selfService(this.s, done);
      await this.o.hooks?.ticketChanged?.(this.s, done, this.now);
      return this.send(this.m.faqSolved(formatRef(t.ref)));
    }
    const queued = await this.s.tickets.transition(t.id, ["self_help"], "queued", actor, this.now, {
      type: "faq_not_solved",
      patch: { selfHelpResult: "not_solved" },
    });
    answer();
    removeButtons();
    if (!queued) return;
    await this.o.hooks?.ticketQueued?.(this.s, queued, this.now);
    this.send(this.m.faqNeedService(formatRef(t.ref)));
  }

  private productLabel(category: string | null): string {
    return category ? (this.m.products[category] ?? category) : this.m.summary.unknown;
  }
}

/** A complaint being collected; `parentRef: null` = not about a ticket. */
interface ComplaintDraft {
  parentRef?: number | null;
  choice?: ComplaintChoice;
  text?: string;
}

/**
 * Fills what the free text already says, without overwriting answers: from the LLM's
 * understanding when there is one, else from keyword detection.
 */
function prefill(d: Draft, text: string, u?: Understanding | null): void {
  if (d.category === undefined) d.category = categoryOf(u) ?? detectCategory(text);
  if (d.model === undefined) {
    const model =
      (u?.model && u.model.length <= MAX_FIELD.model ? u.model.normalize("NFKC").toUpperCase() : undefined) ?? detectModel(text);
    if (model) d.model = model;
  }
  if (d.kind === undefined) d.kind = kindOf(u) ?? detectKind(text);
}

function categoryOf(u?: Understanding | null): string | undefined {
  return u?.category && isProductCategory(u.category) ? u.category : undefined;
}

/** The kind of service an understood intent implies (a fault report is a repair). */
function kindOf(u?: Understanding | null): string | undefined {
  if (!u) return undefined;
  if (u.intent === "fault_report") return "repair";
  if (u.intent === "usage_question") return "consult";
  return undefined;
}

/** Matches typed text against a button's choices (value or label in the customer's language). */
function matchChoice<T extends string>(text: string, values: readonly T[], labels: Record<string, string>): T | undefined {
  const t = text.normalize("NFKC").trim().toLowerCase();
  return values.find((v) => v === t || labels[v]?.toLowerCase() === t);
}

function chunk<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + "…";
}
