/**
 * The report commands in Slack, end to end: the warranty settlement fee entered on the
 * resolve form, `/desk report settlement` (managers only), `/desk report complaints`
 * (supervisors and managers), and the PNG chart that follows `/desk summary` into the channel.
 */
import { expect } from "vitest";
import { reportExtraMessages } from "../../core/i18n/reports-extra.ts";
import { reportMessages } from "../../core/i18n/reports.ts";
import { staffMessages } from "../../core/i18n/staff.ts";
import { describeEachDb } from "../support/db.ts";
import { BOSS, TRIAGE } from "../support/desk.ts";
import { deskTest as it } from "../support/fixtures.ts";

const staffZh = staffMessages("zh-CN");
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Rendering a chart takes a while on a busy machine: a budget, not an assertion. */
const CHART_BUDGET_MS = 180_000;

describeEachDb("report commands in slack", (db) => {
  const customer = { id: 8801, first_name: "周先生", language_code: "zh-hans" };
  const ENG = "U0RENG";
  const SUP = "U0RSUP";
  it.override({ db, worldOptions: { staffMembers: { [ENG]: ["engineer", "钱师傅"], [SUP]: ["supervisor", "孙主任"] } } });

  it("records the settlement fee typed on the resolve form, and settles for managers only", async ({ world, store, staff }) => {
    const { ticket } = await world.queuedTicket(customer, {
      text: "洗碗机漏水，厨房地上都是水",
      profile: { name: "周先生", phone: "13900139000", address: "杭州市上城区1号", area: "city" },
    });
    await staff.click(ENG, "t_claim", ticket);
    await world.settle();
    await staff.click(ENG, "t_resolve", ticket);
    await world.settle();
    const bad = await staff.submit(ENG, "m_resolve", {
      work: "换密封圈",
      hours: "1",
      fee: "0",
      feeType: { option: "C" },
      settlement: "4.555",
    });
    expect(bad.body.response_action).toBe("errors");
    expect(Object.keys(bad.body.errors)).toEqual(["settlement"]);
    const good = await staff.submit(ENG, "m_resolve", {
      work: "换密封圈",
      hours: "1",
      fee: "0",
      feeType: { option: "C" },
      settlement: "45.50",
    });
    expect(good.status).toBe(200);
    await world.settle();
    expect((await store.tickets.repair(ticket.id))?.settlementFen).toBe(4550);

    // a supervisor may not see the money; a manager may
    const refused = await staff.command(SUP, "report settlement month", TRIAGE, "sup-settle");
    await world.settle();
    expect(staff.responses(refused).join("\n")).toContain(staffZh.noPermission(staffZh.roles.supervisor!));
    const asked = await staff.command(BOSS, "report settlement month", TRIAGE, "boss-settle");
    await world.settle();
    const answer = staff.responses(asked).join("\n");
    const settlementText = reportExtraMessages("zh-CN").settlement;
    expect(answer).toContain("💰");
    // the job is not settled yet: its callback is still pending, so it is listed apart
    expect(answer).toContain(settlementText.unsettled);
  });

  it("answers /desk report complaints to supervisors, not engineers", async ({ world, staff }) => {
    const denied = await staff.command(ENG, "report complaints", TRIAGE, "eng-complaints");
    await world.settle();
    expect(staff.responses(denied).join("\n")).toContain(staffZh.noPermission(staffZh.roles.engineer!));
    const asked = await staff.command(SUP, "report complaints month", TRIAGE, "sup-complaints");
    await world.settle();
    expect(staff.responses(asked).join("\n")).toContain("📑");
  });

  it("uploads the summary's chart as a PNG into the channel the command came from", async ({ world, slack, staff }) => {
    await world.queuedTicket(customer, {
      text: "洗碗机漏水，厨房地上都是水",
      profile: { name: "周先生", phone: "13900139000", address: "杭州市上城区1号", area: "city" },
    });
    const asked = await staff.command(BOSS, "summary today", TRIAGE, "boss-summary");
    await world.settle();
    expect(staff.responses(asked).join("\n")).toContain(reportMessages("zh-CN").field.ticketsIn);
    const upload = await slack.waitFor(
      (c) => c.method === "files.completeUploadExternal" && String(c.params.channel_id) === TRIAGE,
      CHART_BUDGET_MS,
    );
    const file = slack.files.get(String((upload.params.files as { id: string }[])[0]!.id))!;
    expect(file.filename).toMatch(/^summary-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.png$/);
    expect(file.data!.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(file.data!.length).toBeGreaterThan(1000);
  });
});
