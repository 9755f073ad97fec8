// ROC and PR curves as one small SVG (two panels), one curve per scorer.
import type { PrPoint, RocPoint } from "./metrics.ts";

export interface Curve {
  name: string;
  roc: RocPoint[];
  pr: PrPoint[];
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];
const SIZE = 240;
const PAD = 36;

/** At most `max` points, always keeping the first and the last. */
export function thin<T>(points: T[], max = 80): T[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function panel(
  x0: number,
  title: string,
  xLabel: string,
  yLabel: string,
  lines: { color: string; points: [number, number][] }[],
  diagonal: boolean,
): string {
  const px = (v: number) => (x0 + PAD + v * SIZE).toFixed(1);
  const py = (v: number) => (PAD + (1 - v) * SIZE).toFixed(1);
  const ticks = [0, 0.5, 1]
    .map(
      (t) =>
        `<text x="${px(t)}" y="${PAD + SIZE + 14}" text-anchor="middle">${t}</text><text x="${x0 + PAD - 4}" y="${py(t)}" text-anchor="end" dominant-baseline="middle">${t}</text>`,
    )
    .join("");
  const paths = lines
    .map(
      (l) =>
        `<polyline fill="none" stroke="${l.color}" stroke-width="1.5" points="${l.points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")}"/>`,
    )
    .join("");
  return (
    `<rect x="${x0 + PAD}" y="${PAD}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#999"/>` +
    (diagonal
      ? `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#ccc" stroke-dasharray="4 3"/>`
      : "") +
    `<text x="${x0 + PAD + SIZE / 2}" y="${PAD - 10}" text-anchor="middle" font-weight="bold">${escape(title)}</text>` +
    `<text x="${x0 + PAD + SIZE / 2}" y="${PAD + SIZE + 28}" text-anchor="middle">${xLabel}</text>` +
    `<text transform="translate(${x0 + 10},${PAD + SIZE / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>` +
    ticks +
    paths
  );
}

export function curvesSvg(title: string, curves: Curve[]): string {
  const width = 2 * (SIZE + 2 * PAD) + 170;
  const height = SIZE + 2 * PAD + 20;
  const color = (i: number) => COLORS[i % COLORS.length]!;
  const roc = panel(
    0,
    "ROC",
    "false positive rate",
    "true positive rate",
    curves.map((c, i) => ({ color: color(i), points: thin(c.roc).map((p) => [p.fpr, p.tpr] as [number, number]) })),
    true,
  );
  const pr = panel(
    SIZE + 2 * PAD,
    "precision–recall",
    "recall",
    "precision",
    curves.map((c, i) => ({
      color: color(i),
      points: thin(c.pr).map((p) => [p.recall, p.precision] as [number, number]),
    })),
    false,
  );
  const legend = curves
    .map(
      (c, i) =>
        `<line x1="${width - 160}" y1="${PAD + 6 + i * 16}" x2="${width - 142}" y2="${PAD + 6 + i * 16}" stroke="${color(i)}" stroke-width="3"/><text x="${width - 136}" y="${PAD + 10 + i * 16}">${escape(c.name)}</text>`,
    )
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">` +
    `<title>${escape(title)}</title><rect width="100%" height="100%" fill="white"/>${roc}${pr}${legend}</svg>\n`
  );
}
