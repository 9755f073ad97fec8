"""Train the kmer-mlp model: an MLP over k-mer + CTD + seed-site features of a miRNA–lncRNA pair.

Reads the arrays written by `npm run featurize` (the AS kernels encode; Python never re-encodes),
trains on the split's train rows, selects the epoch on its validation rows (lncRNA-grouped holdout;
with several --features dirs, one model for all their datasets and the epoch with the best mean of
the datasets' validation ROC-AUCs),
exports ONNX with feature standardization and the sigmoid inside the graph, and writes the model
card's training section. Threshold and reported metrics are added by `npm run evaluate:card`,
through the serving path.

Run with Debian's /usr/bin/python3 (python3-torch, python3-onnx).
"""
import argparse
import hashlib
import json
import os
import re
import sys
import time

import numpy as np
import torch
from torch import nn

from common import fit_platt, load_many, roc_auc


class KmerMlp(nn.Module):
    def __init__(self, dims, mean, std, hidden=(128, 32), dropout=0.3, columns=None):
        super().__init__()
        # the network reads only these columns of the encoding (all when None); the ONNX input stays the whole encoding
        self.register_buffer("columns", None if columns is None else torch.tensor(columns, dtype=torch.long))
        if columns is not None:
            dims, mean, std = len(columns), mean[columns], std[columns]
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("inv_std", torch.tensor(1.0 / std, dtype=torch.float32))
        layers, width = [], dims
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(dropout)]
            width = h
        layers.append(nn.Linear(width, 1))
        self.net = nn.Sequential(*layers)
        # Platt scaling, fitted on validation logits after training: calibrated probabilities
        self.register_buffer("platt_a", torch.tensor(1.0))
        self.register_buffer("platt_b", torch.tensor(0.0))

    def logits(self, x):
        if self.columns is not None:
            x = x.index_select(1, self.columns)
        return self.net((x - self.mean) * self.inv_std).squeeze(-1)

    def forward(self, x):
        return torch.sigmoid(self.platt_a * self.logits(x) + self.platt_b)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", action="append", help="a featurized dataset dir (default build/features/kmer-ctd-seed/pmlipred-trainval-ath); repeat to train one model on several datasets of one encoding")
    parser.add_argument("--name", default="kmer-mlp")
    parser.add_argument("--models", default="models")
    parser.add_argument("--epochs", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--family", default="feature-mlp", help="the card's family (a fold model: feature-mlp-fold, not served)")
    parser.add_argument("--columns", help="a regular expression over the encoding's feature names: the network reads only the matching columns (e.g. pair-level blocks without the RNAs' own k-mers)")
    parser.add_argument("--balance", action="store_true", help="weight the loss so that each dataset's positives and negatives count equally (datasets of unequal size or class balance)")
    parser.add_argument("--description", help="the card's description (default: what the encoding holds)")
    parser.add_argument("--variant", help="the benchmark harness variant whose train / validation rows a fold model trained on (the card's training.variant)")
    args = parser.parse_args()
    features_dirs = args.features or ["build/features/kmer-ctd-seed/pmlipred-trainval-ath"]

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    x, y, splits, dataset_of, metas = load_many(features_dirs)
    train, val = splits == "train", splits == "validation"
    val_datasets = dataset_of[val]
    if not train.any() or not val.any():
        sys.exit("error: the features need both train and validation rows")
    mean = x[train].mean(axis=0)
    std = x[train].std(axis=0)
    std[std < 1e-6] = 1.0  # constant features pass through unscaled

    feature_names = metas[0]["featureNames"]
    columns = [i for i, n in enumerate(feature_names) if re.search(args.columns, n)] if args.columns else None
    if columns is not None and not columns:
        sys.exit(f"error: --columns {args.columns!r} matches no feature")
    width = len(columns) if columns is not None else x.shape[1]
    model = KmerMlp(x.shape[1], mean, std, columns=columns)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-3)
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")
    xt, yt = torch.from_numpy(x[train]), torch.from_numpy(y[train])
    # per-row loss weights, mean 1: with --balance each (dataset, label) cell of the train rows weighs the same
    cell = dataset_of[train] * 2 + y[train].astype(np.int64)
    counts = np.bincount(cell, minlength=2 * len(metas)).astype(np.float64)
    row_weights = 1.0 / counts[cell] if args.balance else np.ones(len(cell))
    wt = torch.from_numpy((row_weights * len(cell) / row_weights.sum()).astype(np.float32))
    xv = torch.from_numpy(x[val])
    best = (-1.0, 0, None)
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(perm), 128):
            idx = perm[i : i + 128]
            optimizer.zero_grad()
            loss = (loss_fn(model.logits(xt[idx]), yt[idx]) * wt[idx]).mean()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            scores = model(xv).numpy()
            # each dataset's AUC on its own: their positives differ in kind, pooling would rank across sets
            auc = float(np.mean([roc_auc(scores[val_datasets == d], y[val][val_datasets == d]) for d in range(len(metas))]))
        if auc > best[0]:
            best = (auc, epoch, {k: v.clone() for k, v in model.state_dict().items()})
        if epoch % 10 == 0 or epoch == 1:
            print(f"epoch {epoch:3d}  train loss {total / len(xt):.4f}  validation AUC {auc:.4f}", flush=True)
    model.load_state_dict(best[2])
    model.eval()
    print(f"selected epoch {best[1]} (validation AUC {best[0]:.4f}) after {time.time() - started:.0f} s")
    with torch.no_grad():
        validation_logits = model.logits(xv)
    platt_a, platt_b = fit_platt(validation_logits.numpy(), y[val])
    model.platt_a.fill_(platt_a)
    model.platt_b.fill_(platt_b)
    print(f"Platt scaling on validation: a = {platt_a:.4f}, b = {platt_b:.4f}")

    os.makedirs(args.models, exist_ok=True)
    onnx_path = os.path.join(args.models, f"{args.name}.onnx")
    torch.onnx.export(
        model,
        torch.zeros(1, x.shape[1]),
        onnx_path,
        input_names=["features"],
        output_names=["score"],
        dynamic_axes={"features": {0: "batch"}, "score": {0: "batch"}},
        opset_version=14,
    )
    onnx_bytes = open(onnx_path, "rb").read()
    card_path = os.path.join(args.models, f"{args.name}.json")
    previous = json.load(open(card_path)) if os.path.exists(card_path) else {}
    meta = metas[0]
    names = [m["dataset"] for m in metas]
    if len(metas) == 1:
        data_fields = {"dataset": meta["dataset"], "description": meta["description"], "dedup": meta.get("dedup"), "split": meta["split"], "counts": meta["counts"]}
    else:
        data_fields = {
            "datasets": names,
            "saw": "train rows of every set together (one model for all); validation rows only for epoch selection and Platt scaling; official test rows never",
            "dedup": {n: m.get("dedup") for n, m in zip(names, metas)},
            "split": next((m["split"] for m in metas if "test" in m["counts"]), meta["split"]),  # the rule that names official test rows
            "counts": {n: m["counts"] for n, m in zip(names, metas)},
        }
    # extra train negatives drawn over a species' whole miRNA set (featurize --species-negatives)
    species_negatives = {n: m["speciesNegatives"] for n, m in zip(names, metas) if "speciesNegatives" in m}
    if species_negatives:
        data_fields["speciesNegatives"] = species_negatives
    card = {
        "name": args.name,
        "description": args.description or (f"MLP over the {len(columns)} features of the {meta['encoding']['name']} encoding that match /{args.columns}/ (the other columns are ignored)" if columns is not None else "MLP over lncRNA k-mer (1–4) and miRNA k-mer (1–3) frequencies, CTD of both RNAs and "
        "miRNA seed-site counts (8mer/7mer-m8/7mer-A1/6mer, Watson–Crick and G:U) on the lncRNA"
        + (", plus duplex-energy features (MFE, seed-constrained MFE, pairing of the seed and 3′ region, second site)"
           if meta["encoding"]["name"].endswith("-duplex") else ""))
        + "."
        + (f" One model for {' and '.join(names)} together." if len(metas) > 1 else "")
        + (f" Fold model for the harness variant {args.variant}: its train and validation rows only (not served)." if args.variant else ""),
        "family": args.family,
        "encoding": meta["encoding"],
        "onnx": {
            "file": f"{args.name}.onnx",
            "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
            "bytes": len(onnx_bytes),
            "input": "features",
            "output": "score",
            "opset": 14,
        },
        "output": "probability of interaction: sigmoid(a·logit + b), Platt-scaled on the validation split",
        "threshold": previous.get("threshold", 0.5),
        "training": {
            **({"variant": args.variant} if args.variant else {}),
            **data_fields,
            **({"columns": {"pattern": args.columns, "names": [feature_names[i] for i in columns]}} if columns is not None else {}),
            "architecture": ("select the --columns features → " if columns is not None else "") + f"standardize → Linear({width},128) → ReLU → Dropout(0.3) → Linear(128,32) → ReLU → Dropout(0.3) → Linear(32,1) → sigmoid",
            "optimizer": "AdamW lr 1e-3, weight decay 1e-3, batch 128, BCE loss"
            + (", each dataset's positives and negatives weighted to count equally" if args.balance else ""),
            "epochs": args.epochs,
            "selectedEpoch": best[1],
            "selection": "epoch with the best validation ROC-AUC" + (" (mean over the datasets)" if len(metas) > 1 else ""),
            "calibration": {"method": "Platt scaling on validation logits", "a": round(platt_a, 6), "b": round(platt_b, 6)},
            "seed": args.seed,
            "framework": f"PyTorch {torch.__version__}",
        },
    }
    if species_negatives:
        card["description"] += (
            " Its human train rows gain one negative per train positive: the positive's lncRNA with a miRNA drawn over"
            " all miRBase-18 human miRNAs that is not its partner (training.speciesNegatives), so that a miRNA outside"
            " the benchmark's vocabulary is not taken for a partner."
        )
    for key in ("metrics", "thresholdRule"):
        if key in previous and previous.get("onnx", {}).get("sha256") == card["onnx"]["sha256"]:
            card[key] = previous[key]
    with open(card_path, "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({len(onnx_bytes)} bytes) and {card_path}")


if __name__ == "__main__":
    main()
