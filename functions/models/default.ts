/**
 * The model /v1/predict and /v1/screen use when the request names none: a gated stacker over three
 * cheap members — plant-mlp (plant pairs under both target-calling conventions: duplex energy and
 * psRNATarget-style complementarity), duplex-mlp-both (plant and human pairs) and gclmi (the human
 * graph) — that share one pair of duplex runs, need no CNN or GRU and run fused with the stacker as
 * one ONNX graph (models/ensemble-lite.json, reports/benchmark.md); `model: "ensemble"` asks for the
 * six-member stacker.
 */
export const DEFAULT_MODEL = "ensemble-lite";

/**
 * Cheap models that, with the complementarity kernel, rank every screen candidate before the
 * requested model scores the shortlist (functions/inference/shortlist.ts); used when bundled.
 */
export const SCREEN_FIRST_PASS_MODELS = ["gclmi", "kmer-mlp"];
