// npm run bench:budget [-- --out FILE (reports/perf.md)] [--repeats N (1)]
// The CPU time of the largest request each work budget accepts, through the app in Node with the
// serving runtime (the same encoders, models and handlers as the worker), for the default model and
// the heaviest one; and what a screen's first pass costs per candidate × nt beside the model's, from
// the answer's Server-Timing. Writes (or replaces) the "Work budget" section of reports/perf.md.
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { LIMITS, SCREEN_SHORTLIST } from "../../functions/api/limits.ts";
import { nodeApp, timedJsonPost } from "../lib/node-app.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { longestFullShortlistLncrna } from "../../functions/api/budget.ts";
import { FIRST_PASS_SIGNALS } from "../../functions/inference/shortlist.ts";
import { seededRandom } from "../lib/random.ts";
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
  const post = async (path: string, body: unknown) => {
    const { response, text, cpu } = await timedJsonPost(app, path, body);
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
    for (const shape of shapes()) {
      const body = shape.body(model);
      let best = Infinity;
      let last: Awaited<ReturnType<typeof post>> | undefined;
      for (let r = 0; r < repeats; r++) {
        last = await post(shape.path, body);
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
    `\`npm run bench:budget\` — ${describeCommit(["functions", "models", "assembly"])}; Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end: CPU time on a shared machine runs above a quiet one's). The app in Node with the serving runtime; CPU time (user + system) of the whole request, best of ${repeats}. miRNAs of ${LIMITS.maxMirnaLength} nt (the longest accepted). Budget: ${LIMITS.maxWork.toLocaleString("en-US")} units of work = model-scored pairs × lncRNA nt, a screen's first pass counted at ${LIMITS.firstPassWorkShare} per candidate × nt (functions/api/budget.ts). Margin: Cloudflare's ${CPU_LIMIT_S} s of CPU over the measured time.`,
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
