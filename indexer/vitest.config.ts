import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Ponder's virtual module of the schema, so unit tests can load API modules that name its tables.
    alias: { "ponder:schema": fileURLToPath(new URL("./ponder.schema.ts", import.meta.url)) },
  },
  test: {
    // Ponder loads every file under src/ as indexing code, so all tests live in test/.
    include: ["test/**/*.test.ts"],
    // End-to-end files each run anvil, an IPFS node and Ponder: one file at a time on 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
