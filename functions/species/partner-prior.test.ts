import { describe, expect, it } from "vitest";
import { logit } from "../inference/logit.ts";
import { CODE_LETTERS } from "../kernels/codes.ts";
import {
  PartnerPriorSchema,
  panelPriors,
  priorEvidence,
  priorFor,
  rankingScores,
  rankScore,
  type PartnerPrior,
} from "./partner-prior.ts";

const codes = (s: string) => Uint8Array.from(s, (ch) => CODE_LETTERS.indexOf(ch));
const prior: PartnerPrior = {
  species: ["hsa"],
  families: { GAGGUAG: 99, AGCAGCA: 9 },
  meanPartners: 9,
  pseudocount: 1,
  datasets: ["generated"],
};

describe("partner prior", () => {
  it("gives a seed family its partners' log-odds against the mean miRNA, a finite one to an unseen family", () => {
    expect(priorEvidence(prior, codes("UGAGGUAGUAGGUUGUAUAGUU"))).toEqual({
      family: "GAGGUAG",
      partners: 99,
      logOdds: Math.log(100 / 10),
    });
    expect(priorEvidence(prior, codes("UAGCAGCACGUAAAUAUUGGCG")).logOdds).toBeCloseTo(0, 12);
    const unseen = priorEvidence(prior, codes("ACCCCCCCAAAAAAAAAAAAAA"));
    expect(unseen).toEqual({ family: "CCCCCCC", partners: 0, logOdds: Math.log(1 / 10) });
  });

  it("applies to the species it was counted for, in any case, and to no FASTA screen", () => {
    expect(priorFor({ screenPrior: prior }, "HSA")).toBe(prior);
    expect(priorFor({ screenPrior: prior }, "mmu")).toBeUndefined();
    expect(priorFor({ screenPrior: prior }, undefined)).toBeUndefined();
    expect(priorFor({}, "hsa")).toBeUndefined();
  });

  it("ranks by logit plus log-odds, so a well-supported family can pass a better-paired unseen one", () => {
    const candidates = [codes("ACCCCCCCAAAAAAAAAAAAAA"), codes("UGAGGUAGUAGGUUGUAUAGUU")];
    const scores = [0.6, 0.3];
    const ranked = rankingScores(panelPriors(prior, candidates), scores);
    expect(ranked[1]!).toBeGreaterThan(ranked[0]!);
    expect(ranked[0]).toBeCloseTo(logit(0.6) + Math.log(0.1), 12);
    expect(rankingScores(undefined, scores)).toBe(scores);
    expect(rankScore(0.6, undefined)).toBe(0.6);
  });

  it("refuses a family that is not seven RNA letters", () => {
    expect(PartnerPriorSchema.safeParse({ ...prior, families: { GAGGTAG: 3 } }).success).toBe(false);
    expect(PartnerPriorSchema.safeParse({ ...prior, families: { GAGGUA: 3 } }).success).toBe(false);
  });
});
