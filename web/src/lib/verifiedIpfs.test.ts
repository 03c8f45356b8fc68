// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CidMismatchError, ContentTooLargeError, IpfsUnreachableError, MAX_IMAGE_BYTES, computeCid, exampleManifest } from "@crowdlabel/sdk";
import { setTestConfig } from "../test/testConfig.ts";
import { fetchVerifiedImage, fetchVerifiedManifest, readyImageUrl, verifiedImageUrl } from "./verifiedIpfs.ts";

// The app's reads go through the sdk's verified fetch: these check the wiring (gateway from the app
// config, CIDs as our uploads and Kubo make them) against a stubbed gateway.
const gateway = "http://gateway.test";
const hello = new TextEncoder().encode("hello world\n");
const HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

function serve(bytes: Uint8Array) {
  const fetchMock = vi.fn(async (_url: string | URL | Request) => new Response(bytes as BodyInit));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

beforeEach(() => {
  setTestConfig({ ipfsGatewayUrl: gateway });
});
afterEach(() => vi.unstubAllGlobals());

describe("verified IPFS reads (sdk fetchVerified)", () => {
  it("the sdk's computeCid gives Kubo's default CIDv0 (the toolchain's test vector)", async () => {
    expect(await computeCid(hello, { cidVersion: 0, rawLeaves: false })).toBe(HELLO_V0);
  });

  it("accepts bytes that match a CIDv0 and rejects others", async () => {
    const fetchMock = serve(hello);
    await expect(fetchVerifiedImage(HELLO_V0)).resolves.toEqual(hello);
    expect(String(fetchMock.mock.calls[0]![0])).toBe(`${gateway}/ipfs/${HELLO_V0}`);
    serve(new TextEncoder().encode("hello world!\n"));
    await expect(fetchVerifiedImage(HELLO_V0)).rejects.toBeInstanceOf(CidMismatchError);
  });

  it("verifies raw CIDv1 (what our uploads produce for images) by hashing", async () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const cid = await computeCid(bytes); // `ipfs add --cid-version=1 --raw-leaves`: one raw block
    expect(cid).toMatch(/^bafkrei/);
    serve(bytes);
    await expect(fetchVerifiedImage(cid)).resolves.toEqual(bytes);
    serve(new Uint8Array([1, 2, 3]));
    await expect(fetchVerifiedImage(cid)).rejects.toBeInstanceOf(CidMismatchError);
  });

  it("handles multi-chunk files (over 256 KiB) as dag-pb", async () => {
    const big = new Uint8Array(600 * 1024).map((_, i) => i % 251);
    const v0 = await computeCid(big, { cidVersion: 0, rawLeaves: false });
    serve(big);
    await expect(fetchVerifiedImage(v0)).resolves.toHaveLength(big.length);
    const tampered = big.slice();
    tampered[500_000] = 7;
    serve(tampered);
    await expect(fetchVerifiedImage(v0)).rejects.toBeInstanceOf(CidMismatchError);
  });

  it("refuses an image over MAX_IMAGE_BYTES", async () => {
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    serve(big);
    await expect(fetchVerifiedImage(await computeCid(big))).rejects.toBeInstanceOf(ContentTooLargeError);
  });

  it("verifies and validates manifests", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(exampleManifest()));
    const cid = await computeCid(bytes);
    serve(bytes);
    await expect(fetchVerifiedManifest(cid)).resolves.toMatchObject({ title: exampleManifest().title });
  });

  it("names the gateway when it does not answer", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("fetch failed");
      }),
    );
    await expect(fetchVerifiedImage(HELLO_V0)).rejects.toBeInstanceOf(IpfsUnreachableError);
    await expect(fetchVerifiedImage(HELLO_V0)).rejects.toThrow(gateway);
  });
});

describe("the image cache", () => {
  it("an image is ready for a synchronous first render once its verified fetch settles, and fetched once", async () => {
    const bytes = new Uint8Array([9, 8, 7, 6]);
    const cid = await computeCid(bytes);
    const fetchMock = serve(bytes);
    const first = verifiedImageUrl(cid, "image/png");
    expect(readyImageUrl(cid)).toBeUndefined();
    const { url } = await first;
    expect(url).toMatch(/^blob:/);
    expect(readyImageUrl(cid)).toBe(url);
    expect((await verifiedImageUrl(cid, "image/png")).url).toBe(url);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("an image that fails verification is not ready, and the next call fetches again", async () => {
    const bytes = new Uint8Array([5, 5, 5]);
    const cid = await computeCid(bytes);
    serve(new Uint8Array([5, 5]));
    await expect(verifiedImageUrl(cid, "image/png")).rejects.toBeInstanceOf(CidMismatchError);
    expect(readyImageUrl(cid)).toBeUndefined();
    serve(bytes);
    expect((await verifiedImageUrl(cid, "image/png")).url).toBe(readyImageUrl(cid));
  });
});
