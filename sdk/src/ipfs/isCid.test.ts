import { describe, expect, it } from "vitest";
import { CID } from "multiformats/cid";
import { isCid } from "./isCid.ts";

describe("isCid", () => {
  it("accepts CIDv0 and base32 CIDv1 of any codec", () => {
    expect(isCid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o")).toBe(true);
    expect(isCid("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")).toBe(true);
    expect(isCid("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")).toBe(true);
    const v1 = CID.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").toV1().toString();
    expect(isCid(v1)).toBe(true);
  });

  it("rejects truncated, padded, wrong-alphabet and other-base strings", () => {
    const v1 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    expect(isCid(v1.slice(0, -1))).toBe(false);
    expect(isCid(`${v1}a`)).toBe(false);
    expect(isCid(v1.toUpperCase())).toBe(false);
    expect(isCid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5O0")).toBe(false);
    expect(isCid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff50")).toBe(false);
    expect(isCid("zdj7WWeQ43G6JJvLWQWZpyHuAMq6uYWRjkBXFad11vE2LHhQ7")).toBe(false);
    expect(isCid("not-a-cid")).toBe(false);
    expect(isCid("")).toBe(false);
  });

  it("agrees with multiformats on random mutations", () => {
    const v1 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    const chars = "abcdefghijklmnopqrstuvwxyz234567";
    for (let n = 0; n < 500; n++) {
      const at = 1 + (n % (v1.length - 1));
      const mutated = v1.slice(0, at) + chars[(n * 7) % 32] + v1.slice(at + 1);
      let valid = true;
      try {
        CID.parse(mutated);
      } catch {
        valid = false;
      }
      expect(isCid(mutated)).toBe(valid);
    }
  });
});
