"""Shared pieces of the training scripts: reading the featurizer's arrays, model selection AUC,
Platt calibration, ONNX export with a card, and the PyTorch side of the parity fixture.

Every script reads arrays written by `npm run featurize` (the AS kernels encode; Python never
re-encodes). Run with Debian's /usr/bin/python3 (python3-torch, python3-onnx).
"""
import csv
import hashlib
import inspect
import json
import os
import subprocess
import sys

import numpy as np
import torch


def load(features_dir):
    """(features [n × dims] float32, labels [n] float32, splits [n] str, meta) of one featurized dataset."""
    if not os.path.exists(os.path.join(features_dir, "features.npy")):
        sys.exit(f"error: {features_dir}/features.npy missing: run `npm run featurize -- --dataset ...` first")
    x = np.load(os.path.join(features_dir, "features.npy"))
    y = np.load(os.path.join(features_dir, "labels.npy")).astype(np.float32)
    with open(os.path.join(features_dir, "pairs.tsv"), newline="") as f:
        splits = np.array([row["split"] for row in csv.DictReader(f, delimiter="\t")])
    with open(os.path.join(features_dir, "meta.json")) as f:
        meta = json.load(f)
    if not (len(x) == len(y) == len(splits)):
        sys.exit(f"error: {features_dir}: features, labels and pairs.tsv disagree in length")
    return x, y, splits, meta


def load_many(features_dirs):
    """Several featurized datasets of one encoding stacked; rows of official test splits dropped.
    Returns x, y, splits, a dataset index per row, and the metas."""
    parts = [load(d) for d in features_dirs]
    encodings = {json.dumps(m["encoding"], sort_keys=True) for _, _, _, m in parts}
    if len(encodings) != 1:
        sys.exit("error: the feature dirs were written with different encodings")
    xs, ys, ss, ds = [], [], [], []
    for i, (x, y, s, _) in enumerate(parts):
        keep = s != "test"
        xs.append(x[keep]), ys.append(y[keep]), ss.append(s[keep]), ds.append(np.full(keep.sum(), i))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ss), np.concatenate(ds), [m for *_, m in parts]


def roc_auc(scores, labels):
    """Mann–Whitney AUC with average ranks for ties (model selection only; reports come from TS)."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def fit_platt(logits, labels, iterations=100):
    """a, b minimizing the log loss of sigmoid(a·logit + b) on held-out rows: Newton's method with
    backtracking, since an overconfident network's logits saturate the plain Newton step."""
    z = np.asarray(logits, dtype=np.float64)
    t = np.asarray(labels, dtype=np.float64)
    X = np.stack([z, np.ones_like(z)], axis=1)

    def loss(w):
        s = X @ w
        return float(np.mean(np.logaddexp(0, s) - t * s))

    w = np.array([1.0, 0.0])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -500, 500)))
        gradient = X.T @ (p - t) / len(z)
        hessian = X.T @ (X * (p * (1 - p))[:, None]) / len(z) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        scale, current = 1.0, loss(w)
        while loss(w - scale * step) > current and scale > 1e-8:
            scale /= 2
        w = w - scale * step
        if np.abs(scale * step).max() < 1e-10:
            break
    return float(w[0]), float(w[1])


def export_onnx(model, dims, path, opset=17, outputs=("score",)):
    """Exports model(features [batch × dims] float32) → score [batch] (and any further outputs, batch
    first); returns the ONNX bytes."""
    model.eval()
    # `dynamo` exists (and must be False: TorchScript export) only from PyTorch 2.x; Debian's is 1.13
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(
        model,
        torch.zeros(2, dims),
        path,
        input_names=["features"],
        output_names=list(outputs),
        dynamic_axes={"features": {0: "batch"}, **{name: {0: "batch"} for name in outputs}},
        opset_version=opset,
        **legacy,
    )
    return open(path, "rb").read()


def share_rows(onnx_path, tower_input, prefix, tower_output):
    """Rewrites an exported graph so that the nodes named `prefix`… (a tower from `tower_input` to
    `tower_output` that works row by row) run once per distinct row of `tower_input`: Unique before,
    Gather after. A screen scores one lncRNA against thousands of miRNAs, so its lncRNA tower then
    runs once instead of once per row; per row the results are the same. Returns the ONNX bytes."""
    import onnx
    from onnx import helper

    model = onnx.load(onnx_path)
    nodes = list(model.graph.node)
    tower = [n for n in nodes if n.output and n.output[0].startswith(prefix)]
    if not tower or not any(tower_input in n.input for n in tower) or tower_output not in tower[-1].output:
        sys.exit(f"error: {onnx_path}: no tower {prefix}… from {tower_input} to {tower_output}")
    rows, inverse, embedding = f"{prefix}unique_rows", f"{prefix}unique_inverse", f"{prefix}unique_output"
    for node in tower:
        node.input[:] = [rows if name == tower_input else name for name in node.input]
    tower[-1].output[:] = [embedding if name == tower_output else name for name in tower[-1].output]
    unique = helper.make_node("Unique", [tower_input], [rows, "", inverse, ""], name=f"{prefix}Unique", axis=0, sorted=0)
    gather = helper.make_node("Gather", [embedding, inverse], [tower_output], name=f"{prefix}Gather", axis=0)
    first, last = nodes.index(tower[0]), nodes.index(tower[-1])
    rewritten = nodes[:first] + [unique] + nodes[first : last + 1] + [gather] + nodes[last + 1 :]
    del model.graph.node[:]
    model.graph.node.extend(rewritten)
    onnx.checker.check_model(model)
    onnx.save(model, onnx_path)
    return open(onnx_path, "rb").read()


def write_card(models_dir, name, onnx_bytes, encoding, fields, opset=17):
    """models/<name>.json: encoding, ONNX digest and the given fields (description, family, output,
    training…). Threshold and metrics are kept from the previous card only if the ONNX is unchanged;
    `npm run evaluate:card` writes them through the serving path."""
    card_path = os.path.join(models_dir, f"{name}.json")
    previous = json.load(open(card_path)) if os.path.exists(card_path) else {}
    card = {
        "name": name,
        **{k: v for k, v in fields.items() if k in ("description", "family")},
        "encoding": encoding,
        "onnx": {
            "file": f"{name}.onnx",
            "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
            "bytes": len(onnx_bytes),
            "input": "features",
            "output": "score",
            "opset": opset,
        },
        "output": fields.get("output", "probability of interaction, Platt-scaled on the validation split"),
        "threshold": previous.get("threshold", 0.5),
        **{k: v for k, v in fields.items() if k not in ("description", "family", "output")},
    }
    for key in ("metrics", "thresholdRule"):
        if key in previous and previous.get("onnx", {}).get("sha256") == card["onnx"]["sha256"]:
            card[key] = previous[key]
    with open(card_path, "w") as f:
        json.dump(card, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return card_path


def write_parity_fixture(model, name, spec_file, fixture_dir="test/fixtures/parity", count=200, seed=7):
    """Generated pairs (never data-dir sequences), encoded by the TS featurizer (`npm run parity:pairs`),
    scored here by the PyTorch model: test/models/parity.test.ts compares them with the served ONNX."""
    out = os.path.join("build", "parity", name)
    subprocess.run(["npx", "tsx", "scripts/train/parity-pairs.ts", "--spec", spec_file, "--out", out, "--count", str(count), "--seed", str(seed)], check=True)
    x = np.load(os.path.join(out, "features.npy"))
    pairs = json.load(open(os.path.join(out, "pairs.json")))
    model.eval()
    with torch.no_grad():
        scores = model(torch.from_numpy(x)).numpy().astype(np.float64)
    os.makedirs(fixture_dir, exist_ok=True)
    path = os.path.join(fixture_dir, f"{name}.json")
    with open(path, "w") as f:
        json.dump({"model": name, "pairs": pairs, "scores": [round(float(s), 7) for s in scores]}, f)
        f.write("\n")
    print(f"parity fixture: {path} (scores {scores.min():.3f}..{scores.max():.3f})")
    return path
