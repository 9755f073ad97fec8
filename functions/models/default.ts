/**
 * The model /v1/predict and /v1/screen use when the request names none: the two-member ensemble
 * (duplex-mlp for plant pairs, gclmi for human ones), about a third of the full ensemble's time for
 * a few thousandths of AUC (models/ensemble-lite.json); `model: "ensemble"` asks for all members.
 */
export const DEFAULT_MODEL = "ensemble-lite";

/**
 * Cheap models that, with the complementarity kernel, rank every screen candidate before the
 * requested model scores the shortlist (functions/inference/shortlist.ts); used when bundled.
 */
export const SCREEN_FIRST_PASS_MODELS = ["gclmi", "kmer-mlp"];
