import { describe, expect, test } from "vitest";
import { CidMismatchError, ContentTooLargeError, InvalidCidError, IpfsRequestError, IpfsUnreachableError, MAX_MANIFEST_BYTES, type TaskManifest } from "@crowdlabel/sdk";
import { manifestBytes, useFakeGateway } from "../helpers/fakeGateway.ts";

const gateway = useFakeGateway();

const store = () => import("../../src/ipfs/manifestStore.ts");
const expected = { itemCount: 2, batchSize: 20, classCount: 2 };

describe("resolveManifest", () => {
  test.each([400, 401, 403, 410])("a gateway answering %i leaves the manifest unavailable, and it is picked up once the gateway serves it", async (status) => {
    const { resolveManifest } = await store();
    const { refreshRow } = await import("../../src/api/manifestOverlay.ts");
    const cid = await gateway().publish(manifestBytes(2));
    gateway().forceStatus(status);
    const atIndexTime = await resolveManifest(cid, expected, 1);
    gateway().forceStatus(null);
    expect(atIndexTime).toEqual({ manifest: null, error: `unavailable: IPFS request to ${gateway().url}/ipfs/${cid}?format=raw failed with HTTP ${status}.` });
    const later = await refreshRow({ manifestCid: cid, manifest: null as TaskManifest | null, manifestError: atIndexTime.error, title: null, ...expected });
    expect(later.manifestError).toBeNull();
    expect(later.manifest?.items).toHaveLength(2);
  });

  test("a malformed CID is invalid for good", async () => {
    const { resolveManifest } = await store();
    expect(await resolveManifest("not-a-cid", expected, 1)).toEqual({ manifest: null, error: "invalid: Invalid CID not-a-cid." });
  });

  test("a manifest over MAX_MANIFEST_BYTES is invalid, refused from its Content-Length without reading it", async () => {
    const { resolveManifest } = await store();
    const cid = await gateway().publish(manifestBytes(2));
    gateway().declareLength(MAX_MANIFEST_BYTES + 1);
    try {
      expect(await resolveManifest(cid, expected, 1)).toEqual({ manifest: null, error: `invalid: Content of ${cid} is larger than the 64 MiB allowed.` });
    } finally {
      gateway().declareLength(null);
    }
  });

  test("a manifest failing the schema is invalid with its issues", async () => {
    const { resolveManifest } = await store();
    const cid = await gateway().publish(manifestBytes(2, (m) => void (m.classes[1]!.name = "cannot_label")));
    expect(await resolveManifest(cid, expected, 1)).toEqual({
      manifest: null,
      error: 'invalid: classes[1].name: class name "cannot_label" is reserved for the implicit "cannot label" answer (label 2); rename the class',
    });
  });
});

test("only a bad CID or bad content is permanent, never an HTTP status or an unreachable node", async () => {
  const { isPermanent } = await store();
  const url = "http://gateway().example/ipfs/x";
  const cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  const verdicts = [
    new InvalidCidError({ cid: "x" }),
    new CidMismatchError({ cid, actual: null, url }),
    new ContentTooLargeError({ cid, url, maxBytes: 1 }),
    ...[400, 401, 403, 404, 410, 429, 500].map((status) => new IpfsRequestError({ url, status, message: "" })),
    new IpfsUnreachableError({ url, attempts: 1 }),
    new Error("socket hang up"),
  ].map(isPermanent);
  expect(verdicts).toEqual([true, true, true, false, false, false, false, false, false, false, false, false]);
});
