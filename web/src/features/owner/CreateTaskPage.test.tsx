import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { setTestConfig } from "../../test/testConfig.ts";

vi.mock("../tasks/queries.ts", () => ({ useTokenMeta: () => ({ symbol: "TT", decimals: 18, name: "TT" }) }));
vi.mock("../wallet/RequireWallet.tsx", () => ({ RequireWallet: ({ children }: { children: ReactNode }) => <>{children}</> }));
vi.mock("./ReviewStep.tsx", () => ({ ReviewStep: () => null }));

import { CreateTaskPage } from "./CreateTaskPage.tsx";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";

beforeEach(() => {
  setTestConfig({}, { deploymentId: "dep" });
  const store = useOwnerDraftStore.getState();
  store.reset();
  store.addImages([{ cid: "bafyA", name: "a.png", mediaType: "image/png", width: 8, height: 8, size: 10 }]);
  store.setStep("settings");
});
afterEach(cleanup);

describe("CreateTaskPage settings blocker", () => {
  it("names the settings to fix, by their labels, in a polite live region, and updates as they are fixed", () => {
    useOwnerDraftStore.getState().patchSettings({ title: "", revealWindowMinutes: 3 });
    render(
      <MemoryRouter>
        <CreateTaskPage />
      </MemoryRouter>,
    );
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("Fix these 2 settings: Title, Reveal window (min).");
    const next = screen.getByTestId("wizard-next") as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    expect(next.getAttribute("aria-describedby")).toBe(status.id);

    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Cats" } });
    expect(screen.getByRole("status")).toBe(status); // the same live region, so the change is announced
    expect(status.textContent).toBe("Fix this setting: Reveal window (min).");

    fireEvent.change(screen.getByLabelText("Reveal window (min)"), { target: { value: "60" } });
    expect(status.textContent).toBe("");
    expect(next.disabled).toBe(false);
  });
});
