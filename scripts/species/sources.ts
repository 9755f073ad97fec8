// The species sets the deployment serves, read from the data dir (never committed): human mature
// miRNAs (lncRNASNP2's miRBase file) as `hsa`, and plant mature miRNAs (preMLI's PMRD corpus) as
// one set per miRBase species prefix (`ath`, `osa`, …; prefixes are case-sensitive: crT ≠ crt).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseFasta, type FastaRecord } from "../data/fasta.ts";

export const HUMAN_MIRNAS = "lncrnasnp2_validated/homo_mature_mirna.fa";
export const PLANT_MIRNAS = "premli/mirna/all_mature.fasta";

export interface SpeciesSource {
  name: string;
  description: string;
  /** File in the data dir the records come from. */
  source: string;
  records: FastaRecord[];
}

/** The miRBase species prefix of an id: the text before the first "-" (hsa-miR-21-5p → hsa). */
export const speciesPrefix = (id: string) => id.split("-")[0]!;

export function readSpeciesSources(dataDir: string): SpeciesSource[] {
  const read = (path: string) => parseFasta(readFileSync(join(dataDir, path), "utf8"));
  const human: SpeciesSource = {
    name: "hsa",
    description: "Homo sapiens mature miRNAs (miRBase, as distributed with lncRNASNP2)",
    source: HUMAN_MIRNAS,
    records: read(HUMAN_MIRNAS),
  };
  const byPrefix = new Map<string, FastaRecord[]>();
  for (const record of read(PLANT_MIRNAS)) {
    const prefix = speciesPrefix(record.id);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), record]);
  }
  const plants = [...byPrefix.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([prefix, records]): SpeciesSource => ({
      name: prefix,
      description: `Plant mature miRNAs with the miRBase prefix "${prefix}" (PMRD, from preMLI's pre-training corpus)`,
      source: PLANT_MIRNAS,
      records,
    }));
  if (byPrefix.has("hsa")) throw new Error(`${PLANT_MIRNAS} has hsa- records, which would clash with the human set`);
  return [human, ...plants];
}
