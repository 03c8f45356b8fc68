import { readFileSync } from "node:fs";
import { gunzipSync, deflateSync } from "node:zlib";

export type Digit = { index: number; pixels: number[]; label: number };

/** Rows of demo/digits/digits.csv.gz: 64 pixels (0..16) then the class. */
export function readDigits(path: string): Digit[] {
  const text = gunzipSync(readFileSync(path)).toString("utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const values = line.split(",").map((v) => Number(v));
      return { index, pixels: values.slice(0, 64), label: values[64]! };
    });
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8x8 digit as a greyscale PNG, upscaled nearest-neighbour; 0 -> white, 16 -> black. */
export function digitPng(pixels: readonly number[], size = 64): Buffer {
  const scale = size / 8;
  const raw = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const v = pixels[Math.floor(y / scale) * 8 + Math.floor(x / scale)] ?? 0;
      raw[y * (size + 1) + 1 + x] = 255 - Math.round((v / 16) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
