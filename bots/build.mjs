#!/usr/bin/env node
// `npm run build` (also run by `npm install`): compiles the desk to JavaScript in dist/ with
// esbuild: dist/main.js (`npm start`), dist/cli.js (`npx desk`), dist/kb-build-worker.js (the
// KB index worker), and shared chunks; code loaded with import() stays in chunks of its own,
// so the desk loads it only when used. Packages stay in node_modules (not bundled); the
// desk's own files (migrations, prompts, catalogue, fonts, sandbox page) are read from the
// package, as from the sources.
//
//   node bots/build.mjs              build
//   node bots/build.mjs --if-stale   build only when a source is newer than dist/ (`npm start` runs this)
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const STAMP = join(dist, "build-info.json");

/** The newest modification time of the sources dist/ is built from (ms). */
export function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "public" && e.name !== "node_modules") walk(p);
      } else if (/\.(ts|mjs)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ["bots", "core"]) walk(join(root, d));
  return newest;
}

/** Whether dist/ is missing or older than a source file. */
export function isStale() {
  if (!existsSync(STAMP)) return true;
  return statSync(STAMP).mtimeMs < newestSource();
}

/** Builds into `outdir` (default dist/; another folder must be inside the package, for node_modules). */
export async function build({ outdir = dist } = {}) {
  const { build: esbuild } = await import("esbuild");
  rmSync(outdir, { recursive: true, force: true });
  const started = Date.now();
  await esbuild({
    absWorkingDir: root,
    entryPoints: {
      main: "bots/main.ts",
      cli: "bots/cli/main.ts",
      "kb-build-worker": "core/kb/build-worker.ts",
    },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
    // createRequire for the few CommonJS-style requires inside bundled code
    banner: { js: 'import { createRequire as __deskRequire } from "node:module"; const require = __deskRequire(import.meta.url);' },
  });
  writeFileSync(join(outdir, "build-info.json"), JSON.stringify({ builtAt: new Date().toISOString(), ms: Date.now() - started }) + "\n");
  return Date.now() - started;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--if-stale") && !isStale()) process.exit(0);
  const i = process.argv.indexOf("--outdir");
  const outdir = i > 0 ? resolve(process.argv[i + 1]) : dist;
  const ms = await build({ outdir });
  process.stderr.write(`built ${outdir} in ${ms} ms\n`);
}
