/** The model /v1/predict uses when the request names none. */
export const DEFAULT_MODEL = "ensemble";

/**
 * Cheap models that, with the complementarity kernel, rank every screen candidate before the
 * requested model scores the shortlist (functions/inference/shortlist.ts); used when bundled.
 */
export const SCREEN_FIRST_PASS_MODELS = ["gclmi", "kmer-mlp"];
