// Request and response schemas: they validate requests and generate the OpenAPI document.
import { z } from "@hono/zod-openapi";
import { SITE_TYPES } from "../kernels/encoders.ts";
import { LIMITS } from "./limits.ts";

const sequenceText = (molecule: string, limits: string) =>
  z.string().openapi({
    description: `${molecule} sequence: A C G U or T, any case; N and IUPAC ambiguity codes (R Y S W K M B D H V) are accepted as unknown bases; whitespace and line breaks are ignored. ${limits}`,
  });

export const PairInputSchema = z
  .object({
    id: z.string().max(LIMITS.maxIdLength).optional().openapi({ description: "Your label for the pair, echoed back", example: "miR399-lnc1077" }),
    mirna: sequenceText("Mature miRNA", `${LIMITS.minMirnaLength}–${LIMITS.maxMirnaLength} nt.`).openapi({ example: "UGCCAAAGGAGAUUUGCCCUG" }),
    lncrna: sequenceText("lncRNA", `1–${LIMITS.maxLncrnaLength} nt.`).openapi({ example: "GGAUCCAUUCAGGGCAAAUCUCCUUUGGCAAUCGAUCGGAUCGAUGCAUGCAUGCUAGCUAGCUAGCAUCGAUCG" }),
  })
  .openapi("PairInput");

export const PredictRequestSchema = z
  .object({
    pairs: z.array(PairInputSchema).min(1).max(LIMITS.maxPairs).openapi({ description: `1–${LIMITS.maxPairs} miRNA–lncRNA pairs` }),
    model: z.string().optional().openapi({ description: "Model name from GET /v1/models; the default model when left out" }),
  })
  .openapi("PredictRequest");

const siteCounts = z.object(Object.fromEntries(SITE_TYPES.map((t) => [t, z.number().int()])) as Record<(typeof SITE_TYPES)[number], z.ZodNumber>);

export const SeedSiteSchema = z
  .object({
    start: z.number().int().openapi({ description: "1-based first position on the lncRNA" }),
    end: z.number().int().openapi({ description: "1-based last position on the lncRNA (inclusive)" }),
    type: z.enum(SITE_TYPES),
    wobble: z.number().int().openapi({ description: "G:U pairs in the seed core (miRNA nt 2–7); 0 = Watson–Crick site" }),
  })
  .openapi("SeedSite");

export const DuplexSiteSchema = z
  .object({
    energy: z.number().openapi({ description: "Minimum free energy of this site, kcal/mol" }),
    targetStart: z.number().int().openapi({ description: "1-based first paired position on the lncRNA" }),
    targetEnd: z.number().int(),
    mirnaStart: z.number().int().openapi({ description: "1-based first paired miRNA nt (5′→3′)" }),
    mirnaEnd: z.number().int(),
    diagram: z.array(z.string()).length(4).openapi({ description: "RNAhybrid-style picture: target unpaired, target paired, miRNA paired, miRNA unpaired" }),
  })
  .openapi("DuplexSite");

export const PredictionSchema = z
  .object({
    index: z.number().int().openapi({ description: "Position of the pair in the request" }),
    id: z.string().optional(),
    score: z.number().min(0).max(1).openapi({ description: "Calibrated probability of interaction" }),
    label: z.union([z.literal(0), z.literal(1)]).openapi({ description: "1 when score ≥ threshold" }),
    threshold: z.number(),
    model: z.string(),
    lengths: z.object({ mirna: z.number().int(), lncrna: z.number().int() }),
    ambiguous: z.object({ mirna: z.number().int(), lncrna: z.number().int() }).openapi({ description: "N / IUPAC ambiguity symbols per sequence" }),
    seed: z
      .object({
        counts: siteCounts.openapi({ description: "Watson–Crick seed sites by type" }),
        wobbleCounts: siteCounts.openapi({ description: "Seed sites with G:U pairs in the core, by type" }),
        total: z.number().int(),
        sites: z.array(SeedSiteSchema),
        sitesTruncated: z.boolean(),
      })
      .openapi({ description: "miRNA seed (nt 2–8) sites on the lncRNA: the evidence behind the score" }),
    duplex: z
      .object({ energy: z.number(), best: DuplexSiteSchema.nullable() })
      .optional()
      .openapi({ description: "Minimum free energy duplex of the miRNA on the lncRNA (docs/duplex.md), when the model computes it" }),
  })
  .openapi("Prediction");

export const PredictResponseSchema = z.object({ model: z.string(), results: z.array(PredictionSchema) }).openapi("PredictResponse");

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: "Stable identifier of the fault, e.g. /v1/problems/invalid-symbol" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ type: z.string(), pointer: z.string(), detail: z.string() }).loose())
      .optional()
      .openapi({ description: "Each fault with a JSON pointer into the request body" }),
  })
  .loose()
  .openapi("Problem");

export const ModelSummarySchema = z
  .object({
    name: z.string(),
    description: z.string(),
    family: z.string(),
    default: z.boolean(),
    threshold: z.number(),
    encoding: z.record(z.string(), z.unknown()),
    training: z.record(z.string(), z.unknown()),
    metrics: z.record(z.string(), z.unknown()).optional(),
    onnx: z.record(z.string(), z.unknown()),
  })
  .openapi("Model");

export const HealthSchema = z.object({ status: z.literal("ok"), version: z.string(), models: z.array(z.string()) }).openapi("Health");
