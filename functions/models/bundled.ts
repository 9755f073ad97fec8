// The models this deployment serves: each card with its ONNX, bundled into the worker.
import duplexMlpCard from "../../models/duplex-mlp.json";
import duplexMlpOnnx from "../../models/duplex-mlp.onnx";
import kmerMlpCard from "../../models/kmer-mlp.json";
import kmerMlpOnnx from "../../models/kmer-mlp.onnx";
import pmlipredCard from "../../models/pmlipred.json";
import pmlipredOnnx from "../../models/pmlipred.onnx";
import type { ModelBundle } from "./card.ts";

export { DEFAULT_MODEL } from "./default.ts";

export const BUNDLED_MODELS: ModelBundle[] = [
  { card: duplexMlpCard, onnx: duplexMlpOnnx },
  { card: kmerMlpCard, onnx: kmerMlpOnnx },
  { card: pmlipredCard, onnx: pmlipredOnnx },
];
