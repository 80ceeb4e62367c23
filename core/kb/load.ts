import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Catalogue } from "../catalogue/index.ts";
import { KbFormatError, parseKbFile, type KbEntry, type KbErrorCode, type KbWarningCode } from "./entry.ts";

export interface KbLoadError {
  /** Path of the offending file. */
  path: string;
  /** Human-readable reason, prefixed with the code, e.g. "[KB_BAD_LANG] field 'lang' must be …". */
  reason: string;
  code: KbErrorCode;
}

/** A file that imported, but with something repaired (see `parseKbFile`). */
export interface KbLoadWarning {
  path: string;
  /** e.g. "[KB_UNKNOWN_PRODUCT] product 'toaster' is not in the catalogue; …" */
  reason: string;
  code: KbWarningCode;
}

export interface KbLoadResult {
  entries: KbEntry[];
  /** Files that were not imported. */
  errors: KbLoadError[];
  /** Files that imported with a repair. */
  warnings: KbLoadWarning[];
}

async function listMarkdown(dir: string): Promise<string[]> {
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths: string[] = [];
  for (const d of found) {
    if (!d.isFile() || !d.name.toLowerCase().endsWith(".md")) continue;
    // Node 20 exposes the containing directory as `parentPath` (20.12+) or `path`.
    const parent = (d as { parentPath?: string }).parentPath ?? (d as { path?: string }).path ?? dir;
    paths.push(join(parent, d.name));
  }
  // Deterministic order: "later file" in a duplicate-id clash means later in this order.
  return paths.sort((a, b) => relative(dir, a).split(sep).join("/").localeCompare(relative(dir, b).split(sep).join("/"), "en"));
}

/**
 * Load every `*.md` under `dir` (recursively, sorted by path). Unusable files are reported
 * in `errors` and skipped; repaired ones load and are listed in `warnings`. When two files
 * share an id, the later one (by path) is an error (`KB_DUPLICATE_ID`). Throws only if
 * `dir` itself cannot be read.
 *
 * @example
 * ```ts
 * const { entries, errors } = await loadKbDir("kb");
 * for (const e of errors) console.warn(`${e.path}: ${e.reason}`);
 * const index = new KbIndex(entries);
 * ```
 */
export async function loadKbDir(dir: string, opts: { catalogue?: Catalogue } = {}): Promise<KbLoadResult> {
  const entries: KbEntry[] = [];
  const errors: KbLoadError[] = [];
  const warnings: KbLoadWarning[] = [];
  const seen = new Map<string, string>();
  for (const path of await listMarkdown(dir)) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      errors.push({ path, code: "KB_READ_ERROR", reason: `[KB_READ_ERROR] ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    let entry: KbEntry;
    let fileWarnings;
    try {
      ({ entry, warnings: fileWarnings } = parseKbFile(text, path, opts));
    } catch (e) {
      if (e instanceof KbFormatError) {
        errors.push({ path, code: e.code, reason: `[${e.code}] ${e.message.startsWith(path + ": ") ? e.message.slice(path.length + 2) : e.message}` });
        continue;
      }
      throw e;
    }
    const first = seen.get(entry.id);
    if (first !== undefined) {
      errors.push({ path, code: "KB_DUPLICATE_ID", reason: `[KB_DUPLICATE_ID] id '${entry.id}' is already used by ${first}` });
      continue;
    }
    seen.set(entry.id, path);
    entries.push(entry);
    for (const w of fileWarnings) warnings.push({ path, code: w.code, reason: `[${w.code}] ${w.message}` });
  }
  return { entries, errors, warnings };
}
