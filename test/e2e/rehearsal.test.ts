// Deployment rehearsal: a chain that is not anvil's default (Base Sepolia's id 84532), the contracts
// deployed by the operator's forge script, the indexer pointed at it by DEPLOYMENT_FILE only and the
// web app by its served config.json only; a short task runs end to end and shows up in both.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getAddress } from "viem";
import { computeConsensus } from "@crowdlabel/sdk";
import { claim, commit, createTask, finalise, loadDigits, reveal, uploadDigitTask, type CommittedSlot } from "./support/protocol.ts";
import { screenshots, see, useStack, withUser } from "./support/session.ts";
import { indexerGet } from "./support/indexerApi.ts";
import { postgresBinDir } from "../stack/startPostgres.ts";

// The indexer runs on PostgreSQL as in production whenever Debian's postgresql is installed (always in CI).
const postgres = process.env.CI === "true" || postgresBinDir() !== undefined;
const session = useStack({ chainId: 84532, deployWith: "forge", postgres });

describe("deployment rehearsal on chain id 84532", () => {
  it(`is configured from the forge script's deployment file alone (indexer on ${postgres ? "PostgreSQL" : "PGlite: install postgresql to rehearse on PostgreSQL"})`, () => {
    const { stack } = session;
    expect(stack.chainId).toBe(84532);
    const file = JSON.parse(readFileSync(stack.deploymentFile!, "utf8")) as { chainId: number; crowdlabel: string; token: string };
    expect(file.chainId).toBe(84532);
    expect(getAddress(file.crowdlabel)).toBe(getAddress(stack.webConfig.crowdlabel));
    expect(getAddress(file.token)).toBe(getAddress(stack.webConfig.token));
  });

  it("runs create, claim, commit, reveal, finalise; the indexer API and the web app show it", async () => {
    const { stack, clients } = session;
    const digits = loadDigits().slice(0, 6);
    const { manifestCid } = await uploadDigitTask(stack, { digits, title: "Rehearsal digits", batchSize: 6 });
    const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: 6, batchSize: 6, redundancy: 3, minAgreement: 2 });
    expect(taskId).toBe(1n);

    const truth = digits.map((d) => d.digit);
    const wrong = truth.map((d) => (d + 1) % 10);
    const votes = [truth, truth, wrong];
    const committed: CommittedSlot[] = [];
    for (const [i, labels] of votes.entries()) {
      const [slot] = await claim(clients, stack, i + 1, taskId);
      expect(slot!.batchId).toBe(0);
      committed.push(await commit(clients, stack, slot!, labels));
    }
    for (const c of committed) await reveal(clients, stack, c);
    const bySlot = [...committed].sort((a, b) => a.slot - b.slot);
    const receipt = await finalise(clients, stack, { taskId, batchId: 0, revealed: bySlot.map((c) => c.labels) });
    const expected = computeConsensus({ labels: bySlot.map((c) => c.labels), itemCount: 6, minAgreement: 2, classCount: 10 });
    expect(expected.items.map((i) => i.consensus)).toEqual(truth);

    await stack.indexer!.waitForBlock(receipt.blockNumber);
    const task = await indexerGet<{ title: string; batchesDone: number; itemsResolved: number; labelsRevealed: number; progress: { batches: Record<string, number> } }>(
      stack,
      "/api/tasks/1",
    );
    expect(task).toMatchObject({ title: "Rehearsal digits", batchesDone: 1, itemsResolved: 6, labelsRevealed: 18 });
    const batches = await indexerGet<{ items: { batchId: number; phase: string; finalisedTx: string | null; consensus: string | null }[] }>(stack, "/api/tasks/1/batches");
    expect(batches.items[0]).toMatchObject({ batchId: 0, phase: "done", finalisedTx: receipt.transactionHash, consensus: expected.consensusBytes });

    await withUser(session, { account: 5, path: "/tasks/1" }, async (user) => {
      expect(await (await see(user, user.page.getByTestId("task-title").getByText("Rehearsal digits"))).textContent()).toBe("Rehearsal digits");
      const batchesStat = user.page.locator(".stat", { has: user.page.getByText("Batches", { exact: true }) });
      await expect.poll(() => batchesStat.locator(".stat-value").textContent(), { timeout: 30_000 }).toBe("1/1");
      await screenshots(user.page, "rehearsal-84532-task");
      expect(user.errors).toEqual([]);
    });
  });
});
