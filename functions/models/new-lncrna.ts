// How well a model's recipe scores human lncRNAs it never saw: fold models, each trained without one
// tenth of the ncRNAInter lncRNAs (similarity-grouped), scored on them by `npm run evaluate:cold`
// (models/cold/new-lncrna.json, reports/cold.md). /v1/models shows it beside the card, so an answer
// with `lncrnaKnown: false` can be weighed against a measured figure rather than the warm benchmark.
import { z } from "zod";
import measured from "../../models/cold/new-lncrna.json";

/** A figure with its 95 % confidence interval. */
const ciSchema = (what: string) =>
  z
    .object({
      value: z.number().describe(what),
      lo: z.number().describe("Lower end of the 95 % bootstrap interval"),
      hi: z.number().describe("Upper end of the 95 % bootstrap interval"),
    })
    .describe(`${what}, with a 95 % CI whose resamples draw whole lncRNA similarity groups`);

const spreadSchema = z
  .object({
    mean: z.number().describe("Mean over folds of each fold's ROC-AUC"),
    sd: z.number().describe("Sample standard deviation over folds"),
    min: z.number().describe("The lowest fold's ROC-AUC"),
    max: z.number().describe("The highest fold's ROC-AUC"),
  })
  .describe("ROC-AUC of each fold's test pairs by its own fold model: mean, sample sd and range");

export const NewLncrnaAccuracySchema = z
  .object({
    model: z.string().describe("The served model whose recipe the fold models follow"),
    modelSha256: z.string().describe("Its ONNX file's sha256 when the folds were scored"),
    measuredBy: z.string().describe("The command that measured it"),
    report: z.string().describe("The report with every fold, model and baseline"),
    split: z.string().describe("The data and how its lncRNAs were held out"),
    folds: z.number().int().describe("Folds: each holds out its lncRNAs from its fold models"),
    testPairs: z.number().int().describe("Test pairs over all folds (each pair tested once)"),
    testLncrnas: z.number().int().describe("Test lncRNAs over all folds (each held out once)"),
    rocAuc: spreadSchema,
    pooledRocAuc: ciSchema("ROC-AUC of all folds' test pairs as one set"),
    perLncrnaRocAuc: ciSchema(
      "ROC-AUC within each test lncRNA, averaged: how well one new lncRNA's partners are ranked above its non-partners, which is what a screen does",
    ),
    bestBaselineRocAuc: z
      .number()
      .describe(
        "The best untrained baseline of each fold (seed sites on the transcript or on its isoforms, duplex energy, degree, …), averaged over folds",
      ),
    foldsAboveEveryBaseline: z
      .number()
      .int()
      .describe("Folds where the model is above every baseline (strictly, at 3 decimals)"),
    withReference: z
      .object({
        reference: z.string().describe("The reference lncRNAs the isoforms were read from"),
        rocAuc: spreadSchema,
        pooledRocAuc: ciSchema("ROC-AUC of all folds' test pairs as one set"),
        perLncrnaRocAuc: ciSchema("ROC-AUC within each test lncRNA, averaged"),
        foldsAboveEveryBaseline: z
          .number()
          .int()
          .describe("Folds where it is above every baseline (strictly, at 3 decimals)"),
        ece: ciSchema("Expected calibration error over ten equal-width score bins"),
      })
      .optional()
      .describe(
        "The same with the species named and reference lncRNAs loaded, where the gene head revises each new lncRNA's score (answers with a `gene` field). Each fold model's gene head was fitted on the other folds' rows only. The figures above are those of a deployment without a reference",
      ),
    calibration: z
      .object({
        brier: ciSchema("Brier score: the mean squared gap between score and label (0.25 for a constant 0.5)"),
        ece: ciSchema(
          "Expected calibration error: over ten equal-width score bins, the gap between a bin's mean score and its share of validated pairs, weighted by its pairs",
        ),
        positiveShare: z
          .number()
          .describe(
            "Share of validated pairs among the test pairs. Where partners are rarer (a screen over all miRNAs of a species), the same score means a lower chance",
          ),
        bins: z
          .array(
            z.object({
              lo: z.number().describe("The bin's lowest score"),
              hi: z.number().describe("Its upper bound (the last bin includes 1)"),
              n: z.number().int().describe("Test pairs scored in the bin"),
              meanScore: z.number().describe("Their mean score"),
              positiveShare: z.number().describe("The share of them that are validated pairs"),
            }),
          )
          .describe("The reliability diagram: empty bins left out"),
      })
      .describe(
        "Whether the scores hold as probabilities on new lncRNAs: all folds' test pairs pooled, each scored by its own fold model",
      ),
  })
  // the id names the OpenAPI component of /v1/models' `newLncrna`
  .meta({
    id: "NewLncrnaAccuracy",
    description:
      "How well this model's recipe scores human lncRNAs it never saw (answers with `lncrnaKnown: false`): fold models trained as it was, each without one fold of the ncRNAInter lncRNAs, scored on that fold. The warm benchmark figures do not apply to such lncRNAs.",
  });

export type NewLncrnaAccuracy = z.infer<typeof NewLncrnaAccuracySchema>;

// checked on load: a hand-edited or stale file fails here, not as a malformed /v1/models answer
const MEASURED: NewLncrnaAccuracy = Object.freeze(NewLncrnaAccuracySchema.parse(measured));

/**
 * The measured new-lncRNA accuracy of this model's recipe, or undefined when none was measured for it, or
 * when the model was trained again since (its ONNX changed: evaluate:cold has not run for it).
 */
export function newLncrnaAccuracy(
  model: string,
  modelSha256: string | undefined,
  file: NewLncrnaAccuracy = MEASURED,
): NewLncrnaAccuracy | undefined {
  return file.model === model && file.modelSha256 === modelSha256 ? file : undefined;
}
