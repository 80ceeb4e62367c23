/* global document, localStorage, CSS, EventSource, URLSearchParams, crypto, Blob */
// The sandbox page: plain DOM, no framework. Message HTML comes from the desk's sandbox
// serializer (everything in it escaped there); everything else here is set as text.
"use strict";

const TEXT = {
  "zh-CN": {
    "customer.title": "客户（Telegram）",
    "customer.who": "客户",
    "customer.new": "＋ 新客户…",
    "customer.name": "姓名",
    "customer.lang": "语言",
    "customer.create": "开始对话",
    "customer.photo": "发送照片",
    "customer.send": "发送",
    "customer.placeholder": "输入消息，例如：冰箱不制冷了（/help 查看命令）",
    "customer.empty": "还没有消息。写点什么，或发送 /start。",
    "customer.none": "先选择或新建一位客户。",
    "staff.title": "员工（Slack）",
    "staff.who": "员工",
    "staff.off": "Slack 已连接：员工在 Slack 中处理工单，这里只模拟客户一侧。",
    "staff.run": "执行",
    "staff.command": "/desk summary today · /desk queue · /desk mine",
    "staff.thread": "话题",
    "staff.close": "关闭",
    "staff.reply": "回复客户（以 备注: 开头则为内部备注）",
    "staff.send": "发送",
    "staff.replies": (n) => (n ? `${n} 条回复 · 打开话题` : "在话题中回复"),
    "staff.only": "仅你可见",
    "staff.bot": "售后 Desk",
    "staff.dm": "私信",
    "staff.empty": "这个频道还没有消息。",
    "role.manager": "经理",
    "role.supervisor": "服务主任",
    "role.agent": "信息员/调度",
    "role.engineer": "工程师",
    "role.none": "不在团队中",
    error: "出错了：",
  },
  en: {
    "customer.title": "Customer (Telegram)",
    "customer.who": "Customer",
    "customer.new": "+ New customer…",
    "customer.name": "Name",
    "customer.lang": "Language",
    "customer.create": "Start chatting",
    "customer.photo": "Send a photo",
    "customer.send": "Send",
    "customer.placeholder": "Type a message, e.g. my fridge is not cooling (/help for commands)",
    "customer.empty": "No messages yet. Write something, or send /start.",
    "customer.none": "Choose or create a customer first.",
    "staff.title": "Staff (Slack)",
    "staff.who": "Staff",
    "staff.off": "Slack is connected: staff work in Slack; this page plays only the customer side.",
    "staff.run": "Run",
    "staff.command": "/desk summary today · /desk queue · /desk mine",
    "staff.thread": "Thread",
    "staff.close": "Close",
    "staff.reply": "Reply to the customer (start with note: for an internal note)",
    "staff.send": "Send",
    "staff.replies": (n) => (n ? `${n} ${n === 1 ? "reply" : "replies"} · open thread` : "Reply in thread"),
    "staff.only": "Only visible to you",
    "staff.bot": "售后 Desk",
    "staff.dm": "Direct messages",
    "staff.empty": "No messages in this channel yet.",
    "role.manager": "manager",
    "role.supervisor": "supervisor",
    "role.agent": "agent / dispatcher",
    "role.engineer": "engineer",
    "role.none": "not on the team",
    error: "Something went wrong: ",
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  boot: null,
  customer: localStorage.getItem("sbx.customer") || "",
  staff: localStorage.getItem("sbx.staff") || "",
  channel: localStorage.getItem("sbx.channel") || "",
  thread: null,
  source: null,
  modal: null,
};

function customerLang() {
  const c = state.boot?.customers.find((x) => x.id === state.customer);
  return c?.lang === "en" ? "en" : "zh-CN";
}
function staffUser() {
  return state.boot?.users.find((u) => u.id === state.staff);
}
function staffLang() {
  return staffUser()?.lang === "en" ? "en" : "zh-CN";
}
function t(pane, key, ...args) {
  const v = TEXT[pane === "staff" ? staffLang() : customerLang()][key];
  return typeof v === "function" ? v(...args) : v;
}
/** Applies the chrome text of each pane in its person's language. */
function applyText() {
  for (const pane of ["customer", "staff"]) {
    const root = $(`${pane}-pane`);
    root.lang = pane === "staff" ? staffLang() : customerLang();
    for (const el of root.querySelectorAll("[data-t]")) el.textContent = t(pane, el.dataset.t);
    for (const el of root.querySelectorAll("[data-tp]")) el.placeholder = t(pane, el.dataset.tp);
  }
}

function uid() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

async function api(path, body, headers = {}) {
  const res = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers:
      body instanceof Blob
        ? { "x-sandbox": "1", ...headers }
        : body === undefined
          ? headers
          : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
  return json;
}

function toast(text) {
  const el = $("toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 3500);
}
function fail(pane, err) {
  toast(`${t(pane, "error")}${err.message || err}`);
}

// ── customer pane ────────────────────────────────────────────────────────────────────────

function renderCustomerSelect() {
  const sel = $("customer-select");
  sel.replaceChildren();
  for (const c of state.boot.customers) {
    const o = document.createElement("option");
    o.value = c.id;
    o.textContent = `${c.name} · ${c.lang === "en" ? "English" : "中文"}`;
    sel.append(o);
  }
  const n = document.createElement("option");
  n.value = "__new";
  n.textContent = t("customer", "customer.new");
  sel.append(n);
  if (!state.boot.customers.some((c) => c.id === state.customer)) state.customer = state.boot.customers.at(-1)?.id || "";
  sel.value = state.customer || "__new";
  $("new-customer").hidden = !!state.customer;
}

function chatMessage(m) {
  const el = document.createElement("div");
  const mine = m.from !== "bot";
  el.className = `msg ${mine ? "mine" : "bot"}`;
  if (!mine) el.dataset.testid = "customer-message";
  el.dataset.id = m.id;
  el.innerHTML = m.html;
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = new Date(m.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + (m.edited ? " · ✎" : "");
  el.append(meta);
  return el;
}

async function loadChat() {
  const chat = $("chat");
  chat.replaceChildren();
  if (!state.customer) {
    chat.append(Object.assign(document.createElement("p"), { className: "notice", textContent: t("customer", "customer.none") }));
    return;
  }
  const { messages } = await api(`/sandbox/api/transcript?scope=${encodeURIComponent(`chat:${state.customer}`)}`);
  for (const m of messages) chat.append(chatMessage(m));
  if (!messages.length)
    chat.append(Object.assign(document.createElement("p"), { className: "notice empty", textContent: t("customer", "customer.empty") }));
  chat.scrollTop = chat.scrollHeight;
}

function onChatMessage(e) {
  const chat = $("chat");
  chat.querySelector(".empty")?.remove();
  const el = chatMessage(e.message);
  const old = chat.querySelector(`.msg[data-id="${CSS.escape(e.message.id)}"]`);
  if (old) old.replaceWith(el);
  else chat.append(el);
  chat.scrollTop = chat.scrollHeight;
}

async function sendCustomer(body) {
  if (!state.customer) return toast(t("customer", "customer.none"));
  await api("/sandbox/api/customer", { id: uid(), customer: state.customer, ...body });
}

// ── staff pane ───────────────────────────────────────────────────────────────────────────

function renderStaffSelect() {
  const sel = $("staff-select");
  sel.replaceChildren();
  for (const u of state.boot.users) {
    const o = document.createElement("option");
    o.value = u.id;
    o.textContent = `${u.name} · ${TEXT[u.lang === "en" ? "en" : "zh-CN"][u.role ? `role.${u.role}` : "role.none"]}`;
    sel.append(o);
  }
  if (!state.boot.users.some((u) => u.id === state.staff)) state.staff = state.boot.users[0]?.id || "";
  sel.value = state.staff;
}

function channelsList() {
  const zh = staffLang() === "zh-CN";
  return [
    ...state.boot.channels.map((c) => ({ id: c.id, label: `# ${c.name}${zh ? ` ${c.zh}` : ""}` })),
    { id: `D${state.staff}`, label: `✉ ${t("staff", "staff.dm")}` },
  ];
}

function renderChannels() {
  const nav = $("channels");
  nav.replaceChildren();
  const list = channelsList();
  if (!list.some((c) => c.id === state.channel)) state.channel = list[0].id;
  for (const c of list) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.testid = "staff-channel";
    b.dataset.channel = c.id;
    b.textContent = c.label;
    if (c.id === state.channel) b.setAttribute("aria-current", "true");
    nav.append(b);
  }
  $("channel-title").textContent = list.find((c) => c.id === state.channel).label;
}

function userName(id) {
  return state.boot.users.find((u) => u.id === id)?.name || id;
}

function staffMessage(m, inThread) {
  const el = document.createElement("article");
  el.className = `msg${m.onlyFor ? " ephemeral" : ""}`;
  el.dataset.testid = "staff-message";
  el.dataset.ts = m.id;
  const who = document.createElement("div");
  who.className = "who";
  who.textContent = m.from === "bot" ? t("staff", "staff.bot") : userName(m.from);
  const time = document.createElement("time");
  time.dateTime = m.at;
  time.textContent = new Date(m.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  who.append(time);
  el.append(who);
  if (m.onlyFor) el.append(Object.assign(document.createElement("div"), { className: "only", textContent: t("staff", "staff.only") }));
  const content = document.createElement("div");
  if (m.card) content.dataset.testid = "staff-card";
  content.innerHTML = m.html;
  el.append(content);
  if (!inThread && !m.onlyFor) {
    const open = document.createElement("button");
    open.type = "button";
    open.className = "thread-open";
    open.dataset.thread = m.id;
    open.textContent = t("staff", "staff.replies", m.replies || 0);
    el.append(open);
  }
  return el;
}

async function loadChannel() {
  renderChannels();
  const box = $("messages");
  box.replaceChildren();
  if (!state.boot.staffSide) return;
  const { messages } = await api(
    `/sandbox/api/transcript?scope=${encodeURIComponent(`chan:${state.channel}`)}&as=${encodeURIComponent(state.staff)}`,
  );
  for (const m of messages) box.append(staffMessage(m, false));
  if (!messages.length)
    box.append(Object.assign(document.createElement("p"), { className: "notice empty", textContent: t("staff", "staff.empty") }));
  box.scrollTop = box.scrollHeight;
}

async function openThread(ts) {
  state.thread = { channel: state.channel, ts };
  $("thread").hidden = false;
  $("workspace").classList.add("with-thread");
  const box = $("thread-messages");
  box.replaceChildren();
  const parent = $("messages").querySelector(`[data-ts="${CSS.escape(ts)}"]`);
  if (parent) {
    const copy = parent.cloneNode(true);
    copy.querySelector(".thread-open")?.remove();
    copy.classList.add("parent");
    box.append(copy);
  }
  const { messages } = await api(
    `/sandbox/api/transcript?scope=${encodeURIComponent(`thread:${state.channel}:${ts}`)}&as=${encodeURIComponent(state.staff)}`,
  );
  for (const m of messages) box.append(staffMessage(m, true));
  box.scrollTop = box.scrollHeight;
  $("thread-input").focus();
}

function closeThread() {
  state.thread = null;
  $("thread").hidden = true;
  $("workspace").classList.remove("with-thread");
}

function onStaffMessage(e) {
  const [kind, channel, ts] = e.scope.split(":");
  if (kind === "chan") {
    if (channel !== state.channel) {
      $("channels")
        .querySelector(`[data-channel="${CSS.escape(channel)}"]`)
        ?.classList.add("unread");
      return;
    }
    const box = $("messages");
    box.querySelector(".empty")?.remove();
    const el = staffMessage(e.message, false);
    const old = box.querySelector(`[data-ts="${CSS.escape(e.message.id)}"]`);
    if (old) old.replaceWith(el);
    else {
      box.append(el);
      box.scrollTop = box.scrollHeight;
    }
    if (state.thread && state.thread.ts === e.message.id) {
      const parent = $("thread-messages").querySelector(".parent");
      if (parent) {
        const copy = el.cloneNode(true);
        copy.querySelector(".thread-open")?.remove();
        copy.classList.add("parent");
        parent.replaceWith(copy);
      }
    }
  } else if (kind === "thread" && state.thread && state.thread.channel === channel && state.thread.ts === ts) {
    const box = $("thread-messages");
    const el = staffMessage(e.message, true);
    const old = box.querySelector(`:scope > [data-ts="${CSS.escape(e.message.id)}"]:not(.parent)`);
    if (old) old.replaceWith(el);
    else box.append(el);
    box.scrollTop = box.scrollHeight;
  }
}

async function sendStaff(body) {
  return api("/sandbox/api/staff", { id: uid(), user: state.staff, ...body });
}

// ── forms (Slack-like modal views) ───────────────────────────────────────────────────────

function openModal(view) {
  state.modal = view;
  $("modal-title").textContent = view.title?.text ?? "";
  $("modal-submit").textContent = view.submit?.text ?? "OK";
  $("modal-cancel").textContent = view.close?.text ?? "Cancel";
  const body = $("modal-body");
  body.replaceChildren();
  for (const block of view.blocks ?? []) {
    if (block.type !== "input") continue;
    const el = block.element;
    const label = document.createElement("label");
    label.append(document.createTextNode(block.label?.text ?? block.block_id));
    let input;
    if (el.type === "static_select") {
      input = document.createElement("select");
      for (const o of el.options ?? []) {
        const opt = document.createElement("option");
        opt.value = o.value;
        opt.textContent = o.text?.text ?? o.value;
        input.append(opt);
      }
      if (el.initial_option) input.value = el.initial_option.value;
    } else if (el.type === "users_select") {
      input = document.createElement("select");
      for (const u of state.boot.users) input.append(Object.assign(document.createElement("option"), { value: u.id, textContent: u.name }));
    } else if (el.type === "plain_text_input" && el.multiline) {
      input = document.createElement("textarea");
      input.rows = 3;
      input.value = el.initial_value ?? "";
    } else {
      input = document.createElement("input");
      input.type = el.type === "datepicker" ? "date" : el.type === "timepicker" ? "time" : "text";
      input.value = el.initial_value ?? el.initial_date ?? el.initial_time ?? "";
    }
    if (el.max_length) input.maxLength = el.max_length;
    input.name = block.block_id;
    input.dataset.type = el.type;
    input.dataset.testid = `modal-${block.block_id}`;
    label.append(input);
    const err = document.createElement("span");
    err.className = "err";
    err.dataset.err = block.block_id;
    err.setAttribute("role", "alert");
    label.append(err);
    body.append(label);
  }
  $("modal").showModal();
}

async function submitModal() {
  const view = state.modal;
  const values = {};
  for (const input of $("modal-body").querySelectorAll("[name]")) {
    const type = input.dataset.type;
    const v = input.value;
    const action =
      type === "static_select"
        ? { type, selected_option: { value: v } }
        : type === "users_select"
          ? { type, selected_user: v }
          : type === "datepicker"
            ? { type, selected_date: v }
            : type === "timepicker"
              ? { type, selected_time: v }
              : { type, value: v };
    values[input.name] = { v: action };
  }
  for (const e of $("modal-body").querySelectorAll("[data-err]")) e.textContent = "";
  const r = await sendStaff({
    type: "view",
    view: { callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
  });
  if (r.errors) {
    for (const [k, msg] of Object.entries(r.errors)) {
      const e = $("modal-body").querySelector(`[data-err="${CSS.escape(k)}"]`);
      if (e) e.textContent = msg;
    }
    return;
  }
  state.modal = null;
  $("modal").close();
}

// ── live updates ─────────────────────────────────────────────────────────────────────────

function connect() {
  state.source?.close();
  const q = new URLSearchParams({ customer: state.customer, staff: state.staff });
  const es = new EventSource(`/sandbox/events?${q}`);
  state.source = es;
  es.addEventListener("message", (ev) => {
    const e = JSON.parse(ev.data);
    if (e.scope.startsWith("chat:")) onChatMessage(e);
    else onStaffMessage(e);
  });
  es.addEventListener("toast", (ev) => toast(JSON.parse(ev.data).text));
  es.addEventListener("modal", (ev) => openModal(JSON.parse(ev.data).view));
  es.addEventListener("customers", () => void refresh(false));
  es.addEventListener("ready", () => document.body.setAttribute("data-live", "true"));
  es.addEventListener("error", () => document.body.setAttribute("data-live", "false"));
}

async function refresh(reload = true) {
  state.boot = await api("/sandbox/api/bootstrap");
  renderCustomerSelect();
  renderStaffSelect();
  applyText();
  $("staff-off").hidden = state.boot.staffSide;
  $("workspace").hidden = !state.boot.staffSide;
  if (reload) {
    localStorage.setItem("sbx.customer", state.customer);
    localStorage.setItem("sbx.staff", state.staff);
    connect();
    await Promise.all([loadChat(), loadChannel()]);
  }
}

// ── wiring ───────────────────────────────────────────────────────────────────────────────

function init() {
  $("customer-select").addEventListener("change", (e) => {
    const v = e.target.value;
    if (v === "__new") {
      state.customer = "";
      $("new-customer").hidden = false;
      $("new-name").focus();
      applyText();
      void loadChat();
      return;
    }
    state.customer = v;
    void refresh();
  });
  $("new-customer").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const c = await api("/sandbox/api/customers", { name: $("new-name").value, lang: $("new-lang").value });
      state.customer = c.id;
      $("new-name").value = "";
      await refresh();
    } catch (err) {
      fail("customer", err);
    }
  });
  $("composer").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("customer-input");
    const text = input.value;
    if (!text.trim()) return;
    try {
      await sendCustomer({ type: "text", text });
      input.value = "";
    } catch (err) {
      fail("customer", err);
    }
  });
  $("customer-input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("photo").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    try {
      const { fileId } = await api("/sandbox/api/photo", file);
      const caption = $("customer-input").value.trim();
      await sendCustomer({ type: "photo", fileId, ...(caption ? { caption } : {}) });
      $("customer-input").value = "";
    } catch (err) {
      fail("customer", err);
    }
  });
  $("chat").addEventListener("click", async (e) => {
    const b = e.target.closest("[data-testid='customer-button']");
    if (!b) return;
    const msg = b.closest(".msg");
    try {
      await sendCustomer({ type: "button", data: b.dataset.data, messageId: Number(msg.dataset.id) });
    } catch (err) {
      fail("customer", err);
    }
  });

  $("staff-select").addEventListener("change", (e) => {
    state.staff = e.target.value;
    closeThread();
    void refresh();
  });
  $("channels").addEventListener("click", (e) => {
    const b = e.target.closest("[data-channel]");
    if (!b) return;
    state.channel = b.dataset.channel;
    localStorage.setItem("sbx.channel", state.channel);
    b.classList.remove("unread");
    closeThread();
    void loadChannel();
  });
  const onAction = async (e) => {
    const el = e.target.closest("[data-testid='staff-action']");
    if (!el) return;
    if (el.tagName === "SELECT" ? e.type !== "change" || !el.value : e.type !== "click") return;
    const inThread = !!el.closest("#thread");
    const msg = el.closest("[data-ts]");
    try {
      await sendStaff({
        type: "action",
        channel: inThread && state.thread ? state.thread.channel : state.channel,
        ...(inThread && state.thread && !msg.classList.contains("parent") ? { threadTs: state.thread.ts } : {}),
        action: el.dataset.action,
        value: el.dataset.value,
        ...(el.tagName === "SELECT" ? { selectedUser: el.value } : {}),
      });
    } catch (err) {
      fail("staff", err);
    }
  };
  for (const box of [$("messages"), $("thread-messages")]) {
    box.addEventListener("click", onAction);
    box.addEventListener("change", onAction);
  }
  $("messages").addEventListener("click", (e) => {
    const b = e.target.closest(".thread-open");
    if (b) void openThread(b.dataset.thread);
  });
  $("thread-close").addEventListener("click", closeThread);
  $("thread-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("thread-input");
    if (!input.value.trim() || !state.thread) return;
    try {
      await sendStaff({ type: "message", channel: state.thread.channel, threadTs: state.thread.ts, text: input.value });
      input.value = "";
    } catch (err) {
      fail("staff", err);
    }
  });
  $("thread-input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("thread-form").requestSubmit();
    }
  });
  $("command-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("staff-command");
    let text = input.value.trim();
    if (!text) return;
    if (!text.startsWith("/")) text = `/desk ${text}`;
    try {
      await sendStaff({ type: "command", channel: state.channel, text });
      input.value = "";
    } catch (err) {
      fail("staff", err);
    }
  });
  $("modal-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submitModal().catch((err) => fail("staff", err));
  });
  $("modal-cancel").addEventListener("click", () => {
    state.modal = null;
    $("modal").close();
  });
  for (const pane of ["customer", "staff"]) {
    $(`tab-${pane}`).addEventListener("click", () => {
      for (const p of ["customer", "staff"]) {
        $(`${p}-pane`).dataset.active = String(p === pane);
        $(`tab-${p}`).setAttribute("aria-selected", String(p === pane));
      }
    });
  }
  refresh().catch((err) => fail("customer", err));
}

document.addEventListener("DOMContentLoaded", init);
