// Request and response schemas: they validate requests and generate the OpenAPI document.
import { z } from "@hono/zod-openapi";
import { SITE_TYPES } from "../kernels/codes.ts";
import { PSRNATARGET_V2 } from "../kernels/expectation.ts";
import { DEFAULT_MODEL } from "../models/default.ts";
import { DOMAIN_SOURCES } from "../inference/heads.ts";
import { SPECIES_SOURCES } from "../species/set.ts";
import { SITE_VOCABULARIES } from "./vocabulary.ts";
import { closedObject } from "./fields.ts";
import { ID_RULE, isPrintableId } from "./ids.ts";
import { SCREEN_SHORTLIST, LIMITS } from "./limits.ts";
import { NewLncrnaAccuracySchema } from "../models/new-lncrna.ts";
import { GeneHeadSchema } from "../inference/gene-head.ts";
import { GENE_SCORED_ISOFORMS } from "../features/isoforms.ts";

const SEQUENCE_RULES =
  "A C G U or T, any case; N and IUPAC ambiguity codes (R Y S W K M B D H V) are accepted as unknown bases; whitespace and line breaks are ignored.";
const FASTA_RULES = `FASTA: ">id description" header lines (the id is the first word, at most ${LIMITS.maxIdLength} characters, ${ID_RULE}), each followed by sequence lines (wrapped or not, LF or CRLF). Sequences: ${SEQUENCE_RULES}`;

/** An id the user gives: echoed back, so printable (ids.ts). */
const userId = () =>
  z
    .string()
    .max(LIMITS.maxIdLength)
    .refine(isPrintableId, { message: `an id takes ${ID_RULE}` });

/**
 * A whole number as form text, by the rule JSON numbers follow here: decimal digits only (no sign,
 * spaces, hex or exponent), so form and JSON requests accept the same values.
 */
const formInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, "a whole number in decimal digits, such as 25")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const sequenceText = (molecule: string, limits: string) =>
  z.string().openapi({ description: `${molecule} sequence: ${SEQUENCE_RULES} ${limits}` });

const MIRNA_LIMIT = `${LIMITS.minMirnaLength}–${LIMITS.maxMirnaLength} nt; at most ${LIMITS.maxAmbiguousShare * 100} % N or ambiguity codes.`;
const LNCRNA_LIMIT = `${LIMITS.minLncrnaLength}–${LIMITS.maxLncrnaLength} nt (under ${LIMITS.shortestTrainedLncrnaLength} nt: scored, with a warning); at most ${LIMITS.maxAmbiguousShare * 100} % N or ambiguity codes.`;
const PAIRING = `How FASTA records form pairs: "all" (default) pairs every miRNA with every lncRNA, miRNA-major (miRNA 1 with lncRNA 1, 2, …, then miRNA 2 …), at most ${LIMITS.maxPairs} combinations; "zip" pairs the i-th miRNA with the i-th lncRNA and needs equal record counts.`;
const MODEL_CHOICE = `A model name from GET /v1/models; for an ensemble (\`${DEFAULT_MODEL}\`, \`ensemble\`) each member's own score is listed too. Left out: \`${DEFAULT_MODEL}\`.`;

const SPECIES_DESCRIPTION =
  'A species with a set loaded in this deployment (GET /v1/species), by its miRBase prefix or Latin name in any case: "hsa", "ATH", "Arabidopsis thaliana". An unknown name is answered with the closest ones.';
const SOURCE_DESCRIPTION =
  "Which of the species' sets: `curated` (miRBase release 18; the default), `pmrd` (plants: PMRD, incl. its predicted miRf… entries) or `later-release` (human: a later miRBase release, incl. entries added after 2011). Without it: the curated set, or the species' only set.";

/** A species by prefix or Latin name (resolved against the loaded sets, functions/species/lookup.ts). */
export const SpeciesNameSchema = z.string().trim().min(1).max(100);
export const SpeciesSourceSchema = z.enum(SPECIES_SOURCES).openapi({ description: SOURCE_DESCRIPTION });
const PAIR_SPECIES = `The species the pairs come from, named as a species set is (GET /v1/species); optional. A gated ensemble then scores every pair with that species' domain head — plant, or human for animals — instead of guessing the domain from k-mer composition (\`domainFrom\` in each result). ${SPECIES_DESCRIPTION}`;
export const PairingSchema = z.enum(["all", "zip"]).openapi({ description: PAIRING });
const VOCABULARY =
  "Which site evidence each result gives: `plant`, psRNATarget-style complementarity (`plantTarget`: expectation, mismatch positions, the cleavage-site check, cleavage or translational inhibition, target mimicry); `animal`, seed sites (`seed`: 8mer, 7mer-m8, 7mer-A1, 6mer); or `both`. Left out: the domain of the species the request names (a plant species: plant; an animal: animal), else both. The duplex (`duplex`) is always given.";
export const SiteVocabularySchema = z.enum(SITE_VOCABULARIES).openapi({ description: VOCABULARY });
const VocabularyAnswerSchema = z
  .object({
    name: z.enum(SITE_VOCABULARIES).openapi({ description: "The vocabulary of every result's evidence" }),
    from: z.enum(["request", "species", "default"]).openapi({
      description:
        "Who chose it: `request` (the request's `vocabulary`), `species` (the domain of the request's species), `default` (no species, or one of neither domain: both)",
    }),
  })
  .openapi({ description: "Which site evidence the results carry (`seed`, `plantTarget` or both), and why" });

export const PairInputSchema = closedObject({
  id: userId()
    .optional()
    .openapi({ description: `Your label for the pair, echoed back; ${ID_RULE}`, example: "miR399-lnc1077" }),
  mirna: sequenceText("Mature miRNA", MIRNA_LIMIT).openapi({ example: "UGCCAAAGGAGAUUUGCCCUG" }),
  lncrna: sequenceText("lncRNA", LNCRNA_LIMIT).openapi({
    example: "GGAUCCAUUCAGGGCAAAUCUCCUUUGGCAAUCGAUCGGAUCGAUGCAUGCAUGCUAGCUAGCUAGCAUCGAUCG",
  }),
}).openapi("PairInput");

export const PredictRequestSchema = closedObject({
  pairs: z
    .array(PairInputSchema)
    .min(1)
    .max(LIMITS.maxPairs)
    .optional()
    .openapi({
      description: `1–${LIMITS.maxPairs} miRNA–lncRNA pairs. Give either pairs, or mirnaFasta with lncrnaFasta.`,
    }),
  mirnaFasta: z
    .string()
    .optional()
    .openapi({
      description: `Mature miRNAs as ${FASTA_RULES} Each ${MIRNA_LIMIT}`,
      example: ">miR399\nUGCCAAAGGAGAUUUGCCCUG\n",
    }),
  lncrnaFasta: z
    .string()
    .optional()
    .openapi({
      description: `lncRNAs as ${FASTA_RULES} Each ${LNCRNA_LIMIT}`,
      example: ">lnc1077\nGGAUCCAUUCAGGGCAAAUCUCCUUUGGCAAUCGAUCGGAUCGAUGCAUGCAUGC\n",
    }),
  pairing: PairingSchema.optional(),
  model: z.string().optional().openapi({ description: MODEL_CHOICE }),
  species: SpeciesNameSchema.optional().openapi({ description: PAIR_SPECIES, example: "ath" }),
  source: SpeciesSourceSchema.optional(),
  vocabulary: SiteVocabularySchema.optional(),
})
  .superRefine((body, ctx) => {
    if (body.source !== undefined && body.species === undefined)
      ctx.addIssue({ code: "custom", path: ["source"], message: "source picks a species set: give it with species" });
    const fasta = body.mirnaFasta !== undefined || body.lncrnaFasta !== undefined;
    if (body.pairs !== undefined && fasta)
      ctx.addIssue({
        code: "custom",
        path: ["pairs"],
        message: "give either pairs or FASTA fields (mirnaFasta, lncrnaFasta), not both",
      });
    else if (body.pairs === undefined && !fasta)
      ctx.addIssue({ code: "custom", path: ["pairs"], message: "give pairs, or mirnaFasta with lncrnaFasta" });
    else if (fasta) {
      if (body.mirnaFasta === undefined)
        ctx.addIssue({ code: "custom", path: ["mirnaFasta"], message: "lncrnaFasta needs mirnaFasta beside it" });
      if (body.lncrnaFasta === undefined)
        ctx.addIssue({ code: "custom", path: ["lncrnaFasta"], message: "mirnaFasta needs lncrnaFasta beside it" });
    }
    if (body.pairing !== undefined && body.pairs !== undefined)
      ctx.addIssue({ code: "custom", path: ["pairing"], message: "pairing applies to FASTA input only" });
  })
  .openapi("PredictRequest", {
    description: "Either `pairs`, or `mirnaFasta` and `lncrnaFasta` (paired as `pairing` says).",
  });

/** A form part: an uploaded file or a plain text field; either way its text is used. */
const formText = (description: string) =>
  z
    .custom<File | string>((v) => typeof v === "string" || v instanceof File, {
      message: "expected one file or one text field",
    })
    .openapi({
      type: "string",
      format: "binary",
      description: `${description} A file part may be gzip-compressed (its first bytes tell).`,
    });

export const PredictFormSchema = closedObject({
  mirna: formText(`miRNA FASTA file (or text). ${FASTA_RULES} Each ${MIRNA_LIMIT}`),
  lncrna: formText(`lncRNA FASTA file (or text). Each ${LNCRNA_LIMIT}`),
  pairing: PairingSchema.optional(),
  model: z.string().optional().openapi({ description: MODEL_CHOICE }),
  species: SpeciesNameSchema.optional().openapi({ description: PAIR_SPECIES }),
  source: SpeciesSourceSchema.optional(),
  vocabulary: SiteVocabularySchema.optional(),
})
  .superRefine((body, ctx) => {
    if (body.source !== undefined && body.species === undefined)
      ctx.addIssue({ code: "custom", path: ["source"], message: "source picks a species set: give it with species" });
  })
  .openapi("PredictUpload", { description: "multipart/form-data upload: two FASTA files, paired as `pairing` says." });

const siteCounts = z.object(
  Object.fromEntries(
    SITE_TYPES.map((t) => [
      t,
      z
        .number()
        .int()
        .openapi({ description: `${t} sites` }),
    ]),
  ) as Record<(typeof SITE_TYPES)[number], z.ZodNumber>,
);

export const SeedSiteSchema = z
  .object({
    start: z.number().int().openapi({ description: "1-based first position on the lncRNA" }),
    end: z.number().int().openapi({ description: "1-based last position on the lncRNA (inclusive)" }),
    type: z.enum(SITE_TYPES).openapi({
      description:
        "8mer: miRNA nt 2–8 paired and an A facing nt 1; 7mer-m8: nt 2–8 paired; 7mer-A1: nt 2–7 paired and an A facing nt 1; 6mer: nt 2–7 paired",
    }),
    wobble: z
      .number()
      .int()
      .openapi({ description: "G:U pairs in the seed core (miRNA nt 2–7); 0 = Watson–Crick site" }),
  })
  .openapi("SeedSite");

const seedEvidence = (listed: number) =>
  z
    .object({
      counts: siteCounts.openapi({ description: "Watson–Crick seed sites by type" }),
      wobbleCounts: siteCounts.openapi({ description: "Seed sites with G:U pairs in the core, by type" }),
      total: z.number().int().openapi({ description: "All seed sites found" }),
      sites: z.array(SeedSiteSchema).openapi({ description: `Sites in lncRNA order, at most ${listed} listed` }),
      sitesTruncated: z.boolean().openapi({ description: "true when more sites exist than are listed" }),
      // a union rather than .nullable(): the generator renders a nullable $ref as an allOf that no value satisfies
      best: z.union([SeedSiteSchema, z.null()]).openapi({
        description:
          "The strongest site (8mer > 7mer-m8 > 7mer-A1 > 6mer, Watson–Crick before wobble, then 5′-most), of all sites; null when there is none",
      }),
    })
    .openapi({ description: "miRNA seed (nt 2–8) sites on the lncRNA: evidence behind the score" });

export const DuplexSiteSchema = z
  .object({
    energy: z.number().openapi({ description: "Minimum free energy of this site, kcal/mol" }),
    targetStart: z.number().int().openapi({ description: "1-based first paired position on the lncRNA" }),
    targetEnd: z.number().int().openapi({ description: "1-based last paired position on the lncRNA (inclusive)" }),
    mirnaStart: z.number().int().openapi({ description: "1-based first paired miRNA nt (5′→3′)" }),
    mirnaEnd: z.number().int().openapi({ description: "1-based last paired miRNA nt (inclusive)" }),
    diagram: z.array(z.string()).length(4).openapi({
      description:
        "RNAhybrid-style picture, lncRNA 5′→3′ over miRNA 3′→5′: lncRNA unpaired, lncRNA paired, miRNA paired, miRNA unpaired",
    }),
  })
  .openapi("DuplexSite");

const duplexEvidence = z
  .object({
    energy: z.number().openapi({
      description:
        "Minimum free energy of the best duplex anywhere on the lncRNA, kcal/mol (0: nothing pairs favourably)",
    }),
    // a union rather than .nullable(): the generator renders a nullable $ref as an allOf that no value satisfies
    best: z.union([DuplexSiteSchema, z.null()]).openapi({
      description: "The site of the best duplex, with its picture; null when nothing pairs favourably",
    }),
  })
  .openapi({
    description:
      "Minimum free energy hybridization of the miRNA on the lncRNA (RNAhybrid's model, Turner 1999 parameters; docs/duplex.md)",
  });

export const PlantTargetSiteSchema = z
  .object({
    expectation: z.number().openapi({
      description:
        "psRNATarget expectation of the site: summed penalties (mismatch 1, G:U 0.5, gap opening 2 and extension 0.5, ×1.5 in the seed region, miRNA nt 2–13); lower is more complementary",
    }),
    start: z
      .number()
      .int()
      .openapi({ description: "1-based first lncRNA position of the site (facing the last scored miRNA nt)" }),
    end: z
      .number()
      .int()
      .openapi({ description: "1-based last lncRNA position of the site (inclusive; facing miRNA nt 1)" }),
    mismatches: z
      .array(z.number().int())
      .openapi({ description: "miRNA positions (1-based from its 5′ end) facing a non-complementary or unknown base" }),
    wobbles: z.array(z.number().int()).openapi({ description: "miRNA positions in a G:U pair" }),
    unpaired: z
      .array(z.number().int())
      .openapi({ description: "miRNA positions without a partner on the lncRNA (a bulge in the miRNA)" }),
    targetBulges: z
      .array(
        z.object({
          after: z.number().int().openapi({ description: "The miRNA position the unpaired lncRNA nucleotides follow" }),
          length: z.number().int().openapi({ description: "Unpaired lncRNA nucleotides" }),
        }),
      )
      .openapi({ description: "lncRNA nucleotides left unpaired between two paired miRNA positions" }),
    seedMismatches: z.number().int().openapi({
      description:
        "Mismatched or unpaired nucleotides in the seed region (miRNA nt 2–13, lncRNA bulges there included)",
    }),
    cleavageSite: z.boolean().openapi({
      description: "miRNA nt 10 and 11 both paired (Watson–Crick or G:U) with no lncRNA bulge between them",
    }),
    inhibition: z.enum(["cleavage", "translation"]).openapi({
      description: "psRNATarget's call: cleavage when the cleavage site pairs, else translational inhibition",
    }),
    called: z.boolean().openapi({
      description: `Whether psRNATarget's defaults would report the pair: expectation ≤ ${PSRNATARGET_V2.maxExpectation} and at most ${PSRNATARGET_V2.maxSeedMismatches} seed mismatches`,
    }),
  })
  .openapi("PlantTargetSite");

export const MimicrySiteSchema = z
  .object({
    start: z.number().int().openapi({ description: "1-based first lncRNA position of the mimicry site" }),
    end: z.number().int().openapi({ description: "1-based last lncRNA position of the mimicry site (inclusive)" }),
    bulgeAfter: z
      .number()
      .int()
      .openapi({ description: "The miRNA position (9–11) the three unpaired lncRNA nucleotides follow" }),
    mispairs: z
      .number()
      .int()
      .openapi({ description: "Mismatches and G:U pairs outside the seed (miRNA nt 2–8) and the bulge, at most 3" }),
  })
  .openapi("MimicrySite");

const plantTargetEvidence = z
  .object({
    scoredLength: z
      .number()
      .int()
      .openapi({
        description: `miRNA nucleotides the expectation scores from the 5′ end: min(length, ${PSRNATARGET_V2.hspSize}) (psRNATarget's HSP size)`,
      }),
    // a union rather than .nullable(): the generator renders a nullable $ref as an allOf that no value satisfies
    best: z.union([PlantTargetSiteSchema, z.null()]).openapi({
      description:
        "The lowest-expectation site on the lncRNA (ties: nearest its 5′ end); null when no site fits (a lncRNA of 1 nt)",
    }),
    mimicry: z
      .object({
        sites: z.number().int().openapi({ description: "Target-mimicry sites on the lncRNA" }),
        best: z.union([MimicrySiteSchema, z.null()]).openapi({
          description: "The site with the fewest mispairs (ties: nearest the lncRNA's 5′ end); null when none",
        }),
      })
      .openapi({
        description:
          "Endogenous target mimicry (Wu et al. 2013): miRNA nt 2–8 paired Watson–Crick, three unpaired lncRNA nucleotides after miRNA nt 9, 10 or 11, the rest paired with at most 3 mismatches and G:U pairs (never more than 2 mismatches in a row)",
      }),
  })
  .openapi({
    description:
      "The plant target convention: the miRNA's best complementary site in psRNATarget's scoring schema V2, its cleavage call and target-mimicry sites (docs/complementarity.md)",
  });

const SEED_SHOWN =
  "miRNA seed (nt 2–8) sites on the lncRNA, the animal target vocabulary; present unless the answer's `vocabulary` is plant";
const PLANT_TARGET_SHOWN =
  "The plant target convention: the miRNA's best complementary site in psRNATarget's scoring schema V2, its cleavage call and target-mimicry sites (docs/complementarity.md); present unless the answer's `vocabulary` is animal";

export const AttentionSchema = z
  .object({
    model: z.string().openapi({ description: "The model whose attention this is" }),
    start: z.number().int().openapi({
      description:
        "lncRNA position (1-based) where the first value's span starts: the model's window, centred on the best duplex",
    }),
    resolution: z.number().int().openapi({ description: "lncRNA nucleotides between consecutive values" }),
    values: z.array(z.number()).openapi({
      description:
        "Attention weight per step, 5′→3′, summing to 1 (padding of a lncRNA shorter than the window weighs ≈ 0 and is left out)",
    }),
  })
  .openapi("Attention", {
    description:
      "Where along the lncRNA a model with an attention layer (premli) looked, over its lncRNA window. In /v1/predict answers of that model, and of an ensemble with it as a member (under members).",
  });

export const MemberScoreSchema = z
  .object({
    model: z.string().openapi({ description: "The member model's name" }),
    score: z.number().min(0).max(1).openapi({ description: "The member's calibrated probability of interaction" }),
    label: z.union([z.literal(0), z.literal(1)]).openapi({ description: "1 when the member's score ≥ its threshold" }),
    threshold: z.number().openapi({ description: "The member's own threshold" }),
    attention: AttentionSchema.optional(),
  })
  .openapi("MemberScore", { description: "One ensemble member's own result" });

export const GeneSchema = z
  .object({
    isoforms: z.number().int().nonnegative().openapi({
      description:
        "Transcripts of the deployment's reference that share exons with the lncRNA (exact 24-mers over at least a tenth of the shorter's, read from a fixed sample of them): its isoforms. 0 when the reference does not hold its gene.",
    }),
    ownSites: z.number().int().nonnegative().openapi({
      description: "Canonical seed sites (8mer, 7mer-m8, 7mer-A1) of the miRNA on the lncRNA itself",
    }),
    isoformSites: z.number().int().nonnegative().openapi({
      description: "The most canonical seed sites of the miRNA on any one isoform",
    }),
    modelScore: z.number().min(0).max(1).openapi({
      description:
        "The model's score before the gene head revised it (the human head's, for a new lncRNA). P-values test this score: the screen nulls were drawn without a reference.",
    }),
    geneScore: z.number().min(0).max(1).openapi({
      description:
        "The gene score the head read: the highest of modelScore and the model's scores of the isoforms it scored, each as a new lncRNA",
    }),
    isoformsScored: z
      .number()
      .int()
      .nonnegative()
      .openapi({
        description: `Isoforms the model scored for geneScore: those with a canonical site of the miRNA among the ${GENE_SCORED_ISOFORMS} that share most with the lncRNA (an isoform the model knows is left out)`,
      }),
  })
  .openapi("Gene", {
    description:
      "Present when the model's gene head revised the score: a lncRNA new to the model, on its human head, in a deployment with reference lncRNAs loaded (`npm run reference:load`). Human partners are validated per gene and copied to each of its transcripts, so a partner's site may lie in an exon the scored transcript lacks; the gene head, fitted on the lncRNA-cold folds, reads the model's best score over the transcript and its isoforms with a site (geneScore), and whether the miRNA has a canonical site on the transcript or only on an isoform. The score is then sigmoid(w · [logit(geneScore), site on the transcript, site only on an isoform, isoform found] + b), with the weights on the model card's `geneHead`.",
  });

const scoreFields = {
  score: z.number().min(0).max(1).openapi({ description: "Calibrated probability of interaction" }),
  label: z.union([z.literal(0), z.literal(1)]).openapi({ description: "1 when score ≥ threshold" }),
  threshold: z.number().openapi({ description: "The model's threshold, chosen on its validation split" }),
  model: z.string().openapi({ description: "The model that scored it" }),
  members: z
    .array(MemberScoreSchema)
    .optional()
    .openapi({ description: "Per-member breakdown; present when the model is an ensemble" }),
  domains: z.record(z.string(), z.number().min(0).max(1)).optional().openapi({
    description:
      "A gated ensemble's weight on each domain's stacking head (e.g. plant, human); they sum to 1. The score is the weighted sum of the heads' probabilities. The weights come from the pair's k-mer composition (the gate); when the miRNA is a known miRNA of one domain (miRBase 18, PMRD or a later human release), or the request names a species whose domain is known, that domain's head takes weight 1 (`domainFrom`).",
  }),
  domainFrom: z.enum(DOMAIN_SOURCES).optional().openapi({
    description:
      "Who chose the head weights: `gate` (the pair's k-mer composition), `mirna` (the miRNA's sequence is a known miRNA of plants or of animals, by the species lists the model carries: a plant miRNA uses the plant head, an animal one the human head) or `species` (the request's species, which comes first).",
  }),
  lncrnaKnown: z.boolean().optional().openapi({
    description:
      "Present when the model routes new lncRNAs (the default does): true when this exact lncRNA sequence was in the human pairs its members trained on, so the human head may draw on that lncRNA's known partners; false when it is new to them, and the human head's share of the score then comes from the novel head, fitted on lncRNAs the members had never seen (the model card's `training.stacker.novelHead`). /v1/models gives the measured accuracy on such lncRNAs (`newLncrna`).",
  }),
  gene: GeneSchema.optional(),
};

export const WarningSchema = z
  .object({
    code: z.enum(["lncrna-shorter-than-training"]).openapi({
      description: `lncrna-shorter-than-training: the lncRNA is shorter than any the models were trained on (${LIMITS.shortestTrainedLncrnaLength} nt); the score is an extrapolation`,
    }),
    detail: z.string().openapi({ description: "The caveat in words, with the numbers behind it" }),
  })
  .openapi("Warning", { description: "Something to know about a score that was still given" });

const warnings = z
  .array(WarningSchema)
  .optional()
  .openapi({ description: "Present when a score comes with caveats (e.g. a lncRNA shorter than any trained on)" });

export const ScreenSignificanceSchema = z
  .object({
    available: z.boolean().openapi({ description: "Whether the hits carry pValue and qValue" }),
    reason: z.string().optional().openapi({ description: "Why not, when they do not" }),
    method: z.string().optional().openapi({ description: "How the null was made (docs/significance.md)" }),
    model: z.string().optional().openapi({ description: "The model whose scores the null describes" }),
    backgrounds: z.number().int().optional().openapi({ description: "Background lncRNAs the null was fitted on" }),
  })
  .openapi("ScreenSignificance", {
    description:
      "P-values per hit from the species set's null, fitted by species:load for the default model: per miRNA, its logit score against background lncRNAs (dinucleotide-shuffled stretches of the domain's real lncRNAs) at several lengths, a location with a ln(length) term and a scale, and the residual distribution of held-out backgrounds.",
  });

export const PredictionSchema = z
  .object({
    index: z
      .number()
      .int()
      .openapi({ description: "Position of the pair in the request (for FASTA input: in pairing order)" }),
    id: z.string().optional().openapi({ description: "The pair's id, when given" }),
    mirnaId: z.string().optional().openapi({ description: "FASTA id of the miRNA (FASTA input)" }),
    lncrnaId: z.string().optional().openapi({ description: "FASTA id of the lncRNA (FASTA input)" }),
    ...scoreFields,
    pValue: z.number().min(0).max(1).optional().openapi({
      description:
        "With `species`: the probability that this miRNA scores at least this high against a background lncRNA of the same length, from the species set's null (`significance`); present when the set has a null for the model and the miRNA's sequence is in the set",
    }),
    qValue: z.number().min(0).max(1).optional().openapi({
      description: "Benjamini–Hochberg q-value of the p-value among the request's pairs that have one",
    }),
    attention: AttentionSchema.optional(),
    lengths: z
      .object({
        mirna: z.number().int().openapi({ description: "miRNA nucleotides" }),
        lncrna: z.number().int().openapi({ description: "lncRNA nucleotides" }),
      })
      .openapi({ description: "Sequence lengths as scored" }),
    ambiguous: z
      .object({
        mirna: z.number().int().openapi({ description: "N / IUPAC symbols in the miRNA" }),
        lncrna: z.number().int().openapi({ description: "N / IUPAC symbols in the lncRNA" }),
      })
      .openapi({ description: "N / IUPAC ambiguity symbols per sequence" }),
    seed: seedEvidence(LIMITS.maxSitesListed).optional().openapi({ description: SEED_SHOWN }),
    duplex: duplexEvidence,
    warnings,
    plantTarget: plantTargetEvidence.optional().openapi({ description: PLANT_TARGET_SHOWN }),
  })
  .openapi("Prediction");

export const PredictResponseSchema = z
  .object({
    model: z.string().openapi({ description: "The model asked for (or the default)" }),
    members: z.array(z.string()).openapi({ description: "Models that scored the pairs" }),
    vocabulary: VocabularyAnswerSchema,
    pairing: PairingSchema.optional().openapi({ description: "How FASTA records were paired (FASTA input)" }),
    significance: ScreenSignificanceSchema.extend({
      pairs: z
        .number()
        .int()
        .optional()
        .openapi({ description: "Pairs that got a p-value (their miRNA is in the set)" }),
    })
      .optional()
      .openapi({ description: "With `species`: whether results carry pValue and qValue, and why not" }),
    results: z.array(PredictionSchema).openapi({ description: "One result per pair, in request (pairing) order" }),
  })
  .openapi("PredictResponse");

const LNCRNA_SCREEN = `The lncRNA: a bare sequence, or one FASTA record (its header gives the id). ${SEQUENCE_RULES} ${LNCRNA_LIMIT}`;
const MIRNA_SET = `Candidate miRNAs as ${FASTA_RULES} At most ${LIMITS.maxScreenMirnas} records, each ${MIRNA_LIMIT}`;
const TOP_K = `How many of the best-scoring candidates to list, 1–${LIMITS.maxTopK} (default ${LIMITS.defaultTopK}).`;

const EXHAUSTIVE = `true: the model scores every candidate (refused with work-too-large when that exceeds the work budget); false: a first pass — the complementarity and seed-site kernels and the cheap bundled models — ranks every candidate and the model scores the union of each signal's best max(offset + topK, ${SCREEN_SHORTLIST}), much faster for thousands of miRNAs; unset (the default): every candidate whenever the work budget allows, else the first pass. The answer's \`ranking.complete\` says which, and \`firstPass.recall\` how often the shortlist kept the exhaustive top 25 for that species set (npm run bench:screen).`;
const PRIOR = `With \`species\`, where the model has a partner prior for it (\`hsa\` with the default model): true (the default) ranks by the model's logit plus the prior log-odds of the candidate's seed family (nt 2–8), from how many validated lncRNA partners the family has in the model's training rows — validated human partners favour well-studied miRNAs, and a new lncRNA's partners follow the same bias; false ranks by the model's score alone. p-values are the pair's own either way. Each hit's \`prior\` and the answer's \`ranking.prior\` show it.`;
const OFFSET = `Rank − 1 of the first hit listed (default 0): page through the full ranking with topK as the page size; the answer's \`ranking.nextOffset\` is the next page's. At most ${LIMITS.maxScreenMirnas - 1}.`;

export const ScreenRequestSchema = closedObject({
  lncrna: z.string().openapi({
    description: LNCRNA_SCREEN,
    example: ">lnc1\nGGAUCCAUUCAGGGCAAAUCUCCUUUGGCAAUCGAUCGGAUCGAUGCAUGCAUGC\n",
  }),
  lncrnaId: userId()
    .optional()
    .openapi({ description: `Your label for the lncRNA (overrides a FASTA header's id); ${ID_RULE}` }),
  species: SpeciesNameSchema.optional().openapi({
    description: `${SPECIES_DESCRIPTION} Give either species or mirnaFasta.`,
    example: "hsa",
  }),
  source: SpeciesSourceSchema.optional(),
  vocabulary: SiteVocabularySchema.optional(),
  mirnaFasta: z.string().optional().openapi({ description: MIRNA_SET }),
  model: z.string().optional().openapi({ description: MODEL_CHOICE }),
  topK: z.number().int().min(1).max(LIMITS.maxTopK).optional().openapi({ description: TOP_K }),
  offset: z
    .number()
    .int()
    .min(0)
    .max(LIMITS.maxScreenMirnas - 1)
    .optional()
    .openapi({ description: OFFSET }),
  exhaustive: z.boolean().optional().openapi({ description: EXHAUSTIVE }),
  prior: z.boolean().optional().openapi({ description: PRIOR }),
})
  .superRefine((body, ctx) => {
    if ((body.species === undefined) === (body.mirnaFasta === undefined))
      ctx.addIssue({ code: "custom", path: ["species"], message: "give either species or mirnaFasta (exactly one)" });
    if (body.source !== undefined && body.species === undefined)
      ctx.addIssue({ code: "custom", path: ["source"], message: "source picks a species set: give it with species" });
  })
  .openapi("ScreenRequest", { description: "One lncRNA, and either a species set or a miRNA FASTA." });

export const ScreenFormSchema = closedObject({
  lncrna: formText(`lncRNA FASTA file with one record (or text: a bare sequence or one record). ${LNCRNA_LIMIT}`),
  lncrnaId: userId()
    .optional()
    .openapi({ description: `Your label for the lncRNA (overrides a FASTA header's id); ${ID_RULE}` }),
  species: SpeciesNameSchema.optional().openapi({
    description: `${SPECIES_DESCRIPTION} Give either species or mirna.`,
  }),
  source: SpeciesSourceSchema.optional(),
  vocabulary: SiteVocabularySchema.optional(),
  mirna: formText(
    `Candidate miRNA FASTA file (or text). At most ${LIMITS.maxScreenMirnas} records, each ${MIRNA_LIMIT}`,
  ).optional(),
  model: z.string().optional().openapi({ description: MODEL_CHOICE }),
  topK: formInteger(1, LIMITS.maxTopK)
    .optional()
    .openapi({ type: "integer", minimum: 1, maximum: LIMITS.maxTopK, description: TOP_K }),
  offset: formInteger(0, LIMITS.maxScreenMirnas - 1)
    .optional()
    .openapi({ type: "integer", minimum: 0, maximum: LIMITS.maxScreenMirnas - 1, description: OFFSET }),
  exhaustive: z.enum(["true", "false"]).optional().openapi({ description: EXHAUSTIVE }),
  prior: z.enum(["true", "false"]).optional().openapi({ description: PRIOR }),
})
  .superRefine((body, ctx) => {
    if ((body.species === undefined) === (body.mirna === undefined))
      ctx.addIssue({ code: "custom", path: ["species"], message: "give either species or mirna (exactly one)" });
    if (body.source !== undefined && body.species === undefined)
      ctx.addIssue({ code: "custom", path: ["source"], message: "source picks a species set: give it with species" });
  })
  .openapi("ScreenUpload", {
    description: "multipart/form-data upload: a lncRNA FASTA, and a species name or a miRNA FASTA file.",
  });

const SpeciesRefSchema = z.object({
  name: z.string().openapi({ description: "miRBase species prefix" }),
  latinName: z.string().nullable().openapi({ description: "Genus and species; null when the source names none" }),
  source: z.enum(SPECIES_SOURCES).openapi({ description: "Which of the species' sets (GET /v1/species)" }),
  release: z.string().openapi({ description: "The source's release" }),
});

const PriorEvidenceSchema = z
  .object({
    family: z.string().openapi({ description: "The candidate's seed family: miRNA nucleotides 2–8" }),
    partners: z
      .number()
      .int()
      .openapi({ description: "Validated lncRNA partners of the family in the prior's training rows" }),
    logOdds: z.number().openapi({
      description:
        "ln((partners + pseudocount) / (partners per miRNA + pseudocount)): added to the model's logit to rank (`rankScore`)",
    }),
  })
  .openapi("PriorEvidence", {
    description: "The candidate's partner prior; present when the screen ranks with one (`ranking.prior`)",
  });

const RankingPriorSchema = z
  .object({
    basis: z.literal("seed-family").openapi({ description: "Counted per seed family (miRNA nt 2–8)" }),
    datasets: z.array(z.string()).openapi({ description: "Whose training rows the partners were counted in" }),
    meanPartners: z.number().openapi({ description: "Validated partners per distinct miRNA of those rows" }),
    pseudocount: z.number().openapi({ description: "Added to each family's count" }),
  })
  .openapi("RankingPrior", {
    description:
      "Present when the ranking adds a partner prior to the model's logit (a species the model has one for, and `prior` not false)",
  });

export const ScreenHitSchema = z
  .object({
    rank: z.number().int().openapi({ description: "1 = best score" }),
    id: z.string().openapi({ description: "The candidate's id (the first, when several share its sequence)" }),
    aliases: z.array(z.string()).openapi({ description: "Other ids with the identical sequence (scored once)" }),
    mirna: z.string().openapi({ description: "The miRNA sequence as screened (U alphabet, N for unknown bases)" }),
    ...scoreFields,
    pValue: z.number().min(0).max(1).optional().openapi({
      description:
        "Probability that this miRNA scores at least this high against a background lncRNA of the same length (the set's null, `significance`); present when the set has a null for the model",
    }),
    qValue: z.number().min(0).max(1).optional().openapi({
      description:
        "Benjamini–Hochberg q-value of the p-value among every distinct candidate of the screen (candidates the first pass did not send to the model count with p = 1)",
    }),
    prior: PriorEvidenceSchema.optional(),
    rankScore: z.number().optional().openapi({
      description:
        "What the hit is ranked by when a partner prior applies (`ranking.prior`): logit(score) + prior.logOdds; absent otherwise (ranked by score)",
    }),
    seed: seedEvidence(LIMITS.maxSitesPerHit).optional().openapi({ description: SEED_SHOWN }),
    duplex: duplexEvidence,
    plantTarget: plantTargetEvidence.optional().openapi({ description: PLANT_TARGET_SHOWN }),
  })
  .openapi("ScreenHit");

export const ScreenResponseSchema = z
  .object({
    model: z.string().openapi({ description: "The model asked for (or the default)" }),
    members: z.array(z.string()).openapi({ description: "Models that scored the candidates" }),
    vocabulary: VocabularyAnswerSchema,
    lncrna: z
      .object({
        id: z.string().optional().openapi({ description: "lncrnaId, or the FASTA header's id" }),
        length: z.number().int().openapi({ description: "Nucleotides as scored" }),
        ambiguous: z.number().int().openapi({ description: "N / IUPAC symbols" }),
      })
      .openapi({ description: "The screened lncRNA" }),
    warnings,
    candidates: z
      .object({
        source: z.enum(["species", "fasta"]).openapi({ description: "Where the candidates came from" }),
        species: z.string().optional().openapi({ description: "The species set's prefix (species screens)" }),
        set: SpeciesRefSchema.optional().openapi({ description: "Which species set was screened (species screens)" }),
        count: z.number().int().openapi({ description: "Candidate records" }),
        distinct: z.number().int().openapi({ description: "Distinct sequences" }),
        scored: z
          .number()
          .int()
          .openapi({ description: "Distinct sequences the model scored: all of them, or the first pass's shortlist" }),
      })
      .openapi({ description: "The candidate miRNAs: their source, how many, how many the model scored" }),
    ranking: z
      .object({
        complete: z.boolean().openapi({
          description:
            "true: the model scored every distinct candidate, so ranks are final; false: a first pass chose the candidates the model scored (`firstPass`), and a candidate outside its shortlist has no rank",
        }),
        offset: z.number().int().openapi({ description: "Rank − 1 of the first hit listed" }),
        nextOffset: z.number().int().optional().openapi({
          description: "The offset of the next page, when the model ranked more candidates than this page lists",
        }),
        prior: RankingPriorSchema.optional(),
      })
      .openapi({ description: "How complete the ranking is, and where this page sits in it" }),
    firstPass: z
      .object({
        signals: z.array(z.string()).openapi({
          description:
            "What ranked every candidate: the complementarity and seed-site kernels and the cheap models bundled",
        }),
        perSignal: z
          .number()
          .int()
          .openapi({ description: "Each signal's best candidates kept; the shortlist is their union" }),
        recall: z
          .object({
            measured: z.boolean().openapi({ description: "Whether bench:screen measured it for this model and set" }),
            top: z.number().int().optional().openapi({ description: "The exhaustive top this recall is of" }),
            recall: z.number().min(0).max(1).optional().openapi({
              description:
                "Share of the exhaustive ranking's top `top` that the shortlist's top `top` holds, mean over the lncRNAs measured by npm run bench:screen for this species set",
            }),
            lncrnas: z.number().int().optional().openapi({ description: "lncRNAs the recall was measured on" }),
            perSignal: z
              .number()
              .int()
              .optional()
              .openapi({ description: "The per-signal shortlist it was measured at" }),
            reason: z.string().optional().openapi({ description: "Why no recall is known, when measured is false" }),
          })
          .openapi({ description: "How much of the exhaustive top the shortlist is known to keep" }),
      })
      .optional()
      .openapi({
        description:
          "Present when a first pass chose which candidates the model scored (absent when every candidate was scored: `ranking.complete`)",
      }),
    aboveThreshold: z.number().int().openapi({ description: "Scored candidates labelled 1" }),
    significance: ScreenSignificanceSchema,
    topK: z.number().int().openapi({ description: "The page size asked for" }),
    hits: z.array(ScreenHitSchema).openapi({
      description:
        "The page of the ranking asked for: topK distinct candidates from rank offset + 1, best first (ties: input order)",
    }),
  })
  .openapi("ScreenResponse");

export const SpeciesSummaryApiSchema = z
  .object({
    name: z.string().openapi({ description: "miRBase species prefix, as the source writes it" }),
    latinName: z
      .string()
      .nullable()
      .openapi({ description: "Genus and species (null when the source does not name them: PMRD)" }),
    source: z.enum(SPECIES_SOURCES).openapi({ description: SOURCE_DESCRIPTION }),
    release: z.string().openapi({ description: "The source's release" }),
    file: z.string().openapi({ description: "The data file the set was loaded from" }),
    description: z.string().openapi({ description: "What the set is, in words" }),
    count: z.number().int().openapi({ description: "miRNA names in the set" }),
    distinct: z.number().int().openapi({ description: "Distinct sequences (one row each, with all their names)" }),
    predicted: z.number().int().openapi({ description: 'Names of predicted, not curated, miRNAs (PMRD "miRf…")' }),
    skipped: z
      .number()
      .int()
      .openapi({ description: "Records left out when the set was loaded (e.g. outside the miRNA length range)" }),
    loadedAt: z.string().openapi({ description: "When species:load stored the set (ISO 8601)" }),
    sha256: z.string().openapi({ description: "SHA-256 of the stored set, checked when it is read" }),
  })
  .openapi("SpeciesSet");

export const SpeciesListSchema = z
  .object({ sets: z.array(SpeciesSummaryApiSchema).openapi({ description: "Every loaded set" }) })
  .openapi("SpeciesList");

export const SpeciesDetailSchema = SpeciesSummaryApiSchema.extend({
  mirnas: z
    .array(
      z.object({
        id: z.string().openapi({ description: "The first name of the sequence (curated names before predicted)" }),
        aliases: z.array(z.string()).openapi({ description: "Every other name of the identical sequence" }),
        sequence: z.string().openapi({ description: "The mature miRNA, U alphabet, as screened" }),
      }),
    )
    .openapi({ description: "One row per distinct sequence" }),
}).openapi("SpeciesDetail");

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: "Stable identifier of the fault, e.g. /v1/problems/invalid-symbol" }),
    title: z.string().openapi({ description: "Short, fixed summary of the fault type" }),
    status: z.number().int().openapi({ description: "The HTTP status" }),
    detail: z.string().openapi({ description: "This occurrence in words: what was wrong and where" }),
    instance: z.string().optional().openapi({ description: "The request path" }),
    errors: z
      .array(
        z
          .object({
            type: z.string().openapi({ description: "The fault's own type" }),
            pointer: z.string().openapi({ description: "JSON pointer into the request body, or the form field" }),
            detail: z.string().openapi({ description: "The fault in words" }),
          })
          .loose(),
      )
      .optional()
      .openapi({
        description:
          "Each fault with a JSON pointer into the request body (or the form field), and for FASTA input the record, id, line and column",
      }),
  })
  .loose()
  .openapi("Problem");

export const ModelSummarySchema = z
  .object({
    name: z.string().openapi({ description: "The name to give as `model`" }),
    description: z.string().openapi({ description: "What the model is and what it was trained on" }),
    family: z.string().openapi({ description: "The kind of model (e.g. feature-mlp, ensemble)" }),
    members: z.array(z.string()).optional().openapi({ description: "An ensemble's members, whose scores it combines" }),
    default: z.boolean().openapi({ description: "Whether requests that name no model use it" }),
    threshold: z
      .number()
      .openapi({ description: "Score at or above which label is 1, chosen on its validation split" }),
    explanations: z
      .array(z.enum(["seed-sites", "duplex", "attention"]))
      .openapi({ description: "What the answers of this model explain" }),
    encoding: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The input features, as the model card gives them" }),
    training: z.record(z.string(), z.unknown()).openapi({ description: "Datasets, split and training settings" }),
    screenPrior: z.record(z.string(), z.unknown()).optional().openapi({
      description:
        "The partner prior species screens add to this model's logit (`prior` on /v1/screen): validated lncRNA partners per seed family (miRNA nt 2–8) in its training rows, for the species listed",
    }),
    geneHead: GeneHeadSchema.optional(),
    metrics: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Validation metrics from the model card (reports/benchmark.md has the test figures)" }),
    newLncrna: NewLncrnaAccuracySchema.optional(),
    onnx: z.record(z.string(), z.unknown()).openapi({ description: "The ONNX file: size, sha256, opset" }),
  })
  .openapi("Model");

export const HealthSchema = z
  .object({
    status: z.literal("ok").openapi({ description: "The service answers" }),
    version: z.string().openapi({ description: "The service's version" }),
    models: z.array(z.string()).openapi({ description: "The models it serves" }),
  })
  .openapi("Health");

export const PingSchema = z
  .object({ ok: z.literal(true).openapi({ description: "Always true: the route does no work" }) })
  .openapi("Ping");
