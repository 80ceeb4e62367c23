import { describe, expect, it } from "vitest";
import { BUTTON, FLOW } from "../../core/customer/index.ts";

// Button codes travel in Telegram callback data and stay in customers' chats; flow names are
// saved with conversations in progress. Changing a value breaks old buttons and saved state.
describe("customer wire codes", () => {
  it("keep the values already in customers' chats and saved conversations", () => {
    expect(BUTTON).toEqual({
      language: "lang",
      reportKind: "kind",
      product: "prod",
      modelUnknown: "model",
      purchaseUnknown: "buy",
      area: "area",
      cancelDraft: "draft",
      profileField: "pf",
      survey: "sv",
      complain: "cmp",
      complaintTicket: "cmpt",
      complaintKind: "cmpk",
      confirmComplaint: "cmpy",
      notComplaint: "cmpn",
      faqSolved: "faq_ok",
      faqNeedService: "faq_no",
      faqMore: "faq_more",
      suggestion: "sug",
      noSuggestion: "sug_no",
      window: "win",
      windowOther: "win_other",
      windowChange: "win_change",
      cancelTicket: "cx",
      keepTicket: "cxk",
    });
    expect(FLOW).toEqual({
      report: "report",
      profile: "profile",
      complaint: "complaint",
      complaintConfirm: "complaint_confirm",
      surveyComment: "comment",
    });
  });

  it("are distinct", () => {
    expect(new Set(Object.values(BUTTON)).size).toBe(Object.values(BUTTON).length);
    expect(new Set(Object.values(FLOW)).size).toBe(Object.values(FLOW).length);
  });
});
