const base58 = /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/;
const base32 = /^b[a-z2-7]+$/;
const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
const values = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] | null {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && i < at + 4; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i + 1];
    shift += 7;
  }
  return null;
}

/**
 * Fast structural check of a CID string, for validating 100k-item manifests: a CIDv0 (`Qm…`, 46
 * base58btc chars) or a base32 CIDv1 (`b…`) whose bytes are version 1, a codec varint and a
 * multihash whose declared digest length matches the rest exactly.
 */
export function isCid(value: string): boolean {
  if (value.length === 46) return base58.test(value);
  if (value.length < 10 || value.length > 200 || !base32.test(value)) return false;
  const bits = (value.length - 1) * 5;
  const bytes = new Uint8Array(Math.floor(bits / 8));
  let buffer = 0;
  let count = 0;
  let out = 0;
  for (let i = 1; i < value.length; i++) {
    buffer = ((buffer << 5) | values[value.charCodeAt(i)]!) & 0xffff;
    count += 5;
    if (count >= 8) {
      count -= 8;
      bytes[out++] = (buffer >> count) & 0xff;
    }
  }
  // leftover bits must be zero padding
  if (count >= 5 || (buffer & ((1 << count) - 1)) !== 0) return false;
  const version = readVarint(bytes, 0);
  if (!version || version[0] !== 1) return false;
  const codec = readVarint(bytes, version[1]);
  if (!codec) return false;
  const hashCode = readVarint(bytes, codec[1]);
  if (!hashCode) return false;
  const length = readVarint(bytes, hashCode[1]);
  if (!length) return false;
  return length[1] + length[0] === bytes.length;
}
