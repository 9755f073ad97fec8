// The <lmi-predict> widget in real Chromium (Debian's, through playwright-core) against a real
// workerd serving the API, the widget's assets and the demo page: one browser, one worker for all.
// Species sets are generated sequences put into the worker's local KV as species:load would.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { startTestWorker, type TestWorker } from "../../scripts/lib/start-worker.ts";
import { createKeyIn } from "../../scripts/keys/d1.ts";
import { putGeneratedReference, putGeneratedSpecies } from "../local-species.ts";
import { untilOnnxAnswers } from "../onnx-session.ts";

const random = seededRandom(19);
const mirnas = Array.from({ length: 30 }, (_, i) => ({ id: `tst-miR${i + 1}`, sequence: randomRna(random, 21) }));
const background = randomRna(random, 1200);
// two 8mer sites for one of the miRNAs
const site = reverseComplement(mirnas[11]!.sequence.slice(1, 8)) + "A";
const lncrna = background.slice(0, 300) + site + background.slice(308, 800) + site + background.slice(808);

let worker: TestWorker;
let browser: Browser;
let base: string;
let state: string;
// a host page from another origin on this machine (a loopback page may load loopback scripts), and
// publishable keys: one bound to it, one bound elsewhere
let host: Server;
let hostOrigin: string;
let hostKey: string;
let elsewhereKey: string;
const hostPages = new Map<string, { html: string; csp?: string }>();

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), "lmi-widget-kv-"));
  await putGeneratedSpecies(state, "tst", "Testus generatus", mirnas);
  // an isoform of the demo's generated lncRNA: it shares the first two thirds and goes on elsewhere
  const demoLncrna = generatedPairs(1, 5)[0]!.lncrna;
  await putGeneratedReference(state, [
    demoLncrna.slice(0, Math.floor((demoLncrna.length * 2) / 3)) + randomRna(random, 500),
    randomRna(random, 2000),
  ]);
  host = createServer((request, res) => {
    const page = hostPages.get(request.url ?? "");
    res.writeHead(page ? 200 : 404, {
      "Content-Type": "text/html",
      ...(page?.csp ? { "Content-Security-Policy": page.csp } : {}),
    });
    res.end(page?.html ?? "");
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  const publishable = (origin: string) =>
    createKeyIn({ persistTo: state }, { name: "host page", plan: "widget", kind: "publishable", origins: [origin] });
  hostKey = (await publishable(hostOrigin)).key;
  elsewhereKey = (await publishable("https://elsewhere.example")).key;
  [worker, browser] = await Promise.all([startTestWorker(state), launchChromium()]);
  base = (await worker.url).href;
  // a fresh worker starts onnxruntime-web after its first answer, without yielding: on a busy
  // machine that stalls every request meanwhile, pages included, so the pages wait until it is open
  await untilOnnxAnswers(fetch, new URL("v1/predict", base).href);
}, 600_000); // a first run as root may apt-get install chromium

afterAll(async () => {
  host?.close();
  await browser?.close();
  await worker?.dispose();
  rmSync(state, { recursive: true, force: true });
});

const fasta = (records: { id: string; sequence: string }[]) => records.map((r) => `>${r.id}\n${r.sequence}`).join("\n");

async function api(path: string, body: unknown): Promise<any> {
  const response = await fetch(new URL(path, base), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function demo(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(base);
  return page;
}

/** A poll's patience: the machine is shared with other builds and tests. */
const SLOW = { timeout: 30_000 };
const status = (page: Page) => page.locator("lmi-predict [role=status]");
const lastResult = (page: Page) => page.locator("lmi-predict").evaluate((e) => (e as any).lastResult);

describe("<lmi-predict> in Chromium", () => {
  it("scores a pair through the API and shows the score, breakdown, site map, duplex and downloads", async () => {
    const page = await demo();
    const pair = generatedPairs(1, 5)[0]!;
    await page.getByLabel("miRNA (sequence or FASTA)").fill(pair.mirna);
    await page.getByLabel("lncRNA (sequence or FASTA)").fill(pair.lncrna);
    await page.getByRole("button", { name: "Predict" }).click();
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^Score \d\.\d{3}/);
    const expected = (await api("v1/predict", { pairs: [pair] })).results[0];
    const shown = await page.locator("lmi-predict [part=score] .value").textContent();
    expect(shown).toBe(expected.score.toFixed(3));
    expect(await page.locator("lmi-predict [part=breakdown] tbody tr").count()).toBe(expected.members.length);
    const map = page.locator("lmi-predict svg[part=map]");
    expect(await map.getAttribute("aria-label")).toContain(`${pair.lncrna.length} nt`);
    expect(await map.locator("rect").count()).toBe(expected.seed.sites.length + (expected.duplex.best ? 1 : 0));
    expect(await page.locator("lmi-predict [part=duplex]").textContent()).toBe(expected.duplex.best.diagram.join("\n"));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download TSV" }).click();
    const tsv = await (await download).createReadStream().then(async (s) => {
      let text = "";
      for await (const chunk of s) text += chunk;
      return text;
    });
    expect(tsv.split("\n")[1]!.split("\t")[5]).toBe(String(expected.score));
    await page.close();
  });

  it("shows the API's problem text for bad input", async () => {
    const page = await demo();
    await page.getByLabel("miRNA (sequence or FASTA)").fill("UGAGGUAGUAGXUUGUAUAGUU");
    await page.getByLabel("lncRNA (sequence or FASTA)").fill(lncrna);
    await page.getByRole("button", { name: "Predict" }).click();
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/invalid symbol "X"/i);
    expect(await status(page).getAttribute("class")).toBe("problem");
    await page.close();
  });

  it("names the pairs' species when asked: the species' head scores them, as the API does", async () => {
    const page = await demo();
    const pair = generatedPairs(1, 5)[0]!;
    await page.getByLabel("miRNA (sequence or FASTA)").fill(pair.mirna);
    await page.getByLabel("lncRNA (sequence or FASTA)").fill(pair.lncrna);
    const predict = async () => {
      await page.getByRole("button", { name: "Predict" }).click();
      await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^Score \d\.\d{3}/);
      return (await lastResult(page)).results[0];
    };
    const gated = await predict();
    expect(gated.domainFrom).toBe("gate");
    const headLine = () => page.locator("lmi-predict .domains").textContent();
    expect(await headLine()).toMatch(/^Gate: plant \d+ %, human \d+ %/);
    // the generated set "tst" is an animal's: the human head alone, weight 1
    await page.getByLabel("Species of the pairs (optional)").fill("tst");
    const named = await predict();
    const expected = (await api("v1/predict", { pairs: [pair], species: "tst" })).results[0];
    expect(named.domainFrom).toBe("species");
    expect(named.domains).toEqual(expected.domains);
    expect(await headLine()).toMatch(/^Head: human \(the species named\)/);
    expect(named.score).toBe(expected.score);
    // a new lncRNA on the human head, with an isoform in the server's reference: the gene head's evidence
    expect(named.gene).toMatchObject({ isoforms: 1 });
    expect(await headLine()).toMatch(
      /Gene: 1 isoform in the server's reference lncRNAs; .*the model's own score \d\.\d{3}/,
    );
    await page.getByLabel("Species of the pairs (optional)").fill("zzq");
    await page.getByRole("button", { name: "Predict" }).click();
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/zzq/);
    expect(await status(page).getAttribute("class")).toBe("problem");
    // let-7a is on the model's animal list: its sequence names the head
    await page.getByLabel("Species of the pairs (optional)").fill("");
    await page.getByLabel("miRNA (sequence or FASTA)").fill("UGAGGUAGUAGGUUGUAUAGUU");
    expect((await predict()).domainFrom).toBe("mirna");
    expect(await headLine()).toMatch(/^Head: human \(a known animal miRNA\)/);
    await page.close();
  });

  it("screens a lncRNA against a species picked from the server's sets", async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.locator("lmi-predict").evaluate((e) => e.setAttribute("species", "tst"));
    await page.getByLabel("Screen a lncRNA against a species' miRNAs").check();
    await expect.poll(() => page.getByLabel("Species", { exact: true }).inputValue(), SLOW).toBe("tst|curated");
    await page.getByLabel("lncRNA (sequence or FASTA)").fill(lncrna);
    await page.getByRole("button", { name: "Screen" }).click();
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^Screened 30 miRNAs/);
    const expected = await api("v1/screen", { lncrna, species: "tst", topK: 10 });
    const ids = await page.locator("lmi-predict [part=hits] tbody th").allTextContents();
    expect(ids).toEqual(expected.hits.map((h: { id: string }) => h.id));
    expect(ids).toHaveLength(10);
    await page.close();
  });

  it("is usable by keyboard alone, and announces the result", async () => {
    const page = await demo();
    const focused = () =>
      page.evaluate(() => {
        const host = document.activeElement;
        const inner = host?.shadowRoot?.activeElement;
        return inner ? `${inner.tagName}:${inner.id || inner.textContent}` : `${host?.tagName}`;
      });
    const tabTo = async (target: string) => {
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press("Tab");
        if ((await focused()) === target) return;
      }
      throw new Error(`Tab never reached ${target} (last: ${await focused()})`);
    };
    await tabTo("TEXTAREA:mirna");
    await page.keyboard.type(">my-miR\nUGAGGUAGUAGGUUGUAUAGUU");
    await tabTo("BUTTON:Example");
    await page.keyboard.press("Enter");
    expect(await page.getByLabel("miRNA (sequence or FASTA)").inputValue()).toContain("UGAGGUAGUAGGUUGUAUAGUU");
    await tabTo("BUTTON:Predict");
    await page.keyboard.press("Enter");
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^Score \d\.\d{3}: (predicted|not predicted)/);
    expect(await status(page).getAttribute("aria-live")).toBe("polite");
    await page.close();
  });

  it("shows the API's refusal of a publishable key used from an origin it is not bound to", async () => {
    const origin = new URL(base).origin;
    hostPages.set("/wrong-origin", {
      html: `<!doctype html><title>host</title><script type="module" src="${origin}/widget.js"></script>
<lmi-predict key="${elsewhereKey}"></lmi-predict>`,
    });
    const page = await browser.newPage();
    await page.goto(`${hostOrigin}/wrong-origin`);
    await page.getByRole("button", { name: "Example" }).click();
    await page.getByRole("button", { name: "Predict" }).click();
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/works only from https:\/\/elsewhere\.example/);
    expect(await status(page).textContent()).toContain(hostOrigin);
    await page.close();
  });

  it("device mode scores 50 generated pairs with the API unreachable, as the server does (|Δ| ≤ 1e-4)", async () => {
    const pairs = generatedPairs(50, 23);
    const server = (await api("v1/predict", { pairs })).results.map((r: { score: number }) => r.score) as number[];
    expect(Math.min(...server)).toBeLessThan(0.2);
    expect(Math.max(...server)).toBeGreaterThan(0.8);

    const page = await demo();
    const apiRequests: string[] = [];
    await page.route("**/v1/**", (route) => {
      apiRequests.push(route.request().url());
      return route.abort("blockedbyclient");
    });
    await page.locator("lmi-predict").evaluate((e) => {
      e.setAttribute("mode", "device");
      e.setAttribute("pairing", "zip");
    });
    await page.getByLabel("miRNA (sequence or FASTA)").fill(fasta(pairs.map((p) => ({ id: p.id, sequence: p.mirna }))));
    await page
      .getByLabel("lncRNA (sequence or FASTA)")
      .fill(fasta(pairs.map((p) => ({ id: p.id, sequence: p.lncrna }))));
    await page.getByRole("button", { name: "Predict" }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 60_000 }).toBe("50 pairs scored.");
    const answer = await lastResult(page);
    expect(answer.computedOn).toBe("device");
    const device = answer.results.map((r: { score: number }) => r.score) as number[];
    expect(device).toHaveLength(50);
    const worst = Math.max(...device.map((s, i) => Math.abs(s - server[i]!)));
    expect(worst).toBeLessThanOrEqual(1e-4);
    expect(apiRequests).toEqual([]);
    await page.close();
  });

  it("falls back to the server, and says so, on a host page whose CSP forbids WebAssembly", async () => {
    // its key (bound to the host page's origin) makes the widget send Authorization, which the API's
    // CORS preflight must allow
    const origin = new URL(base).origin;
    hostPages.set("/csp", {
      html: `<!doctype html><title>host</title><script type="module" src="${origin}/widget.js"></script>
<lmi-predict mode="device" key="${hostKey}"></lmi-predict>`,
      csp: `default-src 'none'; script-src ${origin}; connect-src ${origin}; style-src 'none'`,
    });
    const page = await browser.newPage();
    await page.goto(`${hostOrigin}/csp`);
    await page.getByRole("button", { name: "Example" }).click();
    await page.getByRole("button", { name: "Predict" }).click();
    await expect.poll(() => status(page).textContent(), SLOW).toMatch(/^Score \d\.\d{3}/);
    expect(await page.locator("lmi-predict [part=notice]").textContent()).toContain("'wasm-unsafe-eval'");
    expect((await lastResult(page)).computedOn).toBeUndefined(); // the server's answer
    // the widget's own styles still apply: constructed stylesheets are not inline styles
    expect(await page.locator("lmi-predict button.primary").evaluate((b) => getComputedStyle(b).cursor)).toBe(
      "pointer",
    );
    await page.close();
  });
});
