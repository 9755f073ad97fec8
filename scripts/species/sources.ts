// The species sets the deployment serves, read from the data dir (never committed), one per species
// and source:
// - curated: miRBase release 18 (`mirbase_r18/mature.fa`), every prefix it has, with the Latin name
//   its headers give; the default set of a species.
// - later-release: human mature miRNAs of a later miRBase release (lncRNASNP2's file), which adds
//   entries that later reviews flag as doubtful.
// - pmrd: plant mature miRNAs from PMRD (preMLI's corpus) per prefix, predicted "miRf…" entries
//   included. PMRD reuses a few prefixes that miRBase gives to animals (mdo, ptr, eca, ddi): a PMRD
//   set takes the miRBase Latin name of its prefix only when the two share a sequence.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SpeciesSource } from "../../functions/species/set.ts";
import { parseFasta, type FastaRecord } from "../data/fasta.ts";

export const CURATED_MIRNAS = "mirbase_r18/mature.fa";
export const HUMAN_MIRNAS = "lncrnasnp2_validated/homo_mature_mirna.fa";
export const PLANT_MIRNAS = "premli/mirna/all_mature.fasta";

export interface SpeciesSetSource {
  name: string;
  latinName: string | null;
  source: SpeciesSource;
  release: string;
  /** File in the data dir the records come from. */
  file: string;
  description: string;
  records: FastaRecord[];
}

/** The miRBase species prefix of an id: the text before the first "-" (hsa-miR-21-5p → hsa). */
export const speciesPrefix = (id: string) => id.split("-")[0]!;

/**
 * Latin name per prefix from miRBase headers (`>ath-miR173 MIMAT0000206 Arabidopsis thaliana miR173`):
 * fields 3 and 4, the most frequent pair per prefix (a few headers carry an extra accession there).
 */
export function latinNames(fastaText: string): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const line of fastaText.split("\n")) {
    if (!line.startsWith(">")) continue;
    const [id, , genus, epithet] = line.slice(1).trim().split(/\s+/);
    if (!id || !genus || !epithet) continue;
    const prefix = speciesPrefix(id);
    const counts = votes.get(prefix) ?? new Map<string, number>();
    const latin = `${genus} ${epithet}`;
    counts.set(latin, (counts.get(latin) ?? 0) + 1);
    votes.set(prefix, counts);
  }
  return new Map([...votes].map(([prefix, counts]) => [prefix, [...counts].sort((a, b) => b[1] - a[1])[0]![0]]));
}

const byPrefix = (records: FastaRecord[]) => {
  const groups = new Map<string, FastaRecord[]>();
  for (const record of records) {
    const prefix = speciesPrefix(record.id);
    groups.set(prefix, [...(groups.get(prefix) ?? []), record]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
};

const sequenceKey = (sequence: string) => sequence.trim().toUpperCase().replaceAll("T", "U");

export function readSpeciesSources(dataDir: string): SpeciesSetSource[] {
  const text = (path: string) => readFileSync(join(dataDir, path), "utf8");
  const curatedText = text(CURATED_MIRNAS);
  const latin = latinNames(curatedText);
  const curated = byPrefix(parseFasta(curatedText)).map(([prefix, records]): SpeciesSetSource => ({
    name: prefix,
    latinName: latin.get(prefix) ?? null,
    source: "curated",
    release: "miRBase 18",
    file: CURATED_MIRNAS,
    description: `${latin.get(prefix) ?? prefix} mature miRNAs, miRBase release 18 (curated)`,
    records,
  }));
  const human: SpeciesSetSource = {
    name: "hsa",
    latinName: "Homo sapiens",
    source: "later-release",
    release: "miRBase, a later release (as distributed with lncRNASNP2)",
    file: HUMAN_MIRNAS,
    description:
      "Homo sapiens mature miRNAs of a later miRBase release than 18, as distributed with lncRNASNP2: incl. entries added after 2011 that later reviews flag as doubtful",
    records: parseFasta(text(HUMAN_MIRNAS)),
  };
  const curatedSequences = new Map(
    curated.map((s) => [s.name, new Set(s.records.map((r) => sequenceKey(r.sequence)))]),
  );
  const plants = byPrefix(parseFasta(text(PLANT_MIRNAS))).map(([prefix, records]): SpeciesSetSource => {
    const miRBase = curatedSequences.get(prefix);
    const same = miRBase !== undefined && records.some((r) => miRBase.has(sequenceKey(r.sequence)));
    const note =
      miRBase === undefined
        ? ""
        : same
          ? ""
          : `; not miRBase's ${prefix} (${latin.get(prefix)}): no sequence in common`;
    return {
      name: prefix,
      latinName: same ? latin.get(prefix)! : null,
      source: "pmrd",
      release: "PMRD (preMLI's pre-training corpus)",
      file: PLANT_MIRNAS,
      description: `Plant mature miRNAs with the prefix "${prefix}" in PMRD, predicted miRf… entries included${note}`,
      records,
    };
  });
  return [...curated, human, ...plants];
}
