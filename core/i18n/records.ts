/**
 * Text about the shop's records: the customer's products at intake, linking a Telegram
 * account to the shop's file (customers), and `/desk link` (staff). zh-CN and en.
 *
 * @example
 * ```ts
 * recordsText("en").thatsMe; // "That's me"
 * ```
 */

export const recordsZh = {
  productMine: (name: string, model: string | null) => `我的${name}${model ? " " + model : ""}`,
  productBack: "← 全部品类",
  askInGroup: (group: string) => `是哪种${group}？`,
  contactButton: "📱 分享我的号码",
  shareToLink: "为保护您的信息，只有在您点下方按钮分享自己的 Telegram 号码后，我们才会把它与本店的客户档案关联。",
  linkPrompt: "点下方按钮分享您的 Telegram 号码，即可关联您在本店的客户档案（产品、保修、保养合同）。",
  contactNotOwn: "请分享您自己的号码（点下方按钮），不要分享其他人的名片。",
  contactBad: "没能识别这个号码，请直接发送电话号码。",
  contactSaved: (phone: string) => `已收到您的号码 ${phone}，谢谢。`,
  fileFound: (name: string, phone: string) => `本店记录中，号码 ${phone} 登记的客户是“${name}”。这是您本人吗？`,
  thatsMe: "是我",
  notMe: "不是我",
  linked: (products: number) =>
    `✅ 已关联您的客户档案，以后报修无需再填写姓名和地址。${products ? `档案中有 ${products} 件产品，报修时可直接选择。` : ""}`,
  notLinked: "好的，不做关联。如有需要，服务人员会与您核实。",
  fileTaken: "这个号码的客户档案已关联另一个 Telegram 账号。如需更改，请联系服务人员。",
  linkedByStaff: "服务人员已为您关联客户档案，以后报修无需再填写姓名和地址。",
};

export type RecordsText = typeof recordsZh;

export const recordsEn: RecordsText = {
  productMine: (name, model) => `My ${name.toLowerCase()}${model ? " " + model : ""}`,
  productBack: "← All products",
  askInGroup: (group) => `Which ${group.toLowerCase()}?`,
  contactButton: "📱 Share my number",
  shareToLink:
    "To protect your details, we link your number to the shop's records only when you share your own Telegram number with the button below.",
  linkPrompt: "Tap the button below to share your Telegram number and link your file at the shop (products, warranty, contracts).",
  contactNotOwn: "Please share your own number (the button below), not someone else's contact.",
  contactBad: "We could not read that number; please type your phone number.",
  contactSaved: (phone) => `Thanks, we have your number ${phone}.`,
  fileFound: (name, phone) => `Our records have the customer "${name}" for ${phone}. Is that you?`,
  thatsMe: "That's me",
  notMe: "Not me",
  linked: (products) =>
    `✅ Your customer file is linked: you won't be asked for your name and address again.${products ? ` It lists ${products} product(s), which you can pick when you report a problem.` : ""}`,
  notLinked: "OK, nothing is linked. Our staff will check with you if needed.",
  fileTaken: "The file for this number is linked to another Telegram account. Please contact our staff to change it.",
  linkedByStaff: "Our staff linked your customer file: you won't be asked for your name and address again.",
};

/** Customer-facing text about the shop's records, in the customer's language. */
export function recordsText(lang: string): RecordsText {
  return lang === "en" ? recordsEn : recordsZh;
}

export const recordsStaffZh = {
  linkUsage: "用法：/desk link <Telegram 用户ID 或 #工单号> <电话>",
  noSuchCustomer: (who: string) => `没有找到 Telegram 客户 ${who}（请用对方的 Telegram 用户ID，或其工单号）。`,
  badPhone: (phone: string) => `电话号码“${phone}”格式不对。`,
  linked: (who: string, phone: string, products: number) => `已将客户 ${who} 关联到号码 ${phone} 的档案（${products} 件产品）。`,
  phoneRecorded: (who: string, phone: string) => `号码 ${phone} 还没有档案；已记为客户 ${who} 的档案号码，以后导入的同号记录会归到他名下。`,
  alreadyLinked: (who: string, phone: string) => `客户 ${who} 已关联号码 ${phone} 的档案。`,
  fileTaken: (phone: string) => `号码 ${phone} 的档案已关联另一个 Telegram 账号，未做更改。`,
};

export type RecordsStaffText = typeof recordsStaffZh;

export const recordsStaffEn: RecordsStaffText = {
  linkUsage: "Usage: /desk link <Telegram user id or #ticket> <phone>",
  noSuchCustomer: (who) => `No Telegram customer ${who} (give their Telegram user id, or one of their tickets).`,
  badPhone: (phone) => `"${phone}" is not a valid phone number.`,
  linked: (who, phone, products) => `Customer ${who} is now linked to the file of ${phone} (${products} product(s)).`,
  phoneRecorded: (who, phone) =>
    `There is no file for ${phone} yet; it is now customer ${who}'s file number, so records imported for it will be theirs.`,
  alreadyLinked: (who, phone) => `Customer ${who} is already linked to the file of ${phone}.`,
  fileTaken: (phone) => `The file of ${phone} is linked to another Telegram account; nothing was changed.`,
};

/** Staff-facing text about the shop's records, in one person's language. */
export function recordsStaffText(lang: string | null | undefined): RecordsStaffText {
  return lang === "en" ? recordsStaffEn : recordsStaffZh;
}
