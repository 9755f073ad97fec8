// Every input limit of the API, in one place: enforced by the schemas and handlers, published in
// the OpenAPI document and on the docs page (LIMIT_DOCS).
import { GENE_SCORED_ISOFORMS } from "../features/isoforms.ts";

export const LIMITS = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxPairs: 1000,
  maxLncrnaLength: 100_000,
  /** No shorter than the longest miRNA: a lncRNA shorter than its miRNA cannot hold a full duplex. */
  minLncrnaLength: 30,
  /**
   * Shorter lncRNAs are scored with a warning: the shortest lncRNA in any served model's training
   * data (the A. thaliana third of PmliPred's set; ncRNAInter's human lncRNAs start at 213 nt).
   */
  shortestTrainedLncrnaLength: 183,
  /** N and IUPAC ambiguity codes per sequence: the training sequences hold next to none. */
  maxAmbiguousShare: 0.1,
  minMirnaLength: 15,
  maxMirnaLength: 30,
  maxIdLength: 256,
  /** Seed sites listed per pair (all are counted). */
  maxSitesListed: 100,
  /** Records in one FASTA field or file (a predict FASTA also stays within maxPairs combinations). */
  maxFastaRecords: 5000,
  /** Candidate miRNAs of one screen, from a FASTA or a species set. */
  maxScreenMirnas: 5000,
  maxTopK: 1000,
  defaultTopK: 25,
  /** Seed sites listed per screen hit (all are counted). */
  maxSitesPerHit: 20,
  /**
   * Work per request, model-scored pairs × lncRNA nt (functions/api/budget.ts): the largest accepted
   * request stays well inside 30 s of CPU with the heaviest model (reports/perf.md, bench:budget).
   */
  maxWork: 10_000_000,
  /** What a screen's first pass costs per candidate × nt, as a share of a model-scored pair × nt. */
  firstPassWorkShare: 0.1,
} as const;

/** Batch jobs (functions/jobs/ingest.ts): each shard is one predict request's worth of work. */
export const JOB_LIMITS = {
  /** A job's body sent in one request (the platform's request body limit); larger: an upload. */
  maxBodyBytes: (100 * 1024 * 1024) as number,
  /**
   * A job's body sent as an upload in parts. Reading it (row checks, sharding) runs in the request
   * that makes the job, so this is sized to stay well inside its CPU limit (reports/perf.md,
   * bench:batch: accepting the body); larger inputs are split into several jobs.
   */
  maxUploadBytes: (500 * 1024 * 1024) as number,
  /** An upload's parts: R2's multipart rules (all but the last of one size, at least 5 MiB). */
  minPartBytes: (5 * 1024 * 1024) as number,
  maxPartBytes: (100 * 1024 * 1024) as number,
  maxParts: 10_000 as number,
  maxPairs: 10_000_000 as number,
  /** Pairs per shard: one predict request's pair limit. */
  shardPairs: LIMITS.maxPairs as number,
  /** Work per shard (pairs × lncRNA nt): one predict request's work budget. */
  shardWork: LIMITS.maxWork as number,
  /**
   * Shards per job: the request that makes a job writes each to R2 and queues it, within the
   * platform's 10,000 subrequests per invocation, with room for the rest (docs/scaling.md).
   */
  maxShards: 9_000 as number,
  /** miRNA records of a FASTA-pairs job's mirna part (held while the lncRNAs stream past). */
  maxFormMirnas: 100_000 as number,
  /** Row faults listed in a refusal (all are counted). */
  maxErrorsListed: 100,
  /** Days a job's results are kept. */
  retentionDays: 7,
};

/**
 * A screen's first pass keeps, per cheap signal, the best max(topK, SCREEN_SHORTLIST) candidates for
 * the requested model (functions/inference/shortlist.ts); `exhaustive: true` scores every candidate.
 */
export const SCREEN_SHORTLIST = 50;

/** The limits as the docs page and the OpenAPI description list them. */
export const LIMIT_DOCS: ReadonlyArray<{ what: string; limit: string; problem: string }> = [
  { what: "request body", limit: `${LIMITS.maxBodyBytes} bytes`, problem: "body-too-large" },
  {
    what: "pairs per /v1/predict request (JSON pairs, or miRNA × lncRNA FASTA combinations)",
    limit: `${LIMITS.maxPairs}`,
    problem: "too-many-pairs",
  },
  {
    what: "lncRNA length",
    limit: `${LIMITS.minLncrnaLength}–${LIMITS.maxLncrnaLength} nt (under ${LIMITS.shortestTrainedLncrnaLength} nt: scored, with a warning)`,
    problem: "lncrna-too-short / lncrna-too-long",
  },
  { what: "miRNA length", limit: `${LIMITS.minMirnaLength}–${LIMITS.maxMirnaLength} nt`, problem: "mirna-length" },
  {
    what: "N and IUPAC ambiguity codes per sequence",
    limit: `${LIMITS.maxAmbiguousShare * 100} % of its nucleotides`,
    problem: "too-ambiguous",
  },
  { what: "records in one FASTA field or file", limit: `${LIMITS.maxFastaRecords}`, problem: "invalid-fasta" },
  { what: "candidate miRNAs per /v1/screen", limit: `${LIMITS.maxScreenMirnas}`, problem: "too-many-mirnas" },
  {
    what: `work per request: model-scored pairs × lncRNA nt (predict: the lncRNA lengths summed over the pairs; screen: shortlisted or, exhaustive, all distinct candidates × lncRNA nt, plus the first pass at ${LIMITS.firstPassWorkShare} per candidate × nt; where the gene head applies, a pair's lncRNA nt include its ${GENE_SCORED_ISOFORMS} most-shared isoforms' in the reference)`,
    limit: `${LIMITS.maxWork.toLocaleString("en-US")} (e.g. 100 pairs × 100 kb, 1,000 × 10 kb)`,
    problem: "work-too-large",
  },
  {
    what: "body of a batch job (POST /v1/jobs)",
    limit: `${JOB_LIMITS.maxBodyBytes / 1024 / 1024} MiB in one request, ${JOB_LIMITS.maxUploadBytes / 1024 / 1024} MiB as an upload in parts (POST /v1/uploads); ${JOB_LIMITS.maxPairs.toLocaleString("en-US")} pairs`,
    problem: "job-too-large",
  },
  {
    what: "pairs per job shard (one queue message; each shard also within the work budget)",
    limit: `${JOB_LIMITS.shardPairs}`,
    problem: "— (more shards)",
  },
  {
    what: "results of a batch job kept",
    limit: `${JOB_LIMITS.retentionDays} days after submission`,
    problem: "—",
  },
  {
    what: "topK of /v1/screen",
    limit: `1–${LIMITS.maxTopK} (default ${LIMITS.defaultTopK})`,
    problem: "invalid-request",
  },
  {
    what: "id and FASTA record id length",
    limit: `${LIMITS.maxIdLength} characters`,
    problem: "invalid-request / invalid-fasta",
  },
  {
    what: "seed sites listed per predict result (all are counted)",
    limit: `${LIMITS.maxSitesListed}`,
    problem: "— (sitesTruncated: true)",
  },
  {
    what: "seed sites listed per screen hit (all are counted)",
    limit: `${LIMITS.maxSitesPerHit}`,
    problem: "— (sitesTruncated: true)",
  },
];
