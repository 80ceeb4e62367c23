import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { KbFormatError, parseKbEntry, type KbEntry, type KbErrorCode } from "./entry.ts";

export interface KbLoadError {
  /** Path of the offending file. */
  path: string;
  /** Human-readable reason, prefixed with the code, e.g. "[KB_BAD_LANG] field 'lang' must be …". */
  reason: string;
  code: KbErrorCode;
}

export interface KbLoadResult {
  entries: KbEntry[];
  errors: KbLoadError[];
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
 * Load every `*.md` under `dir` (recursively, sorted by path). Malformed files are
 * reported in `errors` and skipped; the rest still load. When two files share an
 * id, the later one (by path) is an error (`KB_DUPLICATE_ID`). Throws only if
 * `dir` itself cannot be read.
 *
 * @example
 * ```ts
 * const { entries, errors } = await loadKbDir("kb");
 * for (const e of errors) console.warn(`${e.path}: ${e.reason}`);
 * const index = new KbIndex(entries);
 * ```
 */
export async function loadKbDir(dir: string): Promise<KbLoadResult> {
  const entries: KbEntry[] = [];
  const errors: KbLoadError[] = [];
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
    try {
      entry = parseKbEntry(text, path);
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
  }
  return { entries, errors };
}
