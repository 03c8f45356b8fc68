import { beforeEach, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { importSummary, parseRevealBackup, revealBackupJson, RevealBackupError } from "./revealBackup.ts";
import { useRevealStore } from "./useRevealStore.ts";
import { TEST_ANNOTATOR, testRevealRecord } from "../../test/revealRecord.ts";

const ME = TEST_ANNOTATOR;
const OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const bytes32 = (byte: string) => `0x${byte.repeat(32)}` as Hex;
const record = testRevealRecord;
const importText = (text: string) => {
  const parsed = parseRevealBackup(text, "dep");
  return importSummary({ parsed, changed: useRevealStore.getState().importRecords(parsed.records), account: ME });
};

beforeEach(() => useRevealStore.setState({ records: {} }));

describe("importing a reveal backup", () => {
  it("imports this deployment's records, counts a second import of the same file as nothing new", () => {
    const file = revealBackupJson([record(), record({ batchId: 1, commitment: bytes32("33") })]);
    expect(importText(file)).toBe("Imported 2 new or newer reveal records. 2 of the file's records are this account's.");
    expect(Object.keys(useRevealStore.getState().records)).toHaveLength(2);
    expect(importText(file)).toBe("Nothing new: this browser already had every record of the file. 2 of the file's records are this account's.");
  });

  it("says whose records another account's are, and skips other deployments and malformed records with the reason", () => {
    const file = JSON.stringify({
      kind: "crowdlabel-reveals",
      version: 1,
      records: [record({ annotator: OTHER }), record({ deploymentId: "8453:0xabc" }), { ...record({ batchId: 2 }), salt: "0x12" }, null, record({ batchId: 3, earlier: [{ labels: "0x00", commitment: "0x1" as Hex }] })],
    });
    expect(importText(file)).toBe(
      "Imported 1 new or newer reveal record. None of the file's records are this account's. 1 record belongs to 0x3c44…93bc: connect that account to reveal it. " +
        "1 record is for another chain or contract and was skipped. 3 records are malformed and were skipped (record 3: salt is not 32 bytes of hex; record 4: not an object; record 5: earlier versions are malformed).",
    );
    expect(Object.values(useRevealStore.getState().records).map((r) => r.annotator)).toEqual([OTHER]);
  });

  it("refuses a file that is not a backup, saying which file to choose", () => {
    expect(() => parseRevealBackup("{ nope", "dep")).toThrow(new RevealBackupError("This file is not JSON. Choose the crowdlabel-reveals-….json file the Profile page downloaded."));
    expect(() => parseRevealBackup(JSON.stringify({ kind: "crowdlabel-gold" }), "dep")).toThrow(RevealBackupError);
    // A byte-order mark (a file saved again by an editor) is not a problem.
    expect(parseRevealBackup(`\uFEFF${revealBackupJson([record()])}`, "dep").records).toHaveLength(1);
  });
});
