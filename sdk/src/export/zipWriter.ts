import { deflateSync, strToU8 } from "fflate";

// A zip is written entry by entry as the export streams (PKWARE APPNOTE 6.3.10). fflate's own zip writer has no
// Zip64: past 65,535 entries or 4 GiB it wraps the counts and offsets round, and the archive is corrupt. Each entry
// here is whole in memory when added (an image, or a text file), so its CRC and sizes go in its local header and no
// data descriptor is needed; Zip64 records are added only where a count or an offset passes the classic fields.

const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
/** "Made by" Unix (3), spec version 4.5: external attributes are Unix modes. */
const MADE_BY = (3 << 8) | 45;
/** -rw-r--r-- regular file, in the high half of the external attributes. */
const FILE_MODE = (0o100644 << 16) >>> 0;

const crcTable = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO-HDLC, the zip checksum) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS time and date (local time, 2-second steps, 1980 at the earliest), as zip headers keep them. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

type CentralRecord = { name: Uint8Array; method: number; crc: number; compressedSize: number; size: number; offset: number };

/**
 * A streaming zip writer: `add` returns the bytes of one entry (local header and data) to send at once, `end` the
 * central directory. Names are UTF-8 (flagged as such); `deflate` compresses an entry (for text; images are stored).
 * Any number of entries and any total size (Zip64 end records once there are 65,535 or more entries, or the central
 * directory starts past 4 GiB; a Zip64 offset field for each entry that starts past it). One entry must stay under 4 GiB.
 */
export class ZipWriter {
  readonly #central: CentralRecord[] = [];
  readonly #time: { time: number; date: number };
  #offset = 0;

  constructor(modified: Date = new Date()) {
    this.#time = dosDateTime(modified);
  }

  /** One entry's bytes: its local header, then its (possibly deflated) data. */
  add(path: string, data: Uint8Array | string, options: { deflate?: boolean } = {}): Uint8Array[] {
    const raw = typeof data === "string" ? strToU8(data) : data;
    const method = options.deflate ? DEFLATED : STORED;
    const body = method === DEFLATED ? deflateSync(raw, { level: 6 }) : raw;
    if (raw.length >= MAX_32 || body.length >= MAX_32) throw new RangeError(`Zip entry ${path} is 4 GiB or more.`);
    const name = strToU8(path);
    const record = { name, method, crc: crc32(raw), compressedSize: body.length, size: raw.length, offset: this.#offset };
    const header = new Uint8Array(30 + name.length);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, 20, true);
    this.#common(view, 6, record);
    view.setUint16(26, name.length, true);
    header.set(name, 30);
    this.#central.push(record);
    this.#offset += header.length + body.length;
    return [header, body];
  }

  /** The central directory and end records, in one buffer; nothing may be added after. */
  end(): Uint8Array[] {
    const count = this.#central.length;
    const directoryOffset = this.#offset;
    let directorySize = 0;
    for (const record of this.#central) directorySize += 46 + record.name.length + (record.offset >= MAX_32 ? 12 : 0);
    const zip64 = count >= MAX_16 || directoryOffset >= MAX_32 || directorySize >= MAX_32;
    const bytes = new Uint8Array(directorySize + (zip64 ? 56 + 20 : 0) + 22);
    const view = new DataView(bytes.buffer);
    let at = 0;
    for (const record of this.#central) {
      const farOffset = record.offset >= MAX_32;
      view.setUint32(at, 0x02014b50, true);
      view.setUint16(at + 4, MADE_BY, true);
      view.setUint16(at + 6, farOffset ? 45 : 20, true);
      this.#common(view, at + 8, record);
      view.setUint16(at + 28, record.name.length, true);
      view.setUint16(at + 30, farOffset ? 12 : 0, true);
      // comment length, disk number, internal attributes: 0
      view.setUint32(at + 38, FILE_MODE, true);
      view.setUint32(at + 42, Math.min(record.offset, MAX_32), true);
      bytes.set(record.name, at + 46);
      at += 46 + record.name.length;
      if (farOffset) {
        // Zip64 extended information: only the field that overflowed, the local header's offset.
        view.setUint16(at, 0x0001, true);
        view.setUint16(at + 2, 8, true);
        view.setBigUint64(at + 4, BigInt(record.offset), true);
        at += 12;
      }
    }
    if (zip64) {
      view.setUint32(at, 0x06064b50, true);
      view.setBigUint64(at + 4, 44n, true); // size of the rest of this record
      view.setUint16(at + 12, MADE_BY, true);
      view.setUint16(at + 14, 45, true);
      // this disk, the directory's disk: 0
      view.setBigUint64(at + 24, BigInt(count), true);
      view.setBigUint64(at + 32, BigInt(count), true);
      view.setBigUint64(at + 40, BigInt(directorySize), true);
      view.setBigUint64(at + 48, BigInt(directoryOffset), true);
      // locator: the Zip64 end record's disk (0) and offset, one disk in all
      view.setUint32(at + 56, 0x07064b50, true);
      view.setBigUint64(at + 64, BigInt(directoryOffset + directorySize), true);
      view.setUint32(at + 72, 1, true);
      at += 76;
    }
    view.setUint32(at, 0x06054b50, true);
    view.setUint16(at + 8, Math.min(count, MAX_16), true);
    view.setUint16(at + 10, Math.min(count, MAX_16), true);
    view.setUint32(at + 12, Math.min(directorySize, MAX_32), true);
    view.setUint32(at + 16, Math.min(directoryOffset, MAX_32), true);
    return [bytes];
  }

  /** Flags, method, time, date, CRC and sizes: the run of fields the local and central headers share. */
  #common(view: DataView, at: number, record: CentralRecord) {
    view.setUint16(at, UTF8_NAMES, true);
    view.setUint16(at + 2, record.method, true);
    view.setUint16(at + 4, this.#time.time, true);
    view.setUint16(at + 6, this.#time.date, true);
    view.setUint32(at + 8, record.crc, true);
    view.setUint32(at + 12, record.compressedSize, true);
    view.setUint32(at + 16, record.size, true);
  }
}
