import { describe, expect, it } from "vitest";
import { generateSalt, packLabels } from "../index.ts";
import { claimBatches, type AssignedSlot } from "./claimBatches.ts";
import { commitLabels, revealLabels, type LabelledSlot } from "./commitLabels.ts";
import { createTask } from "./createTask.ts";
import { finaliseBatch, revealedLabels } from "./finaliseBatch.ts";
import { fundAccount } from "./fundAccount.ts";
import { increaseTime } from "./increaseTime.ts";
import { readCredits } from "./readCredits.ts";
import { useTestDevchain } from "./useTestDevchain.ts";

const testDevchain = useTestDevchain();

const reward = 10n ** 18n;
/** Two batches of two items; annotator 2 disagrees on the last item. */
const answers: Record<number, number[][]> = { 1: [[0, 1], [2, 0]], 2: [[0, 1], [2, 1]] };

describe("driving the protocol on a devchain", () => {
  it("creates a task, claims, commits, reveals and finalises, and pays the agreeing labels", async () => {
    const devchain = testDevchain();
    const { taskId } = await createTask(devchain, {
      owner: 0,
      manifestCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      itemCount: 4,
      batchSize: 2,
      classCount: 3,
      redundancy: 2,
      rewardPerLabel: reward,
      bondPerClaim: reward / 10n,
      fundBudget: true,
    });
    expect(taskId).toBe(1n);

    const labelled = new Map<number, LabelledSlot[]>();
    for (const annotator of [1, 2]) {
      await fundAccount(devchain, { account: annotator, amount: reward });
      const slots: AssignedSlot[] = await claimBatches(devchain, { annotator, taskId, count: 2 });
      expect(slots.map((s) => s.batchId).sort()).toEqual([0, 1]);
      const withLabels = slots.map((s) => ({ ...s, labels: packLabels(answers[annotator]![s.batchId]!, { classCount: 3 }), salt: generateSalt() }));
      await commitLabels(devchain, { annotator, slots: withLabels });
      labelled.set(annotator, withLabels);
    }
    for (const [annotator, slots] of labelled) await revealLabels(devchain, { annotator, slots });

    const batch1 = await revealedLabels(devchain, { taskId, batchId: 1 });
    for (const slot of [...labelled.values()].flat().filter((s) => s.batchId === 1)) expect(batch1[slot.slot]).toBe(slot.labels);
    for (const batchId of [0, 1]) await finaliseBatch(devchain, { caller: 3, taskId, batchId });

    const [credits1, credits2] = await Promise.all([readCredits(devchain, devchain.address(1)), readCredits(devchain, devchain.address(2))]);
    expect(credits1).toBe(credits2);
    expect(credits1 >= 3n * reward).toBe(true);
  }, 60_000);

  it("moves anvil's clock", async () => {
    const devchain = testDevchain();
    const before = await devchain.publicClient.getBlock();
    await increaseTime(devchain, 3_600);
    const after = await devchain.publicClient.getBlock();
    expect(after.number).toBe(before.number + 1n);
    expect(after.timestamp - before.timestamp >= 3_600n).toBe(true);
  });
});
