// POST /v1/screen: one lncRNA against a set of candidate miRNAs — a species set from the
// deployment's storage or the user's FASTA — ranked by score, the best topK listed with their
// seed evidence.
import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { codesToSequence } from "../kernels/codes.ts";
import { groupCandidates, type CandidateSet } from "../species/candidates.ts";
import type { AppEnv } from "./env.ts";
import { duplexEvidence, siteEvidence } from "./evidence.ts";
import { parseFastaInput, type FastaField, type FastaInputRecord } from "./fasta.ts";
import { isMultipart, partText, validatedBody } from "./inputs.ts";
import { LIMITS, SCREEN_SHORTLIST } from "./limits.ts";
import { problemResponses } from "./openapi.ts";
import { ProblemError, problemType, throwFieldErrors, type FieldError } from "./problems.ts";
import { ScreenFormSchema, ScreenRequestSchema, ScreenResponseSchema, type ScreenHitSchema } from "./schemas.ts";
import { FIRST_PASS_SIGNALS, topIndices } from "../inference/shortlist.ts";
import { chooseModels, firstPass, geneWork, nullTestedScore, scoreScreen } from "./scoring.ts";
import { foundSpecies } from "./species.ts";
import { chooseVocabulary, type SiteVocabulary } from "./vocabulary.ts";
import { speciesDomain } from "../species/domains.ts";
import { benjaminiHochberg, pValue, type Significance } from "../species/significance.ts";
import { significanceFor, type SpeciesRef } from "./significance.ts";
import { headFor } from "../inference/ensemble.ts";
import type { SpeciesSource } from "../species/set.ts";
import { planScreen } from "./budget.ts";
import { shortlistRecall } from "../species/shortlist-recall.ts";
import { panelPriors, priorFor, rankScore, type PartnerPrior } from "../species/partner-prior.ts";
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

type HitRow = z.infer<typeof ScreenHitSchema> & { lncrnaId?: string };

const SCREEN_COLUMNS: Column<HitRow>[] = [
  {
    name: "lncrnaId",
    description: "the lncRNA's id (lncrnaId or its FASTA header), the same on every row",
    value: (r) => r.lncrnaId,
  },
  { name: "rank", description: "1 = best score", value: (r) => r.rank },
  {
    name: "mirnaId",
    description: "the candidate miRNA's id (the first, when several share its sequence)",
    value: (r) => r.id,
  },
  {
    name: "aliases",
    description: "other ids with the identical sequence, joined with `;`",
    value: (r) => r.aliases.join(";"),
  },
  ...scoreColumns<HitRow>(),
  {
    name: "pValue",
    description: "p-value from the species set's null; empty when the screen has none (`significance`)",
    value: (r) => r.pValue,
  },
  {
    name: "qValue",
    description: "Benjamini–Hochberg q-value; empty when the screen has no p-values",
    value: (r) => r.qValue,
  },
  {
    name: "priorLogOdds",
    description: "the seed family's partner prior added to the model's logit to rank; empty when the screen has none",
    value: (r) => r.prior?.logOdds,
  },
  ...evidenceColumns<HitRow>(),
];

export const screenRoute = createRoute({
  method: "post",
  path: "/v1/screen",
  summary: "Screen one lncRNA against a species' miRNAs or your miRNA FASTA",
  description: `Ranks candidate miRNAs for one lncRNA and lists the best \`topK\` with their seed sites and best duplex. Candidates: a species set loaded in this deployment (\`species\`, see GET /v1/species) or a FASTA (\`mirnaFasta\`, or the multipart part \`mirna\`), at most ${LIMITS.maxScreenMirnas}; identical sequences are scored once. The model scores every candidate whenever that fits the work budget (\`ranking.complete\`; page through the full ranking with \`offset\`); otherwise, or with \`exhaustive: false\`, a first pass ranks every candidate by cheap signals (the complementarity kernel and the cheap bundled models) and the model scores the union of each signal's best max(offset + topK, ${SCREEN_SHORTLIST}) (fewer, down to offset + topK, where the work budget needs it); \`candidates.scored\` and \`firstPass\` say so, with the shortlist's measured recall for the species set. Work budget: ${LIMITS.maxWork.toLocaleString("en-US")} model-scored candidates × lncRNA nt, the first pass counted at ${LIMITS.firstPassWorkShare} per candidate × nt; over it, a work-too-large problem says how to split the screen. A species the model has a partner prior for (\`hsa\` with the default model) is ranked by the model's logit plus the prior log-odds of each candidate's seed family, which the first pass adds to its models' signals too (\`prior\`, \`ranking.prior\`).`,
  request: {
    body: {
      required: false, // required in the document; see predict.ts
      content: {
        "application/json": { schema: ScreenRequestSchema },
        "multipart/form-data": { schema: ScreenFormSchema },
      },
    },
  },
  responses: {
    200: {
      description: "The best candidates, best first",
      content: {
        "application/json": { schema: ScreenResponseSchema },
        ...tableContent("One row per hit, best first", SCREEN_COLUMNS),
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
      "too-many-mirnas",
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

interface ScreenInput {
  lncrna: FastaField;
  lncrnaId?: string;
  species?: string;
  source?: SpeciesSource;
  vocabulary?: SiteVocabulary;
  mirnaFasta?: FastaField;
  model?: string;
  topK: number;
  offset: number;
  /** Undefined: score every candidate where the work budget allows, else a first pass. */
  exhaustive?: boolean;
  /** false: rank by the model's score alone, even where the model has a partner prior. */
  prior: boolean;
}

async function readInput(c: Context<AppEnv>): Promise<ScreenInput> {
  if (isMultipart(c)) {
    const form = validatedBody<z.infer<typeof ScreenFormSchema>>(c, "form");
    return {
      lncrna: { text: await partText(form.lncrna, "lncrna"), name: "lncrna", pointer: "/lncrna" },
      lncrnaId: form.lncrnaId,
      species: form.species,
      source: form.source,
      vocabulary: form.vocabulary,
      ...(form.mirna !== undefined
        ? { mirnaFasta: { text: await partText(form.mirna, "mirna"), name: "mirna", pointer: "/mirna" } }
        : {}),
      model: form.model,
      topK: form.topK ?? LIMITS.defaultTopK,
      offset: form.offset ?? 0,
      ...(form.exhaustive !== undefined ? { exhaustive: form.exhaustive === "true" } : {}),
      prior: form.prior !== "false",
    };
  }
  const body = validatedBody<z.infer<typeof ScreenRequestSchema>>(c, "json");
  return {
    lncrna: { text: body.lncrna, name: "lncrna", pointer: "/lncrna" },
    lncrnaId: body.lncrnaId,
    species: body.species,
    source: body.source,
    vocabulary: body.vocabulary,
    ...(body.mirnaFasta !== undefined
      ? { mirnaFasta: { text: body.mirnaFasta, name: "mirnaFasta", pointer: "/mirnaFasta" } }
      : {}),
    model: body.model,
    topK: body.topK ?? LIMITS.defaultTopK,
    offset: body.offset ?? 0,
    ...(body.exhaustive !== undefined ? { exhaustive: body.exhaustive } : {}),
    prior: body.prior !== false,
  };
}

/** The lncRNA: a bare sequence, or exactly one FASTA record (recognized by its leading ">"). */
function readLncrna(
  c: Context<AppEnv>,
  field: ScreenInput["lncrna"],
  errors: FieldError[],
): { id?: string; checked?: CheckedSequence } {
  const { encoders } = c.var.runtime;
  if (!field.text.trimStart().startsWith(">"))
    return { checked: checkSequence(encoders, field.text, "lncrna", field.pointer, errors) };
  const records = parseFastaInput(field, errors);
  if (records.length > 1) {
    errors.push({
      type: problemType("invalid-fasta"),
      pointer: field.pointer,
      detail: `${field.name}: a screen takes one lncRNA; the FASTA has ${records.length} records`,
      records: records.length,
    });
    return {};
  }
  if (records.length === 0) return {};
  const [checked] = checkFastaRecords(encoders, records, "lncrna", field.pointer, errors);
  return { id: records[0]!.id, checked };
}

async function readCandidates(
  c: Context<AppEnv>,
  input: ScreenInput,
  errors: FieldError[],
): Promise<{ set?: CandidateSet; species?: SpeciesRef; significance?: Significance }> {
  const { encoders, species } = c.var.runtime;
  if (input.species !== undefined) {
    const { candidates, summary, set } = foundSpecies(
      input.species,
      await species.get(c.env?.SPECIES, input.species, input.source),
    );
    const { name, latinName, source, release } = summary;
    return {
      set: candidates,
      species: { name, latinName, source, release },
      ...(set.significance ? { significance: set.significance } : {}),
    };
  }
  const field = input.mirnaFasta!;
  const records: FastaInputRecord[] = parseFastaInput(field, errors);
  if (records.length > LIMITS.maxScreenMirnas) {
    throw new ProblemError(
      "too-many-mirnas",
      `${field.name} has ${records.length} records; a screen takes at most ${LIMITS.maxScreenMirnas} candidate miRNAs`,
      { limit: LIMITS.maxScreenMirnas, records: records.length },
    );
  }
  const checked = checkFastaRecords(encoders, records, "mirna", field.pointer, errors);
  if (errors.length > 0) return {};
  return { set: groupCandidates(records.map((r, i) => ({ id: r.id, codes: checked[i]!.codes }))) };
}

export function registerScreen(app: OpenAPIHono<AppEnv>): void {
  app.openapi(screenRoute, async (c) => {
    const { models, encoders } = c.var.runtime;
    const format = answerFormat(c); // before any work: the cheapest fault to report
    const input = await readInput(c);
    const choice = chooseModels(models, input.model);
    const errors: FieldError[] = [];
    const lncrna = readLncrna(c, input.lncrna, errors);
    const { set, species, significance } = await readCandidates(c, input, errors);
    throwFieldErrors(errors);
    const { checked } = lncrna as { checked: CheckedSequence };
    const candidates = set!;
    const prior = input.prior ? priorFor(models.card(choice.name), species?.name) : undefined;
    const priors = prior && panelPriors(prior, candidates.panel.codes);

    // the budget decides whether and how far a first pass shortlists, or refuses the screen
    const domain = species ? speciesDomain(species) : undefined;
    const gene = await geneWork(c, choice, domain);
    const { perSignal } = planScreen({
      candidates: candidates.candidates.length,
      lncrnaLength: checked.codes.length,
      isoformNt: candidates.panel.codes.map((mirna) => gene.ofPair(mirna, checked.codes)),
      topK: input.topK,
      offset: input.offset,
      exhaustive: input.exhaustive,
      signals: FIRST_PASS_SIGNALS,
      shortlist: SCREEN_SHORTLIST,
    });
    const pass =
      perSignal !== undefined ? await firstPass(c, checked.codes, candidates.panel, perSignal, priors) : undefined;
    const scored = pass?.indices ?? candidates.candidates.map((_, i) => i);
    const vocabulary = chooseVocabulary(input.vocabulary, domain);
    const scores = await scoreScreen(
      c,
      choice,
      checked.codes,
      pass ? candidates.panel.subset(pass.indices) : candidates.panel,
      domain,
    );
    const depth = input.offset + input.topK;
    const ranked = scores.map((s, k) => rankScore(s.score, priors?.[scored[k]!]));
    const top = topIndices(ranked, depth).slice(input.offset);
    const head = headFor(await models.get(choice.name), domain);
    const nullCheck = significanceFor(models, choice.name, head, significance, candidates.candidates.length, species);
    const pValues = nullCheck.significance
      ? scores.map((s, k) => pValue(nullCheck.significance!, scored[k]!, nullTestedScore(s), checked.codes.length))
      : undefined;
    const qValues = pValues ? benjaminiHochberg(pValues, candidates.candidates.length) : undefined;
    const hits: z.infer<typeof ScreenHitSchema>[] = top.map((k, r) => {
      const i = scored[k]!;
      const candidate = candidates.candidates[i]!;
      return {
        rank: input.offset + r + 1,
        id: candidate.ids[0]!,
        aliases: candidate.ids.slice(1),
        mirna: codesToSequence(candidate.codes),
        ...scores[k]!,
        ...(pValues ? { pValue: pValues[k]!, qValue: qValues![k]! } : {}),
        ...(priors ? { prior: priors[i]!, rankScore: ranked[k]! } : {}),
        model: choice.name,
        ...siteEvidence(encoders, candidate.codes, checked.codes, vocabulary, () =>
          encoders.seedSites(candidate.codes, checked.codes, LIMITS.maxSitesPerHit),
        ),
        duplex: duplexEvidence(encoders, candidate.codes, checked.codes),
      };
    });
    const lncrnaId = input.lncrnaId ?? lncrna.id;
    if (format !== "json")
      return tableResponse(
        c,
        format,
        SCREEN_COLUMNS,
        hits.map((hit) => ({ ...hit, lncrnaId })),
      );
    return c.json(
      {
        model: choice.name,
        members: choice.members,
        vocabulary,
        lncrna: {
          ...(lncrnaId !== undefined ? { id: lncrnaId } : {}),
          length: checked.codes.length,
          ambiguous: checked.ambiguous,
        },
        ...withWarnings(lncrnaWarnings(checked.codes.length)),
        candidates: {
          source: species !== undefined ? ("species" as const) : ("fasta" as const),
          ...(species !== undefined ? { species: species.name, set: species } : {}),
          count: candidates.count,
          distinct: candidates.candidates.length,
          scored: scored.length,
        },
        ranking: {
          complete: pass === undefined,
          offset: input.offset,
          ...(depth < scored.length ? { nextOffset: depth } : {}),
          ...(prior ? { prior: rankingPrior(prior) } : {}),
        },
        ...(pass && perSignal !== undefined
          ? {
              firstPass: {
                signals: pass.signals,
                perSignal,
                recall: shortlistRecall(choice.name, models.card(choice.name)?.onnx.sha256, species),
              },
            }
          : {}),
        aboveThreshold: scores.filter((s) => s.label === 1).length,
        significance: nullCheck.answer,
        topK: input.topK,
        hits,
      },
      200,
      VARY_ACCEPT,
    );
  });
}

/** What the answer says about the prior a ranking used (the family table stays on the model card). */
const rankingPrior = ({ datasets, meanPartners, pseudocount }: PartnerPrior) => ({
  basis: "seed-family" as const,
  datasets,
  meanPartners,
  pseudocount,
});
