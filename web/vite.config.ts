/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** Vendor code split by library family so no chunk passes 500 kB and routes load only what they use. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes("node_modules")) return undefined;
  const path = id.split("node_modules/").pop() ?? "";
  if (/^(react|react-dom|scheduler|react-router)\//.test(path)) return "react";
  // RainbowKit's main module only: its locales and wallet icons stay lazy chunks of their own.
  if (/^@rainbow-me\/rainbowkit\/dist\/index\.js/.test(path)) return "rainbowkit";
  if (/^(@wagmi|wagmi)\//.test(path)) return "wagmi";
  // viem and its crypto libraries import each other: split apart, the two chunks would form a cycle that
  // fails at load ("Cannot access ... before initialization"), so they share one chunk.
  if (/^(viem|abitype|ox|@noble|@scure|@adraffy)\//.test(path)) return "viem";
  if (/^@tanstack\//.test(path)) return "query";
  if (/^(marked|dompurify)\//.test(path)) return "markdown";
  if (/^(zod)\//.test(path)) return "zod";
  if (/^(multiformats|ipfs-unixfs|ipfs-unixfs-importer|@ipld|uint8arrays|it-|interface-|progress-events|protons-runtime|uint8arraylist|@multiformats)/.test(path))
    return "ipfs";
  if (/^fflate\//.test(path)) return "fflate";
  return undefined;
}

const indexerProxy = process.env.INDEXER_PROXY_TARGET;

export default defineConfig({
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: false,
    // Same-origin path to the indexer for browsers when the indexer sends no CORS headers (pnpm dev sets it).
    proxy: indexerProxy ? { "/indexer": { target: indexerProxy, changeOrigin: true, rewrite: (path) => path.replace(/^\/indexer/, "") } } : undefined,
  },
  preview: { host: "127.0.0.1", port: 4173 },
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 500,
    rollupOptions: {
      output: {
        manualChunks(id) {
          return vendorChunk(id);
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
