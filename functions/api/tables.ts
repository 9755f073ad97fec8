// Tabular answers: /v1/predict and /v1/screen answer JSON by default, or one row per result (hit) as
// TSV or CSV when the request's Accept prefers it. The columns are declared once, with their
// meanings, for the writer, the OpenAPI document and the docs page.
import { z } from "@hono/zod-openapi";
// the browser build: the Node one needs Buffer, which workerd lacks without nodejs_compat
import { stringify } from "csv-stringify/browser/esm/sync";
import type { Context } from "hono";
import Negotiator from "negotiator";
import { ProblemError } from "./problems.ts";

export const TSV = "text/tab-separated-values";
export const CSV = "text/csv";
const JSON_TYPE = "application/json";
/** In order of preference when the Accept header ranks several equally (or is absent). */
const OFFERED = [JSON_TYPE, TSV, CSV] as const;

export type AnswerFormat = "json" | "tsv" | "csv";

/** The format the request's Accept header prefers (q-values honoured); a not-acceptable problem if none. */
export function answerFormat(c: Context): AnswerFormat {
  const accept = c.req.header("Accept");
  const chosen = new Negotiator({ headers: accept === undefined ? {} : { accept } }).mediaType([...OFFERED]);
  if (chosen === TSV) return "tsv";
  if (chosen === CSV) return "csv";
  if (chosen === JSON_TYPE) return "json";
  throw new ProblemError(
    "not-acceptable",
    `this route answers ${OFFERED.join(", ")}; the Accept header allows none of them`,
    {
      accepted: [...OFFERED],
    },
  );
}

/** Content negotiation applies to these answers: caches must key on Accept. */
export const VARY_ACCEPT = { Vary: "Accept" };

type Cell = string | number | null | undefined;

export interface Column<Row> {
  name: string;
  description: string;
  value: (row: Row) => Cell;
}

/** The answer as a table: a header row of column names, then one row each; empty cells for no value. */
export function tableResponse<Row>(c: Context, format: "tsv" | "csv", columns: Column<Row>[], rows: Row[]): Response {
  const text = stringify(
    rows.map((row) => columns.map((column) => column.value(row) ?? "")),
    {
      header: true,
      columns: columns.map((column) => column.name),
      delimiter: format === "tsv" ? "\t" : ",",
      eof: true,
    },
  );
  const type = format === "tsv" ? `${TSV}; charset=utf-8` : `${CSV}; charset=utf-8; header=present`;
  return c.body(text, 200, { ...VARY_ACCEPT, "Content-Type": type });
}

/** The 200 response's tabular media types, the columns described, for the OpenAPI document. */
export function tableContent<Row>(what: string, columns: Column<Row>[]) {
  const description = `${what}, tab-separated (${TSV}) or comma-separated (${CSV}, RFC 4180), with a header row; an empty cell is no value. Columns: ${columns.map((c) => `\`${c.name}\`: ${c.description}`).join("; ")}.`;
  const schema = z.string().openapi({ description });
  return { [TSV]: { schema }, [CSV]: { schema } };
}

/** What a predict result and a screen hit share: a score and the evidence behind it. */
interface Scored {
  score: number;
  label: 0 | 1;
  duplex: { energy: number };
  /** Absent when the answer's vocabulary is animal; seed, when it is plant. */
  plantTarget?: { best: { expectation: number } | null };
  seed?: { best: { type: string; start: number; end: number } | null };
  gene?: { isoforms: number; isoformSites: number; modelScore: number; geneScore: number };
}

export const scoreColumns = <Row extends Scored>(): Column<Row>[] => [
  { name: "score", description: "calibrated probability of interaction (0–1)", value: (r) => r.score },
  { name: "label", description: "1 when score ≥ the model's threshold, else 0", value: (r) => r.label },
  {
    name: "modelScore",
    description:
      "the model's score before its gene head revised it (`gene.modelScore`); empty where the gene head did not apply",
    value: (r) => r.gene?.modelScore,
  },
  {
    name: "geneScore",
    description:
      "the best model score over the lncRNA and its isoforms with a site, which the gene head read (`gene.geneScore`); empty likewise",
    value: (r) => r.gene?.geneScore,
  },
  {
    name: "isoforms",
    description:
      "isoforms of the lncRNA in the deployment's reference (`gene.isoforms`); empty where the gene head did not apply",
    value: (r) => r.gene?.isoforms,
  },
  {
    name: "isoformSites",
    description: "the most canonical seed sites of the miRNA on one isoform (`gene.isoformSites`); empty likewise",
    value: (r) => r.gene?.isoformSites,
  },
];

export const evidenceColumns = <Row extends Scored>(): Column<Row>[] => [
  {
    name: "mfe",
    description: "minimum free energy of the best duplex on the lncRNA, kcal/mol (`duplex.energy`)",
    value: (r) => r.duplex.energy,
  },
  {
    name: "expectation",
    description:
      "psRNATarget expectation of the best complementary site (`plantTarget.best.expectation`); empty when none or when the answer's vocabulary is animal",
    value: (r) => r.plantTarget?.best?.expectation,
  },
  {
    name: "seedType",
    description:
      "type of the best seed site (`seed.best.type`: 8mer, 7mer-m8, 7mer-A1, 6mer); empty when none or when the answer's vocabulary is plant",
    value: (r) => r.seed?.best?.type,
  },
  {
    name: "seedStart",
    description: "1-based first lncRNA position of the best seed site; empty when none",
    value: (r) => r.seed?.best?.start,
  },
  {
    name: "seedEnd",
    description: "1-based last lncRNA position of the best seed site (inclusive); empty when none",
    value: (r) => r.seed?.best?.end,
  },
];
