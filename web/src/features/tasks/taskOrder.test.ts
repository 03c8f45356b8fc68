import { describe, expect, it } from "vitest";
import { taskOrder } from "./taskOrder.ts";

const task = (id: number, reward: number, deadline: number) => ({ id: BigInt(id), rewardPerLabel: BigInt(reward) * 10n ** 18n, deadline });
const tasks = [task(1, 2, 500), task(2, 5, 900), task(3, 2, 300), task(4, 5, 300), task(5, 1, 900)];
const ids = (sort: keyof typeof taskOrder) => [...tasks].sort(taskOrder[sort]).map((t) => Number(t.id));

describe("taskOrder (the indexer's sort orders, for lists read from the chain)", () => {
  it("newest: highest id first", () => expect(ids("newest")).toEqual([5, 4, 3, 2, 1]));
  it("reward: highest reward first, newer first on a tie", () => expect(ids("reward")).toEqual([4, 2, 3, 1, 5]));
  it("ending: earliest deadline first, older first on a tie", () => expect(ids("ending")).toEqual([3, 4, 1, 2, 5]));
});
