import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTestConfig } from "../test/testConfig.ts";
import { IpfsUnavailableError, uploadToIpfs } from "./ipfs.ts";

const api = "http://ipfs-api.test";

/** Answers every request with one status and body, after the send returns (as a browser does). */
function serveXhr(status: number, body: string) {
  class FakeXhr {
    static url = "";
    status = 0;
    responseText = "";
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    open(_method: string, url: string) {
      FakeXhr.url = url;
    }
    static sent: FormData | undefined;
    send(payload?: FormData) {
      FakeXhr.sent = payload;
      setTimeout(() => {
        this.status = status;
        this.responseText = body;
        this.onload?.();
      }, 0);
    }
    abort() {
      this.onabort?.();
    }
  }
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  return FakeXhr;
}

const files = (...names: string[]) => names.map((name) => ({ name, data: new Blob([name]) }));

beforeEach(() => setTestConfig({ ipfsApiUrl: api }));
afterEach(() => vi.unstubAllGlobals());

describe("uploadToIpfs", () => {
  it("sends each file name URL-encoded, as Kubo reads it (a % is no longer refused)", async () => {
    const xhr = serveXhr(200, `${JSON.stringify({ Name: "100%.png", Hash: "bafkreidbaxlmy5vpiabsl2knlcgoken6lp63w45ug7ofd3fehel5pjb6hu", Size: "8" })}\n`);
    await uploadToIpfs(files("100%.png"));
    expect((xhr.sent!.get("file") as File).name).toBe("100%25.png");
  });

  it("reads Kubo's line-per-file add answer", async () => {
    const xhr = serveXhr(200, '{"Name":"a.png","Hash":"bafkreia","Size":"3"}\n{"Name":"b.png","Hash":"bafkreib","Size":"5"}\n');
    await expect(uploadToIpfs(files("a.png", "b.png"))).resolves.toEqual([
      { name: "a.png", cid: "bafkreia", size: 3 },
      { name: "b.png", cid: "bafkreib", size: 5 },
    ]);
    expect(xhr.url).toBe(`${api}/api/v0/add?cid-version=1&raw-leaves=true&pin=true`);
  });

  it("rejects, naming the URL, when a 200 answer is not JSON (e.g. the URL serves a web page) instead of never settling", async () => {
    serveXhr(200, "<!doctype html><html><body>Welcome</body></html>");
    const upload = uploadToIpfs(files("a.png"));
    await expect(upload).rejects.toBeInstanceOf(IpfsUnavailableError);
    await expect(upload).rejects.toThrow(`${api} does not look like an IPFS (Kubo RPC) API`);
  });

  it("rejects when a 200 JSON answer has no CID for every file (the wizard would otherwise stop mid-upload)", async () => {
    serveXhr(200, '{"ok":true}\n');
    await expect(uploadToIpfs(files("a.png"))).rejects.toThrow(`${api} does not look like an IPFS (Kubo RPC) API`);
    serveXhr(200, '{"Name":"a.png","Hash":"bafkreia","Size":"3"}\n');
    await expect(uploadToIpfs(files("a.png", "b.png"))).rejects.toThrow("1 CID for 2 files");
  });
});
