/**
 * Who and where in the sandbox: its customers' chat ids, its staff workspace (people with
 * Slack-like member ids, some on the team with a role, one not), and its channels.
 *
 * Sandbox customers are stored like Telegram customers, with a chat id no Telegram chat can
 * have (Telegram's are integers): `sandbox:…`. So when a real Telegram bot runs beside the
 * sandbox, each outbox message goes to the one platform its chat belongs to.
 */

/** Every sandbox customer's user and chat id starts with this. */
export const SANDBOX_CHAT_PREFIX = "sandbox:";
/** Customers that `desk seed demo` made (a sandbox customer too, so the sandbox can be them). */
export const DEMO_CHAT_PREFIX = `${SANDBOX_CHAT_PREFIX}demo-`;

/** Whether an outbox chat key (a chat id, or a callback answer's `cb:` key) is a sandbox chat. */
export function isSandboxChat(chatKey: string): boolean {
  return chatKey.startsWith(SANDBOX_CHAT_PREFIX) || chatKey.startsWith(`cb:${SANDBOX_CHAT_PREFIX}`);
}

/** The staff channels of the sandbox (Slack-like channel ids). */
export const SANDBOX_CHANNELS = {
  triage: "CSBXTRIAGE",
  complaints: "CSBXCOMPLAINTS",
  escalation: "CSBXESCALATION",
} as const;

/** A direct-message channel with one person. */
export function dmChannel(userId: string): string {
  return `D${userId}`;
}

export interface WorkspaceUser {
  id: string;
  name: string;
  lang: "zh-CN" | "en";
  /** their role when the sandbox sets up the team; none = in the workspace, not on the team */
  role?: "manager" | "supervisor" | "agent" | "engineer";
}

/**
 * The sandbox's workspace. The manager is the desk's first manager (like
 * SLACK_ADMIN_USER_IDS); the others are put on the team by that manager when the sandbox
 * first starts. The last one is not on the team, to see the desk refuse them.
 */
export const WORKSPACE: readonly WorkspaceUser[] = [
  { id: "USBXMGR01", name: "王经理", lang: "zh-CN", role: "manager" },
  { id: "USBXSUP01", name: "李主任", lang: "zh-CN", role: "supervisor" },
  { id: "USBXAGT01", name: "陈调度", lang: "zh-CN", role: "agent" },
  { id: "USBXENG01", name: "张师傅", lang: "zh-CN", role: "engineer" },
  { id: "USBXENG02", name: "刘师傅", lang: "zh-CN", role: "engineer" },
  { id: "USBXENG03", name: "Alex Chen", lang: "en", role: "engineer" },
  { id: "USBXNEW01", name: "Sam (new)", lang: "en" },
];

export const SANDBOX_MANAGER = WORKSPACE[0]!.id;

export function workspaceUser(id: string): WorkspaceUser | undefined {
  return WORKSPACE.find((u) => u.id === id);
}

/**
 * `@name` in a typed command → `<@ID>`, as Slack's client does before a command reaches the
 * app (names as in the workspace; the longest match first, so "@Alex Chen" works).
 */
export function encodeMentions(text: string): string {
  const users = [...WORKSPACE].sort((a, b) => b.name.length - a.name.length);
  let out = text;
  for (const u of users) out = out.split(`@${u.name}`).join(`<@${u.id}>`);
  return out;
}
