// The saved form of the benchmark splits: per variant and fold, the counts and a SHA-256 of the
// sorted (role, miRNA id, lncRNA id, label) lines. Splits are regenerated from their seeds; the
// committed manifest (splits/manifest.json) pins them, and a data test recomputes it.
import { createHash } from "node:crypto";
import type { PairRow } from "../data/pairs.ts";
import type { Variant } from "./benchmarks.ts";

export interface FoldManifest {
  train: string;
  validation: string;
  test: string;
  sha256: string;
}

export interface VariantManifest {
  id: string;
  split: string;
  folds: FoldManifest[];
}

const counts = (rows: PairRow[]) =>
  `${rows.filter((r) => r.label === 1).length}/${rows.filter((r) => r.label === 0).length}`;

/** Lines "role\tmiRNA\tlncRNA\tlabel" of one fold, sorted: the content the checksum covers. */
export function foldLines(fold: Variant["folds"][number]): string[] {
  return (["train", "validation", "test"] as const)
    .flatMap((role) => fold[role].map((r) => `${role}\t${r.mirnaId}\t${r.lncrnaId}\t${r.label}`))
    .sort();
}

export function variantManifest(variant: Variant): VariantManifest {
  return {
    id: variant.id,
    split: variant.split,
    folds: variant.folds.map((fold) => ({
      train: counts(fold.train),
      validation: counts(fold.validation),
      test: counts(fold.test),
      sha256: createHash("sha256").update(foldLines(fold).join("\n")).digest("hex"),
    })),
  };
}
