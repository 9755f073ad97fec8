// GET /v1/species and GET /v1/species/{name}: the species sets /v1/screen can use, from the
// deployment's storage. A species is named by its miRBase prefix or its Latin name, in any case.
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { problemResponses } from "./openapi.ts";
import { ProblemError } from "./problems.ts";
import { SpeciesDetailSchema, SpeciesListSchema, SpeciesNameSchema, SpeciesSourceSchema } from "./schemas.ts";
import { describeSuggestions } from "../species/lookup.ts";
import type { LoadedSpeciesSet, SpeciesLookup } from "../species/store.ts";
import type { SpeciesIndex } from "../species/set.ts";

const listRoute = createRoute({
  method: "get",
  path: "/v1/species",
  summary: "Species sets available to /v1/screen",
  description:
    "Sets are loaded into the deployment's KV storage by `npm run species:load`; an empty list means none were loaded. A species may have a set from several sources (`curated`: miRBase release 18, the default; `pmrd`: PMRD with its predicted miRf… entries; `later-release`: human, a later miRBase release).",
  responses: {
    200: { description: "Every loaded set", content: { "application/json": { schema: SpeciesListSchema } } },
    ...problemResponses(["species-unavailable"]),
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/v1/species/{name}",
  summary: "One species set with its miRNAs",
  description:
    "The species by its miRBase prefix (`ath`) or Latin name (`Arabidopsis thaliana`), in any case; `source` picks the set (default: curated, or the species' only set). An unknown name is answered with the closest ones.",
  request: {
    params: z.object({
      name: SpeciesNameSchema.openapi({ param: { name: "name", in: "path" }, example: "ath" }),
    }),
    query: z.object({ source: SpeciesSourceSchema.optional() }),
  },
  responses: {
    200: {
      description: "The set and its miRNAs: one row per distinct sequence (as screened), with every name it has",
      content: { "application/json": { schema: SpeciesDetailSchema } },
    },
    ...problemResponses(["invalid-request", "unknown-species", "species-unavailable"]),
  },
});

/** The set a lookup found, or the problem that says why there is none. */
export function foundSpecies(query: string, lookup: SpeciesLookup): LoadedSpeciesSet {
  const name = JSON.stringify(query);
  switch (lookup.kind) {
    case "found":
      return lookup.loaded;
    case "unavailable":
      throw new ProblemError("species-unavailable", `species set ${name} cannot be read: ${lookup.reason}`);
    case "ambiguous":
      throw new ProblemError(
        "unknown-species",
        `species ${name} matches several sets that differ only in case (${lookup.names.join(", ")}); give the prefix exactly as listed`,
        { suggestions: lookup.names, available: lookup.available },
      );
    case "no-source":
      throw new ProblemError(
        "unknown-species",
        `species ${lookup.name} has no set from that source; its sources: ${lookup.sources.join(", ")}`,
        { sources: lookup.sources, available: lookup.available },
      );
    case "unknown":
      throw new ProblemError(
        "unknown-species",
        lookup.available.length === 0
          ? `no species set named ${name}: this deployment has no species sets loaded (npm run species:load)`
          : `no species set named ${name}; closest: ${describeSuggestions(lookup.suggestions)} (GET /v1/species lists all)`,
        { suggestions: lookup.suggestions, available: lookup.available },
      );
  }
}

export function registerSpecies(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => {
    let index: SpeciesIndex;
    try {
      index = await c.var.runtime.species.list(c.env?.SPECIES);
    } catch (error) {
      throw new ProblemError("species-unavailable", `the species index cannot be read: ${(error as Error).message}`);
    }
    return c.json({ sets: index.sets }, 200);
  });

  app.openapi(detailRoute, async (c) => {
    const { name } = c.req.valid("param");
    const { source } = c.req.valid("query");
    const { summary, set } = foundSpecies(name, await c.var.runtime.species.get(c.env?.SPECIES, name, source));
    return c.json({ ...summary, mirnas: set.mirnas }, 200);
  });
}
