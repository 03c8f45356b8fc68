import { cleanup, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManifestTaskMismatchError, ManifestValidationError, exampleManifest } from "@crowdlabel/sdk";

// Unit test of the hook: the verified IPFS read is stubbed.
const fetchVerifiedManifest = vi.fn(async () => exampleManifest());
vi.mock("../../lib/verifiedIpfs.ts", () => ({ fetchVerifiedManifest: () => fetchVerifiedManifest() }));

import { useManifest } from "./queries.ts";

afterEach(cleanup);

describe("useManifest", () => {
  it("fetches a CID once for every page, and reports a manifest that does not fit its task as a mismatch", async () => {
    const client = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const m = exampleManifest();
    const fits = { itemCount: m.items.length, batchSize: m.batchSize, classCount: m.classes.length };
    const plain = renderHook(() => useManifest("bafyman"), { wrapper }).result;
    const matching = renderHook(() => useManifest("bafyman", fits), { wrapper }).result;
    const mismatched = renderHook(() => useManifest("bafyman", { ...fits, classCount: fits.classCount + 1 }), { wrapper }).result;
    await waitFor(() => expect(plain.current.data?.title).toBe(m.title));
    expect(matching.current).toMatchObject({ data: plain.current.data, error: null });
    expect(mismatched.current.data).toBeUndefined();
    expect(mismatched.current.error).toBeInstanceOf(ManifestTaskMismatchError);
    expect((mismatched.current.error as ManifestTaskMismatchError).mismatches).toEqual([`${fits.classCount} classes, task has ${fits.classCount + 1}`]);
    expect(fetchVerifiedManifest).toHaveBeenCalledTimes(1);
  });

  it("does not fetch an invalid manifest again (it stays invalid), and retry() asks once more on demand", async () => {
    fetchVerifiedManifest.mockClear();
    fetchVerifiedManifest.mockRejectedValue(new ManifestValidationError([{ path: "title", message: "required" }]));
    const client = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const hook = renderHook(() => useManifest("bafyinvalid"), { wrapper }).result;
    await waitFor(() => expect(hook.current.error).toBeInstanceOf(ManifestValidationError));
    expect(fetchVerifiedManifest).toHaveBeenCalledTimes(1);
    fetchVerifiedManifest.mockResolvedValue(exampleManifest());
    hook.current.retry();
    await waitFor(() => expect(hook.current.data?.title).toBe(exampleManifest().title));
    expect(fetchVerifiedManifest).toHaveBeenCalledTimes(2);
  });
});
