import type { Client } from "./client.ts";
import type { JsonValue } from "./types.ts";

/** Small key/value settings the desk keeps for itself. */
export class SettingRepo {
  constructor(private readonly db: Client) {}

  async get<T extends JsonValue>(key: string): Promise<T | undefined> {
    const row = await this.db.setting.findUnique({ where: { key } });
    return (row?.value as T | undefined) ?? undefined;
  }

  async set(key: string, value: JsonValue): Promise<void> {
    await this.db.setting.upsert({ where: { key }, create: { key, value: value as any }, update: { value: value as any } });
  }
}
