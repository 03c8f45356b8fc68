import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export class BenchBuildError extends Error {
  override name = "BenchBuildError";
}

const webDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * A production build (`vite build`) into a fresh temporary directory, timed, with Vite's manifest so
 * route chunks can be sized. No VITE_* variables: like test/stack's build, the bundle reads its
 * deployment from the config.json served beside it, so the same build runs the labeling benchmark.
 */
export async function buildApp(): Promise<{ distDir: string; seconds: number }> {
  const distDir = mkdtempSync(join(tmpdir(), "crowdlabel-web-bench-"));
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("VITE_")) env[name] = value;
  env.NODE_ENV = "production"; // Vite builds with the NODE_ENV it finds; a shell's development or test would measure React's dev build
  const started = performance.now();
  const child = spawn(join(webDir, "node_modules", ".bin", "vite"), ["build", "--outDir", distDir, "--emptyOutDir", "--manifest", "--logLevel", "error"], {
    cwd: webDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new BenchBuildError(`vite build failed (exit ${code}):\n${output.slice(-4000)}`);
  return { distDir, seconds: (performance.now() - started) / 1000 };
}
