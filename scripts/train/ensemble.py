"""Fit the ensemble's stacker: one logistic regression over the members' logits.

Reads what scripts/train/ensemble-inputs.ts wrote (each member's served score on validation rows no
member trained on), fits sigmoid(w · logit(s) + b) with each training dataset weighted equally (the
plant validation set is five times smaller than the human one), reports 5-fold cross-validated AUC
per dataset beside each member's, exports the ONNX, the card (encoding `member-scores`) and the
parity fixture (the members' served scores on generated pairs → this PyTorch stacker).

Run with Debian's /usr/bin/python3 (python3-torch, python3-onnx).
"""
import argparse
import json
import os

import numpy as np
import torch
from torch import nn

from common import export_onnx, roc_auc, write_card

EPS = 1e-6


class Stacker(nn.Module):
    """Over the members' logits: linear (hidden 0), or one small hidden layer, which can learn which
    members to trust from the pattern of their scores (the graph member knows human RNAs only, the
    duplex members are what plant pairs reward)."""

    def __init__(self, members, hidden=0):
        super().__init__()
        self.linear = nn.Linear(members, 1) if hidden == 0 else nn.Sequential(nn.Linear(members, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        self.hidden = hidden

    def logits(self, scores):
        s = torch.clamp(scores, EPS, 1 - EPS)
        return self.linear(torch.log(s) - torch.log1p(-s)).squeeze(-1)

    def forward(self, scores):
        return torch.sigmoid(self.logits(scores))


def fit(x, y, weights, hidden=0, l2=1e-3, iterations=200):
    torch.manual_seed(0)
    model = Stacker(x.shape[1], hidden)
    xt, yt, wt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(weights)
    optimizer = torch.optim.LBFGS(model.parameters(), lr=0.5, max_iter=iterations, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = (nn.functional.binary_cross_entropy_with_logits(model.logits(xt), yt, reduction="none") * wt).sum() / wt.sum()
        loss = loss + l2 * sum((p ** 2).sum() for name, p in model.named_parameters() if name.endswith("weight"))
        loss.backward()
        return loss

    optimizer.step(closure)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", default="build/ensemble")
    parser.add_argument("--name", default="ensemble")
    parser.add_argument("--models", default="models")
    parser.add_argument("--hidden", type=int, default=0, help="hidden units of the stacker (0: logistic regression; 8 measured no better)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    meta = json.load(open(os.path.join(args.inputs, "meta.json")))
    x = np.load(os.path.join(args.inputs, "scores.npy")).astype(np.float32)
    y = np.load(os.path.join(args.inputs, "labels.npy")).astype(np.float32)
    dataset = np.load(os.path.join(args.inputs, "dataset.npy"))
    members, datasets = meta["members"], meta["datasets"]
    weights = np.zeros(len(y), dtype=np.float32)
    for d in range(len(datasets)):
        weights[dataset == d] = 1.0 / max(1, (dataset == d).sum())

    # 5-fold cross-validated stacker scores, to compare with each member on rows it did not fit
    folds = np.random.default_rng(1).integers(0, 5, len(y))
    held_out = np.zeros(len(y))
    for k in range(5):
        model = fit(x[folds != k], y[folds != k], weights[folds != k], args.hidden)
        with torch.no_grad():
            held_out[folds == k] = model(torch.from_numpy(x[folds == k])).numpy()
    report = {}
    for d, name in enumerate(datasets):
        rows = dataset == d
        report[name] = {"ensemble (5-fold CV)": round(roc_auc(held_out[rows], y[rows]), 4), **{m: round(roc_auc(x[rows, i], y[rows]), 4) for i, m in enumerate(members)}}
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in report[name].items()))

    model = fit(x, y, weights, args.hidden)
    if args.hidden:
        form = {"hidden": args.hidden, "note": "logit(member scores) → Linear → tanh → Linear → sigmoid"}
    else:
        weight = model.linear.weight.detach().numpy()[0]
        form = {"weights": {m: round(float(w), 6) for m, w in zip(members, weight)}, "bias": round(model.linear.bias.item(), 6)}
        print("weights: " + ", ".join(f"{m} {w:.3f}" for m, w in zip(members, weight)) + f"; bias {model.linear.bias.item():.3f}")
    os.makedirs(args.models, exist_ok=True)
    onnx_path = os.path.join(args.models, f"{args.name}.onnx")
    onnx_bytes = export_onnx(model, len(members), onnx_path)
    card_path = write_card(
        args.models,
        args.name,
        onnx_bytes,
        {"name": "member-scores", "members": members, "dims": len(members)},
        {
            "description": "Stacked ensemble: a logistic regression over the members' logits, fitted on the rows every member held out of its training, each dataset weighted equally; a calibrated probability by construction.",
            "family": "ensemble",
            "output": "probability of interaction: sigmoid(w · logit(member scores) + b)",
            "training": {
                "datasets": datasets,
                "split": meta["split"],
                "counts": meta["counts"],
                "stacker": {
                    **form,
                    "fit": "L-BFGS on weighted log loss (each dataset sums to weight 1), L2 1e-3 on the weights",
                    "crossValidatedAuc": report,
                },
                "note": "the validation metrics evaluate:card writes are in-sample for the stacker (it was fitted on those rows); the test metrics are not",
                "framework": f"PyTorch {torch.__version__}",
            },
        },
    )
    pairs = json.load(open(os.path.join(args.inputs, "parity-pairs.json")))
    parity_scores = np.load(os.path.join(args.inputs, "parity-scores.npy")).astype(np.float32)
    with torch.no_grad():
        expected = model(torch.from_numpy(parity_scores)).numpy().astype(np.float64)
    os.makedirs("test/fixtures/parity", exist_ok=True)
    with open(os.path.join("test/fixtures/parity", f"{args.name}.json"), "w") as f:
        json.dump({"model": args.name, "pairs": pairs, "scores": [round(float(s), 7) for s in expected]}, f)
        f.write("\n")
    print(f"wrote {onnx_path} ({len(onnx_bytes)} bytes), {card_path}; parity scores {expected.min():.3f}..{expected.max():.3f}")


if __name__ == "__main__":
    main()
