import { BaseError } from "viem";
import { describe, expect, it } from "vitest";
import { BatchPhase } from "../chain/readBatchViews.ts";
import { simulateGroup, type Finalisation, type GroupSimulation } from "./finaliseCommand.ts";

const finalisation = (batchId: number): Finalisation => ({
  batchId,
  labels: ["0x0102", "0x0102"],
  view: { batchId, phase: BatchPhase.Finalisable, round: 0, roundStart: 0, roundEnd: 2, committed: 2, revealed: 2, revealOpensAt: 1, itemCount: 2, resolvedMask: 0n },
});
const outOfGas = () => new BaseError('The contract function "finaliseBatches" reverted with the following reason:\nEVM error OutOfGas');

/** A simulation where the group's transaction fails and the batches in `failAlone` fail alone too; records what it tried. */
function simulation(failAlone: number[] = []) {
  const tried: string[] = [];
  const err: string[] = [];
  const sim: GroupSimulation = {
    together: async (group) => {
      tried.push(`together ${group.map((b) => b.batchId).join(",")}`);
      if (group.length > 1) throw outOfGas();
    },
    alone: async (b) => {
      tried.push(`alone ${b.batchId}`);
      if (failAlone.includes(b.batchId)) throw new BaseError(`batch ${b.batchId} is not finalisable`);
    },
    err: (line) => err.push(line),
  };
  return { sim, tried, err };
}

describe("simulateGroup", () => {
  it("sends a group whose transaction simulates as it is", async () => {
    const { sim, tried, err } = simulation();
    const transactions = await simulateGroup([finalisation(3)], sim);
    expect(transactions.map((t) => t.map((b) => b.batchId))).toEqual([[3]]);
    expect(tried).toEqual(["together 3"]);
    expect(err).toEqual([]);
  });

  it("splits a group that fails together into one transaction per batch, and says why on one line", async () => {
    const { sim, tried, err } = simulation();
    const transactions = await simulateGroup([finalisation(0), finalisation(1)], sim);
    expect(transactions.map((t) => t.map((b) => b.batchId))).toEqual([[0], [1]]);
    expect(tried).toEqual(["together 0,1", "alone 0", "alone 1"]);
    expect(err).toEqual([
      '  one transaction for batches 0, 1 would fail: The contract function "finaliseBatches" reverted with the following reason: EVM error OutOfGas; trying each batch alone',
    ]);
  });

  it("drops the batches that fail alone too, naming each, and still sends the others", async () => {
    const { sim, err } = simulation([1]);
    const transactions = await simulateGroup([finalisation(0), finalisation(1), finalisation(2)], sim);
    expect(transactions.map((t) => t.map((b) => b.batchId))).toEqual([[0], [2]]);
    expect(err.slice(1)).toEqual(["  batch 1 would fail: batch 1 is not finalisable"]);
  });
});
