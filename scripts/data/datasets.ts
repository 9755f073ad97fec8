// The labelled pair sets the offline scripts know by name.
import { loadPmlipredTest, loadPmlipredTrainvalAth } from "./pmlipred.ts";
import type { DedupReport, LabelledPair } from "./pairs.ts";

export interface Dataset {
  description: string;
  /** trainval sets are split into train/validation by lncRNA; test sets are only ever scored. */
  role: "trainval" | "test";
  load(dataDir: string): { pairs: LabelledPair[]; report: DedupReport };
}

export const DATASETS = {
  "pmlipred-trainval-ath": {
    description: "PmliPred training-validation set, A. thaliana third (4,999 unique pairs with sequences)",
    role: "trainval",
    load: loadPmlipredTrainvalAth,
  },
  "pmlipred-test-aly": {
    description: "PmliPred official independent test set, A. lyrata (250/250)",
    role: "test",
    load: (dataDir) => loadPmlipredTest(dataDir, "aly"),
  },
  "pmlipred-test-sly": {
    description: "PmliPred official independent test set, S. lycopersicum (250/250)",
    role: "test",
    load: (dataDir) => loadPmlipredTest(dataDir, "sly"),
  },
} satisfies Record<string, Dataset>;

export type DatasetName = keyof typeof DATASETS;

export function datasetByName(name: string): Dataset {
  const dataset = (DATASETS as Record<string, Dataset>)[name];
  if (!dataset) throw new Error(`unknown dataset ${JSON.stringify(name)}; known: ${Object.keys(DATASETS).join(", ")}`);
  return dataset;
}
