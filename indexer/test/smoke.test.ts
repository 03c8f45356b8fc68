import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startStack, type Stack } from "./helpers/stack.ts";
import { startIndexer, type IndexerProcess } from "./helpers/indexerProcess.ts";
import { Protocol } from "./helpers/protocol.ts";

let stack: Stack;
let indexer: IndexerProcess;
let p: Protocol;

beforeAll(async () => {
  stack = await startStack();
  p = new Protocol(stack.deployment, stack.anvil.rpcUrl, stack.ipfs.apiUrl);
  indexer = await startIndexer({ deployment: stack.deployment, rpcUrl: stack.anvil.rpcUrl, gatewayUrl: stack.ipfs.gatewayUrl, dataDir: await mkdtemp(join(tmpdir(), "cl-idx-")) });
});
afterAll(async () => {
  await indexer?.stop();
  await stack?.stop();
});

test("smoke", async () => {
  await p.fund(0, 10n ** 12n);
  const { taskId } = await p.createTask(0, { itemCount: 4, batchSize: 2 });
  await indexer.waitForBlock(await p.blockNumber());
  const r = await indexer.get("/api/tasks/" + taskId);
  console.log(JSON.stringify(r.body, null, 1).slice(0, 3000));
  console.log(JSON.stringify((await indexer.get("/health")).body));
  expect(r.status).toBe(200);
});
