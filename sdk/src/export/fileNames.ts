import type { ItemRecord } from "./itemRecords.ts";

const extensions: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "image/avif": ".avif",
  "image/bmp": ".bmp",
  "image/svg+xml": ".svg",
};

/** Names Windows keeps for devices (COM¹–³ and LPT¹–³ too), with or without an extension: a file or folder cannot take them. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;
/** Bytes a name may take (UTF-8): file systems allow 255, and `hfImagePath` adds an index and an extension. */
const MAX_NAME_BYTES = 200;

/**
 * A file-system-safe path segment: letters and digits of any script (the zip marks its names UTF-8), `.`, `_` and `-`;
 * every other run becomes `_`. None leads (hidden files, and `datasets` skips folders named `__*`), no `.` ends it
 * (Windows drops it), and a Windows device name (`CON`, `aux.txt`) gets a `_`. At most 80 characters and 200 bytes;
 * `fallback` when nothing is left.
 */
export function safeName(name: string, fallback = "_"): string {
  const cleaned = name.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}._-]+/gu, "_").replace(/^[._]+/, "");
  let cut = "";
  let bytes = 0;
  for (const char of Array.from(cleaned).slice(0, 80)) {
    const point = char.codePointAt(0)!;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
    if (bytes > MAX_NAME_BYTES) break;
    cut += char;
  }
  cut = cut.replace(/\.+$/, "");
  if (WINDOWS_RESERVED.test(cut)) cut = `${cut}_`;
  return cut || fallback;
}

/**
 * An item's image file name, unique in the task and safe on any file system: `<index, 6 digits>_<original name>.<ext>`
 * (the CID when the manifest names no file). The HF export's image files and COCO's `file_name` use it.
 */
export function imageFileName(record: Pick<ItemRecord, "index" | "filename" | "cid" | "mediaType">): string {
  const ext = extensions[record.mediaType] ?? "";
  // Only a real extension goes: "photos.v2/IMG_1" keeps its name.
  const base = record.filename ? safeName(record.filename.replace(/\.[A-Za-z0-9]{1,5}$/, "")) : record.cid;
  return `${String(record.index).padStart(6, "0")}_${base}${ext}`;
}
