/**
 * Importing a folder of KB Markdown files into the store: every usable file is upserted,
 * repaired ones with warnings; then the whole KB is indexed and calibrated (off the event
 * loop when large) and, with an embedder, entries without a current vector get one.
 */
import { relative, resolve } from "node:path";
import { defaultCatalogue, type Catalogue } from "./catalogue/index.ts";
import { buildKbIndex } from "./kb/build.ts";
import { EMBED_BATCH, type Embedder } from "./kb/embed.ts";
import { entryText, formatMissingQuestions, loadKbDir, type Calibration } from "./kb/index.ts";
import { rowToEntry } from "./faq.ts";
import type { Store } from "./store/index.ts";

export interface ImportReport {
  dir: string;
  files: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Files not imported (no readable front matter, empty body, duplicate id). */
  errors: { path: string; reason: string }[];
  /** Files imported with something repaired (unknown product, missing lang, …). */
  warnings: { path: string; reason: string }[];
  /** The confidence thresholds calibrated on the whole KB after the import. */
  calibration?: Calibration;
  /** Advice on the whole KB after the import: entries without a sample question (see `formatMissingQuestions`). */
  advice?: string[];
  /** With an embedder: vectors made, or why not (the import still succeeded). */
  embeddings?: { model: string; embedded: number; missing: number; error?: string };
}

export interface ImportOptions {
  /** The folder becomes the whole KB (entries whose file is now unusable are kept). */
  replace?: boolean;
  catalogue?: Catalogue;
  embedder?: Embedder | null;
}

/**
 * Upserts every usable entry of `dir`. With `replace`, entries not in the folder are deleted,
 * except those that came from a file that is now unusable (a typo must not delete an answer).
 *
 * @example
 * ```ts
 * const r = await importKb(store, "./kb", { replace: true, catalogue });
 * console.log(r.created, r.errors, r.warnings, r.calibration);
 * ```
 */
export async function importKb(store: Store, dir: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const abs = resolve(dir);
  const catalogue = opts.catalogue ?? defaultCatalogue();
  const { entries, errors, warnings } = await loadKbDir(abs, { catalogue });
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
  const report: ImportReport = {
    dir: abs,
    files: entries.length + errors.length,
    ...result,
    errors: errors.map((e) => ({ path: rel(e.path), reason: e.reason })),
    warnings: warnings.map((w) => ({ path: rel(w.path), reason: w.reason })),
  };
  const all = (await store.kb.all()).map(rowToEntry);
  report.calibration = (await buildKbIndex(all, { catalogue })).calibration;
  const missing = formatMissingQuestions(all);
  if (missing) report.advice = [missing];
  if (opts.embedder) {
    report.embeddings = await embedMissing(store, opts.embedder);
    // a running desk reloads on a new version: let it pick the vectors up too
    if (report.embeddings.embedded > 0) await store.settings.set("kb.version", new Date().toISOString());
  }
  return report;
}

/**
 * Makes a vector for every stored entry that has none from the embedder's model. A failing
 * embedding server stops this early and is reported; it is never an import error.
 *
 * @example
 * ```ts
 * const r = await embedMissing(store, embedder); // { model, embedded: 78, missing: 0 }
 * ```
 */
export async function embedMissing(store: Store, embedder: Embedder): Promise<NonNullable<ImportReport["embeddings"]>> {
  const todo = await store.kb.missingEmbedding(embedder.model);
  let embedded = 0;
  for (let i = 0; i < todo.length; i += EMBED_BATCH) {
    const batch = todo.slice(i, i + EMBED_BATCH);
    let vectors: number[][];
    try {
      vectors = await embedder.embed(batch.map((r) => entryText(rowToEntry(r))));
    } catch (err) {
      return { model: embedder.model, embedded, missing: todo.length - embedded, error: (err as Error)?.message ?? String(err) };
    }
    for (const [k, row] of batch.entries()) {
      const v = vectors[k];
      if (v?.length) {
        await store.kb.setEmbedding(row.id, v, embedder.model);
        embedded++;
      }
    }
  }
  return { model: embedder.model, embedded, missing: todo.length - embedded };
}
