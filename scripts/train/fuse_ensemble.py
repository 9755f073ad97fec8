"""Fuse an ensemble: its members' ONNX graphs and its stacker become one graph, so serving opens one
session and makes one run per batch instead of one per member and the stacker's (measured in Node on
one 2 kb pair: ensemble-lite 1.85 → 1.50 ms; each run has a fixed cost, more so in a request's
first run of a graph).

The fused graph reads one row: the members' encodings, each distinct one once, laid end to end as a
composite encoding written into the card (encoding.fused), then the gate's encoding (gateFollows: the
card keeps the gate's parts, whose lists of keys are long, once, in encoding.gate), so the AS kernels
write the row as for any model. Slices of the row feed the members' graphs (prefixed with
"<member>/"), their scores are exposed as "<member>/score" and, with the gate's features, concatenated
into the stacker's input; the stacker's outputs keep their names. Nothing is retrained: the stacker
and members are the committed ones, so the scores are theirs (the parity fixture still applies).

Run after scripts/train/ensemble.py (npm run train:ensemble-lite does): rewrites models/<name>.onnx
and the card's onnx section. Debian's /usr/bin/python3 (python3-onnx).
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, compose, helper, numpy_helper

OPSET = 17


def parts_of(encoding):
    """The composite parts an encoding's row consists of (a k-mer/CTD/seed vector is one "pair" part)."""
    if encoding["name"] == "composite":
        return encoding["parts"]
    return [{"kind": "pair", "encoding": {k: v for k, v in encoding.items() if k != "dims"}}]


def load_graph(path, prefix):
    model = onnx.load(path)
    if any(o.domain not in ("", "ai.onnx") or o.version > OPSET for o in model.opset_import):
        sys.exit(f"error: {path}: opsets {[(o.domain, o.version) for o in model.opset_import]}; fusing assumes the default domain ≤ {OPSET}")
    # the members' ops (Gemm, MatMul, Softmax, Squeeze with axes as input, …) are unchanged from opset 13 to 17
    return compose.add_prefix(model, prefix).graph if prefix else model.graph


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, help="the ensemble's model name (models/<name>.json)")
    parser.add_argument("--models", default="models")
    args = parser.parse_args()
    card_path = os.path.join(args.models, f"{args.name}.json")
    card = json.load(open(card_path))
    spec = card["encoding"]
    if spec["name"] != "member-scores":
        sys.exit(f"error: {args.name} is not an ensemble (encoding {spec['name']})")
    if "fused" in spec:
        sys.exit(f"error: {args.name} is already fused; run scripts/train/ensemble.py first")
    if card.get("attention"):
        sys.exit(f"error: {args.name}: fusing members with attention outputs is not supported")
    gate = spec.get("gate")

    nodes, initializers, outputs = [], [], []
    parts, offset, slices = [], 0, {}

    def row_slice(key, part_list, dims):
        """The slice of the fused row holding these parts (added once per distinct encoding)."""
        nonlocal offset
        if key not in slices:
            name = f"fused/slice{len(slices)}"
            for suffix, value in (("starts", offset), ("ends", offset + dims), ("axes", 1)):
                initializers.append(numpy_helper.from_array(np.array([value], dtype=np.int64), f"{name}/{suffix}"))
            nodes.append(helper.make_node("Slice", ["features", f"{name}/starts", f"{name}/ends", f"{name}/axes"], [name], name=name))
            parts.extend(part_list)
            offset += dims
            slices[key] = name
        return slices[key]

    initializers.append(numpy_helper.from_array(np.array([1], dtype=np.int64), "fused/axis1"))
    columns = []
    for member in spec["members"]:
        member_card = json.load(open(os.path.join(args.models, f"{member}.json")))
        encoding = member_card["encoding"]
        if encoding["name"] == "member-scores" or member_card.get("attention"):
            sys.exit(f"error: member {member}: only members without attention whose encoding is a feature row can be fused")
        source = row_slice(json.dumps(parts_of(encoding), sort_keys=True), parts_of(encoding), encoding["dims"])
        prefix = f"{member}/"
        graph = load_graph(os.path.join(args.models, member_card["onnx"]["file"]), prefix)
        member_input = prefix + member_card["onnx"]["input"]
        for node in graph.node:
            node.input[:] = [source if name == member_input else name for name in node.input]
        nodes.extend(graph.node)
        initializers.extend(graph.initializer)
        score = prefix + member_card["onnx"]["output"]
        outputs.append(helper.make_tensor_value_info(score, TensorProto.FLOAT, ["batch"]))
        nodes.append(helper.make_node("Unsqueeze", [score, "fused/axis1"], [f"{prefix}column"], name=f"{prefix}column"))
        columns.append(f"{prefix}column")
    stack_inputs = columns
    if gate:
        gate_dims = spec["dims"] - len(spec["members"])
        # the gate's parts end the row; the card keeps them once, in encoding.gate (gateFollows)
        stack_inputs = columns + [row_slice("gate", [], gate_dims)]

    stacker = load_graph(os.path.join(args.models, card["onnx"]["file"]), "")
    stacker_input = card["onnx"]["input"]
    nodes.append(helper.make_node("Concat", stack_inputs, ["fused/stacker_input"], axis=1, name="fused/stacker_input"))
    for node in stacker.node:
        node.input[:] = ["fused/stacker_input" if name == stacker_input else name for name in node.input]
    nodes.extend(stacker.node)
    initializers.extend(stacker.initializer)

    graph = helper.make_graph(
        nodes,
        f"{args.name}-fused",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", offset])],
        list(stacker.output) + outputs,
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="lmi-edge fuse_ensemble.py")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    onnx_path = os.path.join(args.models, card["onnx"]["file"])
    onnx.save(model, onnx_path)
    onnx_bytes = open(onnx_path, "rb").read()

    spec["fused"] = {
        "encoding": {"name": "composite", "parts": parts},
        **({"gateFollows": True} if gate else {}),
        "dims": offset,
        "memberOutputs": [f"{m}/score" for m in spec["members"]],
    }
    card["onnx"].update({"input": "features", "sha256": hashlib.sha256(onnx_bytes).hexdigest(), "bytes": len(onnx_bytes), "opset": OPSET})
    with open(card_path, "w") as f:
        json.dump(card, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"fused {len(spec['members'])} members and the stacker of {args.name}: one graph over a {offset}-float row ({len(nodes)} nodes) → {onnx_path}")


if __name__ == "__main__":
    main()
