import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { ClaimRequestNotice } from "./ClaimRequestNotice.tsx";

const token = { symbol: "TST", decimals: 18 };
const base = { count: 2, bond: 2n * 10n ** 16n, seedBlock: 1_000n };

afterEach(cleanup);

describe("ClaimRequestNotice", () => {
  it("a waiting claim says how many blocks are left before it lapses, and assigns", () => {
    const onAssign = vi.fn();
    render(<ClaimRequestNotice state={{ kind: "waiting", ...base, blocksLeft: 12n }} lastLapse={null} token={token} busy={false} onAssign={onAssign} />);
    const notice = screen.getByTestId("claim-waiting");
    expect(notice.textContent).toContain("2 batches claimed, waiting to be assigned");
    expect(notice.textContent).toContain("within 12 blocks");
    expect(notice.textContent).toContain("forfeiting its bond (0.02 TST)");
    fireEvent.click(screen.getByTestId("assign-button"));
    expect(onAssign).toHaveBeenCalledTimes(1);
  });

  it("a lapsed claim is shown as lapsed, not pending, with its forfeited bond, and can be cleared", () => {
    const onAssign = vi.fn();
    render(<ClaimRequestNotice state={{ kind: "lapsed", ...base }} lastLapse={null} token={token} busy={false} onAssign={onAssign} />);
    const notice = screen.getByTestId("claim-lapsed");
    expect(notice.textContent).toContain("Your claim of 2 batches lapsed");
    expect(notice.textContent).toContain("within 256 blocks of block 1000");
    expect(notice.textContent).toContain("Its bond (0.02 TST) is forfeited to the task");
    expect(notice.textContent).toContain("close. No fresh draw is offered");
    expect(screen.queryByTestId("assign-button")).toBeNull();
    expect(screen.queryByText(/waiting to be assigned/)).toBeNull();
    fireEvent.click(screen.getByTestId("clear-lapsed-claim"));
    expect(onAssign).toHaveBeenCalledTimes(1);
  });

  it("a claim on a closed task returns its bond", () => {
    render(<ClaimRequestNotice state={{ kind: "refundable", ...base, reason: "closed" }} lastLapse={null} token={token} busy={false} onAssign={() => undefined} />);
    expect(screen.getByTestId("claim-refundable").textContent).toContain("The task was closed before your 2 batches were assigned");
    expect(screen.getByTestId("claim-refundable").textContent).toContain("clears it and credits its bond (0.02 TST) back to you.");
    expect(screen.getByTestId("refund-claim")).toBeTruthy();
  });

  it("after clearing, the last lapse stays explained until the next claim", () => {
    render(<ClaimRequestNotice state={{ kind: "none" }} lastLapse={{ count: 1, bond: 0n, seedBlock: 7n, block: 300n }} token={token} busy={false} onAssign={() => undefined} />);
    const notice = screen.getByTestId("claim-lapsed");
    expect(notice.textContent).toContain("Your last claim (1 batch) lapsed");
    expect(notice.textContent).toContain("no batches (this task asks no bond).");
  });

  it("shows nothing without a request or a lapse", () => {
    const { container } = render(<ClaimRequestNotice state={{ kind: "none" }} lastLapse={null} token={token} busy={false} onAssign={() => undefined} />);
    expect(container.textContent).toBe("");
  });
});
