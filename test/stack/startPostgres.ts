import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@crowdlabel/sdk/devchain";
import { spawnGroup } from "./processGroup.ts";
import { waitFor } from "./waitFor.ts";

export type RunningPostgres = { databaseUrl: string; stop(): Promise<void> };

/** The bin directory of Debian's newest installed PostgreSQL (`apt-get install -y postgresql`), or undefined. */
export function postgresBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], "bin") : undefined;
}

/**
 * A throwaway PostgreSQL cluster in a temp dir on a free port (trust auth on 127.0.0.1 only), as the
 * indexer runs in production. PostgreSQL refuses to run as root, so as root it runs as `postgres`.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed: sudo apt-get install -y postgresql");
  const dir = mkdtempSync(join(tmpdir(), "crowdlabel-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync("chown", ["postgres:postgres", dir]);
  }
  const as = (command: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]);
  const data = join(dir, "data");
  execFileSync(...as(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]), { stdio: "pipe" });
  const port = await freePort();
  const server = spawnGroup(...as(join(bin, "postgres"), ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir, "-c", "fsync=off", "-c", "full_page_writes=off"]));
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () => {
        execFileSync(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port)], { stdio: "pipe" });
        return true;
      },
      {
        what: `PostgreSQL on port ${port}`,
        timeoutMs: 30_000,
        abortIf: () => (server.child.exitCode === null ? undefined : new Error(`postgres exited:\n${server.output()}`)),
        details: () => server.output(),
      },
    );
    execFileSync(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "crowdlabel"], { stdio: "pipe" });
  } catch (error) {
    await stop();
    throw error;
  }
  return { databaseUrl: `postgresql://postgres@127.0.0.1:${port}/crowdlabel`, stop };
}
