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

describe("configuration problems", () => {
  it("give one line for a value that breaks several rules, naming the value and the range", () => {
    expect(loadConfig({ PORT: "-1.5" }).problems).toEqual([`PORT="-1.5" is not valid: expected an integer ≥ 0 and ≤ 65535`]);
    expect(loadConfig({ TELEGRAM_RATE_PER_CHAT: "fast" }).problems).toEqual([
      `TELEGRAM_RATE_PER_CHAT="fast" is not valid: expected a number ≥ 0.01 and ≤ 100`,
    ]);
  });

  it("replace each invalid value by its default, so the rest of the configuration still holds", () => {
    const { config, problems } = loadConfig({ PORT: "eighty", DESK_TIMEZONE: "Mars/Olympus", LOG_LEVEL: "trace", DESK_REPEAT_DAYS: "30" });
    expect(problems).toHaveLength(3);
    expect(problems).toContain("LOG_LEVEL must be one of debug, info, warn, error");
    expect(config).toMatchObject({ port: 3000, timeZone: "Asia/Shanghai", logLevel: "info", repeatDays: 30 });
    expect(config.sla.calendar.config.timeZone).toBe("Asia/Shanghai");
  });

  it("treat blank values as unset", () => {
    const { config, problems } = loadConfig({ PORT: "  ", TELEGRAM_BOT_TOKEN: "", SLACK_API_URL: " ", LOG_LEVEL: "" });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ port: 3000, logLevel: "info" });
    expect(config.telegram.token).toBeUndefined();
    expect(config.slack.apiUrl).toBe("https://slack.com/api/");
  });

  it("name every setting Slack still needs, even when the token itself is malformed", () => {
    const { problems } = loadConfig({ SLACK_BOT_TOKEN: "xoxp-user-token" });
    expect(problems).toEqual([
      "SLACK_BOT_TOKEN should start with xoxb- (the Bot User OAuth Token)",
      "SLACK_SIGNING_SECRET must be set with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)",
      "SLACK_TRIAGE_CHANNEL must be set with SLACK_BOT_TOKEN (the channel id new tickets are posted to, e.g. C0123456789)",
    ]);
    const socketMode = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1", SLACK_TRIAGE_CHANNEL: "C1" });
    expect(socketMode.problems).toEqual([]);
  });

  it("check URLs, tokens, the webhook secret, languages and levels", () => {
    const { problems } = loadConfig({
      TELEGRAM_API_ROOT: "ftp://api.telegram.org",
      TELEGRAM_WEBHOOK_URL: "https://desk.example.com/telegram/webhook",
      TELEGRAM_WEBHOOK_SECRET: "has spaces",
      SLACK_API_URL: "slack.com/api",
      SLACK_APP_TOKEN: "xoxb-not-an-app-token",
      OPENAI_BASE_URL: "localhost:11434",
      DESK_STAFF_LANG: "fr",
    });
    expect(problems.sort()).toEqual(
      [
        `TELEGRAM_API_ROOT="ftp://api.telegram.org" is not an http(s) URL`,
        "TELEGRAM_WEBHOOK_SECRET may only contain A–Z, a–z, 0–9, _ and - (1–256 characters)",
        `SLACK_API_URL="slack.com/api" is not an http(s) URL`,
        "SLACK_APP_TOKEN should start with xapp- (an app-level token with connections:write)",
        `OPENAI_BASE_URL="localhost:11434" is not an http(s) URL (e.g. http://localhost:11434/v1 for Ollama)`,
        "DESK_STAFF_LANG must be zh-CN or en",
      ].sort(),
    );
  });

  it("reads lists, URLs and hours into the shapes the desk uses", () => {
    const { config, problems } = loadConfig({
      SLACK_API_URL: "http://127.0.0.1:9/api",
      SLACK_ADMIN_USER_IDS: "U1, U2 U3",
      SURVEY_REMIND_HOURS: "1.5",
      OPENAI_API_KEY: "sk-x",
      DESK_STAFF_LANG: "en",
      DESK_WARRANTY_MONTHS: "fridge=24",
    });
    expect(problems).toEqual([]);
    expect(config.slack).toMatchObject({ apiUrl: "http://127.0.0.1:9/api/", adminUserIds: ["U1", "U2", "U3"] });
    expect(config.survey.remindAfterMs).toBe(5_400_000);
    expect(config.llm).toMatchObject({ enabled: true, apiKey: "sk-x", model: "gpt-4o-mini" });
    expect(config.staffLang).toBe("en");
    expect(config.warrantyMonths.fridge).toBe(24);
  });
});
