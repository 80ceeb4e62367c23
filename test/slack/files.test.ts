/**
 * Files both ways, end to end: a photo or PDF staff share in the ticket's Slack thread
 * (a `file_share` message) is downloaded from the fake Slack with the bot token and reaches
 * the customer through the outbox as a Telegram photo or document, with the comment as its
 * caption; `note:` keeps a file internal; a file over Telegram's limit is not sent and staff
 * are told why. Customer photos keep appearing in the thread.
 */
import { expect } from "vitest";
import { messages } from "../../core/i18n/index.ts";
import { CUSTOMER_DOCUMENT_MAX_BYTES } from "../../core/staff/thread-files.ts";
import type { TicketRow } from "../../core/store/index.ts";
import { eventCallback, sendSlack } from "../fakes/slack-sign.ts";
import { describeEachDb } from "../support/db.ts";
import { SLACK_SECRET } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";
import type { World } from "../support/world.ts";

const ENG = "U0ENGF";
/** The first bytes of a JPEG and of a PDF, enough for a file's content. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

describeEachDb("files from staff to the customer", (db) => {
  const zhUser = { id: 9801, first_name: "孙女士", language_code: "zh-hans" };
  const enUser = { id: 9802, first_name: "Kate", language_code: "en" };
  it.override({ db, worldOptions: { staffMembers: { [ENG]: ["engineer", "钱师傅"] } } });

  const claimed = async (w: World, user: typeof zhUser) => {
    const { chat, ticket } = await w.queuedTicket(user, {
      text: "洗碗机漏水，厨房地上都是水",
      photo: true,
      profile: { name: "孙女士", phone: "13500135000", address: "苏州市姑苏区人民路1号", area: "city" },
    });
    await w.staff.click(ENG, "t_claim", ticket);
    await w.settle();
    return { chat, ticket: (await w.store.tickets.byId(ticket.id))! };
  };

  /** A staff message with files in the ticket's thread. */
  const share = async (w: World, ticket: TicketRow, text: string, files: Record<string, unknown>[]) => {
    const r = await sendSlack(
      w.staff.url,
      SLACK_SECRET,
      eventCallback({
        event: {
          type: "message",
          subtype: "file_share",
          channel: ticket.slackChannel!,
          user: ENG,
          text,
          thread_ts: ticket.slackTs!,
          files,
        },
      }),
    );
    expect(r.status).toBe(200);
    await w.settle();
  };

  it("sends a staff photo and a PDF to a Chinese customer as a photo and a document, captioned", async ({ world, slack, tg, store }) => {
    const { chat, ticket } = await claimed(world, zhUser);
    // the customer's photo is in the thread
    expect(slack.calls.some((c) => c.method === "files.completeUploadExternal" && c.params.thread_ts === ticket.slackTs)).toBe(true);

    const photo = slack.addFile({ id: "F0PHOTO", name: "接线图.jpg", mimetype: "image/jpeg", data: JPEG, user: ENG });
    await share(world, ticket, "这是进水阀的接线图，请对照检查", [photo]);
    const pdf = slack.addFile({ id: "F0QUOTE", name: "报价单.pdf", mimetype: "application/pdf", data: PDF, user: ENG });
    await share(world, ticket, "", [pdf]);

    const sent = tg.sent(chat.chatId);
    const sentPhoto = sent.find((c) => c.method === "sendPhoto" && c.files?.some((f) => f.filename === "接线图.jpg"))!;
    expect(sentPhoto).toBeDefined();
    expect(sentPhoto.files![0]!.size).toBe(JPEG.length);
    expect(String(sentPhoto.params.caption)).toContain("这是进水阀的接线图，请对照检查");
    expect(String(sentPhoto.params.caption)).toContain(messages("zh-CN").notify.reply(`#${ticket.ref}`, "工程师钱师傅"));
    const sentPdf = sent.find((c) => c.method === "sendDocument")!;
    expect(sentPdf.files![0]).toMatchObject({ filename: "报价单.pdf", size: PDF.length });
    // downloaded with the bot token, and recorded on the ticket
    expect(slack.calls.filter((c) => c.method === "download" && c.ok)).toHaveLength(2);
    const staffMessages = (await store.tickets.messages(ticket.id)).filter((m) => m.author === "staff");
    expect(staffMessages.map((m) => m.text)).toEqual(["这是进水阀的接线图，请对照检查", ""]);
  });

  it("sends a PDF to an English customer; keeps a noted file internal; refuses an oversized file with a message to staff", async ({
    world,
    slack,
    tg,
    staff,
  }) => {
    const { chat, ticket } = await claimed(world, enUser);
    const before = tg.sent(chat.chatId).length;
    const invoice = slack.addFile({ id: "F0INV", name: "invoice.pdf", mimetype: "application/pdf", data: PDF, user: ENG });
    await share(world, ticket, "Here is your invoice", [invoice]);
    const doc = tg.sent(chat.chatId).find((c) => c.method === "sendDocument")!;
    expect(String(doc.params.caption)).toContain("Here is your invoice");
    expect(String(doc.params.caption)).toContain(messages("en").notify.engineer("钱师傅"));

    const internal = slack.addFile({ id: "F0INT", name: "cost.pdf", mimetype: "application/pdf", data: PDF, user: ENG });
    await share(world, ticket, "note: our cost price", [internal]);
    const huge = slack.addFile({
      id: "F0BIG",
      name: "video.mp4",
      mimetype: "video/mp4",
      data: PDF,
      size: CUSTOMER_DOCUMENT_MAX_BYTES + 1,
      user: ENG,
    });
    await share(world, ticket, "the repair video", [huge]);
    // one document in all: the note and the oversized file never reached the customer
    expect(
      tg
        .sent(chat.chatId)
        .slice(before)
        .filter((c) => c.method === "sendDocument" || c.method === "sendPhoto"),
    ).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === "download").map((c) => c.params.file_id)).toEqual(["F0INV"]);
    expect(staff.answersTo(ENG).join("\n")).toMatch(/video\.mp4.*50 MB/);
  });
});
