import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import busboy from "busboy";
import { IpfsNodeError, MalformedMultipartError, PayloadTooLargeError } from "./errors.js";

export interface MultipartFile {
  kind: "file";
  /** Decoded relative path ("" when the client sent no name). */
  path: string;
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

export interface MultipartDirectory {
  kind: "directory";
  path: string;
}

export type MultipartEntry = MultipartFile | MultipartDirectory;

export interface ParseMultipartOptions {
  maxBytes: number;
}

/**
 * Streams the parts of a Kubo-style multipart upload (kubo-rpc-client sends one part per
 * file or directory, the path URL-encoded in `filename`, directories typed
 * `application/x-directory`). File contents are not buffered: each part's stream must be
 * read to its end before the next part is produced, as the bytes arrive in that order.
 *
 * The request body is counted as it arrives; past `maxBytes` parsing stops with a
 * PayloadTooLargeError and the rest of the body is discarded.
 */
export function parseMultipart(req: IncomingMessage, options: ParseMultipartOptions): AsyncIterable<MultipartEntry> {
  let parser: busboy.Busboy;
  try {
    // A part without a filename (`curl -F 'file=<img.png'` sends none) reaches us as a text field. Decoded as latin1
    // (one char a byte) it turns back into the exact bytes; as UTF-8 invalid bytes were replaced, and the CID named other
    // bytes. Fields may be as large as the upload: busboy's 1 MiB default cut them short.
    parser = busboy({ headers: req.headers, preservePath: true, defParamCharset: "utf8", defCharset: "latin1", limits: { fieldSize: options.maxBytes } });
  } catch (error) {
    throw new MalformedMultipartError(error instanceof Error ? error.message : "bad Content-Type", error);
  }
  const queue = new EntryQueue();
  let currentFile: Readable | undefined;
  let received = 0;

  const fail = (error: Error): void => {
    queue.fail(error);
    currentFile?.destroy(error);
  };

  parser.on("file", (_field, stream, info) => {
    let path: string;
    try {
      path = decodePath(info.filename ?? "");
    } catch (error) {
      stream.resume();
      fail(error instanceof Error ? error : new MalformedMultipartError(String(error)));
      return;
    }
    if (info.mimeType === "application/x-directory") {
      stream.resume();
      queue.push({ kind: "directory", path });
      return;
    }
    currentFile = stream;
    stream.once("end", () => {
      if (currentFile === stream) currentFile = undefined;
    });
    queue.push({ kind: "file", path, content: readPart(stream) });
  });
  parser.on("field", (field, value, info) => {
    // Kubo takes a "file*" part without a filename as a file too.
    if (!field.startsWith("file")) return;
    if (info.valueTruncated) return fail(new PayloadTooLargeError(options.maxBytes));
    queue.push({ kind: "file", path: "", content: [Buffer.from(value, "latin1")] });
  });
  parser.on("error", (error: unknown) => {
    fail(new MalformedMultipartError(error instanceof Error ? error.message : String(error), error));
  });
  parser.on("close", () => queue.end());

  req.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > options.maxBytes && !queue.failed) {
      req.unpipe(parser);
      req.resume(); // discard the rest, so the client can finish sending and read the 413
      fail(new PayloadTooLargeError(options.maxBytes));
    }
  });
  req.on("aborted", () => fail(new MalformedMultipartError("client closed the connection mid-upload")));
  req.on("error", (error) => fail(new MalformedMultipartError(`upload failed: ${error.message}`, error)));
  req.pipe(parser);
  return queue;
}

/** A part's bytes; busboy's own stream errors (a cut-off body) become MalformedMultipartError. */
async function* readPart(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    if (error instanceof IpfsNodeError) throw error;
    throw new MalformedMultipartError(error instanceof Error ? error.message : String(error), error);
  }
}

/** Kubo-style paths: URL-decoded, relative, no `.` or `..` segments. */
function decodePath(filename: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(filename);
  } catch (error) {
    throw new MalformedMultipartError(`file name "${filename}" is not valid URL encoding`, error);
  }
  const segments = decoded.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) throw new MalformedMultipartError(`file path "${decoded}" must not contain ".."`);
  return segments.join("/");
}

/** A one-consumer async queue of parts, ended by the parser or failed by an error. */
class EntryQueue implements AsyncIterable<MultipartEntry> {
  private readonly items: MultipartEntry[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;
  private error: Error | undefined;

  get failed(): boolean {
    return this.error !== undefined;
  }

  push(entry: MultipartEntry): void {
    this.items.push(entry);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  fail(error: Error): void {
    this.error ??= error;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<MultipartEntry> {
    for (;;) {
      if (this.error) throw this.error;
      const next = this.items.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
