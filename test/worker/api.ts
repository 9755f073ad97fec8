// Calling the worker inside workerd from tests, and checking problem answers.
import type { GeneHead } from "../../functions/inference/gene-head.ts";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import {
  SPECIES_FORMAT,
  rowsBySequence,
  speciesEntries,
  type SpeciesSet,
  type SpeciesSource,
} from "../../functions/species/set.ts";

export const BASE = "http://lmi.test";

export const get = (path: string, init?: RequestInit) => exports.default.fetch(`${BASE}${path}`, init);

export const postJson = (
  path: string,
  body: unknown,
  headers: Record<string, string> = { "Content-Type": "application/json" },
) =>
  exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

export const postForm = (path: string, parts: Record<string, string | File>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) form.append(name, value);
  return exports.default.fetch(`${BASE}${path}`, { method: "POST", body: form });
};

export const fastaFile = (name: string, text: string) => new File([text], name, { type: "text/plain" });

export async function expectProblem(
  response: Response,
  status: number,
  type: string,
  instance?: string,
): Promise<Record<string, any>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  const problem = JSON.parse(text) as Record<string, any>;
  expect(problem).toMatchObject({ type: `/v1/problems/${type}`, status });
  if (instance) expect(problem.instance).toBe(instance);
  expect(problem.title).toEqual(expect.any(String));
  expect(problem.detail).toEqual(expect.any(String));
  return problem;
}

export const fasta = (records: Array<[string, string]>) => records.map(([id, seq]) => `>${id}\n${seq}\n`).join("");

/** Puts species sets (generated sequences) into the worker's SPECIES namespace, as species:load would. */
export async function putSpeciesSets(
  sets: Array<{
    name: string;
    latinName?: string;
    source?: SpeciesSource;
    mirnas: Array<{ id: string; sequence: string }>;
  }>,
): Promise<void> {
  const entries = await speciesEntries(
    sets.map(({ name, latinName, source = "curated", mirnas }) => ({
      set: { format: SPECIES_FORMAT, name, source, mirnas: rowsBySequence(mirnas) } satisfies SpeciesSet,
      latinName: latinName ?? null,
      release: "test",
      file: "generated",
      description: `${name} (generated)`,
      skipped: 0,
    })),
    new Date().toISOString(),
  );
  for (const { key, value } of entries) await env.SPECIES.put(key, value);
}

export interface ModelsBody {
  default: string;
  models: Array<{
    name: string;
    family: string;
    default: boolean;
    threshold: number;
    members?: string[];
    encoding: Record<string, unknown>;
    training: Record<string, any>;
    screenPrior?: {
      species: string[];
      families: Record<string, number>;
      meanPartners: number;
      pseudocount: number;
      datasets: string[];
    };
    geneHead?: GeneHead;
    explanations: string[];
    newLncrna?: { model: string; folds: number; rocAuc: { mean: number }; perLncrnaRocAuc: { value: number } };
  }>;
}

/**
 * The ensemble's score restated from its card: each domain head's sigmoid(Σ w·logit(member score) + b),
 * weighed by the answer's reported domain weights (one head, weight 1, when the card has no gate); for
 * a lncRNA the answer calls new (lncrnaKnown false), the novel route's head has the novel head's weights.
 */
function stacked(
  card: ModelsBody["models"][number],
  scores: number[],
  domains?: Record<string, number>,
  lncrnaKnown?: boolean,
): number {
  const heads = (card.training.stacker as { heads: Record<string, { weights: Record<string, number>; bias: number }> })
    .heads;
  // the graph clamps in float32, where 1 − 1e-6 is 0.99999899…: a member score of 1 takes that logit
  const logit = (s: number) => {
    const p = Math.min(Math.max(s, Math.fround(1e-6)), Math.fround(1 - 1e-6));
    return Math.log(p) - Math.log1p(-p);
  };
  const head = ({ weights, bias }: { weights: Record<string, number>; bias: number }) =>
    1 / (1 + Math.exp(-card.members!.reduce((sum, name, k) => sum + weights[name]! * logit(scores[k]!), bias)));
  const novel = card.training.novel as { head: string } | undefined;
  const novelHead = (card.training.stacker as { novelHead?: { weights: Record<string, number>; bias: number } })
    .novelHead;
  expect(lncrnaKnown === undefined).toBe(novel === undefined);
  const scoreOf = (domain: string, h: { weights: Record<string, number>; bias: number }) =>
    head(novel?.head === domain && lncrnaKnown === false ? novelHead! : h);
  const weightOf = domains ?? { [Object.keys(heads)[0]!]: 1 };
  expect(Object.keys(weightOf).sort()).toEqual(Object.keys(heads).sort());
  return Object.entries(heads).reduce((sum, [domain, h]) => sum + weightOf[domain]! * scoreOf(domain, h), 0);
}

/** What an ensemble's answer reports for one pair: its score, each member's score and the heads' weights. */
interface StackedResult {
  score: number;
  members?: { score: number }[];
  domains?: Record<string, number>;
  lncrnaKnown?: boolean;
}

/**
 * Asserts that an ensemble's score is its card's stacker over the reported member scores, to within what
 * those scores can say: they are float32, and near 0 or 1 one step of a score moves its logit far. The
 * bound adds, for each member, how far the restated score moves when that score moves by its precision.
 */
export function expectStacked(card: ModelsBody["models"][number], result: StackedResult): void {
  const { score, domains, lncrnaKnown } = result;
  const scores = result.members!.map((m) => m.score);
  const restated = stacked(card, scores, domains, lncrnaKnown);
  const spacing = (s: number) => Math.max(Math.abs(s), 2 ** -126) * 2 ** -23; // at most one float32 step
  const bound = scores.reduce((sum, s, k) => {
    const nudged = scores.map((x, j) => (j === k ? x + spacing(s) : x));
    return sum + Math.abs(stacked(card, nudged, domains, lncrnaKnown) - restated);
  }, 5e-6);
  expect(Math.abs(score - restated), `score ${score} vs restated ${restated} (bound ${bound})`).toBeLessThanOrEqual(
    bound,
  );
}
