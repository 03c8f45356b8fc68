import type { Hex } from "viem";
import type { RevealRecord } from "../features/labeling/useRevealStore.ts";

/** The account unit tests label as (anvil's account #1). */
export const TEST_ANNOTATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** A committed reveal record of batch 0 of task 1 in deployment "dep" (as `setTestConfig({}, { deploymentId: "dep" })`). */
export function testRevealRecord(patch: Partial<RevealRecord> = {}): RevealRecord {
  return {
    deploymentId: "dep",
    chainId: 31337,
    contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    taskId: "1",
    batchId: 0,
    slot: 0,
    annotator: TEST_ANNOTATOR,
    labels: "0x0001",
    salt: `0x${"11".repeat(32)}` as Hex,
    commitment: `0x${"22".repeat(32)}` as Hex,
    status: "committed",
    savedAt: 1,
    ...patch,
  };
}
