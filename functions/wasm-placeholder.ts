// Workers may not compile WebAssembly from bytes: modules arrive precompiled (imported as .wasm). The
// Emscripten glue of onnxruntime-web and of tfjs's wasm backend insists on instantiating bytes it was
// given or fetched, so each gets a placeholder: a few bytes that WebAssembly.instantiate, wrapped once
// here, recognizes and answers with an instance of the precompiled module they stand for.

const MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

const modules = new Map<string, WebAssembly.Module>();

const keyOf = (source: unknown): string | undefined => {
  const bytes =
    source instanceof ArrayBuffer
      ? new Uint8Array(source)
      : ArrayBuffer.isView(source)
        ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
        : undefined;
  // a placeholder is short; a real binary is never read here
  if (!bytes || bytes.byteLength > 64 || !MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  return String.fromCharCode(...bytes.subarray(MAGIC.length));
};

let wrapped = false;

function wrapInstantiate(): void {
  if (wrapped) return;
  wrapped = true;
  const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (...args: unknown[]) => Promise<unknown>;
  (WebAssembly as { instantiate: unknown }).instantiate = async (source: unknown, imports?: WebAssembly.Imports) => {
    const key = keyOf(source);
    const module = key === undefined ? undefined : modules.get(key);
    if (!module) return instantiate(source, imports);
    return { instance: await instantiate(module, imports), module };
  };
}

/** Bytes that, given to WebAssembly.instantiate, instantiate `module`; `tag` names it (ASCII, unique). */
export function placeholderFor(module: WebAssembly.Module, tag: string): Uint8Array<ArrayBuffer> {
  wrapInstantiate();
  modules.set(tag, module);
  return new Uint8Array([...MAGIC, ...Array.from(tag, (ch) => ch.charCodeAt(0))]);
}
