// Which domain a species set belongs to, so that a gated ensemble scores its pairs with the head
// fitted on that domain instead of guessing it from k-mer composition. miRBase release 18 (the
// curated source) is a closed list: its green plants (Viridiplantae) are named here; its other
// non-animal species (viruses, a slime mould, a brown alga, a diatom) have no domain.

export type SpeciesDomain = "plant" | "animal";

/** miRBase 18 prefixes of green plants (Viridiplantae, green algae included). */
// prettier-ignore
const PLANT_PREFIXES: ReadonlySet<string> = new Set([
  "aau", "ahy", "aly", "amg", "aqc", "ata", "ath", "bcy", "bdi", "bgy", "bna", "bol", "bra", "ccl", "cme", "cpa",
  "cre", "crt", "csi", "ctr", "far", "gar", "ghb", "ghr", "gma", "gra", "gso", "hvu", "lja", "mdm", "mtr", "osa",
  "pab", "peu", "ppt", "pta", "ptc", "pvu", "rco", "rgl", "sbi", "sly", "smo", "sof", "ssl", "ssp", "tae", "tcc",
  "ttu", "vun", "vvi", "zma",
]);

/** miRBase 18 prefixes of neither: viruses, Dictyostelium, Ectocarpus, Phaeodactylum. */
// prettier-ignore
const OTHER_PREFIXES: ReadonlySet<string> = new Set([
  "bhv1", "bkv", "bpcv1", "bpcv2", "ebv", "hbv", "hcmv", "hiv1", "hsv1", "hsv2", "hvsa", "hvt", "iltv", "jcv",
  "kshv", "mcmv", "mcv", "mdv1", "mdv2", "mghv", "rlcv", "rrv", "sv40", "ddi", "esi", "pti",
]);

/** miRBase 18 prefixes of animals: the release's other species. */
// prettier-ignore
const ANIMAL_PREFIXES: ReadonlySet<string> = new Set([
  "aae", "aca", "aga", "age", "ame", "api", "aqu", "asu", "bfl", "bma", "bmo", "bta", "cbr", "cel", "cfa", "cgr",
  "cin", "cla", "cqu", "crm", "csa", "cte", "dan", "der", "dgr", "dme", "dmo", "dpe", "dps", "dpu", "dre", "dse",
  "dsi", "dvi", "dwi", "dya", "eca", "egr", "emu", "fru", "gga", "ggo", "gpy", "hma", "hme", "hru", "hsa", "isc",
  "lca", "lgi", "lla", "lmi", "mdo", "meu", "mml", "mmu", "mne", "ngi", "nlo", "nve", "nvi", "oan", "oar", "odi",
  "ola", "pbi", "pma", "ppa", "ppc", "ppy", "ptr", "rmi", "rno", "sha", "sja", "sko", "sla", "sma", "sme", "smr",
  "spu", "ssc", "ssy", "tca", "tgu", "tni", "tre", "xbo", "xla", "xtr",
]);

/**
 * The domain of a loaded set: PMRD holds plants only and the later-release set is human; a curated
 * (miRBase 18) set is a plant or not by the list above, and every other of its species is an animal.
 */
export function speciesDomain(set: { name: string; source: string }): SpeciesDomain | undefined {
  if (set.source === "pmrd") return "plant";
  if (set.source === "later-release") return "animal";
  const prefix = set.name.toLowerCase();
  if (PLANT_PREFIXES.has(prefix)) return "plant";
  if (OTHER_PREFIXES.has(prefix)) return undefined;
  return "animal";
}

/** Whether miRBase release 18 has this prefix (any case): what a species named without a loaded set can be. */
export function isCuratedPrefix(prefix: string): boolean {
  const name = prefix.toLowerCase();
  return PLANT_PREFIXES.has(name) || OTHER_PREFIXES.has(name) || ANIMAL_PREFIXES.has(name);
}
