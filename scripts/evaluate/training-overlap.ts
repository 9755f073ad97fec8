// What a committed model saw in training, by sequence: a benchmark's test pairs that the model was
// trained (or selected) on make its score there a memory test, not a prediction. The harness states
// the overlap beside every committed model's row, so a warm or leaked number is never read as cold.
import type { ModelCard } from "../../functions/models/card.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { pairKey as idKey, toRna, type LabelledPair } from "../data/pairs.ts";
import { groupHoldout } from "../data/splits.ts";

export interface TrainingSet {
  pairs: Set<string>;
  lncrnas: Set<string>;
  mirnas: Set<string>;
}

/** A sequence as the overlap checks compare it: upper case, no whitespace, U for T. */
export const canonical = toRna;
const pairKey = (p: Pick<LabelledPair, "mirna" | "lncrna">) => `${canonical(p.mirna)}|${canonical(p.lncrna)}`;

/** Datasets a card says the model trained on (its members' too, for an ensemble). */
export function trainingDatasets(card: ModelCard, cardOf: (name: string) => ModelCard | undefined): string[] {
  const training = card.training as { dataset?: string; datasets?: string[] };
  const own = training.datasets ?? (training.dataset ? [training.dataset] : []);
  const members =
    card.encoding.name === "member-scores"
      ? card.encoding.members.flatMap((m) => trainingDatasets(cardOf(m)!, cardOf))
      : [];
  return [...new Set([...own, ...members])];
}

/** Every non-test row of the datasets (train and validation: both shaped the model). */
export function trainingSet(datasets: string[], dataDir: string): TrainingSet {
  return trainingSetOfRows(
    datasets.flatMap((name) => loadLabelledPairs(name, dataDir).pairs.filter((p) => p.split !== "test")),
  );
}

export type RnaKind = "lncrna" | "mirna";

/** How many of a test set's pairs and distinct RNAs (by sequence) a model trained on. */
export interface Overlap {
  pairs: number;
  testPairs: number;
  lncrnas: number;
  testLncrnas: number;
  mirnas: number;
  testMirnas: number;
}

export function overlapOf(set: TrainingSet, test: Pick<LabelledPair, "mirna" | "lncrna">[]): Overlap {
  const lncrnas = new Set(test.map((p) => canonical(p.lncrna)));
  const mirnas = new Set(test.map((p) => canonical(p.mirna)));
  return {
    pairs: test.filter((p) => set.pairs.has(pairKey(p))).length,
    testPairs: test.length,
    lncrnas: [...lncrnas].filter((s) => set.lncrnas.has(s)).length,
    testLncrnas: lncrnas.size,
    mirnas: [...mirnas].filter((s) => set.mirnas.has(s)).length,
    testMirnas: mirnas.size,
  };
}

const n = (x: number) => x.toLocaleString("en");
const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;

/** "trained on 812 of 2,753 test pairs (29.5 %), 1,160 of 1,169 test lncRNAs" — or undefined when none. */
export function describeOverlap(set: TrainingSet, test: Pick<LabelledPair, "mirna" | "lncrna">[]): string | undefined {
  const o = overlapOf(set, test);
  if (o.pairs === 0 && o.lncrnas === 0) return undefined;
  return `trained on ${n(o.pairs)} of ${n(o.testPairs)} test pairs (${pct(o.pairs, o.testPairs)}); ${n(o.lncrnas)} of ${n(o.testLncrnas)} test lncRNAs seen in training`;
}

/**
 * Why a model's score on a test set is not a prediction — it trained on test pairs, or on test RNAs of a
 * kind the variant holds out — or undefined when it is clean.
 */
export function contaminationOf(overlap: Overlap, heldOut: RnaKind[]): string | undefined {
  const reasons: string[] = [];
  if (overlap.pairs > 0) reasons.push(`${n(overlap.pairs)} of ${n(overlap.testPairs)} test pairs`);
  if (heldOut.includes("lncrna") && overlap.lncrnas > 0)
    reasons.push(`${n(overlap.lncrnas)} of ${n(overlap.testLncrnas)} test lncRNAs`);
  if (heldOut.includes("mirna") && overlap.mirnas > 0)
    reasons.push(`${n(overlap.mirnas)} of ${n(overlap.testMirnas)} test miRNAs`);
  return reasons.length ? `trained on ${reasons.join(", ")}` : undefined;
}

/** The training set of a model trained on given rows (a fold model: its variant's train and validation rows). */
export function trainingSetOfRows(rows: Pick<LabelledPair, "mirna" | "lncrna">[]): TrainingSet {
  return {
    pairs: new Set(rows.map(pairKey)),
    lncrnas: new Set(rows.map((p) => canonical(p.lncrna))),
    mirnas: new Set(rows.map((p) => canonical(p.mirna))),
  };
}

/**
 * Whether a model never trained on a row of `dataset`: the dataset is not among its training data, or
 * its own holdout (by its card: lncRNA-grouped, or by pair for a graph model) took the row. An
 * ensemble holds out what every member and its own split hold out.
 */
export function heldOutBy(
  card: ModelCard,
  dataset: string,
  cardOf: (name: string) => ModelCard | undefined,
): (pair: LabelledPair) => boolean {
  const training = card.training as {
    dataset?: string;
    datasets?: string[];
    split?: { seed?: number; fraction?: number; by?: "lncrna" | "pair" };
  };
  const members =
    card.encoding.name === "member-scores"
      ? card.encoding.members.map((m) => heldOutBy(cardOf(m)!, dataset, cardOf))
      : [];
  const datasets = training.datasets ?? (training.dataset ? [training.dataset] : []);
  const split = training.split;
  const own =
    !datasets.includes(dataset) || card.encoding.name === "member-scores"
      ? () => true
      : split?.seed !== undefined && split.fraction !== undefined
        ? (pair: LabelledPair) =>
            groupHoldout([split.by === "pair" ? idKey(pair) : pair.lncrnaId], split.fraction!, split.seed!)[0] ===
            "validation"
        : () => {
            throw new Error(
              `model ${card.name}: its card has no training.split seed and fraction, so its held-out rows are unknown`,
            );
          };
  return (pair) => pair.split !== "test" && own(pair) && members.every((held) => held(pair));
}
