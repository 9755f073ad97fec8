// The widget's TSV download: one row per hit, the prior's log-odds where the ranking used one.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toTsv, type ResultView } from "../../widget/render.ts";

const hit = (rank: number, extra: Partial<ResultView>): ResultView => ({
  rank,
  score: 0.5,
  label: 0,
  threshold: 0.5,
  model: "m",
  ...extra,
});

describe("toTsv", () => {
  it("gives each hit's prior log-odds, and an empty cell where the answer has no prior", () => {
    const tsv = toTsv([
      hit(1, { prior: { family: "GAGGUAG", partners: 12, logOdds: 1.25 } }),
      hit(2, { prior: { family: "CCCCCCC", partners: 0, logOdds: -3.5 } }),
      hit(3, {}),
    ]);
    const rows = parse(tsv, { delimiter: "\t", columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.rank, r.prior_log_odds])).toEqual([
      ["1", "1.25"],
      ["2", "-3.5"],
      ["3", ""],
    ]);
  });
});
