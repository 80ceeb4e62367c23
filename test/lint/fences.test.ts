/**
 * The layer fences are lint rules (eslint.config.js): a platform SDK or the database client
 * imported into core/ must fail `npm run lint`.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function fenceErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("lint fences", () => {
  it.each([
    ["grammy", 'import { Bot } from "grammy";'],
    ["@slack/bolt", 'import { App } from "@slack/bolt";'],
    ["@slack/web-api", 'import { WebClient } from "@slack/web-api";'],
    ["openai", 'import OpenAI from "openai";'],
    ["pg", 'import pg from "pg";'],
    ["@prisma/client", 'import { PrismaClient } from "@prisma/client";'],
    ["the generated Prisma client", 'import { PrismaClient } from "../store/generated/client.ts";'],
  ])("refuse %s in core/", async (_name, code) => {
    expect(await fenceErrors("core/customer/example.ts", `${code}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it("let core/store/ use the database but no platform", async () => {
    expect(await fenceErrors("core/store/example.ts", 'import pg from "pg";\nexport const x = pg;\n')).toEqual([]);
    expect(await fenceErrors("core/store/example.ts", 'import { Bot } from "grammy";\nexport const x = Bot;\n')).toHaveLength(1);
  });

  it("let adapters in bots/ use the platforms", async () => {
    expect(await fenceErrors("bots/telegram/example.ts", 'import { Bot } from "grammy";\nexport const x = Bot;\n')).toEqual([]);
  });
});

describe("coded errors", () => {
  const ruleErrors = async (filePath: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
  };

  it("refuse an error class that does not extend DeskError in core/ and bots/", async () => {
    const plain = "export class ShelfError extends Error {}\n";
    expect(await ruleErrors("core/customer/example.ts", plain)).toHaveLength(1);
    expect(await ruleErrors("bots/telegram/example.ts", plain)).toHaveLength(1);
    const coded = 'import { DeskError } from "../errors.ts";\nexport class ShelfError extends DeskError<"SHELF_FULL"> {}\n';
    expect(await ruleErrors("core/customer/example.ts", coded)).toEqual([]);
  });
});
