import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { toIpfsNodeError, type IpfsNodeError } from "../errors.js";

/** Kubo's error envelope. */
export function errorBody(error: IpfsNodeError): { Message: string; Code: number; Type: "error" } {
  return { Message: error.message, Code: error.code, Type: "error" };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Answers with Kubo's JSON error envelope. If the response has already started (a stream
 * failed midway) the connection is cut instead, so no client mistakes a truncated body
 * for a complete one.
 */
export function sendError(res: ServerResponse, thrown: unknown): void {
  const error = toIpfsNodeError(thrown);
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  sendJson(res, error.status, errorBody(error), error.status === 413 ? { Connection: "close" } : {});
}

/** Streams bytes to the response with backpressure; a failure midway cuts the connection. */
export async function streamBytes(res: ServerResponse, source: AsyncIterable<Uint8Array>): Promise<void> {
  await pipeline(Readable.from(source, { objectMode: false }), res);
}

/**
 * Kubo's streamed command output: one JSON value per line, `X-Chunked-Output: 1`, errors
 * midway as a final error line plus the `X-Stream-Error` trailer. In `buffered` mode the
 * lines are held back until `end()`, so an error found while the request is still being
 * read (say, the upload limit) can still be answered with its own status code.
 */
export class NdjsonWriter {
  private readonly pending: string[] = [];
  private started = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly buffered: boolean,
  ) {}

  write(value: unknown): void {
    const line = `${JSON.stringify(value)}\n`;
    if (this.buffered) {
      this.pending.push(line);
      return;
    }
    this.start();
    this.res.write(line);
  }

  end(): void {
    this.start();
    for (const line of this.pending.splice(0)) this.res.write(line);
    this.res.end();
  }

  fail(thrown: unknown): void {
    const error = toIpfsNodeError(thrown);
    if (!this.started) {
      sendError(this.res, error);
      return;
    }
    this.res.write(`${JSON.stringify(errorBody(error))}\n`);
    this.res.addTrailers({ "X-Stream-Error": error.message });
    // Cut the connection rather than end cleanly: kubo-rpc-client ignores trailers and
    // would otherwise report a partial add as a success.
    this.res.destroy(error);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.res.writeHead(200, {
      "Content-Type": "application/json",
      "X-Chunked-Output": "1",
      Trailer: "X-Stream-Error",
    });
  }
}
