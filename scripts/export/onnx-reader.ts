// A reader for the parts of an ONNX model (protobuf wire format) that the device export needs: the
// graph's nodes with their attributes, its initializers, inputs and outputs. Reading the wire format
// here keeps the export free of Python: a clean checkout builds the device files with Node alone.

export type OnnxDataType = "float32" | "int32" | "int64";

export interface OnnxTensor {
  name: string;
  dims: number[];
  dtype: OnnxDataType;
  /** Values as numbers (int64 values outside ±2^53 lose precision; they are clamped on export). */
  values: Float32Array | number[];
}

export type OnnxAttribute = number | number[] | string | OnnxTensor;

export interface OnnxNode {
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
}

export interface OnnxValueInfo {
  name: string;
  /** Dimension sizes; a named (symbolic) dimension is -1. */
  dims: number[];
}

export interface OnnxModel {
  opset: number;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

const DATA_TYPES: Record<number, OnnxDataType> = { 1: "float32", 6: "int32", 7: "int64" };

class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end = bytes.length,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.bytes[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  }

  /** The next field's number and wire type. */
  tag(): [number, number] {
    const tag = Number(this.varint());
    return [tag >>> 3, tag & 7];
  }

  /** A length-delimited field as a reader over its bytes. */
  sub(): Reader {
    const length = Number(this.varint());
    const sub = new Reader(this.bytes, this.pos + length);
    sub.pos = this.pos;
    this.pos += length;
    return sub;
  }

  slice(): Uint8Array {
    const sub = this.sub();
    return this.bytes.subarray(sub.pos, sub.end);
  }

  string(): string {
    return new TextDecoder().decode(this.slice());
  }

  float(): number {
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4);
    this.pos += 4;
    return view.getFloat32(0, true);
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.sub();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`ONNX: unsupported protobuf wire type ${wire}`);
  }

  /** A repeated varint field, packed (wire 2) or not (wire 0), as signed 64-bit numbers. */
  ints(wire: number, into: number[]): void {
    const signed = (v: bigint) => Number(BigInt.asIntN(64, v));
    if (wire === 0) into.push(signed(this.varint()));
    else {
      const sub = this.sub();
      while (!sub.done) into.push(signed(sub.varint()));
      this.pos = sub.end;
    }
  }

  floats(wire: number, into: number[]): void {
    if (wire === 5) into.push(this.float());
    else {
      const sub = this.sub();
      while (!sub.done) into.push(sub.float());
      this.pos = sub.end;
    }
  }
}

function readTensor(r: Reader): OnnxTensor {
  const dims: number[] = [];
  const floats: number[] = [];
  const ints: number[] = [];
  let dataType = 0;
  let name = "";
  let raw: Uint8Array | undefined;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) r.ints(wire, dims);
    else if (field === 2) dataType = Number(r.varint());
    else if (field === 4) r.floats(wire, floats);
    else if (field === 5 || field === 7) r.ints(wire, ints);
    else if (field === 8) name = r.string();
    else if (field === 9) raw = r.slice();
    else if (field === 13) throw new Error(`ONNX: tensor ${name} keeps its data outside the model file`);
    else r.skip(wire);
  }
  const dtype = DATA_TYPES[dataType];
  if (!dtype) throw new Error(`ONNX: tensor ${name} has data type ${dataType}; only float32, int32 and int64 are read`);
  const count = dims.reduce((a, b) => a * b, 1);
  let values: Float32Array | number[];
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (dtype === "float32") values = Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
    else if (dtype === "int32") values = Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
    else values = Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true)));
  } else values = dtype === "float32" ? Float32Array.from(floats) : ints;
  if (values.length !== count) throw new Error(`ONNX: tensor ${name} holds ${values.length} values for dims [${dims}]`);
  return { name, dims, dtype, values };
}

function readAttribute(r: Reader): [string, OnnxAttribute] {
  let name = "";
  let type = 0;
  let f = 0;
  let i = 0;
  let s = "";
  let t: OnnxTensor | undefined;
  const floats: number[] = [];
  const ints: number[] = [];
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) name = r.string();
    else if (field === 2) f = r.float();
    else if (field === 3) i = Number(BigInt.asIntN(64, r.varint()));
    else if (field === 4) s = r.string();
    else if (field === 5) t = readTensor(r.sub());
    else if (field === 7) r.floats(wire, floats);
    else if (field === 8) r.ints(wire, ints);
    else if (field === 20) type = Number(r.varint());
    else r.skip(wire);
  }
  // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7
  const value: Record<number, OnnxAttribute | undefined> = { 1: f, 2: i, 3: s, 4: t, 6: floats, 7: ints };
  const chosen = value[type];
  if (chosen === undefined) throw new Error(`ONNX: attribute ${name} has type ${type}, which the export does not read`);
  return [name, chosen];
}

function readNode(r: Reader): OnnxNode {
  const node: OnnxNode = { op: "", domain: "", inputs: [], outputs: [], attributes: {} };
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) node.inputs.push(r.string());
    else if (field === 2) node.outputs.push(r.string());
    else if (field === 4) node.op = r.string();
    else if (field === 5) {
      const [name, value] = readAttribute(r.sub());
      node.attributes[name] = value;
    } else if (field === 7) node.domain = r.string();
    else r.skip(wire);
  }
  return node;
}

function readValueInfo(r: Reader): OnnxValueInfo {
  let name = "";
  const dims: number[] = [];
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) name = r.string();
    else if (field === 2) {
      // TypeProto.tensor_type (1) → TensorTypeProto.shape (2) → dim (1) → dim_value (1) | dim_param (2)
      const type = r.sub();
      while (!type.done) {
        const [tf, tw] = type.tag();
        if (tf !== 1) {
          type.skip(tw);
          continue;
        }
        const tensor = type.sub();
        while (!tensor.done) {
          const [sf, sw] = tensor.tag();
          if (sf !== 2) {
            tensor.skip(sw);
            continue;
          }
          const shape = tensor.sub();
          while (!shape.done) {
            const [df, dw] = shape.tag();
            if (df !== 1) {
              shape.skip(dw);
              continue;
            }
            const dim = shape.sub();
            let size = -1;
            while (!dim.done) {
              const [vf, vw] = dim.tag();
              if (vf === 1) size = Number(dim.varint());
              else dim.skip(vw);
            }
            dims.push(size);
          }
        }
      }
    } else r.skip(wire);
  }
  return { name, dims };
}

export function readOnnx(bytes: Uint8Array): OnnxModel {
  const model: OnnxModel = { opset: 0, nodes: [], initializers: [], inputs: [], outputs: [] };
  const r = new Reader(bytes);
  let graph: Reader | undefined;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 7) graph = r.sub();
    else if (field === 8) {
      // OperatorSetIdProto: domain (1), version (2); the default domain is "" or "ai.onnx"
      const opset = r.sub();
      let domain = "";
      let version = 0;
      while (!opset.done) {
        const [of, ow] = opset.tag();
        if (of === 1) domain = opset.string();
        else if (of === 2) version = Number(opset.varint());
        else opset.skip(ow);
      }
      if (domain === "" || domain === "ai.onnx") model.opset = version;
    } else r.skip(wire);
  }
  if (!graph) throw new Error("ONNX: the file holds no graph");
  while (!graph.done) {
    const [field, wire] = graph.tag();
    if (field === 1) model.nodes.push(readNode(graph.sub()));
    else if (field === 5) model.initializers.push(readTensor(graph.sub()));
    else if (field === 11) model.inputs.push(readValueInfo(graph.sub()));
    else if (field === 12) model.outputs.push(readValueInfo(graph.sub()));
    else graph.skip(wire);
  }
  // initializers may also be listed as graph inputs; only the fed ones are inputs here
  const initialized = new Set(model.initializers.map((t) => t.name));
  model.inputs = model.inputs.filter((i) => !initialized.has(i.name));
  return model;
}
