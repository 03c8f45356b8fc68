import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNode, type TestNode } from "./helpers.js";

describe("CORS", () => {
  let node: TestNode;
  let open: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
    open = await startTestNode({ corsOrigins: "*" });
  });
  afterAll(async () => Promise.all([node.destroy(), open.destroy()]));

  it("answers preflight for a localhost origin on any port, exposing the streaming headers", async () => {
    const res = await fetch(`${node.apiUrl}/api/v0/add`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toBe("content-type");
    const post = await fetch(`${node.apiUrl}/api/v0/version`, { method: "POST", headers: { Origin: "http://127.0.0.1:3000" } });
    expect(post.status).toBe(200);
    expect(post.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3000");
    for (const header of ["X-Stream-Output", "X-Chunked-Output", "Content-Range", "ETag"]) {
      expect(post.headers.get("access-control-expose-headers")).toContain(header);
    }
  });

  it("refuses RPC calls from other origins with 403 (as Kubo), gateway reads get no CORS headers", async () => {
    const res = await fetch(`${node.apiUrl}/api/v0/version`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { Message: string }).Message).toContain("IPFS_CORS_ORIGINS");
    const lookalike = await fetch(`${node.apiUrl}/api/v0/version`, { method: "POST", headers: { Origin: "http://localhost.evil.example" } });
    expect(lookalike.status).toBe(403);
    const { cid } = await node.client.add("cors\n");
    const gateway = await fetch(`${node.gatewayUrl}/ipfs/${cid}`, { headers: { Origin: "https://evil.example" } });
    expect(gateway.status).toBe(200);
    expect(gateway.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows any origin with *, on the gateway too (preflight for Range)", async () => {
    const res = await fetch(`${open.gatewayUrl}/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o`, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "range" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const rpc = await fetch(`${open.apiUrl}/api/v0/version`, { method: "POST", headers: { Origin: "https://app.example" } });
    expect(rpc.status).toBe(200);
  });
});
