// A generated species set (and reference lncRNAs) in a wrangler local KV folder, as `npm run species:load`
// (`reference:load`) puts real ones there: tests that start a local worker screen against it or name it as
// the pairs' species.
import { referenceEntries } from "../functions/species/reference.ts";
import { speciesEntries } from "../functions/species/set.ts";
import { loadEncoders } from "../scripts/lib/kernels-node.ts";
import { buildSpeciesSet } from "../scripts/species/build.ts";
import { bulkPutSpecies } from "../scripts/species/storage.ts";

export async function putGeneratedSpecies(
  persistTo: string,
  name: string,
  latinName: string,
  mirnas: { id: string; sequence: string }[],
): Promise<void> {
  const { set } = buildSpeciesSet(loadEncoders(), name, "curated", mirnas);
  const info = { set, latinName, release: "test", file: "generated", description: "generated", skipped: 0 };
  bulkPutSpecies(await speciesEntries([info], new Date().toISOString()), ["--local", "--persist-to", persistTo]);
}

/** Generated reference lncRNAs in the same folder, as `npm run reference:load` puts real ones there. */
export async function putGeneratedReference(persistTo: string, sequences: string[]): Promise<void> {
  const transcripts = sequences.map((sequence, i) => ({ id: `ref-${i + 1}`, sequence }));
  const entries = await referenceEntries(transcripts, "generated", ["generated"], new Date().toISOString());
  bulkPutSpecies(entries, ["--local", "--persist-to", persistTo]);
}
