import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { IpfsUnreachableError, ManifestTaskMismatchError, ManifestValidationError } from "@crowdlabel/sdk";
import { ManifestErrorAlert } from "./ManifestErrorAlert.tsx";
import { isPermanentManifestError } from "./manifestErrors.ts";

afterEach(cleanup);

const invalid = new ManifestValidationError([
  { path: "title", message: "Too small: expected string to have >=1 characters" },
  { path: "classes", message: "a task needs at least 2 classes" },
  ...Array.from({ length: 5 }, (_, i) => ({ path: `items[${i}].cid`, message: "not a CID" })),
]);

describe("ManifestErrorAlert", () => {
  it("an invalid manifest lists what to fix (five, then a count), warns annotators off claiming, and offers no retry", () => {
    render(<ManifestErrorAlert error={invalid} onRetry={vi.fn()} />);
    const alert = screen.getByTestId("manifest-error");
    expect(alert.textContent).toContain("This task's manifest is invalid");
    expect(alert.textContent).not.toContain("IPFS");
    expect(alert.textContent).toContain("Do not claim batches here");
    const issues = [...screen.getByTestId("manifest-issues").querySelectorAll("li")].map((li) => li.textContent);
    expect(issues).toEqual(["title Too small: expected string to have >=1 characters", "classes a task needs at least 2 classes", "items[0].cid not a CID", "items[1].cid not a CID", "items[2].cid not a CID", "… and 2 more"]);
    expect(screen.queryByTestId("manifest-retry")).toBeNull();
  });

  it("the owner is told what to do with the task instead of not to claim it", () => {
    render(<ManifestErrorAlert error={new ManifestTaskMismatchError(["3 classes, task has 4"])} viewer="owner" />);
    const text = screen.getByTestId("manifest-error").textContent!;
    expect(text).toContain("does not match the task on chain (3 classes, task has 4)");
    expect(text).toContain("escrow comes back when you close it after its deadline");
    expect(text).not.toContain("Do not claim");
  });

  it("a gateway that does not answer is named without developer commands, and Retry fetches again", () => {
    const onRetry = vi.fn();
    render(<ManifestErrorAlert error={new IpfsUnreachableError({ url: "https://gw.example/ipfs/bafy", attempts: 2, cause: new TypeError("fetch failed") })} onRetry={onRetry} />);
    const text = screen.getByTestId("manifest-error").textContent!;
    expect(text).toContain("The task's manifest could not be loaded from IPFS");
    expect(text).toContain("The IPFS gateway at https://gw.example is not answering.");
    expect(text).not.toContain("pnpm");
    fireEvent.click(screen.getByTestId("manifest-retry"));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("only errors in the published manifest count as permanent", () => {
    expect(isPermanentManifestError(invalid)).toBe(true);
    expect(isPermanentManifestError(new ManifestTaskMismatchError(["x"]))).toBe(true);
    expect(isPermanentManifestError(new IpfsUnreachableError({ url: "u", attempts: 1 }))).toBe(false);
    expect(isPermanentManifestError(new TypeError("fetch failed"))).toBe(false);
  });
});
