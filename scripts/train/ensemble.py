"""Fit the ensemble's stacker: logistic regression over the members' logits, one head per domain,
weighed by a gate that tells the domains apart from the pair's k-mer composition.

Reads what scripts/train/ensemble-inputs.ts wrote: each member's served score on validation rows no
member trained on, and (with --gate there) the gate's features of those rows and of every non-test
row of each training dataset. Measured: the members deserve different trust per domain (the duplex
members are what plant pairs reward, the graph member knows human RNAs), and one linear stacker over
both domains lost to its best member on each; a head per domain does not.

  score = Σ_d gate_d(pair) · sigmoid(w_d · logit(member scores) + b_d)

Head d is fitted on the held-out rows of domain d's datasets only (DOMAIN_OF; each dataset weighted
equally); the gate (multinomial logistic regression on standardized k-mer frequencies) on every non-test
row, labelled by domain. A mixture of calibrated
heads stays calibrated. Without gate inputs, one head over all datasets, each weighted equally.
Reports lncRNA-grouped 5-fold cross-validated AUC per dataset beside each member's, exports the ONNX (outputs `score`
and `domains`), the card (encoding `member-scores` with its gate) and the parity fixture.

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
# what each training dataset stands for, as the API names the heads
# (both plant sets are one domain: their positives follow two target-calling conventions, and a head per
# set would let the gate pick the convention by species, which is not what tells them apart)
DOMAIN_OF = {"pmlipred-trainval-ath": "plant", "pmlipred-prepub-aly-train": "plant", "ncrnainter-human": "human"}


def member_logits(scores):
    s = torch.clamp(scores, EPS, 1 - EPS)
    return torch.log(s) - torch.log1p(-s)


class Stacker(nn.Module):
    """Heads over the members' logits, mixed by the gate's softmax over its standardized features.

    With `novel` (head index, known column): a row whose known column is 0 (a lncRNA none of that head's
    training rows held) gets the novel head (`novel_head`, fitted where the members had never seen the
    lncRNAs) in place of that head.
    With `routes` ([lists × domains], 1 where a miRNA list names a head): the columns after the gate's
    features say which list holds the pair's miRNA; a listed miRNA gives its head weight 1 in place of
    the gate's weights (the lists are disjoint, so at most one column is 1).
    """

    def __init__(self, members, domains, gate_dims=0, novel=None, routes=None):
        super().__init__()
        self.members = members
        self.novel = novel
        self.novel_head = nn.Linear(members, 1) if novel else None
        self.heads = nn.Linear(members, domains)
        self.gate = nn.Linear(gate_dims, domains) if gate_dims else None
        self.register_buffer("mean", torch.zeros(gate_dims))
        self.register_buffer("scale", torch.ones(gate_dims))
        self.register_buffer("routes", torch.zeros(0, domains) if routes is None else torch.as_tensor(routes, dtype=torch.float32))
        self.lists = 0 if routes is None else len(routes)

    def domains(self, x):
        if self.gate is None:
            return torch.ones(x.shape[0], 1)
        end = self.members + self.gate.in_features
        weights = torch.softmax(self.gate((x[:, self.members:end] - self.mean) * self.scale), dim=-1)
        if not self.lists:
            return weights
        named = x[:, end : end + self.lists] @ self.routes
        listed = named.sum(-1, keepdim=True)
        return listed * named + (1 - listed) * weights

    def forward(self, x):
        logits = member_logits(x[:, : self.members])
        heads = torch.sigmoid(self.heads(logits))
        if self.novel is not None:
            head, known = self.novel
            k = x[:, known : known + 1]
            routed = k * heads[:, head : head + 1] + (1 - k) * torch.sigmoid(self.novel_head(logits))
            heads = torch.cat([heads[:, :head], routed, heads[:, head + 1 :]], dim=1)
        weights = self.domains(x)
        return (heads * weights).sum(-1), weights


def lbfgs(parameters, loss_fn, iterations=200):
    optimizer = torch.optim.LBFGS(parameters, lr=0.5, max_iter=iterations, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = loss_fn()
        loss.backward()
        return loss

    optimizer.step(closure)


def fit_head(x, y, weights, l2=1e-3):
    """One logistic regression over the members' logits: (weight vector, bias)."""
    torch.manual_seed(0)
    head = nn.Linear(x.shape[1], 1)
    z, yt, wt = member_logits(torch.from_numpy(x)), torch.from_numpy(y), torch.from_numpy(weights)
    lbfgs(head.parameters(), lambda: (nn.functional.binary_cross_entropy_with_logits(head(z).squeeze(-1), yt, reduction="none") * wt).sum() / wt.sum() + l2 * (head.weight ** 2).sum())
    return head.weight.detach()[0], head.bias.detach()[0]


def fit_gate(features, domain, domains, l2=1e-3):
    """Multinomial logistic regression on standardized features, each domain weighted equally."""
    torch.manual_seed(0)
    mean = features.mean(0)
    scale = 1.0 / np.maximum(features.std(0), 1e-6)
    gate = nn.Linear(features.shape[1], domains)
    xt = torch.from_numpy(((features - mean) * scale).astype(np.float32))
    yt = torch.from_numpy(domain.astype(np.int64))
    counts = np.bincount(domain, minlength=domains)
    wt = torch.from_numpy((1.0 / np.maximum(counts[domain], 1)).astype(np.float32))
    lbfgs(gate.parameters(), lambda: (nn.functional.cross_entropy(gate(xt), yt, reduction="none") * wt).sum() / wt.sum() + l2 * (gate.weight ** 2).sum())
    return gate, torch.from_numpy(mean.astype(np.float32)), torch.from_numpy(scale.astype(np.float32))


def dataset_weights(dataset):
    """Per-row weights: each dataset's rows sum to 1."""
    weights = np.zeros(len(dataset), dtype=np.float32)
    for d in np.unique(dataset):
        own = dataset == d
        weights[own] = 1.0 / own.sum()
    return weights


def head_logits(head, scores):
    """A head's logit of these rows of member scores: head is (weight vector, bias)."""
    return (member_logits(torch.from_numpy(scores)) @ head[0] + head[1]).numpy()


def held_out_logits(x, y, dataset, folds):
    """Held-out logits of fit_head over these rows (lncRNA-grouped folds), each dataset weighted equally in every fit."""
    return cross_validated(
        folds,
        lambda train: fit_head(x[train], y[train], dataset_weights(dataset[train])),
        lambda head, test: head_logits(head, x[test]),
    )


def fit_calibrated_head(x, y, dataset, drawn, folds):
    """fit_head on these rows, each dataset weighted equally. Where negatives were drawn over a species'
    miRNAs, the head's logit is then Platt-scaled on the rows without them: slope and intercept of a
    logistic regression fitted on the head's held-out logits of those rows (folds: lncRNA-grouped, so a
    lncRNA's own rows never fit the head that scores it). The drawn negatives
    teach the head which members to trust, and it ranks as fitted; but they are easier to reject than the
    benchmark's own negatives, so a head fitted with them is too steep on the benchmark's pairs, and its
    in-sample logits would hide how much. The scaling keeps its probabilities on the benchmark's pairs
    and balance, as the members' Platt scaling is."""
    w, b = fit_head(x, y, dataset_weights(dataset))
    if not drawn.any():
        return w, b
    kept = ~drawn
    logits = held_out_logits(x, y, dataset, folds)[kept].astype(np.float32)
    # fit_head reads scores and takes their logits: the sigmoid hands it the held-out logits as they are
    slope, intercept = fit_head(1.0 / (1.0 + np.exp(-logits[:, None])), y[kept], dataset_weights(dataset[kept]))
    return slope[0] * w, slope[0] * b + intercept


def build(x, y, dataset, domain_of, drawn, folds, gate=None, novel=None, routes=None):
    """The stacker on these rows: a head per domain when gated (each of its datasets weighted equally),
    else one head over all of them. `novel`: (head index, (weights, bias) of the novel head), the known
    column last; `routes`: the miRNA lists' head matrix, their columns after the gate's features."""
    lists = 0 if routes is None else len(routes)
    members = x.shape[1] - (gate[0].in_features if gate else 0) - lists - (1 if novel else 0)
    if gate is None:
        model = Stacker(members, 1)
        w, b = fit_calibrated_head(x, y, dataset, drawn, folds)
        with torch.no_grad():
            model.heads.weight[0], model.heads.bias[0] = w, b
        return model
    layer, mean, scale = gate
    domains = int(domain_of.max()) + 1
    model = Stacker(members, domains, layer.in_features, (novel[0], x.shape[1] - 1) if novel else None, routes)
    with torch.no_grad():
        if novel:
            model.novel_head.weight[0], model.novel_head.bias[0] = novel[1]
        for k in range(domains):
            rows = domain_of[dataset] == k
            w, b = fit_calibrated_head(x[rows, :members], y[rows], dataset[rows], drawn[rows], folds[rows])
            model.heads.weight[k], model.heads.bias[k] = w, b
        model.gate.weight.copy_(layer.weight)
        model.gate.bias.copy_(layer.bias)
        model.mean.copy_(mean)
        model.scale.copy_(scale)
    return model


def lncrna_folds(groups, k=5):
    """A CV fold per row, drawn per lncRNA similarity group (ensemble-inputs' group.npy): every row of a
    lncRNA, its drawn negatives and its isoforms' rows fall in one fold. Row folds would let a flexible
    head, or a Platt fit on held-out logits, learn each lncRNA from its own other rows."""
    return np.random.default_rng(1).integers(0, k, int(groups.max()) + 1)[groups]


def cross_validated(folds, fit, predict):
    """Held-out scores of every row: each fold scored by predict(fit(train_mask), test_mask), fitted
    without it. The stacker and its heads take their folds from one lncrna_folds draw."""
    held_out = np.zeros(len(folds))
    for fold in np.unique(folds):
        fitted = fit(folds != fold)
        with torch.no_grad():
            held_out[folds == fold] = predict(fitted, folds == fold)
    return held_out


def load_groups(inputs):
    path = os.path.join(inputs, "group.npy")
    if not os.path.exists(path):
        raise SystemExit(f"error: {path} is missing: write the inputs again with scripts/train/ensemble-inputs.ts")
    return np.load(path).astype(np.int64)


def fit_novel_head(inputs, members, dataset_name):
    """The head for lncRNAs the members never saw, fitted where that held: a fold's ensemble inputs
    (ensemble-inputs.ts --variant), whose members are fold models trained without its validation rows'
    lncRNAs, member for member in the same order as ours. Its lncRNA-grouped 5-fold CV AUC on those rows
    beside each member's says what it adds."""
    meta = json.load(open(os.path.join(inputs, "meta.json")))
    if len(meta["members"]) != len(members) or not all(f == m or f.startswith(m + "-") for f, m in zip(meta["members"], members)):
        raise SystemExit(f"error: {inputs}: members {meta['members']} are not fold models of {members}, one for one")
    load = lambda name: np.load(os.path.join(inputs, name))
    rows = load("dataset.npy") == meta["datasets"].index(dataset_name)
    x, y = load("scores.npy").astype(np.float32)[rows], load("labels.npy").astype(np.float32)[rows]
    one = np.zeros(len(y), dtype=np.int64)
    drawn = load("drawn.npy").astype(bool)[rows]
    folds = lncrna_folds(load_groups(inputs))[rows]

    held_out = cross_validated(
        folds,
        lambda train: fit_calibrated_head(x[train], y[train], one[train], drawn[train], folds[train]),
        lambda head, test: head_logits(head, x[test]),
    )
    weights, bias = fit_calibrated_head(x, y, one, drawn, folds)
    cv = {"novel head (5-fold CV)": round(roc_auc(held_out, y), 4), **{m: round(roc_auc(x[:, i], y), 4) for i, m in enumerate(meta["members"])}}
    print(f"novel head from {meta.get('variant', inputs)} ({len(y)} rows): " + ", ".join(f"{k} {v}" for k, v in cv.items()))
    return {
        "fittedOn": {
            "variant": meta.get("variant"),
            "dataset": dataset_name,
            "members": meta["members"],
            "rows": int(len(y)),
            "positives": int(y.sum()),
            **({"speciesNegatives": meta["counts"][dataset_name]["speciesNegatives"]} if "speciesNegatives" in meta else {}),
        },
        "fit": "L-BFGS on log loss over those rows, L2 1e-3 on the weights; the logit then Platt-scaled on the rows without the drawn negatives, from the head's held-out logits of them in 5 lncRNA-grouped folds (fit_calibrated_head); the weights apply to our members in the same order",
        "crossValidatedAuc": cv,
        "weights": weights.numpy(),
        "bias": float(bias),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", default="build/ensemble")
    parser.add_argument("--name", default="ensemble")
    parser.add_argument("--models", default="models")
    parser.add_argument("--description", help="the card's description (default: what the stacker is)")
    parser.add_argument("--novel-head-from", help="with inputs that mark known lncRNAs: a fold's ensemble inputs dir, whose human rows fit the head for new lncRNAs")
    parser.add_argument("--family", default="ensemble", help="the card's family (a fold model: ensemble-fold, not served)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    meta = json.load(open(os.path.join(args.inputs, "meta.json")))
    load = lambda name: np.load(os.path.join(args.inputs, name))
    scores, y, dataset = load("scores.npy").astype(np.float32), load("labels.npy").astype(np.float32), load("dataset.npy")
    members, datasets = meta["members"], meta["datasets"]
    drawn = load("drawn.npy").astype(bool)  # negatives ensemble-inputs drew over a species' miRNAs
    folds = lncrna_folds(load_groups(args.inputs))
    gated = "gate" in meta
    domain_names = list(dict.fromkeys(DOMAIN_OF.get(d, d) for d in datasets))
    domain_of = np.array([domain_names.index(DOMAIN_OF.get(d, d)) for d in datasets])
    gate = None
    x = scores
    held_out_species = {}
    novel = None
    novel_fit = None
    routes = None
    if "novel" in meta:
        if not args.novel_head_from:
            raise SystemExit("error: these inputs mark known lncRNAs: give --novel-head-from (a fold's ensemble inputs)")
        novel_fit = fit_novel_head(args.novel_head_from, members, meta["novel"]["dataset"])
        novel = (domain_names.index(meta["novel"]["head"]), (torch.from_numpy(novel_fit["weights"]), torch.tensor(novel_fit["bias"])))
    if gated:
        gate_rows = load("gate.npy").astype(np.float32)
        gate_x, gate_domain, gate_species = load("gate-train.npy").astype(np.float32), load("gate-domain.npy").astype(np.int64), load("gate-species.npy")
        # the known columns route heads, they do not tell domains apart by composition: every gate-training
        # lncRNA of the human set is known and none of the plant ones, which would teach the gate to call
        # new human lncRNAs plants; the miRNA lists decide in the graph where they hold the miRNA
        parts = meta["gate"]["parts"]
        lists = [p for p in parts if p["kind"] == "known" and p["rna"] == "mirna"]
        trailing = len(lists) + (1 if novel else 0)
        if trailing and parts[-trailing:] != lists + ([parts[-1]] if novel else []):
            raise SystemExit("error: the gate's miRNA lists and known part must be its last parts, in that order")
        if lists:
            routes = np.zeros((len(lists), len(domain_names)), dtype=np.float32)
            for i, p in enumerate(lists):
                routes[i, domain_names.index(p["head"])] = 1
        if trailing:
            gate_x = gate_x[:, :-trailing]
        gate_domain = domain_of[gate_domain]  # the gate tells domains apart, not datasets
        gate = fit_gate(gate_x, gate_domain, len(domain_names))
        x = np.concatenate([scores, gate_rows], axis=1)
        # how the gate routes a plant species it never saw: refit without each corpus species in turn
        corpus = meta["gateCorpus"]
        own = domain_of[datasets.index(corpus["as"])]
        for s, species in enumerate(corpus["species"]):
            layer, mean, scale = fit_gate(gate_x[gate_species != s], gate_domain[gate_species != s], len(domain_names))
            with torch.no_grad():
                weights = torch.softmax(layer((torch.from_numpy(gate_x[gate_species == s]) - mean) * scale), dim=-1).numpy()
            held_out_species[species] = round(float(weights[:, own].mean()), 4)
        print("gate, leave-one-species-out mean weight on the plant head: " + ", ".join(f"{k} {v}" for k, v in held_out_species.items()))

    # lncRNA-grouped 5-fold cross-validated stacker scores (heads refitted per fold; the gate never sees interaction labels)
    held_out = cross_validated(
        folds,
        lambda train: build(x[train], y[train], dataset[train], domain_of, drawn[train], folds[train], gate, novel, routes),
        lambda model, test: model(torch.from_numpy(x[test]))[0].numpy(),
    )
    model = build(x, y, dataset, domain_of, drawn, folds, gate, novel, routes)
    with torch.no_grad():
        routed = model.domains(torch.from_numpy(x)).numpy()
    report = {}
    for d, name in enumerate(datasets):
        rows = dataset == d
        report[name] = {"ensemble (5-fold CV)": round(roc_auc(held_out[rows], y[rows]), 4), **{m: round(roc_auc(scores[rows, i], y[rows]), 4) for i, m in enumerate(members)}}
        if gated:
            report[name]["gate weight on its own head (mean)"] = round(float(routed[rows, domain_of[d]].mean()), 4)
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in report[name].items()))

    heads = {}
    for d, name in enumerate(domain_names if gated else ["all"]):
        weight, bias = model.heads.weight.detach().numpy()[d], model.heads.bias.detach().numpy()[d]
        heads[name] = {**({"datasets": [n for i, n in enumerate(datasets) if domain_of[i] == d]} if gated else {"datasets": datasets}), "weights": {m: round(float(w), 6) for m, w in zip(members, weight)}, "bias": round(float(bias), 6)}
        print(f"head {name}: " + ", ".join(f"{m} {w:.3f}" for m, w in zip(members, weight)) + f"; bias {bias:.3f}")
    os.makedirs(args.models, exist_ok=True)
    onnx_path = os.path.join(args.models, f"{args.name}.onnx")
    onnx_bytes = export_onnx(model, x.shape[1], onnx_path, outputs=("score", "domains"))
    encoding = {"name": "member-scores", "members": members, "dims": x.shape[1]}
    if gated:
        gate_spec = {k: v for k, v in meta["gate"].items() if k != "dims"}
        encoding["gate"] = {"encoding": gate_spec, "domains": domain_names, "output": "domains"}
    if novel:
        encoding["novel"] = {"head": meta["novel"]["head"]}
    card_path = write_card(
        args.models,
        args.name,
        onnx_bytes,
        encoding,
        {
            "description": args.description
            or ("Stacked ensemble: logistic regression over the members' logits, one head per domain fitted on the rows every member held out of its training, the heads weighed by a gate on the pair's k-mer composition; a calibrated probability by construction."
            if gated
            else "Stacked ensemble: a logistic regression over the members' logits, fitted on the rows every member held out of its training, each dataset weighted equally; a calibrated probability by construction."),
            "family": args.family,
            "output": ("probability of interaction: Σ_d gate_d · sigmoid(w_d · logit(member scores) + b_d); for a lncRNA none of the human training rows held, the human head's w and b are the novel head's (training.stacker.novelHead)" if novel else "probability of interaction: Σ_d gate_d · sigmoid(w_d · logit(member scores) + b_d)")
            + ("; gate_d is 1 for the head whose miRNA list (the gate encoding's miRNA known parts) holds the pair's miRNA, 0 for the others" if routes is not None else "")
            if novel or routes is not None else "probability of interaction: Σ_d gate_d · sigmoid(w_d · logit(member scores) + b_d)" if gated else "probability of interaction: sigmoid(w · logit(member scores) + b)",
            "training": {
                **({"variant": meta["variant"]} if "variant" in meta else {}),
                "datasets": datasets,
                "split": meta["split"],
                "counts": meta["counts"],
                **({"speciesNegatives": meta["speciesNegatives"]} if "speciesNegatives" in meta else {}),
                **({"mirnaLists": {**meta["mirnaLists"], "rule": "a miRNA whose sequence key is in one head's list (the gate encoding's known miRNA parts) gives that head weight 1: a mature miRNA's sequence names the pair's domain, as a request's species does; the gate weighs the heads for any other miRNA"}} if routes is not None else {}),
                **({"novel": {**meta["novel"], "rule": "a lncRNA whose sequence key is not among the keys of the dataset's training rows (the gate encoding's known part) is new: the head is scored by the novel head (training.stacker.novelHead)"}} if novel else {}),
                "stacker": {
                    "heads": heads,
                    "fit": "per head: L-BFGS on log loss over the held-out rows of its domain's datasets (or of all datasets), each dataset weighted to sum 1; L2 1e-3 on the weights; where negatives were drawn over a species' miRNAs, the head's logit then Platt-scaled (slope and intercept) on its held-out logits, in 5 lncRNA-grouped folds, of the rows without them, so that a head keeps its ranking as fitted and its probabilities hold on the benchmark's own pairs",
                    **(
                        {
                            "gate": {
                                "domains": domain_names,
                                "rows": meta["gateRows"],
                                "plantCorpus": meta["gateCorpus"],
                                "fit": "multinomial logistic regression on standardized gate features of every non-test row of the training datasets and of the plant corpus (CANTATA lncRNA × random PMRD miRNA), labelled by domain (each weighted equally), L2 1e-3; no interaction labels",
                                "leaveOneSpeciesOutPlantWeight": held_out_species,
                                "encodingChoice": "k-mer orders chosen by the mean leave-one-species-out plant weight over the corpus species (no test rows): lncRNA≤2/miRNA≤2 0.832, 3/2 0.900, 3/3 0.913, 4/3 0.939, 4/4 0.953, 5/3 0.955",
                            }
                        }
                        if gated
                        else {}
                    ),
                    "crossValidatedAuc": report,
                    **({"novelHead": {k: v for k, v in novel_fit.items() if k != "weights"} | {"weights": {m: round(float(w), 6) for m, w in zip(members, novel_fit["weights"])}, "bias": round(float(novel_fit["bias"]), 6)}} if novel_fit else {}),
                },
                "note": "the validation metrics evaluate:card writes are in-sample for the stacker (it was fitted on those rows); the test metrics are not",
                "framework": f"PyTorch {torch.__version__}",
            },
        },
    )
    pairs = json.load(open(os.path.join(args.inputs, "parity-pairs.json")))
    parity = load("parity-scores.npy").astype(np.float32)
    if gated:
        parity = np.concatenate([parity, load("parity-gate.npy").astype(np.float32)], axis=1)
    with torch.no_grad():
        expected = model(torch.from_numpy(parity))[0].numpy().astype(np.float64)
    if "variant" not in meta:  # a fold model is not served: the parity test covers served models
        os.makedirs("test/fixtures/parity", exist_ok=True)
        with open(os.path.join("test/fixtures/parity", f"{args.name}.json"), "w") as f:
            json.dump({"model": args.name, "pairs": pairs, "scores": [round(float(s), 7) for s in expected]}, f)
            f.write("\n")
    print(f"wrote {onnx_path} ({len(onnx_bytes)} bytes), {card_path}; parity scores {expected.min():.3f}..{expected.max():.3f}")


if __name__ == "__main__":
    main()
