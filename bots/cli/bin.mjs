#!/usr/bin/env node
// `npx desk …`: runs the compiled CLI (dist/cli.js, built by `npm install` / `npm run build`)
// when it is up to date with the sources, else the TypeScript CLI through tsx.
import { existsSync } from "node:fs";
import { isStale } from "../build.mjs";

const compiled = new URL("../../dist/cli.js", import.meta.url);
let cliMain;
if (process.env.DESK_FROM_SOURCE !== "1" && existsSync(compiled) && !isStale()) {
  ({ cliMain } = await import(compiled.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ cliMain } = await import("./main.ts"));
}
cliMain();
