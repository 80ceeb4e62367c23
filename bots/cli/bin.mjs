#!/usr/bin/env node
// `npx desk …`: runs the TypeScript CLI through tsx (no build step).
import { register } from "tsx/esm/api";

register();
const { cliMain } = await import("./main.ts");
cliMain();
