// Minimal .npy (format 1.0) writer: the featurizer's hand-off to the PyTorch trainer.
import { writeFileSync } from "node:fs";

type NpyArray = Float32Array | Int32Array | Int8Array | Uint8Array;

const DESCR: Record<string, string> = { Float32Array: "<f4", Int32Array: "<i4", Int8Array: "|i1", Uint8Array: "|u1" };

export function writeNpy(path: string, data: NpyArray, shape: number[]): void {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (expected !== data.length)
    throw new Error(`npy ${path}: shape ${shape} needs ${expected} values, got ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${DESCR[data.constructor.name]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1; // magic(6) + version(2) + length(2) + header + "\n"
  header = header.padEnd(header.length + ((64 - (unpadded % 64)) % 64), " ") + "\n";
  const prefix = Buffer.alloc(10);
  prefix.write("\x93NUMPY", 0, "latin1");
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  writeFileSync(
    path,
    Buffer.concat([prefix, Buffer.from(header, "latin1"), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
  );
}
