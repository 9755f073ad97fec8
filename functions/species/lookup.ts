// Which stored set a request means: a species named by its miRBase prefix or its Latin name, in any
// case, from one source (curated miRBase by default). An unknown name gets the closest names.
import { DEFAULT_SPECIES_SOURCE, type SpeciesSource, type SpeciesSummary } from "./set.ts";

export type SpeciesResolution =
  | { kind: "found"; summary: SpeciesSummary }
  | { kind: "unknown"; suggestions: SpeciesSuggestion[] }
  /** The name fits several prefixes that differ only in case (PMRD's crT and crt). */
  | { kind: "ambiguous"; names: string[] }
  | { kind: "no-source"; name: string; sources: SpeciesSource[] };

export interface SpeciesSuggestion {
  name: string;
  latinName: string | null;
}

const SUGGESTIONS = 5;

/** Lower case, spaces and underscores folded to one space: "Arabidopsis_thaliana " → "arabidopsis thaliana". */
export const foldSpeciesName = (text: string) =>
  text
    .trim()
    .replace(/[\s_]+/g, " ")
    .toLowerCase();

/** Levenshtein distance (insertions, deletions, substitutions all cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The set a query names. The prefix as written wins; then the prefix in any case; then the Latin
 * name in any case. Of the matching species' sets, `source` picks one; without it the curated set,
 * or the species' only set when it has no curated one (the answer names the source it used).
 */
export function resolveSpecies(
  sets: readonly SpeciesSummary[],
  query: string,
  source?: SpeciesSource,
): SpeciesResolution {
  const folded = foldSpeciesName(query);
  const matching =
    [
      sets.filter((s) => s.name === query.trim()),
      sets.filter((s) => s.name.toLowerCase() === folded),
      sets.filter((s) => s.latinName !== null && foldSpeciesName(s.latinName) === folded),
    ].find((found) => found.length > 0) ?? [];
  const names = [...new Set(matching.map((s) => s.name))].sort();
  if (names.length === 0) return { kind: "unknown", suggestions: suggestSpecies(sets, folded) };
  if (names.length > 1) return { kind: "ambiguous", names };
  const wanted = source ?? DEFAULT_SPECIES_SOURCE;
  const summary =
    matching.find((s) => s.source === wanted) ??
    (source === undefined && matching.length === 1 ? matching[0] : undefined);
  if (summary) return { kind: "found", summary };
  return { kind: "no-source", name: names[0]!, sources: matching.map((s) => s.source) };
}

/** The species closest to a folded query by prefix, Latin name or either word of it. */
export function suggestSpecies(sets: readonly SpeciesSummary[], folded: string): SpeciesSuggestion[] {
  const species = new Map<string, SpeciesSuggestion & { distance: number }>();
  for (const s of sets) {
    const latin = s.latinName === null ? undefined : foldSpeciesName(s.latinName);
    const distances = [editDistance(folded, s.name.toLowerCase())];
    if (latin !== undefined) {
      distances.push(editDistance(folded, latin));
      // a genus or epithet alone ("arabidopsis") is close, never closer than the full name
      for (const word of latin.split(" ")) distances.push(editDistance(folded, word) + 1);
    }
    const distance = Math.min(...distances);
    const seen = species.get(s.name);
    if (!seen || distance < seen.distance)
      species.set(s.name, { name: s.name, latinName: s.latinName ?? seen?.latinName ?? null, distance });
  }
  return [...species.values()]
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, SUGGESTIONS)
    .map(({ name, latinName }) => ({ name, latinName }));
}

/** "ath (Arabidopsis thaliana), aly (Arabidopsis lyrata)" */
export const describeSuggestions = (suggestions: readonly SpeciesSuggestion[]) =>
  suggestions.map((s) => (s.latinName ? `${s.name} (${s.latinName})` : s.name)).join(", ");
