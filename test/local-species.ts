// A generated species set in a wrangler local KV folder, as `npm run species:load` puts real ones there:
// tests that start a local worker screen against it or name it as the pairs' species.
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
