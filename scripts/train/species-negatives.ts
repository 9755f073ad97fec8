// Extra training negatives drawn over a species' whole miRNA set. A benchmark's negatives pair its own
// positive-set RNAs at random, so a model trained on them alone learns the benchmark's miRNA vocabulary
// and ranks a miRNA it never met by chance in a screen of all the species' miRNAs. Each extra negative
// pairs a train lncRNA with a miRNA of the whole set that is not its partner: one per train positive of
// that lncRNA for a model's training rows, one per train negative for a stacker's (PerRow).
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { sampleSharedLncrnaNegatives } from "../data/negatives.ts";
import { pairKey, toRna, type LabelledPair } from "../data/pairs.ts";
import { buildSpeciesSet } from "../species/build.ts";
import { readSpeciesSources } from "../species/sources.ts";

/** The source the negatives are drawn from, as featurize and fold:features name it. */
export const SPECIES_NEGATIVES = "hsa";

export interface PoolMirna {
  name: string;
  sequence: string;
}

/** A row of a featurized set and its split (train, validation or test). */
export interface SplitRow {
  pair: LabelledPair;
  split: string;
}

/** Where featurize and fold:features write a set with extra negatives: <set>+<species>-negatives. */
export const withNegativesSuffix = (setName: string, species: string | undefined) =>
  species ? `${setName}+${species}-negatives` : setName;

/** The species' miRBase-18 (curated) set as species:load builds it: one miRNA per distinct sequence. */
function speciesMirnaPool(encoders: Encoders, dataDir: string, species: string): PoolMirna[] {
  const source = readSpeciesSources(dataDir).find((s) => s.name === species && s.source === "curated");
  if (!source) throw new Error(`no curated miRNA set for species ${JSON.stringify(species)}`);
  return buildSpeciesSet(encoders, species, "curated", source.records).set.mirnas.map((m) => ({
    name: m.id,
    sequence: m.sequence,
  }));
}

/**
 * Whose count a lncRNA's extra negatives match: its train positives (a model's training rows), or its
 * train negatives (a stacker's rows, fittedRowsAsTrain: the benchmark draws its negatives uniformly over
 * lncRNAs, so adding as many again keeps each lncRNA's odds of a positive in proportion, as the benchmark
 * labels them).
 */
export type PerRow = "positive" | "negative";

/** What meta.json and the cards say of each kind of draw. */
const RULES: Readonly<Record<PerRow, string>> = Object.freeze({
  positive:
    "train rows only: for each train lncRNA, as many negatives as its train positives, each a miRNA of the set drawn at random that forms no pair in any row (partners of every split excluded, by sequence) and that no validation or test row alone holds",
  negative:
    "for each lncRNA of the rows the heads are fitted on, as many negatives again as its negatives among them, each a miRNA of the set drawn at random that forms no pair in any row of the dataset (any split, by sequence) and that no other row of the dataset alone holds",
});

/**
 * For each lncRNA of the train rows, as many negatives as it has train positives (or negatives, by `per`):
 * pool miRNAs drawn by sampleSharedLncrnaNegatives (seeded), never one that forms a pair in any row (so
 * never a partner), never one the train rows hide (a miRNA found only in validation or test rows stays out, so a miRNA-disjoint
 * split stays disjoint). miRNAs are matched by sequence: the benchmark's names and miRBase's differ.
 */
export function speciesNegatives(
  rows: readonly SplitRow[],
  pool: readonly PoolMirna[],
  seed: number,
  per: PerRow = "positive",
): LabelledPair[] {
  const trainMirnas = new Set<string>();
  const hidden = new Set<string>();
  const known = new Set<string>();
  const lncrnas = new Map<string, LabelledPair>();
  for (const { pair, split } of rows) {
    const mirna = toRna(pair.mirna);
    (split === "train" ? trainMirnas : hidden).add(mirna);
    known.add(pairKey({ mirnaId: mirna, lncrnaId: pair.lncrnaId }));
    if (split === "train") lncrnas.set(pair.lncrnaId, pair);
  }
  const names = new Map(pool.map((m) => [m.sequence, m.name]));
  const allowed = pool.map((m) => m.sequence).filter((m) => trainMirnas.has(m) || !hidden.has(m));
  // one draw per template row: sampleSharedLncrnaNegatives reads only its lncRNA and count
  const templates = rows
    .filter(({ pair, split }) => split === "train" && pair.label === (per === "positive" ? 1 : 0))
    .map(({ pair }) => ({ ...pair, mirnaId: toRna(pair.mirna) }));
  const { negatives } = sampleSharedLncrnaNegatives(templates, allowed, known, { seed });
  return negatives.map((n) => ({
    ...lncrnas.get(n.lncrnaId)!,
    mirnaId: names.get(n.mirnaId)!,
    mirna: n.mirnaId,
    label: 0,
    source: `${SPECIES_NEGATIVES} miRBase 18 (negative drawn over the species set)`,
  }));
}

/**
 * The rows for speciesNegatives when a stacker's heads, not a model, get the extra negatives: the rows the
 * heads are fitted on play the train role (their lncRNAs get negatives), every other row of the dataset
 * only hides its pairs and the miRNAs it alone holds, whatever its split.
 */
export function fittedRowsAsTrain(fitted: readonly LabelledPair[], all: readonly LabelledPair[]): SplitRow[] {
  const own = new Set(fitted);
  return [
    ...fitted.map((pair) => ({ pair, split: "train" })),
    ...all.filter((pair) => !own.has(pair)).map((pair) => ({ pair, split: "other" })),
  ];
}

/** The seed of every draw: a featurized set's extra negatives are the same on every run. */
const SEED = 17;

export interface SpeciesNegativesMeta {
  species: string;
  source: string;
  pool: number;
  drawn: number;
  seed: number;
  rule: string;
}

/** speciesNegatives over the species' miRBase-18 set for a featurized set's rows, and what meta.json says of them. */
export function drawSpeciesNegatives(
  encoders: Encoders,
  setName: string,
  rows: readonly SplitRow[],
  species: string,
  dataDir: string,
  per: PerRow = "positive",
): { negatives: LabelledPair[]; meta: SpeciesNegativesMeta } {
  if (species !== SPECIES_NEGATIVES)
    throw new Error(`--species-negatives ${JSON.stringify(species)}: only ${SPECIES_NEGATIVES} is supported`);
  const other = rows.find(({ pair }) => pair.species !== species);
  if (other)
    throw new Error(
      `${setName}: --species-negatives ${species} needs ${species} pairs only; found ${other.pair.species}`,
    );
  const pool = speciesMirnaPool(encoders, dataDir, species);
  const negatives = speciesNegatives(rows, pool, SEED, per);
  return {
    negatives,
    meta: {
      species,
      source: "miRBase release 18, curated mature miRNAs (distinct sequences)",
      pool: pool.length,
      drawn: negatives.length,
      seed: SEED,
      rule: RULES[per],
    },
  };
}
