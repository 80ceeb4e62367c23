#!/usr/bin/env node
// postinstall: generates the Prisma client into core/store/generated.
// `prisma generate` needs no database and no engine download, but Prisma 7's CLI insists
// on a schema-engine path; offline we hand it a stub (it is never executed by generate).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const stubDir = join(root, "node_modules", ".cache", "desk");
  const stub = join(stubDir, "schema-engine-stub");
  if (!existsSync(stub)) {
    mkdirSync(stubDir, { recursive: true });
    writeFileSync(stub, "#!/bin/sh\necho 'schema engine not available offline' >&2\nexit 1\n");
    chmodSync(stub, 0o755);
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
const prismaBin = join(root, "node_modules", "prisma", "build", "index.js");
const r = spawnSync(process.execPath, [prismaBin, "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(r.status ?? 1);
