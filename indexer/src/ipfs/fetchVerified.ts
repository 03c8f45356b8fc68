import { CarReader } from "@ipld/car";
import { exporter } from "ipfs-unixfs-exporter";
import { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256, sha512 } from "multiformats/hashes/sha2";
import { equals } from "multiformats/bytes";
import { IpfsFetchError } from "./IpfsFetchError.ts";

export type FetchVerifiedOptions = {
  gatewayUrl: string;
  timeoutMs?: number;
  /** Largest content accepted (default 64 MiB). */
  maxBytes?: number;
};

const hashers = new Map<number, (bytes: Uint8Array) => Promise<Uint8Array> | Uint8Array>([
  [sha256.code, async (b) => (await sha256.digest(b)).digest],
  [sha512.code, async (b) => (await sha512.digest(b)).digest],
  [identity.code, (b) => identity.digest(b).digest],
]);

/**
 * Fetches `cid` from a trustless gateway as a CAR, checks every block against its CID and
 * reassembles the UnixFS file (or raw block): a lying gateway cannot change what the CID names.
 */
export async function fetchVerified(cidText: string, options: FetchVerifiedOptions): Promise<Uint8Array> {
  let cid: CID;
  try {
    cid = CID.parse(cidText);
  } catch (error) {
    throw new IpfsFetchError(`Not a CID: ${cidText}`, { details: (error as Error).message, permanent: true });
  }
  const url = `${options.gatewayUrl}/ipfs/${cid.toString()}?format=car`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/vnd.ipld.car" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new IpfsFetchError(`IPFS gateway unreachable for ${cidText}`, { details: `${url}: ${(error as Error).message}`, cause: error });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new IpfsFetchError(`IPFS gateway answered ${response.status} for ${cidText}`, {
      details: `${url}: ${text.slice(0, 300)}`,
      permanent: response.status === 400,
    });
  }
  const car = new Uint8Array(await response.arrayBuffer());
  const reader = await CarReader.fromBytes(car);
  const blocks = new Map<string, Uint8Array>();
  for await (const block of reader.blocks()) {
    const hasher = hashers.get(block.cid.multihash.code);
    if (!hasher) throw new IpfsFetchError(`Unsupported hash in ${cidText}`, { details: `multihash 0x${block.cid.multihash.code.toString(16)}`, permanent: true });
    const digest = await hasher(block.bytes);
    if (!equals(digest, block.cid.multihash.digest))
      throw new IpfsFetchError(`Block ${block.cid.toString()} does not match its hash`, { details: url, permanent: true });
    blocks.set(block.cid.multihash.bytes.toString(), block.bytes);
  }
  const blockstore = {
    async *get(wanted: CID): AsyncGenerator<Uint8Array> {
      const bytes = blocks.get(wanted.multihash.bytes.toString());
      if (!bytes) throw new IpfsFetchError(`The gateway's CAR lacks block ${wanted.toString()}`, { details: url });
      yield bytes;
    },
  };
  const entry = await exporter(cid, blockstore);
  if (entry.type !== "file" && entry.type !== "raw" && entry.type !== "identity")
    throw new IpfsFetchError(`${cidText} is not a file`, { details: `UnixFS entry type ${entry.type}`, permanent: true });
  const max = options.maxBytes ?? 64 * 1024 * 1024;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of entry.content()) {
    size += chunk.length;
    if (size > max) throw new IpfsFetchError(`${cidText} is larger than ${max} bytes`, { details: url, permanent: true });
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
