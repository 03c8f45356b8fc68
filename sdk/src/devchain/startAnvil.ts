import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { CrowdlabelError } from "../errors.ts";
import { rootBin } from "./repoRoot.ts";

export type StartAnvilOptions = {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Chain id; anvil's default is 31337. */
  chainId?: number;
  /** Seconds per block; omitted = a block per transaction (automine). */
  blockTime?: number;
  /** Genesis block timestamp (unix seconds); fixing it makes block hashes, and so batch assignments, repeat. */
  timestamp?: number;
  /** Seconds added to the timestamp of every mined block (anvil_setBlockTimestampInterval). */
  blockTimestampInterval?: number;
  /** Milliseconds to wait for the RPC to answer. */
  timeoutMs?: number;
};

export type RunningAnvil = {
  rpcUrl: string;
  port: number;
  chainId: number;
  process: ChildProcess;
  stop: () => Promise<void>;
};

export class AnvilStartError extends CrowdlabelError {
  override name = "AnvilStartError";
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Historical block states anvil may keep on disk beyond those in memory (queries at older blocks fail). */
const MAX_PERSISTED_STATES = 256;

/** Starts anvil (from the root node_modules) and resolves once its RPC answers. */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<RunningAnvil> {
  const port = options.port || (await freePort());
  const chainId = options.chainId ?? 31337;
  // Anvil moves old block states to ~/.foundry/anvil/tmp and leaves them there when it is killed: a simulation of ~30k
  // blocks wrote 5-13 GB per instance and filled the disk. Keep a bounded window of historical states on disk.
  const args = ["--port", String(port), "--host", "127.0.0.1", "--chain-id", String(chainId), "--silent", "--max-persisted-states", String(MAX_PERSISTED_STATES)];
  if (options.blockTime) args.push("--block-time", String(options.blockTime));
  if (options.timestamp !== undefined) args.push("--timestamp", String(options.timestamp));
  const child = spawn(rootBin("anvil"), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const rpc = (method: string, params: unknown[] = []) =>
    fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });

  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await rpc("eth_chainId");
      if (res.ok) {
        if (options.blockTimestampInterval !== undefined) {
          await rpc("anvil_setBlockTimestampInterval", [options.blockTimestampInterval]);
        }
        return {
          rpcUrl,
          port,
          chainId,
          process: child,
          stop: () => stopProcess(child),
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new AnvilStartError(`anvil did not start on port ${port}`, {
    details: stderr.trim() || "no output; is @foundry-rs/anvil installed (pnpm install at the repo root)?",
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
  });
}
