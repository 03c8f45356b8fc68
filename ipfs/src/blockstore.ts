import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile, access, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import { base32 } from "multiformats/bases/base32";
import { sha256 } from "multiformats/hashes/sha2";
import { identity } from "multiformats/hashes/identity";
import { BlockNotFoundError, BadRequestError } from "./errors.js";

export type BlockBytes = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export interface CorruptBlockReport {
  cid: CID;
  path: string;
  quarantinedTo: string;
}

export interface FsBlockstoreOptions {
  /** Folder that holds `blocks/`, `tmp/` and `corrupt/`. */
  root: string;
  /** Called when a block on disk does not hash to its CID (it is then treated as missing). */
  onCorruptBlock?: (report: CorruptBlockReport) => void;
}

/**
 * A content-addressed block store on the file system, laid out like Kubo's flatfs:
 * `blocks/<2 chars>/<BASE32 MULTIHASH>.data`, sharded by the next-to-last two characters.
 * Blocks are keyed by multihash, so a CIDv0 and a CIDv1 of the same bytes share one file.
 *
 * Crash safety: each block is written to `tmp/` and renamed into place, so a reader never
 * sees a half-written block under its final name. No fsync per block (it would cost more
 * than the hashing): after a power loss a block may be empty or torn, which the hash check
 * on every read catches; such a block is moved to `corrupt/`, reported and treated as
 * missing. `put` rewrites a block whose file is missing, of the wrong size or not hashing
 * to its CID, so adding the same content again heals the store.
 */
export class FsBlockstore {
  readonly root: string;
  private readonly blocksDir: string;
  private readonly tmpDir: string;
  private readonly corruptDir: string;
  private readonly onCorruptBlock: (report: CorruptBlockReport) => void;
  private readonly knownShards = new Set<string>();
  private readonly locks = new KeyedLock();

  constructor(options: FsBlockstoreOptions) {
    this.root = options.root;
    this.blocksDir = join(options.root, "blocks");
    this.tmpDir = join(options.root, "tmp");
    this.corruptDir = join(options.root, "corrupt");
    this.onCorruptBlock = options.onCorruptBlock ?? (() => {});
  }

  /** Creates the folders and removes temp files a crashed writer left behind. */
  async open(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
    await Promise.all([this.blocksDir, this.tmpDir, this.corruptDir].map((dir) => mkdir(dir, { recursive: true })));
  }

  /** Where the block of `cid` lives on disk (whether or not it exists). */
  pathOf(cid: CID): string {
    const key = base32.baseEncode(cid.multihash.bytes).toUpperCase();
    return join(this.blocksDir, shardOf(key), `${key}.data`);
  }

  async has(cid: CID): Promise<boolean> {
    if (cid.multihash.code === identity.code) return true;
    try {
      await access(this.pathOf(cid));
      return true;
    } catch {
      return false;
    }
  }

  /** Stores bytes under `cid`. The caller vouches that they hash to it (the importer does). */
  async put(cid: CID, bytes: BlockBytes): Promise<CID> {
    if (cid.multihash.code === identity.code) return cid;
    const target = this.pathOf(cid);
    const data = await collect(bytes);
    if (await isIntactBlock(cid, target, data.byteLength)) return cid;
    const shardDir = join(target, "..");
    if (!this.knownShards.has(shardDir)) {
      await mkdir(shardDir, { recursive: true });
      this.knownShards.add(shardDir);
    }
    const temp = join(this.tmpDir, `${randomBytes(12).toString("hex")}.tmp`);
    await writeFile(temp, data);
    // Concurrent writers of the same block each rename their own complete temp file:
    // the last rename wins and every version has identical bytes. The lock keeps the rename
    // out of a reader's check-then-quarantine of the same block (see recheckOrQuarantine).
    await this.locks.run(target, () => rename(temp, target));
    return cid;
  }

  /** The interface-blockstore shape the UnixFS exporter reads through. */
  async *get(cid: CID): AsyncGenerator<Uint8Array> {
    yield await this.getBytes(cid);
  }

  /** Reads a block and checks it hashes to its CID; a mismatch is reported and treated as missing. */
  async getBytes(cid: CID): Promise<Uint8Array> {
    if (cid.multihash.code === identity.code) return cid.multihash.digest;
    const path = this.pathOf(cid);
    const data = await readBlockFile(cid, path);
    if (hashMatches(cid, data)) return data;
    return this.locks.run(path, () => this.recheckOrQuarantine(cid, path));
  }

  async delete(cid: CID): Promise<void> {
    await rm(this.pathOf(cid), { force: true });
  }

  /** Number of blocks on disk (for stats and tests). */
  async count(): Promise<number> {
    let total = 0;
    for (const shard of await readdir(this.blocksDir)) {
      total += (await readdir(join(this.blocksDir, shard))).length;
    }
    return total;
  }

  /**
   * Runs under the block's lock after a read found bad bytes. A concurrent `put` may have
   * renamed the good block into place since that read, so the file is read again and only
   * moved to `corrupt/` if it is still bad; moving whatever is there would lose the good block.
   */
  private async recheckOrQuarantine(cid: CID, path: string): Promise<Uint8Array> {
    const data = await readBlockFile(cid, path);
    if (hashMatches(cid, data)) return data;
    await this.quarantine(cid, path);
    throw new BlockNotFoundError(cid.toString());
  }

  private async quarantine(cid: CID, path: string): Promise<void> {
    const quarantinedTo = join(this.corruptDir, `${Date.now()}-${base32.baseEncode(cid.multihash.bytes).toUpperCase()}.data`);
    try {
      await rename(path, quarantinedTo);
    } catch (error) {
      if (!isMissingFile(error)) throw error;
    }
    this.onCorruptBlock({ cid, path, quarantinedTo });
  }
}

/**
 * A write-behind view of the store for one import: `put` starts the write and returns at
 * once, so the importer hashes the next file while this one's blocks reach the disk (files
 * of one upload are imported one by one, see importer.ts). `flush` waits for every write
 * and rethrows the first failure; callers flush before reporting or pinning anything.
 * At most `maxPendingBytes` wait in memory, after which `put` waits too.
 */
export class WriteBehind {
  private readonly pending = new Set<Promise<unknown>>();
  private pendingBytes = 0;
  private failure: unknown;

  constructor(
    private readonly store: FsBlockstore,
    private readonly maxPendingBytes = 16 * 1024 * 1024,
  ) {}

  async put(cid: CID, bytes: BlockBytes): Promise<CID> {
    if (this.failure !== undefined) throw this.failure;
    const data = await collect(bytes);
    while (this.pendingBytes + data.byteLength > this.maxPendingBytes && this.pending.size > 0) {
      await Promise.race(this.pending);
    }
    this.pendingBytes += data.byteLength;
    const write = this.store.put(cid, data).then(
      () => {},
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    const tracked = write.finally(() => {
      this.pending.delete(tracked);
      this.pendingBytes -= data.byteLength;
    });
    this.pending.add(tracked);
    return cid;
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    if (this.failure !== undefined) throw this.failure;
  }
}

/** A block sink for `only-hash` adds: computes CIDs, stores nothing. */
export const discardingBlockstore = {
  put: async (cid: CID): Promise<CID> => cid,
  flush: async (): Promise<void> => {},
};

export function hashMatches(cid: CID, data: Uint8Array): boolean {
  if (cid.multihash.code !== sha256.code) {
    throw new BadRequestError(`unsupported hash function 0x${cid.multihash.code.toString(16)} in ${cid}`, "only sha2-256 is supported");
  }
  const digest = createHash("sha256").update(data).digest();
  return Buffer.compare(digest, cid.multihash.digest) === 0;
}

/**
 * Whether the file at `path` already holds the block of `cid`: same size (a cheap stat
 * rules out empty and truncated files) and bytes that hash to the CID (rules out torn ones).
 */
async function isIntactBlock(cid: CID, path: string, expectedSize: number): Promise<boolean> {
  try {
    if ((await stat(path)).size !== expectedSize) return false;
    return hashMatches(cid, await readFile(path));
  } catch (error) {
    if (isMissingFile(error)) return false;
    throw error;
  }
}

async function readBlockFile(cid: CID, path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isMissingFile(error)) throw new BlockNotFoundError(cid.toString());
    throw error;
  }
}

/** Runs tasks one at a time per key; tasks on different keys run concurrently. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** flatfs's next-to-last/2 sharding: spreads keys evenly, since the last char carries few bits. */
function shardOf(key: string): string {
  return key.slice(-3, -1);
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "ENOTDIR");
}

async function collect(bytes: BlockBytes): Promise<Uint8Array> {
  if (bytes instanceof Uint8Array) return bytes;
  const parts: Uint8Array[] = [];
  for await (const part of bytes) parts.push(part);
  return Buffer.concat(parts);
}
