import type { supportedMediaTypes } from "../manifest/taskManifestSchema.ts";

export type ImageInfo = { mediaType: (typeof supportedMediaTypes)[number]; width: number; height: number };

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/**
 * Media type and pixel size from an image's header (PNG, JPEG, GIF, WebP, BMP); null when unrecognised or when the
 * header gives no pixels (a width or height of 0). A JPEG's size comes after its metadata: pass the whole file.
 */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  const info = readHeader(bytes);
  return info && info.width > 0 && info.height > 0 ? info : null;
}

function readHeader(bytes: Uint8Array): ImageInfo | null {
  if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === "PNG")
    return { mediaType: "image/png", width: u32be(bytes, 16), height: u32be(bytes, 20) };
  if (bytes.length >= 10 && ascii(bytes, 0, 3) === "GIF") return { mediaType: "image/gif", width: u16le(bytes, 6), height: u16le(bytes, 8) };
  if (bytes.length >= 26 && ascii(bytes, 0, 2) === "BM")
    return { mediaType: "image/bmp", width: Math.abs(new DataView(bytes.buffer, bytes.byteOffset).getInt32(18, true)), height: Math.abs(new DataView(bytes.buffer, bytes.byteOffset).getInt32(22, true)) };
  if (bytes.length >= 30 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") {
    const kind = ascii(bytes, 12, 4);
    if (kind === "VP8X") return { mediaType: "image/webp", width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
    if (kind === "VP8 ") return { mediaType: "image/webp", width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
    if (kind === "VP8L") {
      const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
      return { mediaType: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    return null;
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
        i += marker === 0xff ? 1 : 2;
        continue;
      }
      const length = u16be(bytes, i + 2);
      // SOF0..SOF15 except DHT (c4), JPG (c8), DAC (cc)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { mediaType: "image/jpeg", width: u16be(bytes, i + 7), height: u16be(bytes, i + 5) };
      i += 2 + length;
    }
    return null;
  }
  return null;
}
