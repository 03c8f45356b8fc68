import { bytesToHex, type Hex } from "viem";

/** 32 random bytes from the platform CSPRNG (`crypto.getRandomValues`, in Node and browsers). */
export function generateSalt(): Hex {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return bytesToHex(bytes);
}
