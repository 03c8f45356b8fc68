import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root (the folder holding pnpm-workspace.yaml), found from this file's location. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("crowdlabel: could not find the repository root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

/** Path of a binary installed in the root node_modules/.bin (forge, anvil, cast). */
export function rootBin(name: string): string {
  return join(repoRoot(), "node_modules", ".bin", name);
}
