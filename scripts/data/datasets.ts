// Every pair set of the data dir, by name, with the counts the data README gives for it (checked by
// `npm run data:summary` and test/data/datasets.test.ts; differences are explained in `differences`).
import { loadEplmi, loadLmiIngi, loadLncmirnetRerun, loadLncrnasnp2Validated, loadNcrnainterHuman } from "./human.ts";
import { joinSequences, type LabelledPair, type LoadedDataset } from "./pairs.ts";
import { trainingRowsWithoutTests } from "./test-sets.ts";
import { loadPmlipemgTestSetH, loadPmlipredPrepub, loadPmlipredTest, loadPmlipredTrainval } from "./pmlipred.ts";

/** Counts as the data README states them; the summary computes the same names. */
export interface ReadmeCounts {
  /** Rows in the files, before deduplication. */
  rows?: number;
  positiveRows?: number;
  negativeRows?: number;
  /** Distinct (miRNA, lncRNA) pairs, conflicting ones included. */
  uniquePairs?: number;
  /** Distinct negative pairs. */
  uniqueNegatives?: number;
  mirnas?: number;
  lncrnas?: number;
  conflicting?: number;
  /** Pairs in more than one of the dataset's splits. */
  crossSplit?: number;
}

export interface Dataset {
  description: string;
  /** trainval sets are split for training; test sets are only ever scored; positives-only sets need sampled negatives. */
  role: "trainval" | "test" | "positives-only";
  /** Which pairs have both sequences. */
  sequences: "all" | "partial" | "none";
  /** The counts the data README gives (none for a set derived here from another). */
  readme: ReadmeCounts;
  /** The dataset a training set was derived from, here (it has no README counts of its own). */
  derivedFrom?: string;
  /** Why a computed count differs from the README's, per count name. */
  differences?: Partial<Record<keyof ReadmeCounts, string>>;
  load(dataDir: string): LoadedDataset;
}

const PLANT_TEST_MIRNAS =
  "the README counts whole header fields of the spliced Sequence.fasta, where a negative's field carries the miRBase description (the label leak); by identifier (first token) there are fewer";

export const DATASETS = {
  "pmlipred-test-aly": {
    description: "PmliPred official independent test set, A. lyrata (250/250)",
    role: "test",
    sequences: "all",
    readme: { rows: 500, positiveRows: 250, negativeRows: 250, uniquePairs: 500, mirnas: 259, lncrnas: 489 },
    differences: { mirnas: PLANT_TEST_MIRNAS },
    load: (dataDir) => loadPmlipredTest(dataDir, "aly"),
  },
  "pmlipred-test-sly": {
    description: "PmliPred official independent test set, S. lycopersicum (250/250)",
    role: "test",
    sequences: "all",
    readme: { rows: 500, positiveRows: 250, negativeRows: 250, uniquePairs: 500, mirnas: 206, lncrnas: 369 },
    differences: { mirnas: PLANT_TEST_MIRNAS },
    load: (dataDir) => loadPmlipredTest(dataDir, "sly"),
  },
  "pmlipemg-testseth-aly": {
    description: "PmliPEMG TestSetH, A. lyrata (500/500)",
    role: "test",
    sequences: "all",
    readme: { rows: 1000, positiveRows: 500, negativeRows: 500, mirnas: 262, lncrnas: 868 },
    load: (dataDir) => loadPmlipemgTestSetH(dataDir, "aly"),
  },
  "pmlipemg-testseth-mtr": {
    description: "PmliPEMG TestSetH, M. truncatula (500/500)",
    role: "test",
    sequences: "all",
    readme: { rows: 1000, positiveRows: 500, negativeRows: 500, mirnas: 319, lncrnas: 933 },
    load: (dataDir) => loadPmlipemgTestSetH(dataDir, "mtr"),
  },
  "pmlipred-trainval": {
    description: "PmliPred training-validation pair list, ath + mtr + gma (lncRNA sequences for ath only)",
    role: "trainval",
    sequences: "partial",
    readme: {
      rows: 15000,
      positiveRows: 7500,
      negativeRows: 7500,
      uniquePairs: 14999,
      mirnas: 1340,
      lncrnas: 3978 + 2044 + 1941,
    },
    differences: {
      lncrnas:
        "the README gives lncRNAs per species (3,978 + 2,044 + 1,941); a lncRNA id shared by two species counts once here",
    },
    load: (dataDir) => loadPmlipredTrainval(dataDir),
  },
  "pmlipred-trainval-ath": {
    description: "PmliPred training-validation set, A. thaliana third (4,999 unique pairs with sequences)",
    role: "trainval",
    sequences: "all",
    readme: { rows: 5000, uniquePairs: 4999, mirnas: 350, lncrnas: 3978 },
    load: (dataDir) => loadPmlipredTrainval(dataDir, "ath"),
  },
  "pmlipred-trainval-mtr": {
    description: "PmliPred training-validation set, M. truncatula third (pairs and miRNAs only)",
    role: "trainval",
    sequences: "none",
    readme: { rows: 5000, mirnas: 426, lncrnas: 2044 },
    load: (dataDir) => loadPmlipredTrainval(dataDir, "mtr"),
  },
  "pmlipred-trainval-gma": {
    description: "PmliPred training-validation set, G. max third (pairs and miRNAs only)",
    role: "trainval",
    sequences: "none",
    readme: { rows: 5000, mirnas: 564, lncrnas: 1941 },
    load: (dataDir) => loadPmlipredTrainval(dataDir, "gma"),
  },
  "pmlipred-prepub-ath": {
    description:
      "PmliPred pre-publication 2019 A. thaliana Training (train) / Test (test); not the published benchmark",
    role: "trainval",
    sequences: "all",
    readme: {
      rows: 6738,
      positiveRows: 3032 + 337,
      negativeRows: 3032 + 337,
      uniquePairs: 6535,
      mirnas: 350,
      lncrnas: 4906,
      crossSplit: 202,
    },
    load: (dataDir) => loadPmlipredPrepub(dataDir, "ath"),
  },
  "pmlipred-prepub-aly": {
    description:
      "PmliPred pre-publication 2019 A. lyrata Training-test (train) / Validation (validation); overlaps the published aly test set",
    role: "trainval",
    sequences: "partial",
    readme: { rows: 16656 + 1850, positiveRows: 8328 + 925, negativeRows: 8328 + 925 },
    load: (dataDir) => loadPmlipredPrepub(dataDir, "aly"),
  },
  "pmlipred-prepub-aly-train": {
    description:
      "PmliPred pre-publication 2019 A. lyrata Training-test file as training data: pairs with both sequences, less every pair and lncRNA of a benchmark test set",
    role: "trainval",
    sequences: "all",
    readme: {},
    derivedFrom: "pmlipred-prepub-aly",
    load: (dataDir) =>
      trainingRowsWithoutTests(datasetByName("pmlipred-prepub-aly").load(dataDir), "train", (name) =>
        datasetByName(name).load(dataDir),
      ),
  },
  "ncrnainter-human": {
    description: "ncRNAInter human lncRNASNP2/GENCODE set, official 90/10 train/test split",
    role: "trainval",
    sequences: "all",
    readme: {
      rows: 27600,
      positiveRows: 13800,
      negativeRows: 13800,
      uniqueNegatives: 13544,
      mirnas: 266,
      lncrnas: 1499,
      conflicting: 11,
      crossSplit: 42,
    },
    differences: {
      crossSplit:
        "the README's 42 train/test pairs include 3 with opposite labels in the two splits; those are dropped as conflicting, the other 39 kept in test only",
      uniqueNegatives: "the README counts distinct negative pairs before dropping the 11 conflicting pairs",
    },
    load: loadNcrnainterHuman,
  },
  "ncrnainter-human-lncmirnet-rerun": {
    description: "ncRNAInter's LncMirNet re-run pair lists: the same 13,800 positives, another random negative draw",
    role: "trainval",
    sequences: "all",
    readme: { positiveRows: 13800, negativeRows: 13800 },
    load: loadLncmirnetRerun,
  },
  eplmi: {
    description: "EPLMI lncRNASNP interaction graph (positives only, no lncRNA sequences), used by GCLMI",
    role: "positives-only",
    sequences: "none",
    readme: { rows: 5348, uniquePairs: 5118, mirnas: 275, lncrnas: 780 },
    load: loadEplmi,
  },
  "lmi-ingi": {
    description: "LMI-INGI NONCODE lncRNA–miRNA positives with both sequences",
    role: "positives-only",
    sequences: "all",
    readme: { rows: 7369, uniquePairs: 7263, mirnas: 263, lncrnas: 419 },
    load: loadLmiIngi,
  },
  "lncrnasnp2-validated": {
    description: "lncRNASNP2 experimentally validated LMIs (positives; lncRNA sequences where LMI-INGI has them)",
    role: "positives-only",
    sequences: "partial",
    readme: { rows: 10597, uniquePairs: 10465, mirnas: 268, lncrnas: 541 },
    load: loadLncrnasnp2Validated,
  },
} satisfies Record<string, Dataset>;

export type DatasetName = keyof typeof DATASETS;

/** The human data sets whose lncRNAs (sequences only) stand in for a reference annotation of human lncRNAs. */
export const HUMAN_REFERENCE_DATASETS: DatasetName[] = ["ncrnainter-human", "lncrnasnp2-validated", "lmi-ingi"];

export function datasetByName(name: string): Dataset {
  const dataset = (DATASETS as Record<string, Dataset>)[name];
  if (!dataset) throw new Error(`unknown dataset ${JSON.stringify(name)}; known: ${Object.keys(DATASETS).join(", ")}`);
  return dataset;
}

/** The dataset's pairs that have both sequences, as scoring and featurizing take them. */
export function loadLabelledPairs(
  name: string,
  dataDir: string,
): { pairs: LabelledPair[]; loaded: LoadedDataset; missing: number } {
  const loaded = datasetByName(name).load(dataDir);
  const { pairs, missing } = joinSequences(loaded.pairs, loaded.sequences);
  return { pairs, loaded, missing };
}

/**
 * The lncRNA transcripts of HUMAN_REFERENCE_DATASETS (one record per pair, repeats included): what
 * reference:load loads by default, and so the reference the gene head is fitted and measured with.
 */
export function humanReferenceTranscripts(dataDir: string): { id: string; sequence: string }[] {
  return HUMAN_REFERENCE_DATASETS.flatMap((name) =>
    loadLabelledPairs(name, dataDir).pairs.map((p) => ({ id: p.lncrnaId, sequence: p.lncrna })),
  );
}
