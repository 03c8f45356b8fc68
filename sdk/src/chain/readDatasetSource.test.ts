import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createWalletClient, encodeAbiParameters, getAddress, http, keccak256, parseEther, parseEventLogs, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startIpfsNode, type RunningIpfsNode } from "@crowdlabel/ipfs";
import { startAnvil, type RunningAnvil } from "../devchain/startAnvil.ts";
import { deployProtocol } from "../devchain/deployProtocol.ts";
import { anvilPrivateKeys } from "../devchain/anvilAccounts.ts";
import { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import { readDatasetSource, TaskNotFoundError } from "./readDatasetSource.ts";
import { ManifestTaskMismatchError } from "../manifest/manifestMismatches.ts";
import { uploadFiles } from "../ipfs/uploadFiles.ts";
import { fetchManifest } from "../ipfs/fetchTaskFiles.ts";
import { exampleManifest } from "../manifest/exampleManifest.ts";
import { encodeCommitment } from "../commitment/encodeCommitment.ts";
import { packLabels } from "../commitment/packLabels.ts";
import { generateSalt } from "../commitment/generateSalt.ts";
import { computeConsensus } from "../consensus/computeConsensus.ts";
import { exportJsonl } from "../export/exportJsonl.ts";
import { aggregateDataset } from "../export/aggregateDataset.ts";
import { main } from "../cli/main.ts";
import { writeExport } from "../export/writeExport.ts";
import { aggregateDatasets } from "../export/aggregateDatasets.ts";
import { connectDevchain } from "../devchain/connectDevchain.ts";
import { createTask } from "../devchain/createTask.ts";
import { fundAccount } from "../devchain/fundAccount.ts";
import { claimBatches } from "../devchain/claimBatches.ts";
import { commitLabels, revealLabels } from "../devchain/commitLabels.ts";
import { finaliseBatch } from "../devchain/finaliseBatch.ts";

/** A JSON-RPC pass-through to `target` that refuses eth_getLogs spanning more than `maxBlocks` blocks. */
async function startRangeCappedRpc(target: string, maxBlocks: bigint) {
  const stats = { refused: 0, widestServed: 0n, lowestFrom: null as bigint | null };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const call = JSON.parse(body) as { id: number; method: string; params: { fromBlock?: Hex; toBlock?: Hex }[] };
    if (call.method === "eth_getLogs") {
      const { fromBlock, toBlock } = call.params[0]!;
      const span = fromBlock && toBlock && toBlock.startsWith("0x") ? BigInt(toBlock) - BigInt(fromBlock) + 1n : maxBlocks + 1n;
      if (span > maxBlocks) {
        stats.refused++;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: call.id, error: { code: -32602, message: `block range too large, max ${maxBlocks} blocks` } }));
        return;
      }
      if (span > stats.widestServed) stats.widestServed = span;
      if (fromBlock && (stats.lowestFrom === null || BigInt(fromBlock) < stats.lowestFrom)) stats.lowestFrom = BigInt(fromBlock);
    }
    const answer = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get refused() {
      return stats.refused;
    },
    get widestServed() {
      return stats.widestServed;
    },
    /** The lowest fromBlock of any eth_getLogs served. */
    get lowestFrom() {
      return stats.lowestFrom;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("readDatasetSource on a real chain", () => {
  let anvil: RunningAnvil;
  let ipfs: RunningIpfsNode;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sdk-chain-"));
    [anvil, ipfs] = await Promise.all([
      startAnvil(),
      startIpfsNode({ apiPort: 0, gatewayPort: 0, dataDir: join(dir, "ipfs"), log: { info() {}, warn() {} } }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([anvil?.stop(), ipfs?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("rebuilds a finalised task from events; its export verifies, a tampered one does not", async () => {
    const deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    const contract = deployment.crowdlabel;
    const transport = http(anvil.rpcUrl);
    const chain = { id: anvil.chainId, name: "anvil", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [anvil.rpcUrl] } } } as const;
    const client = createPublicClient({ chain, transport });
    const wallet = (i: number) => createWalletClient({ account: privateKeyToAccount(anvilPrivateKeys[i]!), chain, transport });
    const send = async (hash: Promise<Hex>) => {
      const receipt = await client.waitForTransactionReceipt({ hash: await hash });
      expect(receipt.status).toBe("success");
      return receipt;
    };

    const config = { apiUrl: ipfs.apiUrl, gatewayUrl: ipfs.gatewayUrl };
    const base = exampleManifest();
    const images = await uploadFiles({ config, files: [0, 1, 2, 3].map((i) => ({ path: `${i}.png`, content: new Uint8Array([i, 1, 2, 3]) })) });
    const manifest = { ...base, batchSize: 4, items: images.map((u) => ({ cid: u.cid, mediaType: "image/png" as const, width: 4, height: 4, filename: u.path })) };
    const [manifestFile] = await uploadFiles({ config, files: [{ path: "manifest.json", content: new TextEncoder().encode(JSON.stringify(manifest)) }] });

    const owner = wallet(0);
    await send(owner.writeContract({ address: deployment.token, abi: testTokenAbi, functionName: "faucet", args: [owner.account.address, parseEther("1000")] }));
    await send(owner.writeContract({ address: deployment.token, abi: testTokenAbi, functionName: "approve", args: [contract, parseEther("1000")] }));
    const now = (await client.getBlock()).timestamp;
    // Gold on items 1 and 3 (classes 1 and 0), committed now and revealed after finalisation.
    const gold = { items: [1, 3], labels: "0x0100" as Hex, salt: generateSalt() };
    const goldCommitment = keccak256(encodeAbiParameters([{ type: "uint32[]" }, { type: "bytes" }, { type: "bytes32" }], [gold.items, gold.labels, gold.salt]));
    await send(
      owner.writeContract({
        address: contract,
        abi: crowdlabelAbi,
        functionName: "createTask",
        args: [
          {
            token: deployment.token,
            manifestCid: manifestFile!.cid,
            itemCount: 4,
            batchSize: 4,
            classCount: 2,
            redundancy: 3,
            maxRedundancy: 3,
            minAgreement: 2,
            rewardPerLabel: parseEther("1"),
            bondPerClaim: 0n,
            claimTtl: 3600,
            commitWindow: 7200,
            revealWindow: 3600,
            deadline: Number(now) + 86_400,
            minLabelsRevealed: 0,
            minAgreementBps: 0,
            goldCommitment,
          },
        ],
      }),
    );

    const votes = [
      [0, 1, 2, 1],
      [0, 1, 0, 0],
      [0, 0, 1, 1],
    ];
    const taskId = 1n;
    const annotators: { address: Address; slot: number; labels: Hex; salt: Hex }[] = [];
    for (const [n, labels] of votes.entries()) {
      const annotator = wallet(n + 1);
      await send(annotator.writeContract({ address: contract, abi: crowdlabelAbi, functionName: "requestClaim", args: [taskId, 1] }));
      const receipt = await send(annotator.writeContract({ address: contract, abi: crowdlabelAbi, functionName: "assign", args: [taskId, annotator.account.address] }));
      const [assigned] = parseEventLogs({ abi: crowdlabelAbi, eventName: "SlotAssigned", logs: receipt.logs });
      const packed = packLabels(labels, { classCount: 2 });
      const salt = generateSalt();
      const commitment = encodeCommitment({ chainId: anvil.chainId, contract, taskId, batchId: 0, annotator: annotator.account.address, labels: packed, salt });
      const onChain = await client.readContract({ address: contract, abi: crowdlabelAbi, functionName: "commitmentOf", args: [taskId, 0, annotator.account.address, packed, salt] });
      expect(commitment).toBe(onChain);
      await send(annotator.writeContract({ address: contract, abi: crowdlabelAbi, functionName: "commit", args: [[{ taskId, batchId: 0, slot: assigned!.args.slot, commitment }]] }));
      annotators.push({ address: annotator.account.address, slot: assigned!.args.slot, labels: packed, salt });
    }
    for (const [n, a] of annotators.entries())
      await send(wallet(n + 1).writeContract({ address: contract, abi: crowdlabelAbi, functionName: "reveal", args: [[{ taskId, batchId: 0, slot: a.slot, labels: a.labels, salt: a.salt }]] }));
    const bySlot = [...annotators].sort((a, b) => a.slot - b.slot);
    const finalise = await send(owner.writeContract({ address: contract, abi: crowdlabelAbi, functionName: "finalise", args: [taskId, 0, bySlot.map((a) => a.labels)] }));
    expect((await readDatasetSource({ client, contract, taskId, fromBlock: BigInt(deployment.startBlock), loadManifest: (cid) => fetchManifest({ config, cid }) })).gold).toBeUndefined();
    await send(owner.writeContract({ address: contract, abi: crowdlabelAbi, functionName: "revealGold", args: [taskId, gold.items, gold.labels, gold.salt] }));

    const source = await readDatasetSource({ client, contract, taskId, fromBlock: BigInt(deployment.startBlock), loadManifest: (cid) => fetchManifest({ config, cid }) });
    const expected = computeConsensus({ labels: bySlot.map((a) => a.labels), itemCount: 4, minAgreement: 2, classCount: 2 });
    expect(expected.items.map((i) => i.consensus)).toEqual([0, 1, null, 1]);
    expect(source.manifest).toEqual(manifest);
    expect(source.task).toMatchObject({ id: 1n, chainId: anvil.chainId, contract: getAddress(contract), token: getAddress(deployment.token), itemCount: 4, classCount: 2, minAgreement: 2 });
    expect(source.batches).toHaveLength(1);
    const batch = source.batches[0]!;
    expect(batch.resolvedMask).toBe(expected.resolvedMask);
    expect(batch.consensus).toBe(expected.consensusBytes);
    expect(batch.slots.map((s) => [s.annotator, s.labels])).toEqual(bySlot.map((a) => [a.address, a.labels]));

    // Through an RPC that answers getLogs for at most 4 blocks at a time (as public endpoints cap ranges), the scan
    // shrinks its window and reads the same source.
    const capped = await startRangeCappedRpc(anvil.rpcUrl, 4n);
    try {
      const cappedClient = createPublicClient({ chain, transport: http(capped.url, { retryCount: 0 }) });
      const throughCap = await readDatasetSource({ client: cappedClient, contract, taskId, fromBlock: BigInt(deployment.startBlock), loadManifest: (cid) => fetchManifest({ config, cid }) });
      expect(throughCap).toEqual(source);
      expect(capped.refused).toBeGreaterThan(0);
      expect(capped.widestServed).toBeLessThanOrEqual(4n);
      // The scan starts at the creation block the contract records, not at the deployment's start block.
      expect(source.task.createdBlock).toBeGreaterThan(BigInt(deployment.startBlock));
      expect(capped.lowestFrom).toBe(source.task.createdBlock);
      // A task the contract does not have is refused before any log is read.
      await expect(
        readDatasetSource({ client: cappedClient, contract, taskId: 99n, fromBlock: BigInt(deployment.startBlock), loadManifest: (cid) => fetchManifest({ config, cid }) }),
      ).rejects.toThrow(TaskNotFoundError);
      // A manifest that does not fit the task (a class more than the chain's count) is refused, not exported.
      const extraClass = { ...manifest, classes: [...manifest.classes, { id: 2, name: "bird", hotkey: "3", colour: "#76b041" }] };
      await expect(readDatasetSource({ client, contract, taskId, fromBlock: BigInt(deployment.startBlock), loadManifest: async () => extraClass })).rejects.toThrow(
        new ManifestTaskMismatchError(["3 classes, task has 2"]),
      );
    } finally {
      await capped.close();
    }
    expect(batch.finalisations).toEqual([{ round: 0, newlyResolvedMask: expected.newlyResolvedMask, tx: finalise.transactionHash, block: finalise.blockNumber }]);
    expect(source.gold).toEqual({ items: [1, 3], labels: [1, 0] });

    const file = join(dir, "export.jsonl");
    await writeExport(exportJsonl(source, { aggregation: aggregateDataset(source) }), file);
    const env = { RPC_URL: anvil.rpcUrl, CROWDLABEL_ADDRESS: contract, IPFS_API_URL: ipfs.apiUrl, IPFS_GATEWAY_URL: ipfs.gatewayUrl };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env };
    expect(await main(["verify", file, "--task", "1"], io)).toBe(0);
    expect(out[0]).toMatch(/^✓ .* matches the chain: 4 items of task 1/);

    const cliFile = join(dir, "cli.csv");
    expect(await main(["export", "--task", "1", "--format", "csv", "--out", cliFile], io)).toBe(0);
    expect(await main(["verify", cliFile, "--task", "1"], io)).toBe(0);

    const lines = (await import("node:fs")).readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    lines[2].resolved = true;
    lines[2].consensus = { classId: 0, name: "cat" };
    (await import("node:fs")).writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    err.length = 0;
    expect(await main(["verify", file, "--task", "1"], io)).toBe(1);
    expect(err[0]).toMatch(/does not match the chain: 3 mismatches, 0 missing items/);
  }, 120_000);

  it("exports a task with its Dawid-Skene columns pooled with other tasks of the same classes (--pool)", async () => {
    const deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    const devchain = connectDevchain({ rpcUrl: anvil.rpcUrl, deployment, pollingInterval: 50 });
    const config = { apiUrl: ipfs.apiUrl, gatewayUrl: ipfs.gatewayUrl };
    const images = await uploadFiles({ config, files: [0, 1, 2, 3].map((i) => ({ path: `${i}.png`, content: new Uint8Array([9, i, 8, 7]) })) });
    const manifest = { ...exampleManifest(), batchSize: 4, items: images.map((u) => ({ cid: u.cid, mediaType: "image/png" as const, width: 4, height: 4, filename: u.path })) };
    const [manifestFile] = await uploadFiles({ config, files: [{ path: "manifest.json", content: new TextEncoder().encode(JSON.stringify(manifest)) }] });
    const other = { ...manifest, classes: manifest.classes.map((c, i) => (i === 0 ? { ...c, name: "hamster" } : c)) };
    const [otherFile] = await uploadFiles({ config, files: [{ path: "manifest.json", content: new TextEncoder().encode(JSON.stringify(other)) }] });
    const reward = parseEther("1");
    // Tasks 1 and 2 list the same four images; task 3 has other class names.
    const answers = [[0, 1, 1, 0], [0, 1, 0, 0], [1, 1, 1, 0]];
    for (const manifestCid of [manifestFile!.cid, manifestFile!.cid, otherFile!.cid]) {
      const { taskId } = await createTask(devchain, { owner: 0, manifestCid, itemCount: 4, batchSize: 4, classCount: 2, redundancy: 3, rewardPerLabel: reward, bondPerClaim: 0n, fundBudget: true });
      const committed = [];
      for (const [n, labels] of answers.entries()) {
        const annotator = n + 1;
        await fundAccount(devchain, { account: annotator, amount: reward });
        const slots = (await claimBatches(devchain, { annotator, taskId, count: 1 })).map((s) => ({ ...s, labels: packLabels(labels, { classCount: 2 }), salt: generateSalt() }));
        await commitLabels(devchain, { annotator, slots });
        committed.push({ annotator, slots });
      }
      for (const c of committed) await revealLabels(devchain, c);
      await finaliseBatch(devchain, { caller: 0, taskId, batchId: 0 });
    }

    const env = { RPC_URL: anvil.rpcUrl, CROWDLABEL_ADDRESS: deployment.crowdlabel, IPFS_API_URL: ipfs.apiUrl, IPFS_GATEWAY_URL: ipfs.gatewayUrl };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env };
    const file = join(dir, "pooled.jsonl");
    expect(await main(["export", "--task", "1", "--pool", "2", "--format", "jsonl", "--out", file], io)).toBe(0);
    expect(out.at(-1)).toMatch(/task 1, 4 items, 4 resolved; Dawid-Skene pooled with task 2, in/);
    const read = (taskId: bigint) =>
      readDatasetSource({ client: devchain.publicClient, contract: deployment.crowdlabel, taskId, fromBlock: BigInt(deployment.startBlock), loadManifest: (cid) => fetchManifest({ config, cid }) });
    const [one, two] = await Promise.all([read(1n), read(2n)]);
    const pooled = aggregateDatasets([one, two]);
    expect(pooled.data.itemCount).toBe(4);
    expect(pooled.data.label.length).toBe(24);
    const lines = (await import("node:fs")).readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const mine = pooled.byTask.get(1n)!;
    expect(lines.map((l) => l.dawidSkene.classId)).toEqual(mine.labels);
    expect(lines.map((l) => l.dawidSkene.posterior)).toEqual(mine.labels.map((c, i) => Math.round(mine.posteriors[i * 3 + c!]! * 1e6) / 1e6));
    // The pooled model saw every vote twice, so it is surer than the one-task model of the same votes.
    const alone = aggregateDataset(one);
    expect(Math.min(...mine.confidence)).toBeGreaterThan(Math.min(...alone.confidence));
    expect(await main(["verify", file, "--task", "1"], io)).toBe(0);

    const coco = join(dir, "pooled.coco.json");
    expect(await main(["export", "--task", "2", "--pool", "1,2", "--format", "coco", "--out", coco], io)).toBe(0);
    expect(JSON.parse((await import("node:fs")).readFileSync(coco, "utf8")).info.crowdlabel.dawidSkenePooledWith).toEqual(["1"]);

    err.length = 0;
    expect(await main(["export", "--task", "1", "--pool", "3", "--format", "jsonl", "--out", file], io)).toBe(1);
    expect(err.join("\n")).toContain("Task 3 labels with other classes than task 1");
    err.length = 0;
    expect(await main(["export", "--task", "1", "--pool", "2;3", "--format", "jsonl", "--out", file], io)).toBe(1);
    expect(err.join("\n")).toContain('--pool must list task ids separated by commas, got "2;3".');
  }, 120_000);
});
