// The models this deployment serves: each card with its ONNX, bundled into the worker.
import kmerMlpCard from "../../models/kmer-mlp.json";
import kmerMlpOnnx from "../../models/kmer-mlp.onnx";
import type { ModelBundle } from "./card.ts";

export const BUNDLED_MODELS: ModelBundle[] = [{ card: kmerMlpCard, onnx: kmerMlpOnnx }];

export const DEFAULT_MODEL = "kmer-mlp";
