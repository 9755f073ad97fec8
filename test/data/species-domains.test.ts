// Needs the benchmark data dir (../shared/data or LMI_DATA_DIR); skipped, by name, without it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCuratedPrefix, speciesDomain } from "../../functions/species/domains.ts";
import { defaultDataDir, hasDataDir } from "../../scripts/lib/paths.ts";

const dataDir = defaultDataDir();
const prefixes = (file: string) =>
  new Set(
    readFileSync(join(dataDir, file), "utf8")
      .split(/\r?\n/)
      .filter((line) => line.startsWith(">"))
      .map((line) => line.slice(1).split("-")[0]!),
  );

describe.skipIf(!hasDataDir(dataDir))("speciesDomain against the data dir (needs the data dir)", () => {
  it("calls a plant every miRBase 18 prefix PMRD also uses, but the five PMRD reuses for other genera", () => {
    const mirbase = prefixes("mirbase_r18/mature.fa");
    const shared = [...prefixes("premli/mirna/all_mature.fasta")].filter((p) => mirbase.has(p));
    expect(shared.length).toBeGreaterThan(40);
    const notPlants = shared.filter((p) => speciesDomain({ name: p, source: "curated" }) !== "plant").sort();
    // PMRD's ddi, eca, mdo, ptr and tre are plants; miRBase's are Dictyostelium, horse, opossum, chimpanzee, a brachiopod
    expect(notPlants).toEqual(["ddi", "eca", "mdo", "ptr", "tre"]);
  });

  it("knows every miRBase 18 prefix, and no other, as one the release has", () => {
    const mirbase = prefixes("mirbase_r18/mature.fa");
    expect([...mirbase].filter((p) => !isCuratedPrefix(p))).toEqual([]);
    const pmrdOnly = [...prefixes("premli/mirna/all_mature.fasta")].filter((p) => !mirbase.has(p.toLowerCase()));
    expect(pmrdOnly.length).toBeGreaterThan(0);
    expect(pmrdOnly.filter((p) => isCuratedPrefix(p))).toEqual([]);
  });
});
