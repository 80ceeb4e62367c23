/**
 * Where the desk's own files are (migrations, prompts, the catalogue, fonts, the sandbox
 * page), whether it runs from the TypeScript sources (tsx) or compiled into `dist/`: paths
 * are taken from the package root, not from the running module, which moves when compiled.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "prisma"))) return dir;
    if (dirname(dir) === dir) return join(dirname(fileURLToPath(import.meta.url)), "..");
  }
}

/** The package's root folder (the one with package.json). */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** Whether this code runs compiled (from `dist/`) rather than from the TypeScript sources. */
export const COMPILED = !import.meta.url.endsWith(".ts");

/**
 * The folder the compiled desk runs from (the one with build-info.json, normally `dist/`),
 * or null when it runs from the sources.
 */
export const COMPILED_DIR = COMPILED ? findUp(dirname(fileURLToPath(import.meta.url)), "build-info.json") : null;

function findUp(from: string, file: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, file))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * A path inside the package.
 *
 * @example
 * ```ts
 * const migrations = fromRoot("prisma", "migrations"); // …/shouhou-desk/prisma/migrations
 * ```
 */
export function fromRoot(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
