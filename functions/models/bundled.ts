// The models this deployment serves: each card with its ONNX, bundled into the worker.
import duplexMlpCard from "../../models/duplex-mlp.json";
import duplexMlpOnnx from "../../models/duplex-mlp.onnx";
import duplexMlpBothCard from "../../models/duplex-mlp-both.json";
import duplexMlpBothOnnx from "../../models/duplex-mlp-both.onnx";
import gclmiCard from "../../models/gclmi.json";
import gclmiOnnx from "../../models/gclmi.onnx";
import ensembleCard from "../../models/ensemble.json";
import ensembleOnnx from "../../models/ensemble.onnx";
import ensembleLiteCard from "../../models/ensemble-lite.json";
import ensembleLiteOnnx from "../../models/ensemble-lite.onnx";
import kmerMlpCard from "../../models/kmer-mlp.json";
import kmerMlpOnnx from "../../models/kmer-mlp.onnx";
import lncmirnetCard from "../../models/lncmirnet.json";
import lncmirnetOnnx from "../../models/lncmirnet.onnx";
import pairMlpCard from "../../models/pair-mlp.json";
import pairMlpOnnx from "../../models/pair-mlp.onnx";
import plantMlpCard from "../../models/plant-mlp.json";
import plantMlpOnnx from "../../models/plant-mlp.onnx";
import premliCard from "../../models/premli.json";
import premliOnnx from "../../models/premli.onnx";
import pmlipredCard from "../../models/pmlipred.json";
import pmlipredOnnx from "../../models/pmlipred.onnx";
import type { ModelBundle } from "./card.ts";

export { DEFAULT_MODEL } from "./default.ts";

export const BUNDLED_MODELS: ModelBundle[] = [
  { card: duplexMlpCard, onnx: duplexMlpOnnx },
  { card: duplexMlpBothCard, onnx: duplexMlpBothOnnx },
  { card: ensembleCard, onnx: ensembleOnnx },
  { card: ensembleLiteCard, onnx: ensembleLiteOnnx },
  { card: gclmiCard, onnx: gclmiOnnx },
  { card: kmerMlpCard, onnx: kmerMlpOnnx },
  { card: lncmirnetCard, onnx: lncmirnetOnnx },
  { card: pairMlpCard, onnx: pairMlpOnnx },
  { card: plantMlpCard, onnx: plantMlpOnnx },
  { card: premliCard, onnx: premliOnnx },
  { card: pmlipredCard, onnx: pmlipredOnnx },
];
