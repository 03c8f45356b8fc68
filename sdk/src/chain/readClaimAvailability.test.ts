import { describe, expect, it } from "vitest";
import type { PublicClient } from "viem";
import { claimBatches } from "../devchain/claimBatches.ts";
import { commitLabels } from "../devchain/commitLabels.ts";
import { createTask } from "../devchain/createTask.ts";
import { increaseTime } from "../devchain/increaseTime.ts";
import { useTestDevchain } from "../devchain/useTestDevchain.ts";
import { generateSalt } from "../commitment/generateSalt.ts";
import { packLabels } from "../commitment/packLabels.ts";
import { crowdlabelAbi } from "../generated/abis.ts";
import { noBlocks, readClaimAvailability } from "./claimableBatches.ts";

const testDevchain = useTestDevchain();

describe("readClaimAvailability on a real chain", () => {
  it("says which batches assign can still give each annotator, and agrees with assign", async () => {
    const devchain = testDevchain();
    // Three batches of two items, two slots each, claims of 10 minutes in a commit window of an hour.
    const claimTtl = 600;
    const { taskId } = await createTask(devchain, {
      owner: 0,
      manifestCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      itemCount: 6,
      batchSize: 2,
      classCount: 2,
      redundancy: 2,
      rewardPerLabel: 10n ** 18n,
      claimTtl,
      commitWindow: 3_600,
      fundBudget: true,
    });
    const task = await devchain.publicClient.readContract({ address: devchain.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] });
    const availability = (annotator: number, enough?: number, now?: number, startAt?: number) =>
      readClaimAvailability(devchain.publicClient as PublicClient, {
        contract: devchain.deployment.crowdlabel,
        taskId,
        batchCount: task.batchCount,
        task: { redundancy: task.redundancy, claimTtl: task.claimTtl, commitWindow: task.commitWindow, deadline: Number(task.deadline) },
        annotator: devchain.address(annotator),
        enough,
        now,
        startAt,
      });

    expect(await availability(1)).toMatchObject({ claimableBatches: 3, freeSlots: 6, scanned: 3, blocked: noBlocks(), nextFreeAt: null });
    // Stops reading once it has found enough.
    expect(await availability(1, 1)).toMatchObject({ scanned: 1, firstClaimable: 0 });
    expect(await availability(1, 1, undefined, 2)).toMatchObject({ scanned: 1, firstClaimable: 2 });

    // Annotators 1 and 2 take every batch: 1 and 2 hold a slot of each, the round is full for 3.
    await claimBatches(devchain, { annotator: 1, taskId, count: 3 });
    const second = await claimBatches(devchain, { annotator: 2, taskId, count: 3 });
    expect(second).toHaveLength(3);
    expect(await availability(1)).toMatchObject({ claimableBatches: 0, blocked: { ...noBlocks(), held: 3 } });
    const full = await availability(3);
    expect(full).toMatchObject({ claimableBatches: 0, freeSlots: 0, scanned: 3, blocked: { ...noBlocks(), full: 3 } });
    const firstExpiry = full.nextFreeAt!;
    const head = Number((await devchain.publicClient.getBlock()).timestamp);
    expect(full.now).toBe(head);
    // Asked about the time the first claim expires, a slot is free again.
    expect((await availability(3, undefined, firstExpiry)).claimableBatches).toBeGreaterThan(0);
    expect(firstExpiry).toBeGreaterThan(head);
    expect(firstExpiry).toBeLessThanOrEqual(head + claimTtl);
    // assign agrees: annotator 3's request draws nothing
    expect(await claimBatches(devchain, { annotator: 3, taskId, count: 1 })).toEqual([]);

    // Both commit batch 0, so its reveal opens; the claims on batches 1 and 2 then expire and free their slots.
    const held = (annotator: number) => ({ taskId, batchId: 0, slot: annotator - 1, annotator, labels: packLabels([0, 1], { classCount: 2 }), salt: generateSalt() });
    await commitLabels(devchain, { annotator: 1, slots: [held(1)] });
    await commitLabels(devchain, { annotator: 2, slots: [held(2)] });
    await increaseTime(devchain, claimTtl);
    expect(await availability(3)).toMatchObject({ claimableBatches: 2, freeSlots: 4, blocked: { ...noBlocks(), reveal: 1 }, nextFreeAt: null, firstClaimable: 1 });
    // From batch 2, a poller's last find: read alone and still free; read whole, round to batches 0 and 1, the same tally.
    expect(await availability(3, 1, undefined, 2)).toMatchObject({ claimableBatches: 1, scanned: 1, firstClaimable: 2 });
    expect(await availability(3, undefined, undefined, 2)).toMatchObject({ claimableBatches: 2, freeSlots: 4, scanned: 3, blocked: { ...noBlocks(), reveal: 1 }, firstClaimable: 2 });
    // From batch 0, no longer claimable (its reveal opened): on to batch 1.
    expect(await availability(3, 1, undefined, 0)).toMatchObject({ claimableBatches: 1, firstClaimable: 1 });
    const drawn = await claimBatches(devchain, { annotator: 3, taskId, count: 3 });
    expect(drawn.map((s) => s.batchId).sort()).toEqual([1, 2]);
    expect(await availability(3)).toMatchObject({ claimableBatches: 0, blocked: { ...noBlocks(), reveal: 1, held: 2 }, firstClaimable: null });

    // Nobody commits to batches 1 and 2: less than a claim's time before their commit deadline, they take no claim,
    // and the read says when their round restarts.
    const [batch1] = await devchain.publicClient.readContract({ address: devchain.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, 1] });
    const now = Number((await devchain.publicClient.getBlock()).timestamp);
    await increaseTime(devchain, batch1.commitDeadline - claimTtl + 1 - now);
    const ending = await availability(4);
    expect(ending).toMatchObject({ claimableBatches: 0, blocked: { ...noBlocks(), reveal: 1, "round-ending": 2 }, nextFreeAt: null, nextRoundAt: batch1.commitDeadline });
    expect((await availability(4, undefined, batch1.commitDeadline)).claimableBatches).toBe(2);
    // assign agrees on both sides of the restart
    expect(await claimBatches(devchain, { annotator: 4, taskId, count: 1 })).toEqual([]);
    await increaseTime(devchain, batch1.commitDeadline - Number((await devchain.publicClient.getBlock()).timestamp));
    expect(await claimBatches(devchain, { annotator: 4, taskId, count: 2 })).toHaveLength(2);
  }, 60_000);
});
