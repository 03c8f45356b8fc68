import { describe, expect, it } from "vitest";
import { encodeAbiParameters, keccak256 } from "viem";
import { goldCommitment, makeGold, parseGoldFile } from "./goldFile.ts";

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
    // Not JSON, or JSON null: the same clear GoldFileError, not a SyntaxError or TypeError.
    expect(() => parseGoldFile("{ not json")).toThrow(expect.objectContaining({ name: "GoldFileError", shortMessage: "This is not a Crowdlabel gold file: it is not valid JSON." }));
    expect(() => parseGoldFile("null")).toThrow(expect.objectContaining({ name: "GoldFileError", shortMessage: "This is not a Crowdlabel gold file." }));
  });

  it("names the field of a malformed gold file instead of crashing on it", () => {
    const gold = makeGold({ answers: new Map([[1, 2]]), classCount: 4, chainId: 1, contract, manifestCid: "x", salt });
    const cases: [Record<string, unknown>, string][] = [
      [{ salt: "0x12" }, 'The gold file\'s salt is not valid: "0x12".'],
      [{ items: ["x"] }, 'The gold file\'s items is not valid: ["x"].'],
      [{ items: [-1] }, "The gold file's items is not valid: [-1]."],
      [{ items: "1" }, 'The gold file\'s items is not valid: "1".'],
      [{ labels: "0x0203" }, 'The gold file\'s labels is not valid: "0x0203".'],
      [{ commitment: 7 }, "The gold file's commitment is not valid: 7."],
    ];
    for (const [change, message] of cases)
      expect(() => parseGoldFile(JSON.stringify({ ...gold, ...change }))).toThrow(expect.objectContaining({ name: "GoldFileError", shortMessage: message }));
  });

  it("uses a fresh random salt by default", () => {
    const a = makeGold({ answers: { 0: 1 }, classCount: 2, chainId: 1, contract, manifestCid: "x" });
    const b = makeGold({ answers: { 0: 1 }, classCount: 2, chainId: 1, contract, manifestCid: "x" });
    expect(a.salt).not.toBe(b.salt);
    expect(a.commitment).not.toBe(b.commitment);
  });

  it("reads a file saved with a UTF-8 byte-order mark", () => {
    const gold = makeGold({ answers: new Map([[1, 2]]), classCount: 4, chainId: 1, contract, manifestCid: "x", salt });
    expect(parseGoldFile(`\uFEFF${JSON.stringify(gold)}`).commitment).toBe(gold.commitment);
  });
});
