import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** One entry of Vite's build manifest (`vite build --manifest`). */
type ManifestChunk = { file: string; imports?: string[]; isEntry?: boolean; isDynamicEntry?: boolean };

export type JsSize = { chunks: number; bytes: number; gzipBytes: number };

function sizeOf(distDir: string, files: string[]): JsSize {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(distDir, file));
    bytes += content.byteLength;
    gzipBytes += gzipSync(content).byteLength; // zlib's default level 6, as web servers typically compress
  }
  return { chunks: files.length, bytes, gzipBytes };
}

/**
 * The JavaScript a first visit to a route downloads before the route renders: the entry chunk of
 * index.html, the route's lazy chunk (see src/app/router.tsx) and every chunk they import statically.
 * Chunks loaded later (the wallet modal, RainbowKit's locales and icons) are not counted.
 */
export function routeInitialJs(distDir: string, routeModule: string): JsSize {
  const manifest = JSON.parse(readFileSync(join(distDir, ".vite", "manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  if (!manifest[routeModule]) throw new Error(`${routeModule} is not a chunk of the build (renamed? see src/app/router.tsx)`);
  const seen = new Set<string>();
  const stack = ["index.html", routeModule];
  while (stack.length) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    stack.push(...(manifest[key]?.imports ?? []));
  }
  return sizeOf(
    distDir,
    [...seen].map((key) => manifest[key]!.file),
  );
}

/** Every JavaScript file of the build: what one bundle without route splitting would ship. */
export function allJs(distDir: string): JsSize {
  const files = readdirSync(join(distDir, "assets")).filter((f) => f.endsWith(".js"));
  return sizeOf(
    distDir,
    files.map((f) => join("assets", f)),
  );
}
