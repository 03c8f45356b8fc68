/** Content types by file extension, checked before sniffing (as Kubo's gateway does). */
const BY_EXTENSION: Record<string, string> = {
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  json: "application/json",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  pdf: "application/pdf",
  wasm: "application/wasm",
  car: "application/vnd.ipld.car",
  zip: "application/zip",
  mp4: "video/mp4",
  webm: "video/webm",
};

const OCTET_STREAM = "application/octet-stream";

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * The Content-Type of a file: by the extension of `name` when it has a known one, else
 * sniffed from its first bytes (images by magic number, SVG, JSON, HTML, UTF-8 text),
 * else application/octet-stream.
 */
export function contentTypeOf(name: string, head: Uint8Array): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const byExtension = extension === undefined ? undefined : BY_EXTENSION[extension];
  return byExtension ?? sniffContentType(head);
}

export function sniffContentType(head: Uint8Array): string {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  const text = decodeUtf8(head);
  if (text === undefined) return OCTET_STREAM;
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(trimmed)) return "image/svg+xml";
  if (/^<(!doctype html|html|head|body|script|title|div|p|h1)[\s>]/i.test(trimmed)) return "text/html; charset=utf-8";
  if (looksLikeJson(trimmed, head.byteLength)) return "application/json";
  return "text/plain; charset=utf-8";
}

/** Decodes UTF-8 text, tolerating a character cut at the end of the sniffed window; undefined for binary. */
function decodeUtf8(head: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, trimCutCharacter(head)));
  } catch {
    return undefined;
  }
  // Control characters other than tab, newline, form feed, carriage return mean binary.
  return /[\u0000-\u0008\u000B\u000E-\u001F]/.test(text) ? undefined : text;
}

function trimCutCharacter(head: Uint8Array): number {
  let end = head.byteLength;
  for (let back = 1; back <= 3 && end - back >= 0; back += 1) {
    const byte = head[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (needed > back) end -= back;
    break;
  }
  return end;
}

/** JSON if it parses, or (when only the start of a larger file is seen) starts like an object/array. */
function looksLikeJson(text: string, sniffedBytes: number): boolean {
  if (!text.startsWith("{") && !text.startsWith("[")) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return sniffedBytes >= SNIFF_BYTES && /^[{[]\s*["{[\]}\d-]/.test(text);
  }
}

/** How many leading bytes the gateway reads to sniff a type. */
export const SNIFF_BYTES = 4096;
