// npm run bench:widget [-- --runs N (5)] [--out FILE (reports/perf.md)] [--screenshot FILE]
// The widget in real Chromium against a local wrangler dev: the size of widget.js and of the lazily
// loaded device engine (what device mode fetches: engine JS, tfjs SIMD wasm, kernels, model files),
// raw and gzip; and the time from pressing Predict to the shown result — device mode's first
// prediction in a fresh browser context (engine download, compile, model decode, then the pair) and
// its next one, beside server mode's first. Writes (or replaces) its section of reports/perf.md;
// --screenshot also saves the demo page with a result (the README's picture).
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { launchChromium } from "../lib/chromium.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { repoRoot } from "../lib/paths.ts";
import { writeReportSection } from "../lib/report-section.ts";
import { startTestWorker } from "../lib/start-worker.ts";
import { PUBLIC_DIR } from "../widget/build.ts";

const usage = "usage: npm run bench:widget [-- --runs N (5)] [--out FILE (reports/perf.md)] [--screenshot FILE]";
const HEADING = "## Widget: sizes and first prediction in Chromium (bench:widget)";

const DEVICE_FILES = [
  "widget/device.js",
  "widget/tfjs-backend-wasm-simd.wasm",
  "widget/encoders.simd.wasm",
  "widget/models/index.json",
  `widget/models/${DEFAULT_MODEL}.json`,
  `widget/models/${DEFAULT_MODEL}.bin`,
];

function size(file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(join(PUBLIC_DIR, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kb = (n: number) => (n / 1024).toFixed(1);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** ms from pressing Predict to the widget's result event, measured in the page. */
async function timedPredictions(browser: Browser, base: string, mode: "server" | "device", times: number) {
  const context = await browser.newContext(); // fresh: nothing cached
  const page = await context.newPage();
  await page.goto(base);
  await page.locator("lmi-predict").evaluate((e, m) => e.setAttribute("mode", m), mode);
  await page.getByRole("button", { name: "Example" }).click();
  const result: number[] = [];
  for (let i = 0; i < times; i++) {
    const ms = await page.locator("lmi-predict").evaluate(
      (e) =>
        new Promise<number>((resolve, reject) => {
          const start = performance.now();
          e.addEventListener("lmi-result", () => resolve(performance.now() - start), { once: true });
          (e.shadowRoot!.querySelector("button.primary") as HTMLButtonElement).click();
          setTimeout(() => reject(new Error("no result within 60 s")), 60_000);
        }),
    );
    result.push(ms);
  }
  await context.close();
  return result;
}

runCli(async () => {
  const { values } = parseCli(usage, {
    runs: { type: "string" },
    out: { type: "string" },
    screenshot: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const runs = positiveIntOption("runs", values.runs, 5);
  const out = values.out ?? join(repoRoot, "reports", "perf.md");
  statSync(join(PUBLIC_DIR, "widget.js")); // fails clearly before a worker starts when nothing is built

  const widget = size("widget.js");
  const device = DEVICE_FILES.map((f) => ({ file: f, ...size(f) }));
  const deviceTotal = device.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });

  const worker = await startTestWorker();
  const browser = await launchChromium();
  try {
    const base = (await worker.url).href;
    await timedPredictions(browser, base, "server", 1); // the worker's own first request (ORT start) is not the widget's
    const server: number[] = [];
    const deviceFirst: number[] = [];
    const deviceNext: number[] = [];
    for (let r = 0; r < runs; r++) {
      server.push((await timedPredictions(browser, base, "server", 1))[0]!);
      const [first, ...next] = await timedPredictions(browser, base, "device", 3);
      deviceFirst.push(first!);
      deviceNext.push(...next);
      console.log(
        `run ${r + 1}: server ${server[r]!.toFixed(0)} ms; device first ${first!.toFixed(0)} ms, next ${next.map((n) => n.toFixed(1)).join(", ")} ms`,
      );
    }
    if (values.screenshot) {
      const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
      await page.goto(base);
      await page.getByRole("button", { name: "Example" }).click();
      await page.getByRole("button", { name: "Predict" }).click();
      await page.locator("lmi-predict [part=result]").waitFor();
      await page.locator("lmi-predict").screenshot({ path: values.screenshot });
      console.log(`wrote ${values.screenshot}`);
    }
    const version = browser.version();
    const section = [
      HEADING,
      "",
      `\`npm run bench:widget\` — ${describeCommit(["widget", "functions", "models", "assembly", "scripts/widget", "scripts/export"])}; Chromium ${version} (headless, Debian's), wrangler dev on 127.0.0.1 (loopback: no network time), Node ${process.version}; ${runs} runs, each in a fresh browser context (empty cache). Machine shared with other engineers' builds and tests.`,
      "",
      "| file | raw KiB | gzip KiB |",
      "|---|---|---|",
      `| widget.js (what every embedding page loads; budget 50 KB gzip, a test) | ${kb(widget.raw)} | ${kb(widget.gzip)} |`,
      ...device.map((f) => `| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} |`),
      `| **device engine, all that device mode fetches** | **${kb(deviceTotal.raw)}** | **${kb(deviceTotal.gzip)}** |`,
      "",
      `Time from pressing Predict to the shown result, the widget's example pair (22-nt miRNA, 640-nt lncRNA), model ${DEFAULT_MODEL}, medians (all runs in brackets):`,
      "",
      "| | ms |",
      "|---|---|",
      `| device mode, first prediction (engine import, tfjs wasm start, kernels, model decode, the pair) | ${median(deviceFirst).toFixed(0)} (${deviceFirst.map((x) => x.toFixed(0)).join(", ")}) |`,
      `| device mode, next predictions | ${median(deviceNext).toFixed(1)} (${deviceNext.map((x) => x.toFixed(1)).join(", ")}) |`,
      `| server mode, first prediction in a fresh page (worker warm) | ${median(server).toFixed(0)} (${server.map((x) => x.toFixed(0)).join(", ")}) |`,
      "",
    ].join("\n");
    writeReportSection(out, HEADING, section);
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await worker.dispose();
  }
});
