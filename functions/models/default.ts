/**
 * The model /v1/predict and /v1/screen use when the request names none: a gated stacker over four
 * cheap members — plant-mlp (plant pairs under both target-calling conventions: duplex energy and
 * psRNATarget-style complementarity), duplex-mlp-both (plant and human pairs), gclmi (the human
 * graph) and pair-mlp (seed sites and duplex alone) — that share one pair of duplex runs, need no CNN
 * or GRU and run fused with the stacker as one ONNX graph (models/ensemble-lite.json,
 * reports/benchmark.md); a lncRNA new to its human training pairs gets a head fitted on lncRNAs the
 * members never saw. `model: "ensemble"` asks for the six-member stacker.
 */
export const DEFAULT_MODEL = "ensemble-lite";

/**
 * Cheap models that, with the complementarity kernel, rank every screen candidate before the
 * requested model scores the shortlist (functions/inference/shortlist.ts); used when bundled.
 */
export const SCREEN_FIRST_PASS_MODELS = ["gclmi", "kmer-mlp"];
