import { describe, expect, test } from "vitest";
import type { TaskManifest } from "@crowdlabel/sdk";
import { manifestBytes, useFakeGateway } from "../helpers/fakeGateway.ts";

// Two tasks may name one manifest CID with different on-chain parameters (the contract cannot read the manifest).
// When IPFS was down at indexing time, the API fetches the manifest later: one fetch per CID, checked per task.

const gateway = useFakeGateway();

const overlay = () => import("../../src/api/manifestOverlay.ts");

/** A task row as the handler stored it with IPFS down. */
const unavailableRow = (manifestCid: string, itemCount: number) => ({
  manifestCid,
  manifest: null as TaskManifest | null,
  manifestError: "unavailable: gateway down while indexing",
  title: null,
  itemCount,
  batchSize: 20,
  classCount: 2,
});

describe("a manifest fetched after indexing", () => {
  test("is checked against each task naming its CID, whichever task fetched it first", async () => {
    const { refreshRow, withManifest, manifestStatus } = await overlay();
    const bytes = manifestBytes(2);
    const title = JSON.parse(new TextDecoder().decode(bytes)).title as string;
    const cid = await gateway().publish(bytes);
    const matching = unavailableRow(cid, 2);
    const mismatched = unavailableRow(cid, 3);
    const mismatchError = "invalid: manifest does not match the task (2 items, task has 3)";

    const refreshed = await refreshRow(mismatched); // the mismatched task fetches it first
    expect(refreshed).toMatchObject({ manifest: null, manifestError: mismatchError, title: null });

    const shown = withManifest(matching);
    expect(shown.manifestError).toBeNull();
    expect(shown.title).toBe(title);
    expect(shown.manifest?.items).toHaveLength(2);
    expect(withManifest(mismatched)).toMatchObject({ manifest: null, manifestError: mismatchError, title: null });
    expect(manifestStatus(matching)).toEqual({ title, manifestError: null });
    expect(manifestStatus(mismatched)).toEqual({ title: null, manifestError: mismatchError });
  });

  test("fetched by a matching task first, it is still refused for a task it does not match", async () => {
    const { refreshRow, withManifest } = await overlay();
    const cid = await gateway().publish(manifestBytes(2));
    expect((await refreshRow(unavailableRow(cid, 2))).manifestError).toBeNull();
    expect(withManifest({ ...unavailableRow(cid, 3), batchSize: 10, classCount: 3 })).toMatchObject({
      manifest: null,
      manifestError: "invalid: manifest does not match the task (2 items, task has 3; batchSize 20, task has 10; 2 classes, task has 3)",
    });
  });

  test("leaves rows whose handler verdict was not `unavailable` as they are", async () => {
    const { withManifest, manifestStatus } = await overlay();
    const cid = await gateway().publish(manifestBytes(2));
    const invalid = { ...unavailableRow(cid, 2), manifestError: "invalid: items: too few" };
    expect(withManifest(invalid)).toBe(invalid);
    expect(manifestStatus(invalid)).toEqual({ title: null, manifestError: "invalid: items: too few" });
  });
});
