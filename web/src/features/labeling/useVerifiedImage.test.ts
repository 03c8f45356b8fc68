import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, renderHook, waitFor } from "@testing-library/react";
import type { ImageState } from "./useVerifiedImage.ts";

// The image cache, faked: `ready` holds fetched images, `pending` fetches a test settles by hand.
const ready = new Map<string, string>();
const pending = new Map<string, { resolve: (url: string) => void; reject: (error: Error) => void }>();
vi.mock("../../lib/verifiedIpfs.ts", () => ({
  readyImageUrl: (cid: string) => ready.get(cid),
  verifiedImageUrl: (cid: string) =>
    new Promise<{ url: string; bytes: number }>((resolve, reject) => {
      pending.set(cid, {
        resolve: (url) => {
          ready.set(cid, url);
          resolve({ url, bytes: 1 });
        },
        reject,
      });
    }),
}));
const { useVerifiedImage, imageErrorAdvice } = await import("./useVerifiedImage.ts");
const { ContentTooLargeError, CidMismatchError } = await import("@crowdlabel/sdk");

afterEach(() => {
  cleanup();
  ready.clear();
  pending.clear();
});

/** Every state the hook returned, render by render. */
function track(cid: string) {
  const seen: ImageState[] = [];
  const hook = renderHook(({ cid }) => {
    const state = useVerifiedImage(cid, "image/png");
    seen.push(state);
    return state;
  }, { initialProps: { cid } });
  return { seen, hook };
}

describe("useVerifiedImage", () => {
  it("an image not fetched yet is loading, then ready", async () => {
    const { hook } = track("a");
    expect(hook.result.current).toEqual({ status: "loading" });
    pending.get("a")!.resolve("blob:a");
    await waitFor(() => expect(hook.result.current).toEqual({ status: "ready", url: "blob:a" }));
  });

  it("moving to a prefetched image renders it at once: no loading frame in between", () => {
    ready.set("a", "blob:a");
    ready.set("b", "blob:b");
    const { seen, hook } = track("a");
    hook.rerender({ cid: "b" });
    expect(seen.map((s) => (s.status === "ready" ? s.url : s.status))).toEqual(["blob:a", "blob:b"]);
    expect(pending.size).toBe(0);
  });

  it("a failed fetch says why, and coming back to the image fetches it again", async () => {
    ready.set("b", "blob:b");
    const { hook } = track("a");
    pending.get("a")!.reject(new Error("gateway down"));
    await waitFor(() =>
      expect(hook.result.current).toEqual({ status: "error", message: "gateway down", advice: "Your labels are saved. Skip this image or retry when IPFS is back." }),
    );
    hook.rerender({ cid: "b" });
    hook.rerender({ cid: "a" });
    await waitFor(() => expect(hook.result.current).toEqual({ status: "loading" }));
    pending.get("a")!.resolve("blob:a");
    await waitFor(() => expect(hook.result.current).toEqual({ status: "ready", url: "blob:a" }));
  });

  it("an image too large to load asks for Cannot label, not a retry", async () => {
    const { hook } = track("a");
    pending.get("a")!.reject(new ContentTooLargeError({ cid: "a", url: "http://gw/ipfs/a", maxBytes: 10 * 2 ** 20 }));
    await waitFor(() => expect(hook.result.current.status).toBe("error"));
    expect(hook.result.current).toMatchObject({
      message: expect.stringMatching(/^Content of a is larger than the 10 MiB allowed\./),
      advice: "The app loads images of at most 10 MiB, so no one can see this one: label it “Cannot label”.",
    });
    expect(imageErrorAdvice(new CidMismatchError({ cid: "a", actual: null, url: "http://gw/ipfs/a" }))).toMatch(/^The gateway sent other bytes/);
  });
});
