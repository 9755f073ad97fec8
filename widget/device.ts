// The device engine, loaded by the widget only when mode="device": the AS kernels (the worker's own
// .wasm) encode, the exported default model runs on tfjs-core with the wasm backend, and no sequence
// leaves the page. Single-threaded SIMD unless the page is cross-origin isolated.
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { DeviceModel, type DeviceManifest } from "../functions/device/model.ts";
import { domainFrom } from "../functions/inference/heads.ts";
import { Encoders, InvalidSymbolError } from "../functions/kernels/encoders.ts";
import type { Codes } from "../functions/kernels/codes.ts";
import { parseFasta } from "./fasta.ts";
import type { ResultView } from "./render.ts";

/** The API's sequence limits (functions/api/limits.ts), as the device applies them. */
const MIRNA_LENGTH = [15, 30] as const;
const LNCRNA_LENGTH = [30, 100_000] as const;
const MAX_PAIRS = 1000;

export interface DeviceEngine {
  model: string;
  backend: string;
  threads: boolean;
  predict(mirnaText: string, lncrnaText: string, pairing: "all" | "zip"): Promise<ResultView[]>;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response;
}

/** `base`: where widget.js was served from (its folder holds widget/…); `model`: default when absent. */
export async function createEngine(base: string, model: string | null): Promise<DeviceEngine> {
  const files = new URL("widget/", base).href;
  const index = (await (await fetchOk(`${files}models/index.json`)).json()) as { default: string; models: string[] };
  const name = model ?? index.default;
  if (!index.models.includes(name))
    throw new Error(`model ${name} has no device build; on this device: ${index.models.join(", ")}`);
  const threads = globalThis.crossOriginIsolated === true;
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", threads);
  setWasmPaths(files);
  const [backendReady, encoders, manifest] = await Promise.all([
    tf.setBackend("wasm"),
    WebAssembly.compileStreaming(fetchOk(`${files}encoders.simd.wasm`)).then((m) => new Encoders(m)),
    fetchOk(`${files}models/${encodeURIComponent(name)}.json`).then((r) => r.json() as Promise<DeviceManifest>),
  ]);
  if (!backendReady) throw new Error("the tfjs wasm backend did not start");
  const weights = await (await fetchOk(`${files}models/${manifest.weights.file}`)).arrayBuffer();
  const device = DeviceModel.open(manifest, weights, encoders);

  const encode = (sequence: string, what: "miRNA" | "lncRNA", id: string): Codes => {
    let codes: Codes;
    try {
      codes = encoders.normalize(sequence).codes;
    } catch (error) {
      if (error instanceof InvalidSymbolError)
        throw new Error(`${what} ${id}: ${error.message} — sequences take A, C, G, U/T and IUPAC codes`, {
          cause: error,
        });
      throw error;
    }
    const [min, max] = what === "miRNA" ? MIRNA_LENGTH : LNCRNA_LENGTH;
    if (codes.length < min || codes.length > max)
      throw new Error(`${what} ${id} has ${codes.length} nt; a ${what} needs ${min}–${max.toLocaleString("en-US")} nt`);
    return codes;
  };

  return {
    model: manifest.card.name,
    backend: tf.getBackend(),
    threads,
    async predict(mirnaText, lncrnaText, pairing) {
      const mirnas = parseFasta(mirnaText, "mirna").map((r) => ({ ...r, codes: encode(r.sequence, "miRNA", r.id) }));
      const lncrnas = parseFasta(lncrnaText, "lncrna").map((r) => ({
        ...r,
        codes: encode(r.sequence, "lncRNA", r.id),
      }));
      if (!mirnas.length || !lncrnas.length) throw new Error("give a miRNA and a lncRNA");
      if (pairing === "zip" && mirnas.length !== lncrnas.length)
        throw new Error(`pairing zip needs as many miRNAs (${mirnas.length}) as lncRNAs (${lncrnas.length})`);
      const pairs =
        pairing === "zip"
          ? mirnas.map((m, i) => ({ m, l: lncrnas[i]! }))
          : mirnas.flatMap((m) => lncrnas.map((l) => ({ m, l })));
      if (pairs.length > MAX_PAIRS) throw new Error(`${pairs.length} pairs; at most ${MAX_PAIRS} at once`);
      const predictions = await device.predict(pairs.map((p) => ({ mirna: p.m.codes, lncrna: p.l.codes })));
      return predictions.map((p, i) => ({
        id: `${pairs[i]!.m.id}|${pairs[i]!.l.id}`,
        mirnaId: pairs[i]!.m.id,
        lncrnaId: pairs[i]!.l.id,
        model: manifest.card.name,
        score: p.score,
        label: p.label,
        threshold: p.threshold,
        ...(p.members ? { members: p.members } : {}),
        ...(p.domains ? { domains: p.domains, domainFrom: domainFrom(false, p.mirnaHead) } : {}),
        ...(p.lncrnaKnown !== undefined ? { lncrnaKnown: p.lncrnaKnown } : {}),
        lengths: { mirna: pairs[i]!.m.codes.length, lncrna: pairs[i]!.l.codes.length },
        seed: p.seed,
        ...(p.duplex
          ? {
              duplex: {
                energy: p.duplex.energy,
                best: p.duplex.best && {
                  energy: p.duplex.best.energy,
                  targetStart: p.duplex.best.targetStart,
                  targetEnd: p.duplex.best.targetEnd,
                  diagram: p.duplex.best.diagram,
                },
              },
            }
          : {}),
      }));
    },
  };
}
