import { RangeNotSatisfiableError } from "../errors.js";

export interface ByteRange {
  start: number;
  /** Inclusive, as in Content-Range. */
  end: number;
}

/**
 * Parses a `Range: bytes=...` header for a file of `size` bytes. Returns undefined when the
 * whole file should be sent (no header, or several ranges, which RFC 9110 lets a server
 * ignore). Throws RangeNotSatisfiableError (416) for malformed or unsatisfiable ranges, as
 * Go's http.ServeContent, and so Kubo, does.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(.+)$/.exec(header.trim());
  if (!match?.[1]) throw new RangeNotSatisfiableError(header, size);
  const specs = match[1].split(",").map((spec) => spec.trim());
  if (specs.length > 1) return undefined;
  const spec = /^(\d*)-(\d*)$/.exec(specs[0] ?? "");
  if (!spec || (spec[1] === "" && spec[2] === "")) throw new RangeNotSatisfiableError(header, size);
  const [, first = "", last = ""] = spec;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw new RangeNotSatisfiableError(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) throw new RangeNotSatisfiableError(header, size);
  return { start, end };
}
