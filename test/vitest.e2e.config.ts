import { defineConfig } from "vitest/config";

// End-to-end suite: one real stack per test file, files one after another (2-core machines), so
// runs never share ports or state. Chromium is checked and the web app built once in globalSetup.
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["e2e/globalSetup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
    reporters: ["default"],
  },
});
