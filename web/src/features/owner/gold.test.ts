import { describe, expect, it } from "vitest";
import { encodeAbiParameters, keccak256 } from "viem";
import { goldCommitment, goldCoverage, makeGold, onePerBatch, parseGoldFile } from "./gold.ts";

const salt = `0x${"ab".repeat(32)}` as const;
const contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;

describe("gold commitment", () => {
  it("equals keccak256(abi.encode(uint32[] items, bytes labels, bytes32 salt)) as the contract computes it", () => {
    const items = [3, 7, 42];
    const labels = "0x010200" as const;
    const expected = keccak256(encodeAbiParameters([{ type: "uint32[]" }, { type: "bytes" }, { type: "bytes32" }], [items, labels, salt]));
    expect(goldCommitment(items, labels, salt)).toBe(expected);
  });

  it("builds a gold file with sorted items and one byte per answer", () => {
    const gold = makeGold({ answers: { 9: 1, 2: 0, 5: 3 }, classCount: 3, chainId: 31337, contract, manifestCid: "bafy", salt });
    expect(gold.items).toEqual([2, 5, 9]);
    expect(gold.labels).toBe("0x000301");
    expect(gold.commitment).toBe(goldCommitment([2, 5, 9], "0x000301", salt));
  });

  it("rejects answers outside the classes (cannot label = classCount is allowed)", () => {
    expect(() => makeGold({ answers: { 0: 4 }, classCount: 3, chainId: 1, contract, manifestCid: "x", salt })).toThrow();
    expect(makeGold({ answers: { 0: 3 }, classCount: 3, chainId: 1, contract, manifestCid: "x", salt }).labels).toBe("0x03");
  });

  it("round-trips through the file and detects tampering", () => {
    const gold = makeGold({ answers: new Map([[1, 2]]), classCount: 4, chainId: 1, contract, manifestCid: "x", salt });
    expect(parseGoldFile(JSON.stringify(gold)).commitment).toBe(gold.commitment);
    expect(() => parseGoldFile(JSON.stringify({ ...gold, labels: "0x03" }))).toThrow(/corrupted/);
    expect(() => parseGoldFile("{}")).toThrow(/not a Crowdlabel gold file/);
  });

  it("uses a fresh random salt by default", () => {
    const a = makeGold({ answers: { 0: 1 }, classCount: 2, chainId: 1, contract, manifestCid: "x" });
    const b = makeGold({ answers: { 0: 1 }, classCount: 2, chainId: 1, contract, manifestCid: "x" });
    expect(a.salt).not.toBe(b.salt);
    expect(a.commitment).not.toBe(b.commitment);
  });
});

describe("spreading gold over batches", () => {
  it("offers the middle image of every batch, the last one short", () => {
    expect(onePerBatch(25, 10)).toEqual([4, 14, 22]);
    expect(onePerBatch(3, 1)).toEqual([0, 1, 2]);
    expect(onePerBatch(0, 10)).toEqual([]);
  });

  it("offers a batch's first gold image instead, and the image the owner moved to before either", () => {
    expect(onePerBatch(25, 10, { 17: 1, 12: 0, 3: 1 })).toEqual([3, 12, 22]);
    // Offsets wrap within the batch (the last batch has 5 images); a gold image past the end is ignored.
    expect(onePerBatch(25, 10, { 12: 0, 99: 1 }, { 1: 3, 2: 7 })).toEqual([4, 13, 22]);
    expect(onePerBatch(25, 10, {}, { 0: 10, 2: -1 })).toEqual([0, 14, 24]);
  });

  it("counts the batches that hold gold", () => {
    expect(goldCoverage({ 0: 1, 1: 0, 9: 1 }, 25, 10)).toEqual({ batchesWithGold: 1, batchCount: 3 });
    expect(goldCoverage({ 4: 1, 14: 0, 22: 1 }, 25, 10)).toEqual({ batchesWithGold: 3, batchCount: 3 });
    expect(goldCoverage({}, 25, 10)).toEqual({ batchesWithGold: 0, batchCount: 3 });
  });
});
