/**
 * The sandbox's outbox transports over a real store: customer messages are kept with
 * Telegram-like ids, edited in place (a buttons-only edit keeps the text), a redelivered row is
 * not shown twice; beside a real Telegram bot each chat's messages go to its own platform.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { RoutedTransport, SandboxCustomerTransport } from "../../bots/sandbox/transport.ts";
import { Transcripts, type LiveEvent } from "../../bots/sandbox/transcript.ts";
import { isSandboxChat } from "../../bots/sandbox/workspace.ts";
import type { Transport } from "../../core/outbox/index.ts";
import type { OutboxRow, Store } from "../../core/store/index.ts";
import { describeEachDb } from "../support/db.ts";

const CHAT = "sandbox:c0000test";

function row(id: number, kind: string, payload: unknown, chatKey = CHAT): OutboxRow {
  return { id: BigInt(id), kind, payload, chatKey, platform: "telegram" } as unknown as OutboxRow;
}

describeEachDb("sandbox transports", (db) => {
  let store: Store;
  beforeEach(async () => {
    store = await db.open();
  });
  afterEach(() => db.dispose(store));

  it("keeps, edits and answers customer messages like Telegram, once per outbox row", async () => {
    const t = new Transcripts(store, () => new Date("2026-11-27T06:00:00Z"));
    const heard: LiveEvent[] = [];
    t.subscribe((e) => heard.push(e));
    const tr = new SandboxCustomerTransport(t);
    const ctx = { lookup: async () => null };
    const card = { body: "产品型号是什么？<b>", buttons: [[{ label: "不知道", action: "model", value: "?" }]] };
    const sent = await tr.deliver(row(1, "send", { chatId: CHAT, card }), ctx);
    expect(sent.platformMessageId).toBe("1");
    // the same row again (a redelivery after a lease expired): the same message, not a second one
    expect((await tr.deliver(row(1, "send", { chatId: CHAT, card }), ctx)).platformMessageId).toBe("1");
    expect(await t.list(`chat:${CHAT}`)).toHaveLength(1);
    expect((await t.list(`chat:${CHAT}`))[0]!.html).toContain("&lt;b&gt;");

    await tr.deliver(row(2, "markup", { chatId: CHAT, messageId: 1, card: { buttons: [] } }), ctx);
    const [kept] = await t.list(`chat:${CHAT}`);
    expect(kept!.html).toContain("产品型号是什么");
    expect(kept!.html).not.toContain("customer-button");

    await tr.deliver(row(3, "edit", { chatId: CHAT, messageId: 1, card: { body: "已记录" } }), ctx);
    expect((await t.list(`chat:${CHAT}`))[0]).toMatchObject({ edited: true });
    await expect(tr.deliver(row(4, "edit", { chatId: CHAT, messageId: 99, card: { body: "x" } }), ctx)).rejects.toMatchObject({
      code: "PERMANENT",
    });

    await tr.deliver(row(5, "answer", { callbackId: "sandbox:x", text: "已记录" }, `cb:${CHAT}`), ctx);
    expect(heard.filter((e) => e.type === "toast")).toEqual([{ type: "toast", chatId: CHAT, text: "已记录" }]);
    expect(heard.filter((e) => e.type === "message").map((e) => (e as { op: string }).op)).toEqual(["add", "edit", "edit"]);
  });

  it("beside a real platform, hands each chat's messages to the platform it is on", async () => {
    const got: string[] = [];
    const fake = (name: string, group = false): Transport => ({
      platform: "telegram",
      isGroupChat: () => group,
      deliver: async (r) => (got.push(`${name}:${r.chatKey}`), {}),
    });
    const routed = new RoutedTransport(fake("telegram", true), fake("sandbox"), isSandboxChat);
    const ctx = { lookup: async () => null };
    for (const key of ["42", CHAT, `cb:${CHAT}`, "cb:42", "-100123"]) await routed.deliver(row(1, "send", {}, key), ctx);
    expect(got).toEqual(["telegram:42", `sandbox:${CHAT}`, `sandbox:cb:${CHAT}`, "telegram:cb:42", "telegram:-100123"]);
    expect(routed.isGroupChat("-100123")).toBe(true);
    expect(routed.isGroupChat(CHAT)).toBe(false);
  });
});
