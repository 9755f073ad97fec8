// How well a model's recipe scores human lncRNAs it never saw: fold models, each trained without one
// tenth of the ncRNAInter lncRNAs (similarity-grouped), scored on them by `npm run evaluate:cold`
// (models/cold/new-lncrna.json, reports/cold.md). /v1/models shows it beside the card, so an answer
// with `lncrnaKnown: false` can be weighed against a measured figure rather than the warm benchmark.
import measured from "../../models/cold/new-lncrna.json";

interface Interval {
  value: number;
  lo: number;
  hi: number;
}

export interface NewLncrnaAccuracy {
  /** The served model whose recipe the fold models follow, and its ONNX when the folds were scored. */
  model: string;
  modelSha256: string;
  measuredBy: string;
  report: string;
  split: string;
  folds: number;
  testPairs: number;
  testLncrnas: number;
  /** ROC-AUC of each fold's test rows by its own fold model: mean, sample sd and range over folds. */
  rocAuc: { mean: number; sd: number; min: number; max: number };
  /** All folds' test rows as one set, 95 % CI drawing whole similarity groups. */
  pooledRocAuc: Interval;
  /** ROC-AUC within each test lncRNA, averaged: how well one lncRNA's partners are ranked. */
  perLncrnaRocAuc: Interval;
  /** The best baseline of each fold (seed sites, duplex energy, degree, …), averaged over folds. */
  bestBaselineRocAuc: number;
  foldsAboveEveryBaseline: number;
}

const MEASURED: NewLncrnaAccuracy = Object.freeze(measured);

/**
 * The measured new-lncRNA accuracy of this model's recipe, or undefined when none was measured for it, or
 * when the model was trained again since (its ONNX changed: evaluate:cold has not run for it).
 */
export function newLncrnaAccuracy(
  model: string,
  modelSha256: string | undefined,
  file: NewLncrnaAccuracy = MEASURED,
): NewLncrnaAccuracy | undefined {
  return file.model === model && file.modelSha256 === modelSha256 ? file : undefined;
}
