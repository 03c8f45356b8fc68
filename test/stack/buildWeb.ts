import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "@crowdlabel/sdk/devchain";
import { spawnGroup } from "./processGroup.ts";

export class WebBuildError extends Error {
  override name = "WebBuildError";
}

/** Where built copies of the web app are kept between runs (gitignored with node_modules). */
export const webBuildCacheDir = join(repoRoot(), "test", "node_modules", ".cache", "crowdlabel-web");

function* files(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (!/\.test\.tsx?$/.test(entry.name)) yield path;
  }
}

/** Hash of everything the bundle is made from: web sources, the sdk it bundles, the lockfile. */
export function webSourceHash(): string {
  const root = repoRoot();
  const hash = createHash("sha256");
  const inputs = ["web/src", "web/public", "web/index.html", "web/vite.config.ts", "web/package.json", "web/tsconfig.json", "sdk/src", "sdk/package.json", "pnpm-lock.yaml", "test/stack/buildWeb.ts"];
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    const list = statSync(path).isDirectory() ? [...files(path)].sort() : [path];
    for (const file of list) hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Builds the web app once with `vite build` and no VITE_* address variables, so the bundle reads
 * its deployment from the `config.json` served beside it: one build serves every stack of a run.
 * The output is cached by a hash of its inputs; CROWDLABEL_WEB_DIST names a prebuilt one instead.
 * Returns the dist directory.
 */
export async function buildWeb(options: { log?: (line: string) => void } = {}): Promise<string> {
  // An existing build to test instead (e.g. the artifact a release pipeline will host).
  const given = process.env.CROWDLABEL_WEB_DIST;
  if (given) {
    if (!existsSync(join(given, "index.html"))) throw new WebBuildError(`CROWDLABEL_WEB_DIST=${given} holds no index.html`);
    return given;
  }
  const key = webSourceHash();
  const outDir = join(webBuildCacheDir, key);
  if (existsSync(join(outDir, "index.html"))) return outDir;
  mkdirSync(webBuildCacheDir, { recursive: true });
  for (const old of readdirSync(webBuildCacheDir)) rmSync(join(webBuildCacheDir, old), { recursive: true, force: true });
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("VITE_")) env[name] = value;
  // Vitest sets NODE_ENV=test, and Vite builds with the NODE_ENV it finds: React's development build, not what ships.
  env.NODE_ENV = "production";
  const web = join(repoRoot(), "web");
  options.log?.(`building the web app (vite build) into ${relative(repoRoot(), outDir)}`);
  const started = Date.now();
  const build = spawnGroup(join(web, "node_modules", ".bin", "vite"), ["build", "--outDir", tmpDir, "--emptyOutDir", "--logLevel", "warn"], { cwd: web, env });
  const code = await new Promise<number | null>((resolve) => build.child.once("exit", resolve));
  if (code !== 0) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw new WebBuildError(`vite build of web/ failed (exit ${code}):\n${build.output().slice(-4000)}`);
  }
  renameSync(tmpDir, outDir);
  options.log?.(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return outDir;
}
