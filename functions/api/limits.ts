// Every input limit of the API, in one place: enforced by the schemas and handlers, published in
// the OpenAPI document.
export const LIMITS = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxPairs: 1000,
  maxLncrnaLength: 100_000,
  minMirnaLength: 15,
  maxMirnaLength: 30,
  maxIdLength: 256,
  /** Seed sites listed per pair (all are counted). */
  maxSitesListed: 100,
} as const;
