import { spawn } from "node:child_process";
import { AnvilStartError, freePort, rootBin, type RunningAnvil } from "@crowdlabel/sdk/devchain";

/** Genesis time of the simulation chain (2027-01-15): fixed so that every block hash, and so every batch assignment, repeats. */
export const GENESIS_TIMESTAMP = 1_800_000_000;

/**
 * anvil with a fixed genesis timestamp and one second between blocks. The sdk's `startAnvil` takes the wall
 * clock as genesis time; the contract assigns batches from block hashes, so a reproducible replay needs a
 * reproducible chain.
 */
export async function startSimAnvil(): Promise<RunningAnvil> {
  const port = await freePort();
  const chainId = 31337;
  const args = ["--port", String(port), "--host", "127.0.0.1", "--chain-id", String(chainId), "--timestamp", String(GENESIS_TIMESTAMP), "--silent"];
  const child = spawn(rootBin("anvil"), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const rpc = (method: string, params: unknown[] = []) =>
    fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  for (const deadline = Date.now() + 15_000; Date.now() < deadline && child.exitCode === null; ) {
    try {
      if ((await rpc("eth_chainId")).ok) {
        await rpc("anvil_setBlockTimestampInterval", [1]);
        return { rpcUrl, port, chainId, process: child, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new AnvilStartError(`anvil did not start on port ${port}`, { details: stderr.trim() || "is @foundry-rs/anvil installed (pnpm install at the repo root)?" });
}
