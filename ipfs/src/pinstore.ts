import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import { IpfsNodeError } from "./errors.js";

export type PinType = "recursive" | "direct";

interface PinFile {
  version: 1;
  pins: Record<string, PinType>;
}

/**
 * The node's pin set: CIDs the user asked to keep, recursive (the whole DAG) or direct
 * (one block). Persisted as `pins.json`, rewritten atomically (temp file + rename) after
 * every change; changes are serialised so concurrent pin requests cannot lose each other.
 */
export class PinStore {
  private readonly file: string;
  private pins = new Map<string, PinType>();
  private writes: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = join(dataDir, "pins.json");
  }

  async open(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch {
      return;
    }
    try {
      const parsed = JSON.parse(text) as PinFile;
      this.pins = new Map(Object.entries(parsed.pins));
    } catch (error) {
      throw new IpfsNodeError(`cannot read the pin set ${this.file}`, {
        status: 500,
        details: `${error instanceof Error ? error.message : error}; restore it or delete it to start with no pins`,
        cause: error,
      });
    }
  }

  get(cid: CID): PinType | undefined {
    return this.pins.get(cid.toString());
  }

  list(): Array<{ cid: CID; type: PinType }> {
    return [...this.pins].map(([cid, type]) => ({ cid: CID.parse(cid), type }));
  }

  /** Pins `cid`; a recursive pin replaces a direct one, never the other way round. */
  async add(cid: CID, type: PinType): Promise<void> {
    await this.addMany([cid], type);
  }

  /** Pins every CID with one write of `pins.json` (an add of N files pins N roots). */
  async addMany(cids: Iterable<CID>, type: PinType): Promise<void> {
    let changed = false;
    for (const cid of cids) changed = this.setPin(cid.toString(), type) || changed;
    if (changed) await this.save();
  }

  async remove(cid: CID): Promise<boolean> {
    const removed = this.pins.delete(cid.toString());
    if (removed) await this.save();
    return removed;
  }

  /** Records a pin in memory; false when it changes nothing. */
  private setPin(key: string, type: PinType): boolean {
    const current = this.pins.get(key);
    if (current === type || (current === "recursive" && type === "direct")) return false;
    this.pins.set(key, type);
    return true;
  }

  private save(): Promise<void> {
    const snapshot: PinFile = { version: 1, pins: Object.fromEntries(this.pins) };
    this.writes = this.writes.catch(() => {}).then(async () => {
      const temp = `${this.file}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(temp, JSON.stringify(snapshot, null, 2));
      await rename(temp, this.file);
    });
    return this.writes;
  }
}
