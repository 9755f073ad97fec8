// <lmi-predict>: the embeddable prediction widget. One script tag and one element; themable through
// CSS custom properties (--lmi-*) and ::part(); usable by keyboard alone, results announced through
// an aria-live region. mode="server" (default) asks the API that served this script; mode="device"
// loads the device engine (widget/device.ts) on first use and keeps every sequence in the page, or
// says why it cannot (a page CSP without 'wasm-unsafe-eval') and asks the server instead.
import { asFasta } from "./fasta.ts";
import { el, mappedSites, resultCard, screenTable, siteMap, toTsv, type ResultView } from "./render.ts";
import type { DeviceEngine } from "./device.ts";

const STYLE = `
:host { display: block; font: var(--lmi-font, 14px/1.45 system-ui, sans-serif); color: var(--lmi-fg, #1d1d1f);
  background: var(--lmi-bg, #fff); border: 1px solid var(--lmi-border, #ccd); border-radius: var(--lmi-radius, 8px);
  padding: var(--lmi-padding, 1rem); max-width: var(--lmi-max-width, 48rem); }
fieldset { border: 0; padding: 0; margin: 0 0 .5rem; display: flex; gap: 1rem; flex-wrap: wrap; }
legend { font-weight: 600; margin-bottom: .25rem; }
.field { display: grid; gap: .25rem; margin-bottom: .75rem; }
label { font-weight: 600; }
.file { font-weight: 400; font-size: .9em; }
textarea, select, input[type=file] { font: inherit; }
textarea { font-family: var(--lmi-mono, ui-monospace, monospace); width: 100%; box-sizing: border-box; }
button { font: inherit; padding: .35rem .9rem; border-radius: var(--lmi-radius, 8px); border: 1px solid var(--lmi-accent, #3b4cca);
  background: var(--lmi-bg, #fff); color: var(--lmi-accent, #3b4cca); cursor: pointer; }
button.primary { background: var(--lmi-accent, #3b4cca); color: var(--lmi-accent-fg, #fff); }
button:focus-visible, textarea:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--lmi-focus, #f5a623); outline-offset: 2px; }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; }
.notice { background: var(--lmi-notice-bg, #fff7e0); padding: .4rem .6rem; border-radius: 4px; }
.problem { color: var(--lmi-error, #a00); }
.score .value { font-size: 1.6em; margin-right: .25rem; }
.score.yes .value { color: var(--lmi-yes, #1a7f37); }
.warning { color: var(--lmi-warning, #8a5a00); }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { padding: .15rem .6rem; text-align: left; border-bottom: 1px solid var(--lmi-border, #ccd); }
caption { text-align: left; font-weight: 600; }
.map { width: 100%; height: auto; color: var(--lmi-fg, #1d1d1f); }
pre { font-family: var(--lmi-mono, ui-monospace, monospace); overflow-x: auto; margin: 0; }
[hidden] { display: none !important; }
`;

const EXAMPLE_MIRNA = "UGAGGUAGUAGGUUGUAUAGUU";

/** A made-up lncRNA with one 8mer site for the example miRNA: the same text on every click. */
function exampleLncrna(): string {
  let state = 7;
  let s = "";
  for (let i = 0; i < 640; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    s += "ACGU"[state >>> 30]!;
  }
  return s.slice(0, 300) + "ACUAUACAACCUACUACCUCA" + s.slice(321);
}

type Mode = "server" | "device";

/** A problem+json answer's words, for the user. */
async function problemText(response: Response): Promise<string> {
  try {
    const problem = (await response.json()) as { title?: string; detail?: string };
    return [problem.title, problem.detail].filter(Boolean).join(": ") || `${response.status} ${response.statusText}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

/** Can this page compile WebAssembly? A CSP without 'wasm-unsafe-eval' forbids it. */
async function wasmAllowed(): Promise<boolean> {
  try {
    await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}

export class LmiPredict extends HTMLElement {
  static observedAttributes = ["mode", "model", "species"];
  private readonly root: ShadowRoot;
  private engine?: Promise<DeviceEngine>;
  private engineModel?: string | null;
  private deviceBlocked = false;
  /** The last answer shown, as downloaded (JSON); undefined before the first. */
  lastResult?: unknown;
  private results: ResultView[] = [];
  private speciesLoaded = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.root.adoptedStyleSheets = [sheet];
    this.root.append(this.form(), this.notice, this.status, this.output);
  }

  private readonly notice = el("p", { part: "notice", class: "notice", role: "note", hidden: "" });
  private readonly status = el("div", { part: "status", role: "status", "aria-live": "polite" });
  private readonly output = el("div", { part: "results", class: "results" });
  private readonly mirna = el("textarea", { id: "mirna", part: "input", rows: "2", spellcheck: "false" });
  private readonly lncrna = el("textarea", { id: "lncrna", part: "input", rows: "5", spellcheck: "false" });
  private readonly species = el("select", { id: "species", part: "input" });
  private readonly pairSpecies = el("input", {
    id: "pair-species",
    part: "input",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "e.g. hsa, ath, Arabidopsis thaliana",
  });
  private readonly taskPredict = el("input", { type: "radio", name: "task", value: "predict", checked: "" });
  private readonly taskScreen = el("input", { type: "radio", name: "task", value: "screen" });
  private readonly runButton = el("button", { type: "submit", part: "button primary", class: "primary" }, "Predict");

  /** The API's origin: the `api` attribute, else where this script came from. */
  get api(): string {
    return this.getAttribute("api") ?? new URL(".", import.meta.url).href;
  }

  get mode(): Mode {
    return this.getAttribute("mode") === "device" && !this.deviceBlocked ? "device" : "server";
  }

  connectedCallback(): void {
    this.syncTask();
  }

  attributeChangedCallback(name: string): void {
    if (name === "mode" && this.isConnected) this.syncTask();
    if (name === "species") {
      this.selectSpecies();
      this.pairSpecies.value = this.getAttribute("species") ?? "";
    }
  }

  private form(): HTMLFormElement {
    const upload = (target: HTMLTextAreaElement, label: string) => {
      const input = el("input", { type: "file", accept: ".fa,.fasta,.fna,.txt,text/plain", part: "file" });
      input.addEventListener("change", async () => {
        const file = input.files?.[0];
        if (file) target.value = await file.text();
      });
      return el("label", { class: "file" }, `${label} `, input);
    };
    const example = el("button", { type: "button", part: "button" }, "Example");
    example.addEventListener("click", () => {
      this.mirna.value = `>example-miR\n${EXAMPLE_MIRNA}`;
      this.lncrna.value = `>example-lncRNA\n${exampleLncrna()}`;
      this.setStatus("Example sequences filled in.");
    });
    const form = el(
      "form",
      { part: "form", "aria-label": "lncRNA–miRNA interaction prediction" },
      el(
        "fieldset",
        {},
        el("legend", {}, "Task"),
        el("label", {}, this.taskPredict, " Score miRNA–lncRNA pairs"),
        el("label", {}, this.taskScreen, " Screen a lncRNA against a species' miRNAs"),
      ),
      el(
        "div",
        { class: "field", "data-task": "predict" },
        el("label", { for: "mirna" }, "miRNA (sequence or FASTA)"),
        this.mirna,
        upload(this.mirna, "or upload a miRNA FASTA file"),
      ),
      el(
        "div",
        { class: "field" },
        el("label", { for: "lncrna" }, "lncRNA (sequence or FASTA)"),
        this.lncrna,
        upload(this.lncrna, "or upload a lncRNA FASTA file"),
      ),
      // named, a gated model scores the pairs with that species' head instead of guessing the domain
      el(
        "div",
        { class: "field", "data-task": "predict", "data-server": "" },
        el("label", { for: "pair-species" }, "Species of the pairs (optional)"),
        this.pairSpecies,
      ),
      el("div", { class: "field", "data-task": "screen" }, el("label", { for: "species" }, "Species"), this.species),
      el("div", { class: "actions" }, example, this.runButton),
    );
    for (const radio of [this.taskPredict, this.taskScreen]) radio.addEventListener("change", () => this.syncTask());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.run();
    });
    return form;
  }

  private get task(): "predict" | "screen" {
    return this.taskScreen.checked ? "screen" : "predict";
  }

  private syncTask(): void {
    const device = this.mode === "device";
    if (device) this.showNotice("Device mode: the model runs in this page; no sequence leaves it.");
    else if (!this.deviceBlocked) this.notice.hidden = true;
    // a screen needs the species sets, which live on the server: not offered where sequences stay here
    this.taskScreen.disabled = device;
    if (device && this.taskScreen.checked) this.taskPredict.checked = true;
    this.root.querySelectorAll<HTMLElement>("[data-task]").forEach((field) => {
      // the on-device engine has no species heads: only the server takes a species
      field.hidden = field.dataset.task !== this.task || (device && field.dataset.server !== undefined);
    });
    this.runButton.textContent = this.task === "screen" ? "Screen" : "Predict";
    if (this.task === "screen" && !this.speciesLoaded) void this.loadSpecies();
  }

  private async loadSpecies(): Promise<void> {
    this.speciesLoaded = true;
    try {
      const response = await fetch(new URL("v1/species", this.api), { headers: this.headers() });
      if (!response.ok) throw new Error(await problemText(response));
      const { sets } = (await response.json()) as {
        sets: { name: string; latinName: string | null; source: string; count: number }[];
      };
      this.species.replaceChildren(
        ...sets.map((s) =>
          el(
            "option",
            { value: `${s.name}|${s.source}` },
            `${s.latinName ?? s.name} (${s.name}, ${s.source}, ${s.count} miRNAs)`,
          ),
        ),
      );
      this.selectSpecies();
      if (!sets.length) this.setStatus("No species sets are loaded on this server.", true);
    } catch (error) {
      this.speciesLoaded = false;
      this.setStatus(`Species list unavailable: ${(error as Error).message}`, true);
    }
  }

  /** Picks the `species` attribute's set (a prefix or Latin name, any case) once the list is loaded. */
  private selectSpecies(): void {
    const wanted = this.getAttribute("species")?.toLowerCase();
    if (!wanted) return;
    const option = Array.from(this.species.options).find((o) => {
      const [name] = o.value.split("|");
      return name!.toLowerCase() === wanted || o.textContent!.toLowerCase().startsWith(`${wanted} (`);
    });
    if (option) this.species.value = option.value;
  }

  private headers(): Record<string, string> {
    const key = this.getAttribute("key");
    return key ? { Authorization: `Bearer ${key}` } : {};
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  private setStatus(text: string, problem = false): void {
    this.status.textContent = text;
    this.status.className = problem ? "problem" : "";
  }

  /** Runs the form's task; the answer (or the problem) is shown and announced. */
  async run(): Promise<void> {
    this.runButton.disabled = true;
    this.output.replaceChildren();
    try {
      if (this.task === "screen") await this.runScreen();
      else if (this.mode === "device" && (await this.deviceReady())) await this.runDevice();
      else await this.runServer();
    } catch (error) {
      this.setStatus((error as Error).message, true);
    } finally {
      this.runButton.disabled = false;
    }
  }

  /** Loads the device engine once; false (and the page told why) when this page cannot run it. */
  private async deviceReady(): Promise<boolean> {
    if (!(await wasmAllowed())) {
      this.deviceBlocked = true;
      this.showNotice(
        "This page's Content-Security-Policy does not allow WebAssembly ('wasm-unsafe-eval'), so device mode is off: predictions are computed by the server.",
      );
      this.syncTask();
      return false;
    }
    const model = this.getAttribute("model");
    if (this.engine && this.engineModel !== model) this.engine = undefined; // the model attribute changed
    if (!this.engine) {
      this.engineModel = model;
      this.setStatus("Loading the on-device model…");
      const url = new URL("widget/device.js", this.api).href;
      this.engine = import(/* @vite-ignore */ url).then((m: typeof import("./device.ts")) =>
        m.createEngine(this.api, model),
      );
      this.engine.catch(() => (this.engine = undefined));
    }
    await this.engine;
    return true;
  }

  private async runDevice(): Promise<void> {
    const engine = await this.engine!;
    this.setStatus("Scoring on this device…");
    const pairing = this.getAttribute("pairing") === "zip" ? "zip" : "all";
    const results = await engine.predict(this.mirna.value, this.lncrna.value, pairing);
    this.show({ model: engine.model, computedOn: "device", results }, results, false);
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(new URL(path, this.api), {
      method: "POST",
      headers: { "Content-Type": "application/json", ...this.headers() },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(await problemText(response));
    return response.json();
  }

  private async runServer(): Promise<void> {
    this.setStatus("Scoring…");
    const model = this.getAttribute("model");
    const species = this.pairSpecies.value.trim();
    const answer = (await this.post("v1/predict", {
      mirnaFasta: asFasta(this.mirna.value, "mirna"),
      lncrnaFasta: asFasta(this.lncrna.value, "lncrna"),
      pairing: this.getAttribute("pairing") === "zip" ? "zip" : "all",
      ...(model ? { model } : {}),
      ...(species ? { species } : {}),
    })) as { results: ResultView[] };
    this.show(answer, answer.results, false);
  }

  private async runScreen(): Promise<void> {
    if (!this.species.value) throw new Error("Choose a species to screen against.");
    const [species, source] = this.species.value.split("|");
    this.setStatus(`Screening against ${species}…`);
    const model = this.getAttribute("model");
    const answer = (await this.post("v1/screen", {
      lncrna: this.lncrna.value.trim(),
      species,
      source,
      topK: 10,
      ...(model ? { model } : {}),
    })) as { hits: ResultView[]; lncrna: { length: number }; candidates: { count: number } };
    this.show(answer, answer.hits, true, answer.lncrna.length, answer.candidates.count);
  }

  private show(answer: unknown, results: ResultView[], screen: boolean, lncrnaLength = 0, candidates = 0): void {
    this.lastResult = answer;
    this.results = results;
    const first = results[0];
    if (screen) {
      this.output.append(
        screenTable(results),
        siteMap(
          lncrnaLength,
          results.map((h) => ({
            label: h.id ?? "",
            sites: mappedSites(h),
            ...(h.duplex?.best
              ? { duplex: [h.duplex.best.targetStart, h.duplex.best.targetEnd] as [number, number] }
              : {}),
          })),
        ),
      );
    } else {
      results.forEach((r, i) =>
        this.output.append(
          resultCard(r, r.mirnaId && r.lncrnaId ? `${r.mirnaId} × ${r.lncrnaId}` : (r.id ?? `pair ${i + 1}`)),
        ),
      );
    }
    this.output.append(this.downloads());
    const summary = screen
      ? `Screened ${candidates} miRNAs: best ${first?.id ?? "none"} with score ${first?.score.toFixed(3) ?? "–"}.`
      : results.length === 1
        ? `Score ${first!.score.toFixed(3)}: ${first!.label === 1 ? "predicted to interact" : "not predicted to interact"}.`
        : `${results.length} pairs scored.`;
    this.setStatus(summary);
    this.dispatchEvent(new CustomEvent("lmi-result", { detail: answer, bubbles: true, composed: true }));
  }

  private downloads(): HTMLElement {
    const save = (label: string, type: string, name: string, text: () => string) => {
      const button = el("button", { type: "button", part: "button" }, label);
      button.addEventListener("click", () => {
        const url = URL.createObjectURL(new Blob([text()], { type }));
        const link = el("a", { href: url, download: name });
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      });
      return button;
    };
    return el(
      "div",
      { class: "actions", part: "downloads" },
      save("Download TSV", "text/tab-separated-values", "lmi-results.tsv", () => toTsv(this.results)),
      save("Download JSON", "application/json", "lmi-results.json", () => JSON.stringify(this.lastResult, null, 2)),
    );
  }
}

if (!customElements.get("lmi-predict")) customElements.define("lmi-predict", LmiPredict);
