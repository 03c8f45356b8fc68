import type { IpfsConfig } from "./ipfsConfig.ts";
import { IpfsRequestError } from "./errors.ts";

export type AddRequest = {
  config: IpfsConfig;
  content: Uint8Array;
  pin: boolean;
  signal: AbortSignal;
  /** Called with the node's running byte count for this file (its `progress` lines). */
  onBytes: (bytes: number) => void;
};

/** One line of the node's ndjson answer: a progress line, a result line or an error line. */
type AddLine = { Name?: string; Hash?: string; Bytes?: number; Message?: string; Type?: string };

/**
 * Errors the node itself reported while answering. Asking again gets the same answer, so they
 * are not retried, unlike a connection that failed before the node answered.
 */
export class NodeRefusedUploadError extends IpfsRequestError {
  override name = "NodeRefusedUploadError";
}

/**
 * `POST /api/v0/add` of one file (CIDv1, raw leaves, progress lines), read line by line. Done
 * with fetch rather than kubo-rpc-client because the client drops an error line sent after a
 * 200 (the node's upload limit found mid-stream) and reports only the cut connection.
 * Returns the file's CID as the node computed it.
 */
export async function postAdd(request: AddRequest): Promise<string> {
  const url = `${request.config.apiUrl}/api/v0/add`;
  const query = new URLSearchParams({ "cid-version": "1", "raw-leaves": "true", pin: String(request.pin), progress: "true", "stream-channels": "true" });
  const response = await fetch(`${url}?${query}`, {
    method: "POST",
    body: formWith(request.content),
    headers: request.config.authHeader ? { authorization: request.config.authHeader } : {},
    signal: request.signal,
  });
  if (!response.ok) throw await statusError(response, url);
  return readAddAnswer(response, url, request.onBytes);
}

function formWith(content: Uint8Array): FormData {
  const form = new FormData();
  form.append("file", new Blob([content as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }), "");
  return form;
}

async function statusError(response: Response, url: string): Promise<IpfsRequestError> {
  const text = await response.text().catch(() => "");
  const message = errorMessageOf(text) ?? (text.slice(0, 300) || response.statusText);
  const options = { url, status: response.status, message };
  return response.status >= 500 ? new IpfsRequestError(options) : new NodeRefusedUploadError(options);
}

/** Kubo's `{"Message": ...}` error envelope, if the text is one. */
function errorMessageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as AddLine;
    return typeof parsed.Message === "string" ? parsed.Message : undefined;
  } catch {
    return undefined;
  }
}

async function readAddAnswer(response: Response, url: string, onBytes: (bytes: number) => void): Promise<string> {
  let cid: string | undefined;
  for await (const line of ndjsonLines(response)) {
    if (line.Type === "error") throw new NodeRefusedUploadError({ url, message: `the node stopped the upload midway: ${line.Message ?? "no reason given"}` });
    if (line.Hash !== undefined) cid = line.Hash;
    else if (line.Bytes !== undefined) onBytes(line.Bytes);
  }
  if (cid === undefined) throw new NodeRefusedUploadError({ url, status: response.status, message: "the node's answer ended without the added file's CID" });
  return cid;
}

async function* ndjsonLines(response: Response): AsyncGenerator<AddLine> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  try {
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      const lines = (buffered + part.value).split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") yield JSON.parse(line) as AddLine;
    }
    if (buffered.trim() !== "") yield JSON.parse(buffered) as AddLine;
  } finally {
    // Stop reading (and let the connection go) once a line ended the answer early.
    await reader.cancel().catch(() => {});
  }
}
