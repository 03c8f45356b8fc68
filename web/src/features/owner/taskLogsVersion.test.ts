// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { TaskLogs } from "@crowdlabel/sdk";
import { taskLogsVersion } from "./useTaskAnalytics.ts";

type AnyLog = { blockHash: `0x${string}`; logIndex: number };
const log = (block: number, index: number): AnyLog => ({ blockHash: `0x${block.toString(16).padStart(64, "0")}`, logIndex: index });
const logsOf = (parts: Partial<Record<keyof TaskLogs, AnyLog[]>>) =>
  ({ created: [log(1, 0)], assigned: [], revealed: [], finalised: [], goldRevealed: [], ...parts }) as unknown as TaskLogs;

describe("taskLogsVersion", () => {
  it("is equal for the same events and differs when one is added or replaced by a reorg", () => {
    const base = logsOf({ assigned: [log(2, 0), log(2, 1)], revealed: [log(3, 0)] });
    expect(taskLogsVersion(logsOf({ assigned: [log(2, 0), log(2, 1)], revealed: [log(3, 0)] }))).toBe(taskLogsVersion(base));
    expect(taskLogsVersion(logsOf({ assigned: [log(2, 0), log(2, 1)], revealed: [log(3, 0), log(4, 0)] }))).not.toBe(taskLogsVersion(base));
    // Same count, the last reveal now in another block (a reorg re-included it elsewhere).
    expect(taskLogsVersion(logsOf({ assigned: [log(2, 0), log(2, 1)], revealed: [log(5, 0)] }))).not.toBe(taskLogsVersion(base));
    // A reveal moving to finalised is not the same version either.
    expect(taskLogsVersion(logsOf({ assigned: [log(2, 0), log(2, 1)], finalised: [log(3, 0)] }))).not.toBe(taskLogsVersion(base));
  });
});
