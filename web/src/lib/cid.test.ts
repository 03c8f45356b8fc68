// @vitest-environment node
import { describe, expect, it } from "vitest";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { CidMismatchError, computeCid, verifyCid } from "./cid.ts";

const hello = new TextEncoder().encode("hello world\n");

describe("CID verification", () => {
  it("computes Kubo's default CIDv0 (the toolchain's test vector)", async () => {
    expect((await computeCid(hello, 0)).toString()).toBe("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
  });

  it("accepts bytes that match a CIDv0 and rejects others", async () => {
    await expect(verifyCid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", hello)).resolves.toBeUndefined();
    await expect(verifyCid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", new TextEncoder().encode("hello world!\n"))).rejects.toBeInstanceOf(CidMismatchError);
  });

  it("verifies raw CIDv1 (what our uploads produce for images) by hashing", async () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const cid = CID.createV1(raw.code, await sha256.digest(bytes)).toString();
    await expect(verifyCid(cid, bytes)).resolves.toBeUndefined();
    await expect(verifyCid(cid, new Uint8Array([1, 2, 3]))).rejects.toThrow(/does not match its CID/);
  });

  it("recomputes a CIDv1 with raw leaves like `ipfs add --cid-version=1`", async () => {
    const cid = await computeCid(hello, 1);
    expect(cid.code).toBe(raw.code);
    await expect(verifyCid(cid.toString(), hello)).resolves.toBeUndefined();
  });

  it("handles multi-chunk files (over 256 KiB) as dag-pb", async () => {
    const big = new Uint8Array(600 * 1024).map((_, i) => i % 251);
    const v0 = await computeCid(big, 0);
    expect(v0.version).toBe(0);
    await expect(verifyCid(v0.toString(), big)).resolves.toBeUndefined();
    const tampered = big.slice();
    tampered[500_000] = 7;
    await expect(verifyCid(v0.toString(), tampered)).rejects.toBeInstanceOf(CidMismatchError);
  });
});
