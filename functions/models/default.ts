/**
 * The model /v1/predict and /v1/screen use when the request names none: the ensemble's stacker over
 * three of its members (duplex-mlp, lncmirnet, gclmi; no GRU), about 60 % of the full ensemble's time
 * for at most 0.012 ROC-AUC on the benchmarks (models/ensemble-lite.json, reports/benchmark.md);
 * `model: "ensemble"` asks for all six members.
 */
export const DEFAULT_MODEL = "ensemble-lite";

/**
 * Cheap models that, with the complementarity kernel, rank every screen candidate before the
 * requested model scores the shortlist (functions/inference/shortlist.ts); used when bundled.
 */
export const SCREEN_FIRST_PASS_MODELS = ["gclmi", "kmer-mlp"];
