import { beforeEach } from "vitest";

// Fresh storage per test so persisted stores start empty (node-environment tests have none).
beforeEach(() => {
  if (typeof localStorage !== "undefined") localStorage.clear();
});
