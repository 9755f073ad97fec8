// npm run bench:screen [-- --data-dir DIR] [--lncrnas N] [--candidates N] [--out FILE]
// What the screen's first pass costs in ranking: for real lncRNAs (plant and human test sets) against
// ~3,000 real candidate miRNAs (PMRD plant or human miRBase mature miRNAs, the lncRNA's known partners
// always among them), the default model scores every candidate (exhaustive) and only the shortlist
// (cascade), timed, through the serving path in Node. Reports how many of the exhaustive top 25 the
// cascade's top 25 keeps and where the known partners rank. Writes reports/screen.md.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import {
  complementarityScores,
  shortlist,
  topIndices,
  type ShortlistSignal,
} from "../../functions/inference/shortlist.ts";
import type { Codes } from "../../functions/kernels/codes.ts";
import { DEFAULT_MODEL, SCREEN_FIRST_PASS_MODELS } from "../../functions/models/default.ts";
import { SCREEN_SHORTLIST } from "../../functions/api/limits.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { seededRandom } from "../lib/random.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry } from "../lib/node-runtime.ts";
import { repoRoot, resolveDataDir } from "../lib/paths.ts";
import { readSpeciesSources } from "../species/sources.ts";

const usage = "usage: npm run bench:screen [-- --data-dir DIR] [--lncrnas N] [--candidates N] [--out FILE]";
const TOP = 25;
const SIZES = [25, 50, 100, 200, 400];

runCli(async () => {
  const { values } = parseCli(usage, {
    "data-dir": { type: "string" },
    lncrnas: { type: "string" },
    candidates: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const perSet = positiveIntOption("lncrnas", values.lncrnas, 3);
  const candidateCount = positiveIntOption("candidates", values.candidates, 3000);
  const encoders = loadEncoders();
  const registry = nodeModelRegistry();
  const model = await registry.get(DEFAULT_MODEL);
  // the API's first pass (functions/api/scoring.ts firstPass), without the request around it
  const firstPassModels = await Promise.all(
    SCREEN_FIRST_PASS_MODELS.filter((n) => registry.card(n)).map((n) => registry.get(n)),
  );
  const random = seededRandom(17);
  const sources = readSpeciesSources(dataDir);
  const human = sources.find((s) => s.name === "hsa" && s.source === "later-release")!.records.map((r) => r.sequence);
  const pmrd = sources.filter((s) => s.source === "pmrd");
  const plant = pmrd.flatMap((s) => s.records.map((r) => r.sequence));
  const codes = (s: string) => encoders.normalize(s.toUpperCase()).codes;

  const rows: string[] = [];
  const summary: {
    set: string;
    overlapAt: { size: number; rescored: number; overlap: number }[];
    overlap: number;
    partnersKept: number;
    partners: number;
    exhaustiveMs: number;
    cascadeMs: number;
    rescored: number;
  }[] = [];
  const own = (prefix: string) => pmrd.find((s) => s.name === prefix)?.records.map((r) => r.sequence) ?? [];
  for (const [dataset, ownSet, pool] of [
    ["pmlipred-test-aly", own("aly"), plant],
    ["pmlipred-test-sly", own("sly"), plant],
    ["ncrnainter-human", human, human],
  ] as const) {
    const pairs = loadLabelledPairs(dataset, dataDir).pairs.filter((p) => p.split === "test" && p.label === 1);
    const byLncrna = new Map<string, { lncrna: string; partners: Set<string> }>();
    for (const p of pairs) {
      const entry = byLncrna.get(p.lncrnaId) ?? { lncrna: p.lncrna, partners: new Set<string>() };
      entry.partners.add(p.mirna.toUpperCase());
      byLncrna.set(p.lncrnaId, entry);
    }
    const ids = [...byLncrna.keys()].sort();
    for (let n = 0; n < perSet; n++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      const { lncrna, partners } = byLncrna.get(id)!;
      const distinct = [...new Set(pool.map((s) => s.toUpperCase()))].filter((s) => !partners.has(s));
      const drawn = new Set<string>([...partners, ...ownSet.map((s) => s.toUpperCase())]);
      while (drawn.size < Math.min(candidateCount, distinct.length + partners.size))
        drawn.add(distinct[Math.floor(random() * distinct.length)]!);
      const mirnas = [...drawn];
      const panelCodes: Codes[] = mirnas.map(codes);
      const target = codes(lncrna);

      let t = performance.now();
      const all = await model.screen(target, new MirnaPanel(panelCodes));
      const exhaustiveMs = performance.now() - t;

      t = performance.now();
      const panel = new MirnaPanel(panelCodes);
      const signals: ShortlistSignal[] = [
        { name: "complementarity", scores: complementarityScores(encoders, target, panel) },
      ];
      for (const m of firstPassModels) signals.push({ name: m.card.name, scores: await m.screen(target, panel) });
      const kept = shortlist(signals, panel.size, Math.max(TOP, SCREEN_SHORTLIST));
      const rescored = await model.screen(target, new MirnaPanel(kept.map((i) => panelCodes[i]!)));
      const cascadeMs = performance.now() - t;
      // panel indices best first; `among` (ascending panel indices) holds the candidates `scores` scored
      const rank = (scores: ArrayLike<number>, among?: number[]) =>
        topIndices(scores, scores.length).map((k) => among?.[k] ?? k);
      const fullOrder = rank(all);
      const topFull = new Set(fullOrder.slice(0, TOP));
      const inTopFull = (order: number[]) => order.slice(0, TOP).filter((i) => topFull.has(i)).length;
      // a candidate's score does not depend on the rest of the panel, so other shortlist sizes are read off the exhaustive scores
      const overlapAt = SIZES.map((size) => {
        const list = shortlist(signals, panel.size, size);
        return {
          size,
          rescored: list.length,
          overlap: inTopFull(
            rank(
              list.map((i) => all[i]!),
              list,
            ),
          ),
        };
      });
      const cascadeOrder = rank(rescored, kept);
      const overlap = inTopFull(cascadeOrder);
      const partnerIdx = mirnas.map((s, i) => (partners.has(s) ? i : -1)).filter((i) => i >= 0);
      const fullRanks = partnerIdx.map((i) => fullOrder.indexOf(i) + 1);
      const cascadeRanks = partnerIdx.map((i) => (cascadeOrder.includes(i) ? cascadeOrder.indexOf(i) + 1 : Infinity));
      summary.push({
        set: dataset,
        overlapAt,
        overlap,
        partnersKept: cascadeRanks.filter((r) => r !== Infinity).length,
        partners: partnerIdx.length,
        exhaustiveMs,
        cascadeMs,
        rescored: kept.length,
      });
      const show = (r: number[]) => r.map((x) => (x === Infinity ? "–" : String(x))).join(", ");
      const complementarityOrder = rank(signals[0]!.scores);
      const complementarityRanks = partnerIdx.map((i) => complementarityOrder.indexOf(i) + 1);
      rows.push(
        `| ${dataset} | ${id.replaceAll("|", "\\|")} (${target.length} nt) | ${panelCodes.length} | ${kept.length} | ${overlap}/${TOP} | ${overlapAt.map((o) => `${o.overlap}`).join(" / ")} | ${show(fullRanks)} | ${show(cascadeRanks)} | ${show(complementarityRanks)} | ${exhaustiveMs.toFixed(0)} | ${cascadeMs.toFixed(0)} |`,
      );
      console.error(rows[rows.length - 1]);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const report = [
    "# Screen cascade: what the first pass costs",
    "",
    `Written by \`npm run bench:screen\` (scripts/bench/screen.ts) on ${new Date().toISOString().slice(0, 10)}; serving path in Node (AS SIMD kernels + onnxruntime-web, one thread), model \`${DEFAULT_MODEL}\`.`,
    "",
    `Each row: one test lncRNA with known partners (drawn with seed 17) against ${candidateCount} candidate miRNAs: its known partner miRNAs, then (plants) every PMRD miRNA of the lncRNA's species, filled up with distinct miRNAs drawn from all of PMRD, or (human) human miRBase mature miRNAs. PMRD lists many near-identical members of one family across species, so a partner's rank among family members is partly arbitrary. **Exhaustive**: the model scores every candidate. **Cascade** (what /v1/screen does unless \`exhaustive: true\`): ${["complementarity", ...firstPassModels.map((m) => m.card.name)].join(", ")} rank every candidate, the union of each one's best ${Math.max(TOP, SCREEN_SHORTLIST)} is scored by the model. Overlap: how many of the exhaustive top ${TOP} the cascade's top ${TOP} holds. Partner ranks: each known partner's rank among the candidates (– = not shortlisted).`,
    "",
    `| set | lncRNA | candidates | shortlisted | top-25 overlap | overlap with ${SIZES.join(" / ")} per signal | partner ranks, exhaustive | partner ranks, cascade | partner ranks, complementarity alone | exhaustive ms | cascade ms |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Mean top-${TOP} overlap by shortlist size per signal: ${SIZES.map((size, k) => `${size}: ${mean(summary.map((s) => s.overlapAt[k]!.overlap)).toFixed(1)} (${mean(summary.map((s) => s.overlapAt[k]!.rescored)).toFixed(0)} rescored)`).join(", ")}.`,
    "",
    `Mean top-${TOP} overlap ${mean(summary.map((s) => s.overlap)).toFixed(1)}/${TOP}; known partners shortlisted ${summary.reduce((a, s) => a + s.partnersKept, 0)}/${summary.reduce((a, s) => a + s.partners, 0)}; mean time exhaustive ${mean(summary.map((s) => s.exhaustiveMs)).toFixed(0)} ms, cascade ${mean(summary.map((s) => s.cascadeMs)).toFixed(0)} ms (Node, this machine, shared while it ran).`,
    "",
  ].join("\n");
  const out = values.out ?? join(repoRoot, "reports", "screen.md");
  writeFileSync(out, report);
  console.error(`wrote ${out}`);
  console.log(
    `screen cascade overlap=${mean(summary.map((s) => s.overlap)).toFixed(1)}/${TOP} exhaustive_ms=${mean(summary.map((s) => s.exhaustiveMs)).toFixed(0)} cascade_ms=${mean(summary.map((s) => s.cascadeMs)).toFixed(0)}`,
  );
});
