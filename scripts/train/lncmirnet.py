"""Train lncmirnet: LncMirNet's four feature types of each RNA — k-mer, CTD, a doc2vec-like sequence
embedding and a role2vec-like graph embedding — turned into 2-D histograms (the paper's histogram-dd
matrix, 4 channels × 32 × 32) and read by a CNN, fused inside the graph with a branch over our pair
vector (seed sites, duplex energy) and the product of the two graph embeddings, Platt-scaled.

Everything a served pair needs is computed inside the ONNX from one feature row
(scripts/train/lncmirnet.encoding.json, written by the AS kernels):
  [pair vector 508 | miRNA k-mers k≤4 (340) | lncRNA k-mers k≤5 (1364)]

How the paper's pre-trained embeddings become servable:
- doc2vec (PV-DBOW over 3-mer "words") embeds a whole RNA; a learned linear projection of the RNA's
  k-mer frequency vector is the frequency-weighted average of learned k-mer vectors, i.e. a
  bag-of-words document vector, computable for any new sequence with our k-mer kernel.
- role2vec embeds the nodes of a graph, so only RNAs seen in training have one. Here each known RNA
  (a training-graph node) gets a learned embedding, and its k-mer profile (PCA-projected) is stored in
  the ONNX. At serve time the input RNA's profile is compared with every known profile and the
  embedding is the softmax(−distance²/τ)-weighted mean: a known RNA finds itself (τ is set so that
  its own weight dominates); an unseen RNA gets its nearest known neighbours' embeddings — the
  defined fallback. Training drops the pair's own node from the lookup at random, so the network
  also learns what the fallback embedding is worth.
- numpy.histogram2d's hard bins become linear-interpolation ("triangular") bins: differentiable, so
  the embeddings learn through the histogram, and free of the bin-edge flips that would break
  PyTorch ↔ onnxruntime parity.

Run: npm run train:lncmirnet (featurize, train, parity fixture, evaluate:card).
Debian's /usr/bin/python3 (python3-torch, python3-onnx).
"""
import argparse
import csv
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import export_onnx, fit_platt, load_many, roc_auc, share_rows, write_card, write_parity_fixture  # noqa: E402

SPEC_FILE = "scripts/train/lncmirnet.encoding.json"
DATASETS = ["pmlipred-trainval-ath", "ncrnainter-human"]
# Column layout of the feature row (checked against meta.json featureNames at load time).
LNC_KMER4 = slice(0, 340)
MIR_KMER3 = slice(340, 424)
LNC_CTD = slice(424, 454)
MIR_CTD = slice(454, 484)
PAIR = slice(0, 508)
MIR_KMER4 = slice(508, 848)
LNC_KMER5 = slice(848, 2212)
BINS = 32
# tensors at least this large are rounded to fp16 precision after training (the committed model's
# weights; stored as float32, which gzip shrinks to within a quarter of the fp16 bytes)
HALF_MIN_ELEMENTS = 4096


def soft_histogram2d(x, y, bins=BINS):
    """[batch × bins × bins] joint histogram of the value pairs (x_i, y_i), each RNA vector binned over
    its own [min, max] as numpy.histogram2d does, with linear-interpolation weights; mass sums to ≤ 1."""
    def weights(v):
        lo = v.min(dim=1, keepdim=True).values
        hi = v.max(dim=1, keepdim=True).values
        width = (hi - lo).clamp_min(1e-6) / bins  # a constant vector puts its mass at the first bin
        centres = lo.unsqueeze(1) + width.unsqueeze(1) * (torch.arange(bins, dtype=v.dtype).view(1, bins, 1) + 0.5)
        return torch.relu(1 - (v.unsqueeze(1) - centres).abs() / width.unsqueeze(1))  # [batch × bins × n]

    return torch.matmul(weights(x), weights(y).transpose(1, 2)) / x.shape[1]


class KnownNodeLookup(nn.Module):
    """Learned embeddings of known RNAs, addressed by k-mer profile similarity (see the docstring)."""

    def __init__(self, profile_mean, profile_std, projection, node_profiles, tau, dims, seed):
        super().__init__()
        self.register_buffer("mean", torch.tensor(profile_mean, dtype=torch.float32))
        self.register_buffer("inv_std", torch.tensor(1 / profile_std, dtype=torch.float32))
        self.register_buffer("projection", torch.tensor(projection, dtype=torch.float32))
        # an fp16 table (PyTorch casts it back to float32; the export folds that Cast: fold_initializer_casts)
        self.register_buffer("profiles", torch.tensor(node_profiles, dtype=torch.float16))
        # ‖p‖² kept as a small constant: left to the exporter, it folds p·p into a large float32 table
        self.register_buffer("profile_norms", (self.profiles.float() ** 2).sum(1), persistent=False)
        self.register_buffer("inv_tau", torch.tensor(1 / tau, dtype=torch.float32))
        generator = torch.Generator().manual_seed(seed)
        self.embeddings = nn.Parameter(0.1 * torch.randn(len(node_profiles), dims, generator=generator))

    def project(self, kmers):
        return ((kmers - self.mean) * self.inv_std) @ self.projection

    def similarity_logits(self, kmers):
        q = self.project(kmers)
        p = self.profiles.float()
        distance = (q * q).sum(1, keepdim=True) + self.profile_norms.unsqueeze(0) - 2 * q @ p.t()
        return -distance.clamp_min(0) * self.inv_tau

    def forward(self, kmers, exclude=None):
        logits = self.similarity_logits(kmers)
        if exclude is not None:  # training only: hide the row's own node to exercise the fallback
            logits = logits.masked_fill(exclude, float("-inf"))
        return torch.softmax(logits, dim=1) @ self.embeddings


class LncMirNet(nn.Module):
    def __init__(self, stats, lnc_nodes, mir_nodes, doc_dims=64, graph_dims=32, seed=1):
        super().__init__()
        for name, value in stats.items():
            self.register_buffer(name, torch.tensor(value, dtype=torch.float32))
        self.lnc_doc = nn.Linear(1364, doc_dims)
        self.mir_doc = nn.Linear(340, doc_dims)
        self.lnc_graph = KnownNodeLookup(*lnc_nodes, graph_dims, seed)
        self.mir_graph = KnownNodeLookup(*mir_nodes, graph_dims, seed + 1)
        # the paper's CNN (six 3×3 convs, 64-64-128-128-256-256, two max-pools) cut to three convs at a
        # quarter of the width, pooling after each: it has to train on a shared 2-core machine
        self.cnn = nn.Sequential(
            nn.BatchNorm2d(4),
            nn.Conv2d(4, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3), nn.ReLU(), nn.Dropout(0.3), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(64 * 4 * 4, 64), nn.ReLU(), nn.Dropout(0.3),
        )
        self.pair_mlp = nn.Sequential(nn.Linear(508, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 32), nn.ReLU())
        self.head = nn.Sequential(nn.Linear(64 + 32 + graph_dims, 32), nn.ReLU(), nn.Linear(32, 1))
        self.register_buffer("platt_a", torch.tensor(1.0))
        self.register_buffer("platt_b", torch.tensor(0.0))

    @staticmethod
    def fixed_histograms(x):
        """The k-mer and CTD channels: no learned input, so training computes them once."""
        return torch.stack([soft_histogram2d(x[:, LNC_KMER4], x[:, MIR_KMER4]), soft_histogram2d(x[:, LNC_CTD], x[:, MIR_CTD])], dim=1)

    def logits(self, x, exclude_lnc=None, exclude_mir=None, fixed=None):
        lnc_k5 = (x[:, LNC_KMER5] - self.lnc_k5_mean) * self.lnc_k5_inv_std
        mir_k4 = (x[:, MIR_KMER4] - self.mir_k4_mean) * self.mir_k4_inv_std
        lnc_doc, mir_doc = self.lnc_doc(lnc_k5), self.mir_doc(mir_k4)
        lnc_graph = self.lnc_graph(x[:, LNC_KMER5], exclude_lnc)
        mir_graph = self.mir_graph(x[:, MIR_KMER4], exclude_mir)
        learned = torch.stack([soft_histogram2d(lnc_doc, mir_doc), soft_histogram2d(lnc_graph, mir_graph)], dim=1)
        histograms = torch.cat([self.fixed_histograms(x) if fixed is None else fixed, learned], dim=1)
        pair = self.pair_mlp((x[:, PAIR] - self.pair_mean) * self.pair_inv_std)
        return self.head(torch.cat([self.cnn(histograms), pair, lnc_graph * mir_graph], dim=1)).squeeze(-1)

    def forward(self, x):
        return torch.sigmoid(self.platt_a * self.logits(x) + self.platt_b)


def round_large_tensors_to_fp16(model, min_elements=HALF_MIN_ELEMENTS):
    """Rounds every large float32 weight/buffer to fp16 precision: float32 storage of fp16-exact values
    gzips to within a quarter of fp16 storage, and the committed model was trained this way."""
    with torch.no_grad():
        for tensor in list(model.parameters()) + list(model.buffers()):
            if tensor.dtype == torch.float32 and tensor.numel() >= min_elements:
                tensor.copy_(tensor.half().float())


def fold_initializer_casts(path):
    """Rewrites the ONNX: a Cast of an initializer (the fp16 `profiles` buffer) becomes a float32
    initializer under the Cast's output name. Served sessions run without graph optimization (it
    slows session creation), so an unfolded Cast would convert its table on every run (measured:
    fp16 storage of all large weights with Casts cost 2.5 ms per run against 1.1–1.4 ms folded)."""
    import onnx
    from onnx import numpy_helper

    graph_model = onnx.load(path)
    graph = graph_model.graph
    initializers = {init.name: init for init in graph.initializer}
    folded = [n for n in graph.node if n.op_type == "Cast" and n.input[0] in initializers]
    for node in folded:
        values = numpy_helper.to_array(initializers[node.input[0]]).astype(np.float32)
        graph.initializer.append(numpy_helper.from_array(values, node.output[0]))
        graph.node.remove(node)
    used = {name for n in graph.node for name in n.input}
    for name in {n.input[0] for n in folded} - used:
        graph.initializer.remove(initializers[name])
    onnx.checker.check_model(graph_model)
    onnx.save(graph_model, path)
    return open(path, "rb").read()


def standardize_stats(values):
    mean = values.mean(axis=0)
    std = values.std(axis=0)
    std[std < 1e-6] = 1.0  # constant columns pass through unscaled
    return mean.astype(np.float32), (1 / std).astype(np.float32)


def known_nodes(ids, profiles, dims, tau_scale):
    """Distinct node ids with one profile each; standardization, PCA projection to `dims`, the
    projected profiles and τ (a fraction of the median squared distance to the nearest other node)."""
    unique, first = np.unique(ids, return_index=True)
    raw = profiles[first].astype(np.float64)
    mean = raw.mean(axis=0)
    std = raw.std(axis=0)
    std[std < 1e-6] = 1.0
    z = (raw - mean) / std
    _, _, vt = np.linalg.svd(z - z.mean(axis=0), full_matrices=False)
    projection = vt[:dims].T
    projected = (z @ projection).astype(np.float16).astype(np.float64)
    squared = (projected**2).sum(1)
    d = squared[:, None] + squared[None, :] - 2 * projected @ projected.T
    np.fill_diagonal(d, np.inf)
    nearest = d.min(axis=1)
    tau = float(np.median(nearest) * tau_scale)
    self_weight = 1 / (1 + np.exp(-(d - 0) / tau).sum(axis=1))  # own distance ≈ 0
    return unique, (mean.astype(np.float32), std.astype(np.float32), projection.astype(np.float32), projected.astype(np.float32), tau), {
        "nodes": len(unique),
        "profileDims": int(profiles.shape[1]),
        "projectedDims": dims,
        "tau": round(tau, 6),
        "ownWeight": {"median": round(float(np.median(self_weight)), 4), "fractionAbove0.9": round(float((self_weight > 0.9).mean()), 4)},
    }


def read_ids(features_dir):
    with open(os.path.join(features_dir, "pairs.tsv"), newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] != "test"]
    return np.array([r["mirna_id"] for r in rows]), np.array([r["lncrna_id"] for r in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", default="build/features/lncmirnet")
    parser.add_argument("--datasets", nargs="+", default=DATASETS)
    parser.add_argument("--name", default="lncmirnet")
    parser.add_argument("--models", default="models")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--node-dropout", type=float, default=0.3)
    parser.add_argument("--profile-dims", type=int, default=24)
    parser.add_argument("--tau-scale", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report-test", action="store_true", help="print the AUC on official test rows present in the features")
    parser.add_argument("--checkpoint", default="build/lncmirnet/checkpoint.pt", help="trained weights are saved here")
    parser.add_argument("--resume", action="store_true", help="skip training: load --checkpoint and export")
    parser.add_argument("--no-export", action="store_true", help="measure only: no ONNX, card or fixture")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(1)  # the machine is shared
    dirs = [os.path.join(args.features, d) for d in args.datasets]
    loaded = time.time()
    x, y, splits, domain, metas = load_many(dirs)
    names = metas[0]["featureNames"]
    assert names[LNC_KMER4.stop - 1].endswith("lncrna.kmer.UUUU") and names[MIR_KMER4.start] == "1.kmer.mirna.kmer.A" and names[LNC_KMER5.stop - 1].endswith("UUUUU"), "feature layout changed"
    mir_ids, lnc_ids = map(np.concatenate, zip(*[read_ids(d) for d in dirs]))
    # ids are namespaced by dataset: the same name in two datasets is not one node
    mir_ids = np.char.add(np.array([f"{i}:" for i in domain]), mir_ids)
    lnc_ids = np.char.add(np.array([f"{i}:" for i in domain]), lnc_ids)
    train, val = splits == "train", splits == "validation"
    print(f"rows: train {train.sum()}, validation {val.sum()} ({', '.join(args.datasets)})", flush=True)

    lnc_known, lnc_nodes, lnc_info = known_nodes(lnc_ids[train], x[train][:, LNC_KMER5], args.profile_dims, args.tau_scale)
    mir_known, mir_nodes, mir_info = known_nodes(mir_ids[train], x[train][:, MIR_KMER4], args.profile_dims, args.tau_scale)
    print(f"known lncRNAs {lnc_info}\nknown miRNAs {mir_info}", flush=True)
    lnc_index = np.searchsorted(lnc_known, lnc_ids[train])
    mir_index = np.searchsorted(mir_known, mir_ids[train])

    stats = {}
    for name, cols in (("pair", PAIR), ("lnc_k5", LNC_KMER5), ("mir_k4", MIR_KMER4)):
        stats[f"{name}_mean"], stats[f"{name}_inv_std"] = standardize_stats(x[train][:, cols])
    model = LncMirNet(stats, lnc_nodes, mir_nodes, seed=args.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    loss_fn = nn.BCEWithLogitsLoss()
    xt, yt = torch.from_numpy(x[train]), torch.from_numpy(y[train])
    xv = torch.from_numpy(x[val])
    with torch.no_grad():
        fixed_t = torch.cat([LncMirNet.fixed_histograms(xt[i : i + 512]) for i in range(0, len(xt), 512)])
        fixed_v = torch.cat([LncMirNet.fixed_histograms(xv[i : i + 512]) for i in range(0, len(xv), 512)])
    print(f"fixed histograms computed ({time.time() - loaded:.0f} s)", flush=True)
    lnc_t, mir_t = torch.from_numpy(lnc_index), torch.from_numpy(mir_index)
    n_lnc, n_mir = len(lnc_known), len(mir_known)

    def validation_aucs(scores):
        aucs = {args.datasets[d]: roc_auc(scores[domain[val] == d], y[val][domain[val] == d]) for d in range(len(args.datasets))}
        return aucs, float(np.mean(list(aucs.values())))

    best = (-1.0, 0, None, None)
    started = time.time()
    if args.resume:
        saved = torch.load(args.checkpoint)
        best, train_seconds = (saved["meanAuc"], saved["epoch"], saved["state"], saved["aucs"]), saved["trainSeconds"]
    for epoch in range(1, 0 if args.resume else args.epochs + 1):
        model.train()
        perm = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(perm), 128):
            idx = perm[i : i + 128]
            drop_lnc = torch.rand(len(idx)) < args.node_dropout
            drop_mir = torch.rand(len(idx)) < args.node_dropout
            exclude_lnc = torch.zeros(len(idx), n_lnc, dtype=torch.bool)
            exclude_lnc[torch.arange(len(idx)), lnc_t[idx]] = drop_lnc
            exclude_mir = torch.zeros(len(idx), n_mir, dtype=torch.bool)
            exclude_mir[torch.arange(len(idx)), mir_t[idx]] = drop_mir
            optimizer.zero_grad()
            loss = loss_fn(model.logits(xt[idx], exclude_lnc, exclude_mir, fixed_t[idx]), yt[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            logits = torch.cat([model.logits(xv[i : i + 1024], fixed=fixed_v[i : i + 1024]) for i in range(0, len(xv), 1024)]).numpy()
        aucs, mean_auc = validation_aucs(logits)
        if mean_auc > best[0]:
            best = (mean_auc, epoch, {k: v.clone() for k, v in model.state_dict().items()}, aucs)
        print(f"epoch {epoch:3d}  train loss {total / len(xt):.4f}  validation AUC {mean_auc:.4f} {({k: round(v, 4) for k, v in aucs.items()})}  {time.time() - started:.0f} s", flush=True)
    if not args.resume:
        train_seconds = time.time() - started
        os.makedirs(os.path.dirname(args.checkpoint), exist_ok=True)
        torch.save({"meanAuc": best[0], "epoch": best[1], "state": best[2], "aucs": best[3], "trainSeconds": train_seconds}, args.checkpoint)
    model.load_state_dict(best[2])
    model.eval()
    print(f"selected epoch {best[1]} (mean validation AUC {best[0]:.4f}) after {train_seconds:.0f} s")
    round_large_tensors_to_fp16(model)  # before calibration, so Platt sees the served weights
    with torch.no_grad():
        validation_logits = torch.cat([model.logits(xv[i : i + 1024], fixed=fixed_v[i : i + 1024]) for i in range(0, len(xv), 1024)]).numpy()
    platt_a, platt_b = fit_platt(validation_logits, y[val])
    model.platt_a.fill_(platt_a)
    model.platt_b.fill_(platt_b)
    print(f"Platt scaling on validation: a = {platt_a:.4f}, b = {platt_b:.4f}")
    if args.report_test:
        # reported, never selected on: the official human test split (warm start) through the PyTorch model
        from common import load
        for d in dirs:
            xs, ys, ss, _ = load(d)
            if (ss == "test").any():
                with torch.no_grad():
                    scores = torch.cat([model(torch.from_numpy(xs[ss == "test"][i : i + 1024])) for i in range(0, (ss == "test").sum(), 1024)]).numpy()
                print(f"{os.path.basename(d)} official test AUC {roc_auc(scores, ys[ss == 'test']):.4f}")
    if args.no_export:
        return

    os.makedirs(args.models, exist_ok=True)
    onnx_path = os.path.join(args.models, f"{args.name}.onnx")
    export_onnx(model, x.shape[1], onnx_path)
    fold_initializer_casts(onnx_path)
    # a screen's rows share one lncRNA: its known-node lookup (similarity to every known lncRNA) runs once
    onnx_bytes = share_rows(onnx_path, "/Slice_output_0", "/lnc_graph/", "/lnc_graph/MatMul_2_output_0")
    counts = {args.datasets[i]: m["counts"] for i, m in enumerate(metas)}
    card_path = write_card(
        args.models,
        args.name,
        onnx_bytes,
        metas[0]["encoding"],
        {
            "description": "LncMirNet (Yang et al., Molecules 2020): k-mer (1–4), CTD, a doc2vec-like sequence embedding and a "
            "role2vec-like graph embedding of each RNA, turned into 4 × 32 × 32 histogram matrices and read by a CNN; fused "
            "in the graph with an MLP over our pair vector (seed sites, duplex energy) and the product of the graph embeddings.",
            "family": "lncmirnet",
            "training": {
                "datasets": args.datasets,
                "saw": "train rows of both sets together (one model for plants and human); validation rows only for epoch "
                "selection and Platt scaling; official test rows never",
                "split": {"seed": metas[0]["split"]["seed"], "fraction": metas[0]["split"]["fraction"], "rule": metas[0]["split"]["rule"]},
                "counts": counts,
                "dedup": {args.datasets[i]: m["dedup"] for i, m in enumerate(metas)},
                "features": {
                    "kmer": "lncRNA and miRNA k-mer frequencies k = 1..4 (340 each; the miRNA's from a kmer part)",
                    "ctd": "composition / transition / distribution, 30 per RNA",
                    "doc2vec": "learned linear projection (64) of the standardized k-mer frequency vector (lncRNA k ≤ 5, miRNA k ≤ 4). "
                    "PV-DBOW (the paper's doc2vec over 3-mer words) embeds a document from its words; a projection of k-mer "
                    "frequencies is the frequency-weighted average of learned k-mer vectors — the bag-of-words document vector — "
                    "trained here with the classifier instead of by PV-DBOW, so any new sequence gets one from our k-mer kernel",
                    "storage": f"weights and tables of ≥ {HALF_MIN_ELEMENTS} elements rounded to fp16 after training (before Platt scaling), stored as float32 (no Cast to run per inference)",
                    "role2vec": "learned 32-dim embeddings of the RNAs in the training rows (graph nodes), looked up by k-mer "
                    "profile: softmax(−‖P·z(profile) − P·z(node)‖² / τ)-weighted mean over known nodes, profiles PCA-projected and "
                    "stored (fp16-exact) in the ONNX. A known RNA's own profile dominates (ownWeight below); an unseen RNA gets its "
                    "nearest known neighbours' embeddings (the fallback). During training the row's own node is hidden with "
                    f"probability {args.node_dropout} so the fallback is learned too. The paper's role2vec ran on a 10-NN "
                    "feature-similarity graph (unsupervised); here the embeddings are trained on the interaction labels.",
                    "knownLncrnas": lnc_info,
                    "knownMirnas": mir_info,
                    "histogram": "per channel the pairs (lncRNA value i, miRNA value i) binned 32 × 32 over each vector's own "
                    "[min, max] like numpy.histogram2d, with linear-interpolation weights (differentiable, no bin-edge flips), "
                    "mass divided by the vector length",
                },
                "architecture": "histograms [4×32×32] → BatchNorm → Conv16-MaxPool-Conv32-Dropout-MaxPool-Conv64 "
                "(3×3, ReLU) → Linear(1024,64); pair vector (508, standardized) → Linear 128 → Linear 32; "
                "head over [CNN 64 | pair 32 | lncRNA graph ⊙ miRNA graph 32] → Linear 32 → Linear 1 → Platt → sigmoid",
                "optimizer": "AdamW lr 1e-3, weight decay 1e-4, batch 128, BCE loss",
                "epochs": args.epochs,
                "selectedEpoch": best[1],
                "selection": "epoch with the best mean over datasets of validation ROC-AUC",
                "validationAuc": {k: round(v, 4) for k, v in best[3].items()},
                "trainSeconds": round(train_seconds),
                "calibration": {"method": "Platt scaling on validation logits", "a": round(platt_a, 6), "b": round(platt_b, 6)},
                "seed": args.seed,
                "framework": f"PyTorch {torch.__version__}",
            },
        },
    )
    print(f"wrote {args.name}.onnx ({len(onnx_bytes)} bytes) and {card_path}")
    write_parity_fixture(model, args.name, SPEC_FILE)


if __name__ == "__main__":
    main()
