import { beforeEach } from "vitest";

// Fresh storage per test so persisted stores start empty.
beforeEach(() => {
  localStorage.clear();
});
