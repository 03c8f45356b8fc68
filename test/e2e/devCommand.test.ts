import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPublicClient, http } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { freePort, repoRoot } from "@crowdlabel/sdk/devchain";
import { spawnGroup, type GroupProcess } from "../stack/processGroup.ts";
import { portIsFree } from "../stack/availablePort.ts";
import { waitFor } from "../stack/waitFor.ts";
import { launchChromium } from "./browser/chromium.ts";

// The README's first command, `pnpm dev`, as a newcomer runs it: the whole stack on local defaults with the
// demo tasks seeded and the simulated crowd at work, then Ctrl-C. Its own ports and data folder, so it runs
// beside a developer's own `pnpm dev`.
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

describe("pnpm dev", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crowdlabel-dev-"));
  let dev: GroupProcess | undefined;
  afterAll(async () => {
    await dev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts the stack with the demo tasks indexed and served, and Ctrl-C stops every service", async () => {
    const [web, rpc, ipfsApi, ipfsGateway, indexer] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    // pnpm itself, as the README says: its script shell decides what Ctrl-C looks like (see .npmrc).
    dev = spawnGroup("pnpm", ["dev", "--web-port", String(web), "--rpc-port", String(rpc)], {
      cwd: repoRoot(),
      env: { ...process.env, IPFS_API_PORT: String(ipfsApi), IPFS_GATEWAY_PORT: String(ipfsGateway), INDEXER_PORT: String(indexer), CROWDLABEL_DATA_DIR: dataDir },
    });
    const running = dev;
    await waitFor(() => plain(running.output()).includes("Crowdlabel is running"), {
      timeoutMs: 240_000,
      intervalMs: 500,
      what: "pnpm dev to print that Crowdlabel is running",
      details: () => plain(running.output()).slice(-4000),
      abortIf: () => (running.child.exitCode === null ? undefined : new Error(`pnpm dev exited with code ${running.child.exitCode}:\n${plain(running.output()).slice(-4000)}`)),
    });
    const output = plain(dev.output());

    // The banner names what it started, on the ports asked for.
    const appUrl = output.match(/Crowdlabel is running\s+(http\S+)/)?.[1];
    expect(appUrl).toBe(`http://127.0.0.1:${web}/`);
    expect(output).toContain(`chain     http://127.0.0.1:${rpc}  (chain id 31337)`);
    expect(output).toContain(`API http://127.0.0.1:${ipfsApi} · gateway http://127.0.0.1:${ipfsGateway}`);
    expect(output).toContain(`indexer   http://127.0.0.1:${indexer}`);

    // The seeder's tasks are on chain, and the indexer serves them with the titles their manifests give.
    const seeded = [...output.matchAll(/task #(\d+): (.+?) \((\d+) images, manifest (\w+)\)/g)].map((m) => ({ id: m[1]!, title: m[2]!, images: Number(m[3]) }));
    expect(seeded.length).toBeGreaterThanOrEqual(3);
    const contract = output.match(/contracts Crowdlabel (0x[0-9a-fA-F]{40})/)![1]! as `0x${string}`;
    const chain = createPublicClient({ transport: http(`http://127.0.0.1:${rpc}`) });
    expect(await chain.readContract({ address: contract, abi: crowdlabelAbi, functionName: "taskCount" })).toBe(BigInt(seeded.length));
    // Through the web app's own origin, as the browser reaches it. The banner may come before the indexer has
    // caught up (the app reads the chain meanwhile); health is 200 within 16 blocks of the head, so wait for 0.
    await waitFor(
      async () => {
        const response = await fetch(`${appUrl}indexer/health`);
        return response.status === 200 && ((await response.json()) as { lagBlocks: number }).lagBlocks === 0;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: "the indexer, through the web app, to reach the chain's head" },
    );
    type TaskItem = { id: string; title: string | null; itemCount: number; labelsRevealed: number };
    const tasks = await waitFor(
      async () => {
        const body = (await fetch(`${appUrl}indexer/api/tasks?status=all&limit=50`).then((r) => r.json())) as { items: TaskItem[] };
        return body.items.length === seeded.length && body.items.every((t) => t.title) ? body.items : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "the indexer to serve every seeded task with its title" },
    );
    for (const s of seeded) expect(tasks.find((t) => t.id === s.id)).toMatchObject({ title: s.title, itemCount: s.images });
    // The simulated crowd labeled part of task 1 and finalised batches: the leaderboard has rows.
    expect(tasks.find((t) => t.id === "1")!.labelsRevealed).toBeGreaterThan(0);
    const board = (await fetch(`${appUrl}indexer/api/leaderboard`).then((r) => r.json())) as { items: { address: string }[] };
    expect(board.items.length).toBeGreaterThanOrEqual(3);

    // The app itself: the page and its entry module (Vite compiles it on request).
    const page = await fetch(appUrl!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const entry = html.match(/<script type="module" src="(\/src\/[^"]+)"/)?.[1];
    expect(entry).toBeDefined();
    expect((await fetch(new URL(entry!, appUrl)).then((r) => r.status))).toBe(200);
    // In Chromium, on the development builds the other suites never load (they serve the production build): React
    // and React Router warn there about what a production build stays silent on. Each page renders with no warning,
    // error or uncaught exception in the console.
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const messages: string[] = [];
      const first = seeded.find((t) => t.id === "1")!;
      tab.on("console", (message) => {
        if (message.type() === "warning" || message.type() === "error") messages.push(`${tab.url()}: ${message.type()}: ${message.text()}`);
      });
      tab.on("pageerror", (error) => messages.push(`${tab.url()}: uncaught: ${error.message}`));
      await tab.goto(appUrl!);
      await tab.getByTestId("task-card-1").getByText(first.title).waitFor({ timeout: 60_000 });
      await tab.goto(`${appUrl}tasks/1`);
      await tab.getByRole("heading", { name: first.title }).waitFor({ timeout: 60_000 });
      await tab.goto(`${appUrl}leaderboard`);
      await tab.getByTestId("leaderboard").waitFor({ timeout: 60_000 });
      expect(messages).toEqual([]);
    } finally {
      await browser.close();
    }
    // Ground truth and gold files of the demo tasks, in the data folder.
    expect(readdirSync(join(dataDir, "demo")).length).toBeGreaterThan(0);
    expect(existsSync(join(dataDir, "web-config.json"))).toBe(true);

    // Ctrl-C: a clean exit, and every port free again.
    const exited = new Promise<number | null>((resolve) => running.child.once("exit", (code) => resolve(code)));
    process.kill(-running.child.pid!, "SIGINT");
    expect(await exited).toBe(0);
    expect(plain(dev.output())).toContain("stopped.");
    expect(plain(dev.output())).not.toContain("ELIFECYCLE");
    for (const port of [web, rpc, ipfsApi, ipfsGateway, indexer]) expect(await portIsFree(port), `port ${port} is free after Ctrl-C`).toBe(true);
  });
});
