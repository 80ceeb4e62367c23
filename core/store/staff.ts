import type { Client } from "./client.ts";
import type { StaffRow } from "./types.ts";

/** The staff directory: Slack user → role. */
export class StaffRepo {
  constructor(private readonly db: Client) {}

  byUser(slackUserId: string): Promise<StaffRow | null> {
    return this.db.staff.findUnique({ where: { slackUserId } });
  }

  byId(id: number): Promise<StaffRow | null> {
    return this.db.staff.findUnique({ where: { id } });
  }

  /** Adds or updates a member (and reactivates a removed one). */
  upsert(slackUserId: string, role: string, name?: string | null): Promise<StaffRow> {
    return this.db.staff.upsert({
      where: { slackUserId },
      create: { slackUserId, role, name: name ?? null },
      update: { role, active: true, ...(name ? { name } : {}) },
    });
  }

  /** Sets a member's name; `fromProfile` marks it as read from the platform's profile now. */
  rename(slackUserId: string, name: string, fromProfile: boolean, now: Date = new Date()): Promise<StaffRow> {
    return this.db.staff.update({ where: { slackUserId }, data: { name, ...(fromProfile ? { nameSyncedAt: now } : {}) } });
  }

  /** Marks a member's name as checked against the profile now (whether or not it changed). */
  async nameChecked(slackUserId: string, now: Date): Promise<void> {
    await this.db.staff.updateMany({ where: { slackUserId }, data: { nameSyncedAt: now } });
  }

  /** Sets the language a member's private answers are in ("zh-CN" or "en"). */
  async setLang(slackUserId: string, lang: string): Promise<void> {
    await this.db.staff.updateMany({ where: { slackUserId }, data: { lang } });
  }

  /** Removes a member from the team (kept for history). */
  async deactivate(slackUserId: string): Promise<boolean> {
    const r = await this.db.staff.updateMany({ where: { slackUserId, active: true }, data: { active: false } });
    return r.count > 0;
  }

  list(): Promise<StaffRow[]> {
    return this.db.staff.findMany({ where: { active: true }, orderBy: [{ role: "asc" }, { id: "asc" }] });
  }

  withRoles(roles: string[]): Promise<StaffRow[]> {
    return this.db.staff.findMany({ where: { active: true, role: { in: roles } }, orderBy: { id: "asc" } });
  }
}
