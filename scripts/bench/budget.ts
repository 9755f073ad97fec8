// npm run bench:budget [-- --out FILE (reports/perf.md)] [--repeats N (1)]
// The CPU time of the largest request each work budget accepts, through the app in Node with the
// serving runtime (the same encoders, models and handlers as the worker), for the default model and
// the heaviest one; and what a screen's first pass costs per candidate × nt beside the model's, from
// the answer's Server-Timing; and the largest requests whose new lncRNA's isoforms the default's gene
// head scores. Writes (or replaces) the "Work budget" section of reports/perf.md.
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { LIMITS, SCREEN_SHORTLIST } from "../../functions/api/limits.ts";
import { nodeApp, timedJsonPost } from "../lib/node-app.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { longestFullShortlistLncrna } from "../../functions/api/budget.ts";
import { FIRST_PASS_SIGNALS } from "../../functions/inference/shortlist.ts";
import { seededRandom } from "../lib/random.ts";
import { reverseComplement } from "../lib/generators.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { buildSpeciesSet } from "../species/build.ts";
import { memoryStorage } from "../species/storage.ts";
import { speciesEntries } from "../../functions/species/set.ts";
import { referenceEntries } from "../../functions/species/reference.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { repoRoot } from "../lib/paths.ts";
import { writeReportSection } from "../lib/report-section.ts";
import { timingDuration } from "../lib/server-timing.ts";

const usage = "usage: npm run bench:budget [-- --out FILE (reports/perf.md)] [--repeats N (1)]";
const HEADING = "## Work budget: the largest accepted requests (bench:budget)";
const CPU_LIMIT_S = 30;
const MODELS = [DEFAULT_MODEL, "ensemble"];

const random = seededRandom(4242);
const rna = (length: number) => Array.from({ length }, () => "ACGU"[Math.floor(random() * 4)]).join("");
const fasta = (sequences: string[]) => sequences.map((s, i) => `>r${i}\n${s}\n`).join("");
/** The longest miRNAs accepted: the duplex kernel's time grows with the miRNA's length. */
const mirnas = (count: number) => Array.from({ length: count }, () => rna(LIMITS.maxMirnaLength));

interface Shape {
  name: string;
  path: string;
  work: string;
  body: (model: string) => unknown;
  /** Only these models (default: every one). */
  models?: string[];
  /** Throws where the answer did not do the work the row names. */
  check?: (answer: GeneAnswerBody) => void;
}

/** What the gene rows read of an answer: the first result's (predict) or hit's (screen) gene evidence. */
interface GeneAnswerBody {
  results?: { gene?: { isoformsScored: number } }[];
  hits?: { gene?: { isoformsScored: number } }[];
}

/** A generated animal species set and reference lncRNAs, held in memory as the worker's SPECIES binding. */
const GENE_SPECIES = "bgh";
const GENE_ISOFORMS = 8;
const GENE_LNCRNA = 10_000;

/**
 * The largest requests the gene head reads isoforms for: a new lncRNA with GENE_ISOFORMS isoforms in the
 * reference, each GENE_LNCRNA nt and holding a site of every miRNA, so that the model scores every one.
 */
async function geneSetup(): Promise<{ env: object; shapes: Shape[] }> {
  const perPair = GENE_LNCRNA * (1 + GENE_ISOFORMS);
  const count = Math.floor(LIMITS.maxWork / perPair);
  const geneMirnas = mirnas(count);
  const sites = geneMirnas.map((m) => reverseComplement(m.slice(1, 8)) + "A").join("");
  // one gene per row: the isoforms' duplexes are cached with the reference, so a row must not reuse another's
  const gene = () => {
    const shared = rna(GENE_LNCRNA / 2);
    const isoforms = Array.from({ length: GENE_ISOFORMS }, () => shared + sites + rna(GENE_LNCRNA / 2 - sites.length));
    return { lncrna: shared + rna(GENE_LNCRNA / 2), isoforms };
  };
  const forPredict = gene();
  const forScreen = gene();
  const records = geneMirnas.map((sequence, i) => ({ id: `bgh-miR-${i + 1}`, sequence }));
  const { set } = buildSpeciesSet(loadEncoders(), GENE_SPECIES, "curated", records);
  const info = {
    set,
    latinName: "Genus benchmarkis",
    release: "bench",
    file: "generated",
    description: "generated",
    skipped: 0,
  };
  const now = new Date().toISOString();
  const entries = [
    ...(await speciesEntries([info], now)),
    ...(await referenceEntries(
      [...forPredict.isoforms, ...forScreen.isoforms].map((sequence, i) => ({ id: `iso-${i + 1}`, sequence })),
      "generated",
      ["generated"],
      now,
    )),
  ];
  const env = { SPECIES: memoryStorage(entries) };
  const work = `${count} × (${GENE_LNCRNA} + ${GENE_ISOFORMS} × ${GENE_LNCRNA})`;
  const what = `${count} miRNAs × one ${GENE_LNCRNA}-nt new lncRNA with a site of each on its ${GENE_ISOFORMS} isoforms of ${GENE_LNCRNA} nt (gene head)`;
  const models = [DEFAULT_MODEL];
  // the row measures nothing unless the gene head scored every isoform
  const check = (answer: GeneAnswerBody) => {
    const first = (answer.results ?? answer.hits)?.[0];
    if (first?.gene?.isoformsScored !== GENE_ISOFORMS)
      throw new Error(`the gene head scored ${first?.gene?.isoformsScored} isoforms, not ${GENE_ISOFORMS}`);
  };
  return {
    env,
    shapes: [
      {
        name: `predict: ${what}`,
        path: "/v1/predict",
        work,
        models,
        check,
        body: (model) => ({
          pairs: geneMirnas.map((mirna) => ({ mirna, lncrna: forPredict.lncrna })),
          species: GENE_SPECIES,
          model,
        }),
      },
      {
        name: `exhaustive screen: ${what}`,
        path: "/v1/screen",
        work,
        models,
        check,
        body: (model) => ({ lncrna: forScreen.lncrna, species: GENE_SPECIES, exhaustive: true, topK: count, model }),
      },
    ],
  };
}

function shapes(): Shape[] {
  const fullLncrna = rna(LIMITS.maxLncrnaLength);
  const perPairs = LIMITS.maxWork / LIMITS.maxPairs;
  const pairsLncrna = rna(perPairs);
  const longPairs = LIMITS.maxWork / LIMITS.maxLncrnaLength;
  const firstPass = longestFullShortlistLncrna(LIMITS.maxScreenMirnas, LIMITS.defaultTopK);
  const topKPass = longestFullShortlistLncrna(3000, LIMITS.maxTopK);
  return [
    {
      name: `predict: ${longPairs} miRNAs × one ${LIMITS.maxLncrnaLength}-nt lncRNA`,
      path: "/v1/predict",
      work: `${longPairs} × ${LIMITS.maxLncrnaLength}`,
      body: (model) => ({ mirnaFasta: fasta(mirnas(longPairs)), lncrnaFasta: fasta([fullLncrna]), model }),
    },
    {
      name: `predict: ${LIMITS.maxPairs} miRNAs × one ${perPairs}-nt lncRNA`,
      path: "/v1/predict",
      work: `${LIMITS.maxPairs} × ${perPairs}`,
      body: (model) => ({ mirnaFasta: fasta(mirnas(LIMITS.maxPairs)), lncrnaFasta: fasta([pairsLncrna]), model }),
    },
    {
      name: `exhaustive screen: ${longPairs} candidates × ${LIMITS.maxLncrnaLength} nt`,
      path: "/v1/screen",
      work: `${longPairs} × ${LIMITS.maxLncrnaLength}`,
      body: (model) => ({ lncrna: fullLncrna, mirnaFasta: fasta(mirnas(longPairs)), exhaustive: true, model }),
    },
    {
      name: `first-pass screen: ${LIMITS.maxScreenMirnas} candidates × ${firstPass} nt, topK ${LIMITS.defaultTopK}`,
      path: "/v1/screen",
      work: `${LIMITS.maxScreenMirnas} × ${firstPass} × ${LIMITS.firstPassWorkShare} + ${FIRST_PASS_SIGNALS} × ${SCREEN_SHORTLIST} × ${firstPass}`,
      body: (model) => ({
        lncrna: rna(firstPass),
        mirnaFasta: fasta(mirnas(LIMITS.maxScreenMirnas)),
        exhaustive: false,
        model,
      }),
    },
    {
      name: `first-pass screen: 3000 candidates × ${topKPass} nt, topK ${LIMITS.maxTopK}`,
      path: "/v1/screen",
      work: `3000 × ${topKPass} × ${LIMITS.firstPassWorkShare} + 3000 × ${topKPass}`,
      body: (model) => ({
        lncrna: rna(topKPass),
        mirnaFasta: fasta(mirnas(3000)),
        topK: LIMITS.maxTopK,
        exhaustive: false,
        model,
      }),
    },
  ];
}

runCli(async () => {
  const { values } = parseCli(usage, { out: { type: "string" }, repeats: { type: "string" } });
  if (values.help) return console.log(usage);
  const out = values.out ?? join(repoRoot, "reports", "perf.md");
  const repeats = positiveIntOption("repeats", values.repeats, 1);
  const app = nodeApp();
  const gene = await geneSetup();
  const post = async (path: string, body: unknown) => {
    const { response, text, cpu } = await timedJsonPost(app, path, body, gene.env);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return {
      cpu,
      timing: response.headers.get("Server-Timing"),
      body: JSON.parse(text),
    };
  };

  const rows: string[] = [];
  const shares: string[] = [];
  let worst = 0;
  for (const model of MODELS) {
    await post("/v1/predict", { pairs: [{ mirna: rna(22), lncrna: rna(500) }], model }); // sessions open
    for (const shape of [...shapes(), ...gene.shapes]) {
      if (shape.models && !shape.models.includes(model)) continue;
      const body = shape.body(model);
      let best = Infinity;
      let last: Awaited<ReturnType<typeof post>> | undefined;
      for (let r = 0; r < repeats; r++) {
        last = await post(shape.path, body);
        shape.check?.(last.body);
        best = Math.min(best, last.cpu);
      }
      worst = Math.max(worst, best);
      console.log(`${model}  ${shape.name}: ${best.toFixed(1)} s CPU`);
      rows.push(
        `| ${model} | ${shape.name} | ${shape.work} | ${best.toFixed(1)} | ${(CPU_LIMIT_S / best).toFixed(1)}× |`,
      );
      const pass = last!.body.firstPass;
      if (pass) {
        const { count, scored } = { count: last!.body.candidates.distinct, scored: last!.body.candidates.scored };
        const length = last!.body.lncrna.length;
        const perFirst = timingDuration(last!.timing, "shortlist") / (count * length);
        const perModel = timingDuration(last!.timing, "model") / (scored * length);
        shares.push(
          `| ${model} | ${shape.name} | ${scored} | ${(perFirst * 1e6).toFixed(2)} | ${(perModel * 1e6).toFixed(2)} | ${(perFirst / perModel).toFixed(3)} |`,
        );
      }
    }
  }

  const section = [
    HEADING,
    "",
    `\`npm run bench:budget\` — ${describeCommit(["functions", "models", "assembly"])}; Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end: CPU time on a shared machine runs above a quiet one's). The app in Node with the serving runtime; CPU time (user + system) of the whole request, best of ${repeats}. miRNAs of ${LIMITS.maxMirnaLength} nt (the longest accepted). Budget: ${LIMITS.maxWork.toLocaleString("en-US")} units of work = model-scored pairs × lncRNA nt, a screen's first pass counted at ${LIMITS.firstPassWorkShare} per candidate × nt, and where the default's gene head scores a new lncRNA's isoforms with a site of the miRNA, their nt too (functions/api/budget.ts; the gene rows hold a generated species set and reference lncRNAs in memory). Margin: Cloudflare's ${CPU_LIMIT_S} s of CPU over the measured time.`,
    "",
    "| model | largest accepted request | work | CPU s | margin to 30 s |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `Largest: ${worst.toFixed(1)} s of CPU, ${(CPU_LIMIT_S / worst).toFixed(1)}× inside ${CPU_LIMIT_S} s.`,
    "",
    "What the first pass costs per candidate × nt beside the model per scored candidate × nt (Server-Timing `shortlist` and `model`, wall time):",
    "",
    "| model | screen | scored | first pass ns / candidate·nt | model ns / candidate·nt | share |",
    "|---|---|---|---|---|---|",
    ...shares,
    "",
  ].join("\n");
  writeReportSection(out, HEADING, section);
  console.log(`wrote ${out}`);
});
