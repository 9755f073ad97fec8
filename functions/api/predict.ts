// POST /v1/predict: score miRNA–lncRNA pairs — given as JSON pairs, as two FASTA fields, or as two
// uploaded FASTA files — with a served model or the ensemble, and show the seed sites behind each.
import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { EncodedPair } from "../inference/pipeline.ts";
import type { AppEnv } from "./env.ts";
import { checkPredictWork } from "./budget.ts";
import { duplexEvidence, siteEvidence } from "./evidence.ts";
import { parseFastaInput, type FastaField } from "./fasta.ts";
import { isMultipart, partText, validatedBody } from "./inputs.ts";
import { LIMITS } from "./limits.ts";
import { problemResponses } from "./openapi.ts";
import { ProblemError, problemType, throwFieldErrors, type FieldError } from "./problems.ts";
import { chooseModels, geneWork, nullTestedScore, scorePairs, type CombinedScore } from "./scoring.ts";
import { foundSpecies } from "./species.ts";
import { chooseVocabulary, type SiteVocabulary } from "./vocabulary.ts";
import { speciesDomain } from "../species/domains.ts";
import { benjaminiHochberg, pValue } from "../species/significance.ts";
import { headFor } from "../inference/ensemble.ts";
import { codesToSequence, type Codes } from "../kernels/codes.ts";
import { significanceFor } from "./significance.ts";
import type { SpeciesSource } from "../species/set.ts";
import { PredictFormSchema, PredictRequestSchema, PredictResponseSchema, type PredictionSchema } from "./schemas.ts";
import {
  answerFormat,
  evidenceColumns,
  scoreColumns,
  tableContent,
  tableResponse,
  VARY_ACCEPT,
  type Column,
} from "./tables.ts";
import { checkFastaRecords, checkSequence, lncrnaWarnings, withWarnings, type CheckedSequence } from "./sequences.ts";

type Prediction = z.infer<typeof PredictionSchema>;

const PREDICT_COLUMNS: Column<Prediction>[] = [
  {
    name: "index",
    description: "position of the pair in the request (FASTA input: in pairing order)",
    value: (r) => r.index,
  },
  { name: "id", description: "the pair's id (JSON pairs, when given)", value: (r) => r.id },
  { name: "mirnaId", description: "FASTA id of the miRNA (FASTA input)", value: (r) => r.mirnaId },
  { name: "lncrnaId", description: "FASTA id of the lncRNA (FASTA input)", value: (r) => r.lncrnaId },
  { name: "model", description: "the model that scored the pair", value: (r) => r.model },
  ...scoreColumns<Prediction>(),
  { name: "threshold", description: "the model's threshold", value: (r) => r.threshold },
  {
    name: "pValue",
    description:
      "p-value from the named species set's null, when the miRNA is in the set; empty otherwise (`significance`)",
    value: (r) => r.pValue,
  },
  {
    name: "qValue",
    description: "Benjamini–Hochberg q-value among the request's pairs that have a p-value; empty otherwise",
    value: (r) => r.qValue,
  },
  ...evidenceColumns<Prediction>(),
];

export const predictRoute = createRoute({
  method: "post",
  path: "/v1/predict",
  summary: "Score miRNA–lncRNA pairs",
  description: `Pairs come as JSON \`pairs\`, as two JSON FASTA fields (\`mirnaFasta\`, \`lncrnaFasta\`), or as a multipart/form-data upload of two FASTA files (parts \`mirna\` and \`lncrna\`). FASTA records are paired all-against-all (default, miRNA-major) or one-to-one (\`pairing: "zip"\`), at most ${LIMITS.maxPairs} pairs, and at most ${LIMITS.maxWork.toLocaleString("en-US")} lncRNA nt summed over the pairs (the work budget; over it, a work-too-large problem says how to split the pairs). Results come in request (pairing) order. The answer's Server-Timing header gives the in-worker model time (\`model\`: features + inference), first-use costs (\`load\`) and the engine that ran the model (\`engine\`): \`onnxruntime-web\`, or \`tfjs-wasm\` for the default model while a fresh instance's onnxruntime session opens (the same model; scores agree within 1e-5).`,
  request: {
    body: {
      // Each content type is validated by its own schema; the body itself is required (checked by
      // requestBody), which the OpenAPI document states (see openapi.ts).
      required: false,
      content: {
        "application/json": { schema: PredictRequestSchema },
        "multipart/form-data": { schema: PredictFormSchema },
      },
    },
  },
  responses: {
    200: {
      description: "One result per pair, in request order",
      content: {
        "application/json": { schema: PredictResponseSchema },
        ...tableContent("One row per pair, in request order", PREDICT_COLUMNS),
      },
    },
    ...problemResponses([
      "malformed-json",
      "malformed-multipart",
      "body-too-large",
      "unsupported-media-type",
      "invalid-symbol",
      "empty-sequence",
      "lncrna-too-long",
      "lncrna-too-short",
      "too-ambiguous",
      "mirna-length",
      "too-many-pairs",
      "work-too-large",
      "invalid-fasta",
      "invalid-request",
      "unknown-model",
      "unknown-species",
      "species-unavailable",
      "unauthorized",
      "origin-not-allowed",
      "daily-quota-exceeded",
      "rate-limited",
      "not-acceptable",
    ]),
  },
});

interface PairSource {
  id?: string;
  mirnaId?: string;
  lncrnaId?: string;
  mirna: CheckedSequence;
  lncrna: CheckedSequence;
}

type Pairing = "all" | "zip";

/** JSON pairs: each sequence checked where it stands. */
function pairsFromJson(c: Context<AppEnv>, pairs: Array<{ id?: string; mirna: string; lncrna: string }>): PairSource[] {
  const { encoders } = c.var.runtime;
  const errors: FieldError[] = [];
  const checked = pairs.map((pair, i) => ({
    id: pair.id,
    mirna: checkSequence(encoders, pair.mirna, "mirna", `/pairs/${i}/mirna`, errors),
    lncrna: checkSequence(encoders, pair.lncrna, "lncrna", `/pairs/${i}/lncrna`, errors),
  }));
  throwFieldErrors(errors);
  return checked.map(({ id, mirna, lncrna }) => ({
    ...(id !== undefined ? { id } : {}),
    mirna: mirna!,
    lncrna: lncrna!,
  }));
}

/** Two FASTA texts: records parsed, counted against the pair limit, then each sequence checked once. */
function pairsFromFasta(
  c: Context<AppEnv>,
  mirnaField: FastaField,
  lncrnaField: FastaField,
  pairing: Pairing,
): PairSource[] {
  const { encoders } = c.var.runtime;
  const errors: FieldError[] = [];
  const mirnaRecords = parseFastaInput(mirnaField, errors);
  const lncrnaRecords = parseFastaInput(lncrnaField, errors);
  throwFieldErrors(errors);

  const [m, l] = [mirnaRecords.length, lncrnaRecords.length];
  if (pairing === "zip" && m !== l) {
    throwFieldErrors([
      {
        type: problemType("invalid-request"),
        pointer: "/pairing",
        detail: `zip pairing needs as many miRNA records as lncRNA records; got ${m} and ${l}`,
      },
    ]);
  }
  const count = pairing === "zip" ? m : m * l;
  if (count > LIMITS.maxPairs) {
    const how = pairing === "zip" ? `${count} record pairs` : `${m} miRNAs × ${l} lncRNAs = ${count} pairs`;
    throw new ProblemError("too-many-pairs", `${how}; at most ${LIMITS.maxPairs} pairs per request`, {
      limit: LIMITS.maxPairs,
      pairs: count,
    });
  }

  const mirnas = checkFastaRecords(encoders, mirnaRecords, "mirna", mirnaField.pointer, errors);
  const lncrnas = checkFastaRecords(encoders, lncrnaRecords, "lncrna", lncrnaField.pointer, errors);
  throwFieldErrors(errors);
  const pair = (i: number, j: number): PairSource => ({
    mirnaId: mirnaRecords[i]!.id,
    lncrnaId: lncrnaRecords[j]!.id,
    mirna: mirnas[i]!,
    lncrna: lncrnas[j]!,
  });
  if (pairing === "zip") return mirnaRecords.map((_, i) => pair(i, i));
  return mirnaRecords.flatMap((_, i) => lncrnaRecords.map((_, j) => pair(i, j)));
}

type PredictInput = { model?: string; species?: string; source?: SpeciesSource; vocabulary?: SiteVocabulary } & (
  | { kind: "pairs"; pairs: Array<{ id?: string; mirna: string; lncrna: string }> }
  | { kind: "fasta"; mirna: FastaField; lncrna: FastaField; pairing: Pairing }
);

async function readInput(c: Context<AppEnv>): Promise<PredictInput> {
  if (isMultipart(c)) {
    const form = validatedBody<z.infer<typeof PredictFormSchema>>(c, "form");
    return {
      kind: "fasta",
      model: form.model,
      species: form.species,
      source: form.source,
      vocabulary: form.vocabulary,
      pairing: form.pairing ?? "all",
      mirna: { text: await partText(form.mirna, "mirna"), name: "mirna", pointer: "/mirna" },
      lncrna: { text: await partText(form.lncrna, "lncrna"), name: "lncrna", pointer: "/lncrna" },
    };
  }
  const body = validatedBody<z.infer<typeof PredictRequestSchema>>(c, "json");
  const named = { model: body.model, species: body.species, source: body.source, vocabulary: body.vocabulary };
  if (body.pairs) return { kind: "pairs", ...named, pairs: body.pairs };
  return {
    kind: "fasta",
    ...named,
    pairing: body.pairing ?? "all",
    mirna: { text: body.mirnaFasta!, name: "mirnaFasta", pointer: "/mirnaFasta" },
    lncrna: { text: body.lncrnaFasta!, name: "lncrnaFasta", pointer: "/lncrnaFasta" },
  };
}

/** The species set the request names (it must be loaded, as for a screen), and its domain. */
async function speciesOf(c: Context<AppEnv>, input: PredictInput) {
  if (input.species === undefined) return undefined;
  const loaded = foundSpecies(
    input.species,
    await c.var.runtime.species.get(c.env?.SPECIES, input.species, input.source),
  );
  return { loaded, domain: speciesDomain(loaded.summary) };
}

/**
 * P-values of the pairs whose miRNA is in the named species set, from the set's null (undefined for
 * the others), and Benjamini–Hochberg q-values among those pairs; or why there are none.
 */
async function pairSignificance(
  c: Context<AppEnv>,
  model: string,
  species: Awaited<ReturnType<typeof speciesOf>>,
  pairs: ReadonlyArray<{ mirna: Codes; lncrna: Codes }>,
  scores: ReadonlyArray<Pick<CombinedScore, "score" | "gene">>,
) {
  if (!species) return undefined;
  const { models } = c.var.runtime;
  const { summary, set, candidates } = species.loaded;
  const head = headFor(await models.get(model), species.domain);
  const check = significanceFor(models, model, head, set.significance, candidates.candidates.length, summary);
  if (!check.significance) return { answer: check.answer };
  const rowOf = new Map(candidates.candidates.map((candidate, i) => [codesToSequence(candidate.codes), i]));
  const pValues = pairs.map((pair, i) => {
    const row = rowOf.get(codesToSequence(pair.mirna));
    return row === undefined
      ? undefined
      : pValue(check.significance!, row, nullTestedScore(scores[i]!), pair.lncrna.length);
  });
  const tested = pValues.filter((p): p is number => p !== undefined);
  const q = benjaminiHochberg(tested);
  let next = 0;
  const qValues = pValues.map((p) => (p === undefined ? undefined : q[next++]));
  return { answer: { ...check.answer, pairs: tested.length }, pValues, qValues };
}

export function registerPredict(app: OpenAPIHono<AppEnv>): void {
  app.openapi(predictRoute, async (c) => {
    const { models, encoders } = c.var.runtime;
    const format = answerFormat(c); // before any work: the cheapest fault to report
    const input = await readInput(c);
    const choice = chooseModels(models, input.model); // before the sequences: the cheaper fault to report
    const sources =
      input.kind === "pairs"
        ? pairsFromJson(c, input.pairs)
        : pairsFromFasta(c, input.mirna, input.lncrna, input.pairing);
    checkPredictWork(sources.map((s) => s.lncrna.codes.length));
    const encoded: EncodedPair[] = sources.map((s) => ({ mirna: s.mirna.codes, lncrna: s.lncrna.codes }));
    const species = await speciesOf(c, input);
    // the isoforms the gene head will score count too: refused before any of it is scored
    const gene = await geneWork(c, choice, species?.domain);
    checkPredictWork(
      sources.map((s) => s.lncrna.codes.length),
      encoded.map((p) => gene.ofPair(p.mirna, p.lncrna)),
    );
    const { scores, seeds, duplexes } = await scorePairs(c, choice, encoded, LIMITS.maxSitesListed, species?.domain);
    const significance = await pairSignificance(c, choice.name, species, encoded, scores);
    const vocabulary = chooseVocabulary(input.vocabulary, species?.domain);
    const results: Prediction[] = sources.map((s, i) => ({
      index: i,
      ...(s.id !== undefined ? { id: s.id } : {}),
      ...(s.mirnaId !== undefined ? { mirnaId: s.mirnaId, lncrnaId: s.lncrnaId } : {}),
      ...scores[i]!,
      ...(significance?.pValues?.[i] !== undefined
        ? { pValue: significance.pValues[i], qValue: significance.qValues![i]! }
        : {}),
      model: choice.name,
      lengths: { mirna: s.mirna.codes.length, lncrna: s.lncrna.codes.length },
      ambiguous: { mirna: s.mirna.ambiguous, lncrna: s.lncrna.ambiguous },
      ...siteEvidence(encoders, s.mirna.codes, s.lncrna.codes, vocabulary, () => seeds[i]!),
      duplex: duplexEvidence(encoders, s.mirna.codes, s.lncrna.codes, duplexes[i]),
      ...withWarnings(lncrnaWarnings(s.lncrna.codes.length)),
    }));
    if (format !== "json") return tableResponse(c, format, PREDICT_COLUMNS, results);
    return c.json(
      {
        model: choice.name,
        members: choice.members,
        vocabulary,
        ...(input.kind === "fasta" ? { pairing: input.pairing } : {}),
        ...(significance ? { significance: significance.answer } : {}),
        results,
      },
      200,
      VARY_ACCEPT,
    );
  });
}
