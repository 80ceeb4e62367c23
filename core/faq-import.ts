/**
 * Importing a folder of KB Markdown files into the store.
 */
import { relative, resolve } from "node:path";
import { loadKbDir } from "./kb/index.ts";
import type { Store } from "./store/index.ts";

export interface ImportReport {
  dir: string;
  files: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  errors: { path: string; reason: string }[];
}

/**
 * Upserts every valid entry of `dir`. With `replace`, entries not in the folder are deleted,
 * except those that came from a file that is now malformed (a typo must not delete an answer).
 *
 * @example
 * ```ts
 * const r = await importKb(store, "./kb", { replace: true });
 * console.log(r.created, r.errors);
 * ```
 */
export async function importKb(store: Store, dir: string, opts: { replace?: boolean } = {}): Promise<ImportReport> {
  const abs = resolve(dir);
  const { entries, errors } = await loadKbDir(abs);
  const rel = (p: string) => relative(abs, resolve(abs, p)) || p;
  const normalised = entries.map((e) => ({ ...e, sourcePath: e.sourcePath ? rel(e.sourcePath) : undefined }));
  const badPaths = new Set(errors.map((e) => rel(e.path)));
  const result = await store.tx(async (s) => {
    let keep: string[] = [];
    if (opts.replace && badPaths.size) {
      keep = (await s.kb.all()).filter((e) => e.sourcePath && badPaths.has(e.sourcePath)).map((e) => e.id);
    }
    const r = await s.kb.upsertMany(normalised, false);
    let deleted = 0;
    if (opts.replace) deleted = await s.kb.deleteExcept([...normalised.map((e) => e.id), ...keep]);
    await s.settings.set("kb.version", new Date().toISOString());
    return { ...r, deleted };
  });
  return {
    dir: abs,
    files: entries.length + errors.length,
    ...result,
    errors: errors.map((e) => ({ path: rel(e.path), reason: e.reason })),
  };
}
