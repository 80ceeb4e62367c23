#!/usr/bin/env node
// The comparison point of bench/footprint.ts: a minimal grammY bot in webhook mode that
// answers every message with its text (or "…"), on the same fake Bot API and harness as the
// desk. Plain JavaScript, run with plain node. Settings: TELEGRAM_BOT_TOKEN,
// TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET, PORT.
import { createServer } from "node:http";
import { Bot, webhookCallback } from "grammy";

const env = process.env;
const bot = new Bot(env.TELEGRAM_BOT_TOKEN, { client: { apiRoot: env.TELEGRAM_API_ROOT } });
// a 429 loses the reply, as in any bot without an outbox
bot.on("message", (ctx) => ctx.reply(ctx.message.text ?? "…").catch(() => {}));
const handle = webhookCallback(bot, "http", { secretToken: env.TELEGRAM_WEBHOOK_SECRET });
await bot.init();
await bot.api.setWebhook(env.TELEGRAM_WEBHOOK_URL, { secret_token: env.TELEGRAM_WEBHOOK_SECRET });
createServer((req, res) => {
  if (req.url === "/healthz") return res.writeHead(200).end("ok");
  if (req.url === "/telegram/webhook" && req.method === "POST") return void handle(req, res).catch(() => res.writeHead(500).end());
  res.writeHead(404).end();
}).listen(Number(env.PORT ?? 3000), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
