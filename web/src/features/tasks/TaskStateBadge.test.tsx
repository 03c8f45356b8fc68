import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/react";
import { TaskStateBadge } from "./TaskStateBadge.tsx";

afterEach(cleanup);

const now = 1_800_000_000;
const text = (task: { closed: boolean; deadline: number; batchesDone: number; batchCount: number }) => render(<TaskStateBadge task={task} now={now} />).container.textContent;

describe("TaskStateBadge", () => {
  it("says Complete once every batch is done, even before the deadline, and Closed after closing", () => {
    expect(text({ closed: false, deadline: now + 3600, batchesDone: 2, batchCount: 4 })).toBe("Open");
    expect(text({ closed: false, deadline: now + 3600, batchesDone: 4, batchCount: 4 })).toBe("Complete");
    expect(text({ closed: false, deadline: now - 1, batchesDone: 3, batchCount: 4 })).toBe("Ended");
    expect(text({ closed: true, deadline: now + 3600, batchesDone: 4, batchCount: 4 })).toBe("Closed");
  });
});
