// What the widget shows of an answer, as DOM built with createElement (no HTML strings, so a
// sequence id can never become markup, and nothing needs 'unsafe-inline' under a page's CSP): the
// score and what it means, the model breakdown, a map of the sites along the lncRNA, the duplex
// drawing, and the TSV and JSON downloads.
import { DOMAIN_OF_HEAD, type DomainFrom } from "../functions/inference/heads.ts";

/** The parts of a /v1/predict result or /v1/screen hit the widget reads (the device engine gives the same). */
export interface Site {
  start: number;
  end: number;
  type: string;
  wobble: number;
}

export interface ResultView {
  id?: string;
  mirnaId?: string;
  lncrnaId?: string;
  rank?: number;
  score: number;
  label: number;
  threshold: number;
  model: string;
  members?: { model: string; score: number; label: number; threshold: number }[];
  domains?: Record<string, number>;
  /** Who chose the head weights: the gate, the miRNA's species list or the species named. */
  domainFrom?: DomainFrom;
  /** Whether the default's human head knew this lncRNA from training (absent for other models). */
  lncrnaKnown?: boolean;
  /** Where the gene head revised a new lncRNA's score: isoforms in the server's reference and the sites on them. */
  gene?: {
    isoforms: number;
    ownSites: number;
    isoformSites: number;
    modelScore: number;
    geneScore: number;
    isoformsScored: number;
  };
  /** A screen hit's p-value against background lncRNAs and its q-value in the screen, when the set has a null. */
  pValue?: number;
  qValue?: number;
  lengths?: { mirna: number; lncrna: number };
  /** The animal vocabulary: absent when the answer speaks the plant one (a plant species). */
  seed?: { total: number; counts: Record<string, number>; sites: Site[] };
  /** The plant vocabulary: absent when the answer speaks the animal one (an animal species). */
  plantTarget?: { best: { expectation: number; start: number; end: number; inhibition: string } | null };
  /** A species screen's partner prior for the hit's seed family, when the ranking adds one. */
  prior?: { family: string; partners: number; logOdds: number };
  duplex?: {
    energy: number;
    best: { energy: number; targetStart: number; targetEnd: number; diagram: string[] } | null;
  };
  warnings?: { code: string; detail: string }[];
}

const SVG = "http://www.w3.org/2000/svg";
const SITE_COLOURS: Record<string, string> = {
  "8mer": "var(--lmi-site-8mer, #b2182b)",
  "7mer-m8": "var(--lmi-site-7mer-m8, #ef8a62)",
  "7mer-A1": "var(--lmi-site-7mer-a1, #67a9cf)",
  "6mer": "var(--lmi-site-6mer, #999)",
  complementary: "var(--lmi-site-complementary, #1b7837)",
};

/**
 * The sites a map shows for one result: its seed sites, or, when the answer speaks only the plant
 * vocabulary, its best complementary site.
 */
export function mappedSites(r: ResultView): Site[] {
  if (r.seed) return r.seed.sites;
  const best = r.plantTarget?.best;
  return best ? [{ start: best.start, end: best.end, type: "complementary", wobble: 0 }] : [];
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

function svg(tag: string, attrs: Record<string, string | number>, ...children: Node[]): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

export const fmt = (x: number) => (x >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(1));

/** The score in words: the calibrated probability against the model's threshold. */
function scoreLine(r: ResultView): HTMLElement {
  const call = r.label === 1 ? "predicted to interact" : "not predicted to interact";
  return el(
    "p",
    { part: "score", class: r.label === 1 ? "score yes" : "score no" },
    el("strong", { class: "value" }, fmt(r.score)),
    ` calibrated probability of interaction — ${r.label === 1 ? "at or above" : "below"} ${r.model}'s threshold ${fmt(r.threshold)}: ${call}.`,
    ...(r.pValue !== undefined
      ? [
          ` Against background lncRNAs of this length p = ${fmt(r.pValue)}, q = ${fmt(r.qValue ?? 1)} among the screen's candidates.`,
        ]
      : []),
  );
}

/** Which stacking head scored the pair and why: one head, or the gate's weights on each. */
function headText(domains: Record<string, number>, from: ResultView["domainFrom"]): string {
  const head = Object.entries(domains).find(([, w]) => w === 1)?.[0];
  if (head && from === "species") return `Head: ${head} (the species named)`;
  if (head && from === "mirna") return `Head: ${head} (a known ${DOMAIN_OF_HEAD[head] ?? head} miRNA)`;
  return (
    "Gate: " +
    Object.entries(domains)
      .map(([d, w]) => `${d} ${(w * 100).toFixed(0)} %`)
      .join(", ")
  );
}

/** What the gene head read: the lncRNA's isoforms in the server's reference and the miRNA's sites on them. */
function geneText(gene: NonNullable<ResultView["gene"]>): string {
  const isoforms = gene.isoforms === 1 ? "1 isoform" : `${gene.isoforms} isoforms`;
  const where =
    gene.ownSites > 0
      ? `${gene.ownSites} canonical seed site${gene.ownSites === 1 ? "" : "s"} on this transcript`
      : gene.isoformSites > 0
        ? `no canonical seed site on this transcript, ${gene.isoformSites} on an isoform`
        : "no canonical seed site on this transcript or its isoforms";
  const best =
    gene.isoformsScored > 0
      ? `; its best over this transcript and ${gene.isoformsScored} isoform${gene.isoformsScored === 1 ? "" : "s"} with a site ${fmt(gene.geneScore)}`
      : "";
  return `Gene: ${isoforms} in the server's reference lncRNAs; ${where}; the model's own score ${fmt(gene.modelScore)}${best}.`;
}

function breakdown(r: ResultView): HTMLElement | undefined {
  if (!r.members?.length) return undefined;
  const rows = r.members.map((m) =>
    el(
      "tr",
      {},
      el("th", { scope: "row" }, m.model),
      el("td", {}, fmt(m.score)),
      el("td", {}, fmt(m.threshold)),
      el("td", {}, m.label === 1 ? "yes" : "no"),
    ),
  );
  const domains = r.domains
    ? el(
        "p",
        { class: "domains" },
        headText(r.domains, r.domainFrom) +
          (r.lncrnaKnown === false
            ? ". A lncRNA new to the model's human training pairs: its human side is scored by the head for new lncRNAs."
            : "") +
          (r.gene ? " " + geneText(r.gene) : ""),
      )
    : "";
  return el(
    "div",
    { part: "breakdown" },
    el(
      "table",
      {},
      el("caption", {}, "Model breakdown"),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col" }, "member"),
          el("th", { scope: "col" }, "score"),
          el("th", { scope: "col" }, "threshold"),
          el("th", { scope: "col" }, "call"),
        ),
      ),
      el("tbody", {}, ...rows),
    ),
    domains,
  );
}

/** Seed sites (ticks, coloured by type) and best duplexes (bars) along the lncRNA, 5′ to 3′. */
export function siteMap(
  length: number,
  tracks: { label: string; sites: Site[]; duplex?: [number, number] }[],
): Element {
  const width = 600;
  const rowHeight = 18;
  const height = 24 + rowHeight * tracks.length;
  const x = (pos: number) => 4 + ((width - 8) * (pos - 1)) / Math.max(1, length - 1);
  const total = tracks.reduce((n, t) => n + t.sites.length, 0);
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    part: "map",
    class: "map",
    "aria-label": `Map of the lncRNA (${length} nt): ${total} site${total === 1 ? "" : "s"}${tracks.some((t) => t.duplex) ? " and the best duplex" : ""}`,
  });
  tracks.forEach((track, i) => {
    const y = 8 + i * rowHeight;
    root.append(
      svg("line", { x1: x(1), x2: x(length), y1: y + 6, y2: y + 6, stroke: "currentColor", "stroke-width": 1 }),
    );
    if (track.duplex) {
      const [from, to] = track.duplex;
      root.append(
        svg(
          "rect",
          {
            x: x(from),
            y: y + 2,
            width: Math.max(2, x(to) - x(from)),
            height: 8,
            fill: "var(--lmi-duplex, #5e3c99)",
            opacity: 0.5,
          },
          svg("title", {}, document.createTextNode(`${track.label}: best duplex, nt ${from}–${to}`)),
        ),
      );
    }
    for (const site of track.sites) {
      root.append(
        svg(
          "rect",
          {
            x: x(site.start) - 1,
            y,
            width: Math.max(2, x(site.end) - x(site.start)),
            height: 12,
            fill: SITE_COLOURS[site.type] ?? "#999",
          },
          svg(
            "title",
            {},
            document.createTextNode(
              `${track.label}: ${site.type}${site.wobble ? " (G:U)" : ""} site, nt ${site.start}–${site.end}`,
            ),
          ),
        ),
      );
    }
  });
  const axis = 8 + tracks.length * rowHeight + 12;
  root.append(
    svg("text", { x: 2, y: axis, "font-size": 10, fill: "currentColor" }, document.createTextNode("1")),
    svg(
      "text",
      { x: width - 2, y: axis, "font-size": 10, "text-anchor": "end", fill: "currentColor" },
      document.createTextNode(`${length} nt`),
    ),
  );
  return root;
}

function duplexDrawing(r: ResultView): HTMLElement | undefined {
  const best = r.duplex?.best;
  if (!best) return undefined;
  return el(
    "figure",
    { class: "duplex" },
    el(
      "pre",
      { part: "duplex", "aria-label": "duplex diagram: lncRNA 5′→3′ above, miRNA 3′→5′ below" },
      best.diagram.join("\n"),
    ),
    el(
      "figcaption",
      {},
      `Minimum free energy duplex: ${best.energy} kcal/mol, lncRNA nt ${best.targetStart}–${best.targetEnd}`,
    ),
  );
}

export function resultCard(r: ResultView, heading: string): HTMLElement {
  const card = el(
    "section",
    { part: "result", class: "result", "aria-label": heading },
    el("h3", {}, heading),
    scoreLine(r),
  );
  for (const w of r.warnings ?? []) card.append(el("p", { class: "warning" }, w.detail));
  const parts = breakdown(r);
  if (parts) card.append(parts);
  if (r.lengths) {
    const best = r.duplex?.best;
    card.append(
      siteMap(r.lengths.lncrna, [
        {
          label: r.mirnaId ?? "miRNA",
          sites: mappedSites(r),
          ...(best ? { duplex: [best.targetStart, best.targetEnd] } : {}),
        },
      ]),
    );
  }
  const drawing = duplexDrawing(r);
  if (drawing) card.append(drawing);
  return card;
}

export function screenTable(hits: ResultView[]): HTMLElement {
  const withP = hits.some((h) => h.pValue !== undefined);
  const withSeed = hits.some((h) => h.seed);
  const withPlant = hits.some((h) => h.plantTarget);
  const withPrior = hits.some((h) => h.prior);
  return el(
    "table",
    { part: "hits", class: "hits" },
    el("caption", {}, "Best candidate miRNAs"),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...[
          "rank",
          "miRNA",
          "score",
          "call",
          ...(withP ? ["p", "q"] : []),
          ...(withSeed ? ["seed sites"] : []),
          ...(withPlant ? ["expectation"] : []),
          ...(withPrior ? ["family partners"] : []),
          "duplex kcal/mol",
        ].map((h) => el("th", { scope: "col" }, h)),
      ),
    ),
    el(
      "tbody",
      {},
      ...hits.map((h) =>
        el(
          "tr",
          {},
          el("td", {}, String(h.rank ?? "")),
          el("th", { scope: "row" }, h.id ?? ""),
          el("td", {}, fmt(h.score)),
          el("td", {}, h.label === 1 ? "yes" : "no"),
          ...(withP
            ? [
                el("td", {}, h.pValue === undefined ? "" : fmt(h.pValue)),
                el("td", {}, h.qValue === undefined ? "" : fmt(h.qValue)),
              ]
            : []),
          ...(withSeed ? [el("td", {}, String(h.seed?.total ?? ""))] : []),
          ...(withPlant ? [el("td", {}, h.plantTarget?.best ? String(h.plantTarget.best.expectation) : "")] : []),
          ...(withPrior
            ? [el("td", { title: h.prior ? `seed family ${h.prior.family}` : "" }, String(h.prior?.partners ?? ""))]
            : []),
          el("td", {}, h.duplex ? String(h.duplex.energy) : ""),
        ),
      ),
    ),
  );
}

/** One row per result: the columns a spreadsheet needs, members' scores included. */
export function toTsv(results: ResultView[]): string {
  const members = results[0]?.members?.map((m) => m.model) ?? [];
  const header = [
    "rank",
    "id",
    "mirna_id",
    "lncrna_id",
    "model",
    "score",
    "label",
    "threshold",
    "p_value",
    "q_value",
    ...members.map((m) => `${m}_score`),
    "seed_sites",
    "expectation",
    "prior_log_odds",
    "duplex_energy",
    "duplex_start",
    "duplex_end",
  ];
  const clean = (v: unknown) => String(v ?? "").replace(/[\t\r\n]/g, " ");
  const rows = results.map((r, i) =>
    [
      r.rank ?? i + 1,
      r.id,
      r.mirnaId,
      r.lncrnaId,
      r.model,
      r.score,
      r.label,
      r.threshold,
      r.pValue,
      r.qValue,
      ...members.map((_, k) => r.members?.[k]?.score),
      r.seed?.total,
      r.plantTarget?.best?.expectation,
      r.prior?.logOdds,
      r.duplex?.energy,
      r.duplex?.best?.targetStart,
      r.duplex?.best?.targetEnd,
    ]
      .map(clean)
      .join("\t"),
  );
  return [header.join("\t"), ...rows].join("\n") + "\n";
}
