/**
 * Embeddings in the ranking: entry vectors normalised once, and reciprocal rank fusion of
 * the lexical candidates with the entries nearest to the query's vector.
 */
import type { Ranked } from "./scoring.ts";
import { MAX_CANDIDATES } from "./tuning.ts";

/** Reciprocal rank fusion constant (the usual value from the literature). */
export const RRF_K = 60;

/**
 * The vector scaled to unit length (cosine similarity is then a dot product).
 *
 * @example
 * ```ts
 * normalised(Float32Array.of(3, 4)) // Float32Array [0.6, 0.8]
 * ```
 */
export function normalised(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const norm = Math.sqrt(s) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

/**
 * Fuses the lexical candidates with the nearest allowed entries by embedding (RRF).
 *
 * @example
 * ```ts
 * const ranked = fuse(lexical, qv, vectors, allowed);
 * ```
 */
export function fuse(lexical: Ranked[], qv: Float32Array, vectors: readonly (Float32Array | null)[], allowed: Uint8Array): Ranked[] {
  const sims: Ranked[] = [];
  for (let d = 0; d < vectors.length; d++) {
    const v = vectors[d];
    if (!v || !allowed[d] || v.length !== qv.length) continue;
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i]! * qv[i]!;
    sims.push({ doc: d, score: dot });
  }
  sims.sort((a, b) => b.score - a.score || a.doc - b.doc);
  const fused = new Map<number, number>();
  lexical.forEach((r, i) => fused.set(r.doc, (fused.get(r.doc) ?? 0) + 1 / (RRF_K + i + 1)));
  sims.slice(0, MAX_CANDIDATES).forEach((r, i) => fused.set(r.doc, (fused.get(r.doc) ?? 0) + 1 / (RRF_K + i + 1)));
  return [...fused]
    .map(([doc, score]) => ({ doc, score }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .slice(0, MAX_CANDIDATES);
}
