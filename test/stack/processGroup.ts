import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/** A child started in its own process group, so stopping it also stops whatever it spawned. */
export type GroupProcess = {
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr), for error messages. */
  output(): string;
  stop(): Promise<void>;
};

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // group already gone
  }
}

// A crashed or interrupted test run must not leave an indexer or a server behind.
const killAll = () => {
  for (const child of live) killGroup(child, "SIGKILL");
};
process.once("exit", killAll);
const exitOnSignal = (signal: NodeJS.Signals) => {
  killAll();
  process.exit(128 + (signal === "SIGINT" ? 2 : 15));
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, exitOnSignal);

/**
 * For a program that stops its stack itself on Ctrl-C and SIGTERM (pnpm dev): the signals no longer end
 * the process at once here. Whatever is still running when the process exits is killed all the same.
 */
export function takeOverStopSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.off(signal, exitOnSignal);
}

export type SpawnGroupOptions = Omit<SpawnOptions, "detached" | "stdio"> & { keepLines?: number };

/** Spawns `command` detached in a new process group with piped output. */
export function spawnGroup(command: string, args: string[], options: SpawnGroupOptions = {}): GroupProcess {
  const { keepLines = 400, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > keepLines) lines.splice(0, lines.length - keepLines);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", () => live.delete(child));
  return {
    child,
    output: () => lines.join(""),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          killGroup(child, "SIGKILL");
          return resolve();
        }
        const timer = setTimeout(() => killGroup(child, "SIGKILL"), 8_000);
        child.once("exit", () => {
          clearTimeout(timer);
          // grandchildren (esbuild service, workers) go with the group
          killGroup(child, "SIGKILL");
          resolve();
        });
        killGroup(child, "SIGTERM");
      }),
  };
}
