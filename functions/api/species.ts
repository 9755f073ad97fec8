// GET /v1/species and GET /v1/species/{name}: the species sets /v1/screen can use, from the
// deployment's storage.
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { problemResponses } from "./openapi.ts";
import { ProblemError } from "./problems.ts";
import { SpeciesDetailSchema, SpeciesListSchema } from "./schemas.ts";
import { SPECIES_NAME, type SpeciesIndex } from "../species/set.ts";

const listRoute = createRoute({
  method: "get",
  path: "/v1/species",
  summary: "Species sets available to /v1/screen",
  description:
    "Sets are loaded into the deployment's KV storage by `npm run species:load`; an empty list means none were loaded.",
  responses: {
    200: { description: "Every loaded set", content: { "application/json": { schema: SpeciesListSchema } } },
    ...problemResponses(["species-unavailable"]),
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/v1/species/{name}",
  summary: "One species set with its miRNAs",
  request: {
    params: z.object({
      name: z
        .string()
        .regex(SPECIES_NAME, "a miRBase species prefix such as hsa or ath")
        .openapi({ param: { name: "name", in: "path" }, example: "hsa" }),
    }),
  },
  responses: {
    200: {
      description: "The set and its miRNAs (ids and sequences as screened)",
      content: { "application/json": { schema: SpeciesDetailSchema } },
    },
    ...problemResponses(["invalid-request", "unknown-species", "species-unavailable"]),
  },
});

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
    const lookup = await c.var.runtime.species.get(c.env?.SPECIES, name);
    if (lookup.kind === "unknown")
      throw new ProblemError(
        "unknown-species",
        `no species set named ${JSON.stringify(name)}; available: ${lookup.available.join(", ") || "none"}`,
        { available: lookup.available },
      );
    if (lookup.kind === "unavailable")
      throw new ProblemError("species-unavailable", `species set ${name} cannot be read: ${lookup.reason}`);
    const { summary, set } = lookup.loaded;
    return c.json({ ...summary, mirnas: set.mirnas }, 200);
  });
}
