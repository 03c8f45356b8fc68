import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startIndexer, type IndexerProcess } from "./helpers/indexerProcess.ts";
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from "./helpers/postgres.ts";
import { Protocol } from "./helpers/protocol.ts";
import { startStack, type Stack } from "./helpers/stack.ts";

const bin = findPostgresBin();
if (!bin)
  console.warn(
    "\n!!! SKIPPING the PostgreSQL indexer test: no pg_ctl/initdb found (install Debian `postgresql`; binaries are looked up in /usr/lib/postgresql/*/bin and PATH) !!!\n",
  );

let stack: Stack;
let pg: ThrowawayPostgres | undefined;
const running: IndexerProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  if (!bin) return;
  stack = await startStack();
  pg = await startThrowawayPostgres(bin);
});

afterAll(async () => {
  for (const ix of running) await ix.stop();
  await pg?.stop();
  await stack?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test.skipIf(!bin)("indexes into PostgreSQL (DATABASE_URL) with the same results as PGlite", async () => {
  const p = new Protocol(stack.deployment, stack.anvil.rpcUrl, stack.ipfs.apiUrl);
  for (const i of [0, 1, 2, 3]) await p.fund(i, 10n ** 12n);
  const { taskId } = await p.createTask(0, { itemCount: 4, batchSize: 2 });
  for (const a of [1, 2, 3]) await p.claim(a, taskId, 2);
  await p.increaseTime(60);
  const labels = (a: number) => (a === 3 ? [2, 0] : [1, 0]);
  for (const a of [1, 2, 3]) await p.commit(a, [0, 1].map((batchId) => ({ taskId, batchId, labels: labels(a) })));
  for (const a of [1, 2, 3]) await p.reveal(a, [0, 1].map((batchId) => ({ taskId, batchId, labels: labels(a) })));
  for (const batchId of [0, 1]) await p.finalise(0, taskId, batchId);
  const head = await p.blockNumber();

  const start = async (databaseUrl?: string) => {
    const dataDir = await mkdtemp(join(tmpdir(), "crowdlabel-indexer-pg-"));
    dirs.push(dataDir);
    const ix = await startIndexer({ deployment: stack.deployment, rpcUrl: stack.anvil.rpcUrl, gatewayUrl: stack.ipfs.gatewayUrl, dataDir, databaseUrl, schema: "crowdlabel_test" });
    running.push(ix);
    await ix.waitForBlock(head, 90_000);
    return ix;
  };
  const onPostgres = await start(pg!.url);
  const onPglite = await start();

  const view = async (ix: IndexerProcess) => ({
    task: (await ix.get(`/api/tasks/${taskId}`)).body,
    stats: (await ix.get(`/api/tasks/${taskId}/stats`)).body,
    board: (await ix.get("/api/leaderboard")).body,
    profile: (await ix.get(`/api/annotators/${p.address(3).toLowerCase()}`)).body,
  });
  const fromPostgres = await view(onPostgres);
  expect(fromPostgres.task).toMatchObject({ paid: "10000", itemsResolved: 4, labelsRevealed: 12, batchesDone: 2 });
  expect(fromPostgres).toEqual(await view(onPglite));
});
