// The one adapter around onnxruntime-web: everything else asks it for a session and float scores.
// Runs in Node (scripts, tests) and in workerd. Workers may not compile WebAssembly from bytes, so
// there ORT's wasm arrives precompiled (imported as a module) and stands behind a placeholder binary
// (functions/wasm-placeholder.ts).
import * as ort from "onnxruntime-web/wasm";
import { placeholderFor } from "../wasm-placeholder.ts";

/** How ORT gets its WebAssembly: raw bytes (Node) or a precompiled module (workerd). */
export type OrtWasm = { binary: ArrayBuffer } | { module: WebAssembly.Module };

let configured: OrtWasm | undefined;

function configure(wasm: OrtWasm): void {
  if (configured) {
    if ("module" in configured !== "module" in wasm)
      throw new Error("onnxruntime-web is already configured differently");
    return;
  }
  configured = wasm;
  ort.env.wasm.numThreads = 1; // no threads in workerd; one thread in Node too, for identical sums
  ort.env.wasm.proxy = false;
  ort.env.logLevel = "error";
  if ("binary" in wasm) {
    ort.env.wasm.wasmBinary = wasm.binary;
    return;
  }
  ort.env.wasm.wasmBinary = placeholderFor(wasm.module, "lmi-ort").buffer;
}

export class OnnxSession {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly input: string,
    readonly output: string,
  ) {}

  /** `extra`: further outputs the caller reads with runOutputs (checked here, like the main one). */
  static async create(
    model: ArrayBuffer | Uint8Array,
    wasm: OrtWasm,
    names: { input: string; output: string; extra?: string[] },
  ): Promise<OnnxSession> {
    configure(wasm);
    const bytes = model instanceof Uint8Array ? model : new Uint8Array(model);
    // graph optimization off: it was about half of the time spent opening the bundled sessions and
    // bought no measurable speed on models this small; the graph runs as exported
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ["wasm"],
      graphOptimizationLevel: "disabled",
    });
    const wanted: [string, string, readonly string[]][] = [
      ["input", names.input, session.inputNames],
      ...[names.output, ...(names.extra ?? [])].map((name): [string, string, readonly string[]] => [
        "output",
        name,
        session.outputNames,
      ]),
    ];
    for (const [kind, name, known] of wanted) {
      if (!known.includes(name))
        throw new Error(`ONNX model has no ${kind} ${JSON.stringify(name)} (it has ${known.join(", ")})`);
    }
    return new OnnxSession(session, names.input, names.output);
  }

  /** Runs a [rows × cols] float32 batch; returns the output flattened. Runs are serialized. */
  async run(batch: Float32Array, rows: number, cols: number): Promise<Float32Array> {
    return (await this.runOutputs(batch, rows, cols, [this.output]))[0]!;
  }

  /** As run, returning the named outputs, each flattened. */
  runOutputs(batch: Float32Array, rows: number, cols: number, names: string[]): Promise<Float32Array[]> {
    const result = this.queue.then(async () => {
      const outputs = await this.session.run({ [this.input]: new ort.Tensor("float32", batch, [rows, cols]) }, names);
      return names.map((name) => {
        const tensor = outputs[name]!;
        const data = Float32Array.from(tensor.data as Float32Array);
        tensor.dispose();
        return data;
      });
    });
    this.queue = result.catch(() => undefined);
    return result;
  }
}
