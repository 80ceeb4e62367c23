/**
 * Building the KB index off the event loop: tokenising and calibrating a large knowledge base
 * takes seconds, so the desk does it in a worker thread and keeps answering meanwhile. The
 * worker's index is moved back without copying; the resulting {@link KbIndex} answers
 * exactly as one built in the thread.
 */
import { Worker } from "node:worker_threads";
import { defaultCatalogue, type Catalogue, type ProductCategoryDef } from "../catalogue/index.ts";
import type { Calibration } from "./calibrate.ts";
import type { KbEntry } from "./entry.ts";
import type { PackedIndex } from "./packed.ts";
import { KbIndex } from "./search.ts";
import { COMPILED_DIR, fromRoot } from "../paths.ts";
import { join } from "node:path";
import { createHash } from "node:crypto";

/** Calibrations kept in memory, by what they were computed from (a rebuild of the same KB reuses one). */
const CALIBRATION_MEMO_SIZE = 8;
const calibrations = new Map<string, Calibration>();

/** What a calibration depends on: the entries as indexed and the catalogue. */
function calibrationKey(entries: readonly KbEntry[], catalogue: Catalogue): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(catalogue.categories));
  for (const e of entries) h.update(`\u0000${e.id}\u0001${e.checksum}\u0001${e.lang}\u0001${e.products.join(",")}`);
  return h.digest("hex");
}

function remember(key: string, c: Calibration): Calibration {
  if (calibrations.size >= CALIBRATION_MEMO_SIZE) calibrations.delete(calibrations.keys().next().value!);
  calibrations.set(key, c);
  return c;
}

/** Below this many entries the index is built in the thread (a worker costs more than it saves). */
export const WORKER_MIN_ENTRIES = 200;

/**
 * From this many entries a KB that needs calibrating goes to the worker anyway: its probes
 * and bagged rules take a second or more, which the event loop should not wait for.
 */
export const WORKER_MIN_CALIBRATE_ENTRIES = 40;

/**
 * The worker's entry: compiled into `dist/` beside the desk, or (from the sources) a plain
 * JavaScript file that registers tsx to load the TypeScript.
 */
const WORKER_FILE = COMPILED_DIR ? join(COMPILED_DIR, "kb-build-worker.js") : fromRoot("core", "kb", "build-worker.mjs");

/** What the worker receives. */
export interface WorkerInput {
  entries: KbEntry[];
  catalogue: { categories: ProductCategoryDef[]; groups: { id: string; name: { zh: string; en: string } }[] };
  calibrate: boolean;
}

/** What the worker sends back. */
export type WorkerOutput = { ok: true; packed: PackedIndex; calibration: Calibration } | { ok: false; error: string };

export interface BuildIndexOptions {
  catalogue?: Catalogue;
  /**
   * "worker" always, "thread" never, "auto" (default) from {@link WORKER_MIN_ENTRIES} entries,
   * or from {@link WORKER_MIN_CALIBRATE_ENTRIES} when the calibration is not known yet.
   */
  mode?: "auto" | "worker" | "thread";
  /** Calibrate (default true). */
  calibrate?: boolean;
  /** Reuse a calibration this process computed for the same entries and catalogue (default true). */
  reuse?: boolean;
}

/**
 * Builds (and calibrates) the index of `entries`, in a worker thread for a large KB.
 * In "auto" mode, if the worker fails, the index is built in the thread instead. The
 * calibration of the same entries and catalogue is computed once per process (a reload of an
 * unchanged KB, or another desk in the same process, reuses it).
 *
 * @example
 * ```ts
 * const kb = await buildKbIndex(entries, { catalogue });
 * kb.search("冰箱不冷");
 * ```
 */
export async function buildKbIndex(entries: readonly KbEntry[], opts: BuildIndexOptions = {}): Promise<KbIndex> {
  const catalogue = opts.catalogue ?? defaultCatalogue();
  const calibrate = opts.calibrate ?? true;
  const mode = opts.mode ?? "auto";
  const key = calibrate ? calibrationKey(entries, catalogue) : "";
  const known = calibrate && opts.reuse !== false ? calibrations.get(key) : undefined;
  const local = () => {
    const kb = new KbIndex(entries, { catalogue, calibration: calibrate ? known : false });
    if (calibrate && !known) remember(key, kb.calibration);
    return kb;
  };
  const small = entries.length < WORKER_MIN_ENTRIES && !(calibrate && !known && entries.length >= WORKER_MIN_CALIBRATE_ENTRIES);
  if (mode === "thread" || (mode === "auto" && small)) return local();
  const input: WorkerInput = {
    entries: entries.map((e) => ({ ...e })),
    catalogue: { categories: [...catalogue.categories], groups: catalogue.groups.map((g) => ({ id: g.id, name: g.name })) },
    calibrate: calibrate && !known,
  };
  let out;
  try {
    out = await runWorker(input);
  } catch (err) {
    if (mode === "worker") throw err;
    return local(); // no worker here (e.g. a runtime without worker threads): build in the thread
  }
  const calibration = !calibrate ? false : (known ?? remember(key, out.calibration));
  return new KbIndex(entries, { catalogue, packed: out.packed, calibration });
}

function runWorker(input: WorkerInput): Promise<{ packed: PackedIndex; calibration: Calibration }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: input });
    let settled = false;
    worker.once("message", (msg: WorkerOutput) => {
      settled = true;
      void worker.terminate();
      if (msg.ok) resolve({ packed: msg.packed, calibration: msg.calibration });
      else reject(new Error(`KB index worker failed: ${msg.error}`));
    });
    worker.once("error", (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`KB index worker exited with code ${code}`));
      settled = true;
    });
  });
}
