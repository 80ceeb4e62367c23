import { describe, expect, it } from "vitest";
import { connectionHints, loadConfig } from "../../core/config.ts";

describe("configuration", () => {
  it("comes up with defaults and no tokens, and says what to set", () => {
    const { config, problems } = loadConfig({});
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ port: 3000, timeZone: "Asia/Shanghai", dataDir: "./data", databaseUrl: undefined });
    expect(config.telegram).toMatchObject({ apiRoot: "https://api.telegram.org", perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 });
    const hints = connectionHints(config).join("\n");
    expect(hints).toContain("TELEGRAM_BOT_TOKEN");
    expect(hints).toContain("SLACK_BOT_TOKEN");
  });
  it("reports one clear line per problem", () => {
    const { problems } = loadConfig({
      PORT: "eighty",
      DESK_TIMEZONE: "Mars/Olympus",
      DATABASE_URL: "mysql://x",
      TELEGRAM_BOT_TOKEN: "nonsense",
      TELEGRAM_WEBHOOK_URL: "https://desk.example.com/telegram/webhook",
      TELEGRAM_RATE_PER_CHAT: "-1",
    });
    expect(problems).toHaveLength(6);
    expect(problems.find((p) => p.startsWith("PORT="))).toContain("integer");
    expect(problems.find((p) => p.startsWith("DESK_TIMEZONE"))).toContain("IANA");
    expect(problems.find((p) => p.startsWith("DATABASE_URL"))).toContain("postgresql://");
    expect(problems.find((p) => p.startsWith("TELEGRAM_BOT_TOKEN"))).toContain("@BotFather");
    expect(problems.find((p) => p.startsWith("TELEGRAM_WEBHOOK_SECRET"))).toContain("must be set");
    expect(problems.every((p) => !p.includes("\n"))).toBe(true);
  });
});
