import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["sim/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
