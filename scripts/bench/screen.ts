// npm run bench:screen [-- --data-dir DIR] [--lncrnas N] [--sets hsa/curated,ath/pmrd,…] [--out FILE]
// What a screen costs and what its first pass misses, per species set as species:load builds it
// (distinct sequences), through the serving path in Node (AS SIMD kernels + onnxruntime-web), default
// model with the set's domain head:
// - the time to score every candidate against a 2 kb and a 10 kb lncRNA, and whether the work budget
//   lets a default request do that;
// - the shortlist's recall: for real lncRNAs of the set's domain, the share of the exhaustive top 25
//   that the first pass's top 25 keeps.
// Writes reports/screen.md, the README block between its screen-bench markers, and
// models/screen/shortlist-recall.json, which /v1/screen reports with every shortlisted answer;
// with --out FILE, only the report, to FILE.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import {
  FIRST_PASS_KERNEL_NAMES,
  firstPassSignals,
  shortlist,
  topIndices,
  withPrior,
} from "../../functions/inference/shortlist.ts";
import { screenScores } from "../../functions/inference/ensemble.ts";
import type { Codes } from "../../functions/kernels/codes.ts";
import { DEFAULT_MODEL, SCREEN_FIRST_PASS_MODELS } from "../../functions/models/default.ts";
import { LIMITS, SCREEN_SHORTLIST } from "../../functions/api/limits.ts";
import { speciesDomain } from "../../functions/species/domains.ts";
import type { RecallFile } from "../../functions/species/shortlist-recall.ts";
import { panelPriors, priorFor, rankingScores, type PriorEvidence } from "../../functions/species/partner-prior.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { seededRandom } from "../lib/random.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry } from "../lib/node-runtime.ts";
import { repoRoot, resolveDataDir } from "../lib/paths.ts";
import { readSpeciesSources } from "../species/sources.ts";
import { replaceMarkedBlock } from "../lib/marked-block.ts";

const usage =
  "usage: npm run bench:screen [-- --data-dir DIR] [--lncrnas N] [--sets hsa/curated,ath/pmrd,…] [--out FILE]";
const TOP = 25;
const LENGTHS = [2000, 10_000];
const DEFAULT_SETS = [
  "hsa/curated",
  "hsa/later-release",
  "mmu/curated",
  "ath/curated",
  "ath/pmrd",
  "osa/curated",
  "mtr/curated",
  "aly/curated",
  "gma/curated",
];
/** Real lncRNAs of each domain whose screens measure the recall (their test splits). */
const RECALL_LNCRNAS = {
  animal: ["ncrnainter-human"],
  plant: ["pmlipred-test-aly", "pmlipred-test-sly", "pmlipemg-testseth-mtr"],
} as const;
const MAX_RECALL_LENGTH = 4000;
/** CPU time of this process (the platform's limit is CPU, and the machine may be shared while it runs). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

runCli(async () => {
  const { values } = parseCli(usage, {
    "data-dir": { type: "string" },
    lncrnas: { type: "string" },
    sets: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const perSet = positiveIntOption("lncrnas", values.lncrnas, 6);
  const wanted = values.sets ? values.sets.split(",") : DEFAULT_SETS;
  const encoders = loadEncoders();
  const registry = nodeModelRegistry();
  const model = await registry.get(DEFAULT_MODEL);
  const firstPassModels = await Promise.all(
    SCREEN_FIRST_PASS_MODELS.filter((n) => registry.card(n)).map((n) => registry.get(n)),
  );
  const codes = (s: string) => encoders.normalize(s.toUpperCase()).codes;
  const sources = readSpeciesSources(dataDir);
  const random = seededRandom(17);
  const randomRna = (length: number) => codes(Array.from({ length }, () => "ACGU"[Math.floor(random() * 4)]).join(""));

  const lncrnaPool = (domain: keyof typeof RECALL_LNCRNAS): Codes[] => {
    const seen = new Map<string, string>();
    for (const dataset of RECALL_LNCRNAS[domain])
      for (const p of loadLabelledPairs(dataset, dataDir).pairs)
        if (p.split === "test" && p.lncrna.length <= MAX_RECALL_LENGTH) seen.set(p.lncrnaId, p.lncrna);
    const ids = [...seen.keys()].sort();
    const draw = seededRandom(29);
    const picked = new Set<string>();
    while (picked.size < Math.min(perSet, ids.length)) picked.add(ids[Math.floor(draw() * ids.length)]!);
    return [...picked].map((id) => codes(seen.get(id)!));
  };

  // `ranked`: the exhaustive ranking's scores, the partner prior's included where /v1/screen adds it
  const firstPassOrder = async (
    target: Codes,
    panel: MirnaPanel,
    ranked: ArrayLike<number>,
    priors: PriorEvidence[] | undefined,
  ) => {
    const signals = withPrior(await firstPassSignals(encoders, target, panel, firstPassModels), priors);
    const kept = shortlist(signals, panel.size, Math.max(TOP, SCREEN_SHORTLIST));
    // a candidate's score does not depend on the rest of the panel: the shortlist's ranking is read off the exhaustive scores
    return topIndices(
      kept.map((i) => ranked[i]!),
      TOP,
    ).map((k) => kept[k]!);
  };

  const rows: string[] = [];
  const recallFile: RecallFile = {
    model: DEFAULT_MODEL,
    modelSha256: model.card.onnx.sha256,
    top: TOP,
    perSignal: SCREEN_SHORTLIST,
    sets: [],
  };
  for (const key of wanted) {
    const [name, source] = key.split("/") as [string, string];
    const set = sources.find((s) => s.name === name && s.source === source);
    if (!set) throw new Error(`no species set ${key} in the data dir\n\n${usage}`);
    const distinct = [...new Set(set.records.map((r) => r.sequence.toUpperCase()))];
    const panel = new MirnaPanel(distinct.map(codes));
    const domain = speciesDomain(set);
    const prior = priorFor(model.card, name);
    const priors = prior && panelPriors(prior, panel.codes);
    await screenScores(model, randomRna(300), panel, domain); // sessions and kernels warm before timing
    const timings = [];
    for (const length of LENGTHS) {
      const target = randomRna(length);
      const started = cpuMs();
      const scores = await screenScores(model, target, panel, domain);
      const exhaustiveMs = cpuMs() - started;
      const t = cpuMs();
      await firstPassOrder(target, panel, rankingScores(priors, scores), priors);
      timings.push({ length, exhaustiveMs, cascadeMs: cpuMs() - t });
    }
    const recalls: number[] = [];
    for (const target of lncrnaPool(domain === "plant" ? "plant" : "animal")) {
      const ranked = rankingScores(priors, await screenScores(model, target, panel, domain));
      const full = new Set(topIndices(ranked, TOP));
      const cascade = await firstPassOrder(target, panel, ranked, priors);
      recalls.push(cascade.filter((i) => full.has(i)).length / Math.min(TOP, panel.size));
    }
    const recall = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    recallFile.sets.push({ name, source, recall: Number(recall.toFixed(3)), lncrnas: recalls.length });
    const byDefault = (length: number) =>
      panel.size * length <= LIMITS.maxWork || panel.size <= Math.max(LIMITS.defaultTopK, SCREEN_SHORTLIST)
        ? "every candidate"
        : "first pass";
    rows.push(
      `| ${name} (${source}) | ${panel.size.toLocaleString("en-US")} | ${timings.map((t) => `${t.exhaustiveMs.toFixed(0)} ms (${byDefault(t.length)})`).join(" | ")} | ${timings[1]!.cascadeMs.toFixed(0)} ms | ${(recall * 100).toFixed(0)} % (min ${(Math.min(...recalls) * 100).toFixed(0)} %, ${recalls.length} lncRNAs) |`,
    );
    console.error(rows[rows.length - 1]);
  }

  const table = [
    `| species set | distinct miRNAs | every candidate, 2 kb lncRNA: CPU (default request) | every candidate, 10 kb: CPU (default request) | first pass alone, 10 kb: CPU | shortlist recall of the exhaustive top ${TOP} |`,
    "|---|---|---|---|---|---|",
    ...rows,
  ];
  const method = `Model \`${DEFAULT_MODEL}\` with each set's domain head, in Node on this machine (one inference thread). Times are CPU time of the process (what the platform limits; the machine may be shared while it runs): the model scoring every distinct candidate against a random lncRNA of that length; "default request": what /v1/screen does without \`exhaustive\` — every candidate when candidates × length fits the work budget (${LIMITS.maxWork.toLocaleString("en-US")}), else the first pass. The first pass (${[...FIRST_PASS_KERNEL_NAMES, ...firstPassModels.map((m) => m.card.name)].join(", ")}; each keeps its best ${SCREEN_SHORTLIST}) is timed on its own. Recall: test-split lncRNAs of the set's domain (up to ${MAX_RECALL_LENGTH.toLocaleString("en-US")} nt, ${perSet} drawn with seed 29; human: ncRNAInter, plants: PmliPred aly/sly and TestSetH mtr), the share of the exhaustive top ${TOP} that the shortlist's top ${TOP} holds, mean and minimum; /v1/screen reports it as \`firstPass.recall\`.`;
  const report = [
    "# Screens: exhaustive time and the first pass's recall per species set",
    "",
    `Written by \`npm run bench:screen\` (scripts/bench/screen.ts) on ${new Date().toISOString().slice(0, 10)}. ${method}`,
    "",
    ...table,
    "",
  ].join("\n");
  const out = values.out ?? join(repoRoot, "reports", "screen.md");
  writeFileSync(out, report);
  // a run with --out (e.g. over a few sets) is a trial: the recall the API reports and the README stay as they are
  if (!values.out) {
    writeFileSync(
      join(repoRoot, "models", "screen", "shortlist-recall.json"),
      JSON.stringify(recallFile, null, 2) + "\n",
    );
    const readmePath = join(repoRoot, "README.md");
    const block = [
      "",
      ...table,
      "",
      `Measured by \`npm run bench:screen\` ([reports/screen.md](reports/screen.md)): ${method}`,
      "",
    ];
    writeFileSync(readmePath, replaceMarkedBlock(readFileSync(readmePath, "utf8"), "screen-bench", block.join("\n")));
  }
  console.error(`wrote ${out}${values.out ? "" : ", the README block and models/screen/shortlist-recall.json"}`);
});
