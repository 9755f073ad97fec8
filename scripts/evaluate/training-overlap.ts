// What a committed model saw in training, by sequence: a benchmark's test pairs that the model was
// trained (or selected) on make its score there a memory test, not a prediction. The harness states
// the overlap beside every committed model's row, so a warm or leaked number is never read as cold.
import type { ModelCard } from "../../functions/models/card.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { pairKey as idKey, type LabelledPair } from "../data/pairs.ts";
import { groupHoldout } from "../data/splits.ts";

export interface TrainingSet {
  pairs: Set<string>;
  lncrnas: Set<string>;
  mirnas: Set<string>;
}

/** A sequence as the overlap checks compare it: upper case, no whitespace, U for T. */
export const canonical = (sequence: string) => sequence.toUpperCase().replace(/\s+/g, "").replaceAll("T", "U");
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
  const set: TrainingSet = { pairs: new Set(), lncrnas: new Set(), mirnas: new Set() };
  for (const name of datasets) {
    for (const p of loadLabelledPairs(name, dataDir).pairs) {
      if (p.split === "test") continue;
      set.pairs.add(pairKey(p));
      set.lncrnas.add(canonical(p.lncrna));
      set.mirnas.add(canonical(p.mirna));
    }
  }
  return set;
}

/** "trained on 812 of 2,753 test pairs (29.5 %), 1,160 of 1,169 test lncRNAs" — or undefined when none. */
export function describeOverlap(set: TrainingSet, test: Pick<LabelledPair, "mirna" | "lncrna">[]): string | undefined {
  const pairs = test.filter((p) => set.pairs.has(pairKey(p))).length;
  const lncrnas = new Set(test.map((p) => canonical(p.lncrna)));
  const seenLncrnas = [...lncrnas].filter((s) => set.lncrnas.has(s)).length;
  if (pairs === 0 && seenLncrnas === 0) return undefined;
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
  return `trained on ${pairs.toLocaleString("en")} of ${test.length.toLocaleString("en")} test pairs (${pct(pairs, test.length)}); ${seenLncrnas.toLocaleString("en")} of ${lncrnas.size.toLocaleString("en")} test lncRNAs seen in training`;
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
