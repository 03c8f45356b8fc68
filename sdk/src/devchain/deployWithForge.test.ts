import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

import { afterAll, describe, expect, it } from "vitest";
import { createPublicClient, http } from "viem";
import { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import { deployWithForge } from "./deployWithForge.ts";
import { deployProtocol } from "./deployProtocol.ts";
import { repoRoot } from "./repoRoot.ts";
import { startAnvil, type RunningAnvil } from "./startAnvil.ts";

const running: RunningAnvil[] = [];
afterAll(async () => {
  await Promise.all(running.map((a) => a.stop()));
});

describe("deploying the protocol", () => {
  // The forge script is what operators run; show it on anvil's default chain id and on Base Sepolia's.
  it.each([31337, 84532])("forge script deploys on chain id %i and writes the deployment file", async (chainId) => {
    const anvil = await startAnvil({ chainId });
    running.push(anvil);
    mkdirSync(join(repoRoot(), ".crowdlabel"), { recursive: true });
    const dir = mkdtempSync(join(repoRoot(), ".crowdlabel", `deploy-${chainId}-`));
    try {
      const outFile = join(dir, `${chainId}.json`);
      const deployment = await deployWithForge({ rpcUrl: anvil.rpcUrl, outFile: relative(repoRoot(), outFile), faucet: true });
      expect(deployment.chainId).toBe(chainId);
      const written = JSON.parse(readFileSync(outFile, "utf8")) as { chainId: number; faucet: boolean };
      expect(written.chainId).toBe(chainId);
      expect(written.faucet).toBe(true);

      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      expect(await client.getChainId()).toBe(chainId);
      expect(await client.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "taskCount" })).toBe(0n);
      expect(await client.readContract({ address: deployment.token, abi: testTokenAbi, functionName: "symbol" })).toBe("tUSD");
      expect(await client.readContract({ address: deployment.token, abi: testTokenAbi, functionName: "faucetEnabled" })).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("viem deployment from artifacts gives a working protocol on an isolated chain", async () => {
    const anvil = await startAnvil();
    running.push(anvil);
    const deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    expect(await client.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "MAX_BATCH_SIZE" })).toBe(256n);
    expect(await client.getBytecode({ address: deployment.token })).toMatch(/^0x60/);
  }, 60_000);
});

