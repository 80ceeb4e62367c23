/**
 * Runs in a worker thread: builds the packed index of the entries it is given and
 * calibrates it, then posts both back, moving the index's arrays instead of copying them.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Catalogue } from "../catalogue/index.ts";
import { transferables } from "./packed.ts";
import { KbIndex } from "./search.ts";
import type { WorkerInput, WorkerOutput } from "./build.ts";

const input = workerData as WorkerInput;
try {
  const catalogue = new Catalogue(input.catalogue.categories, input.catalogue.groups);
  const kb = new KbIndex(input.entries, { catalogue, ...(input.calibrate ? {} : { calibration: false }) });
  const out: WorkerOutput = { ok: true, packed: kb.packed, calibration: kb.calibration };
  parentPort!.postMessage(out, transferables(kb.packed));
} catch (err) {
  const out: WorkerOutput = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  parentPort!.postMessage(out);
}
