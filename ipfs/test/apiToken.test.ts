import { create } from "kubo-rpc-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNode, type TestNode } from "./helpers.js";

describe("IPFS_API_TOKEN", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ apiToken: "s3cret", host: "0.0.0.0" });
  });
  afterAll(async () => node.destroy());

  it("binding 0.0.0.0 still hands clients a loopback URL", () => {
    expect(node.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(node.gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("refuses RPC calls without the bearer token or with a wrong one (401, Kubo envelope)", async () => {
    const hint = 'this node requires "Authorization: Bearer <IPFS_API_TOKEN>" on the RPC API (SDK clients: set IPFS_API_AUTH="Bearer <token>")';
    const missing = await fetch(`${node.apiUrl}/api/v0/add`, { method: "POST" });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ Message: `missing API token: ${hint}`, Code: 1, Type: "error" });
    for (const authorization of ["Bearer wrong", "Basic czNjcmV0", "Bearer s3cret extra"]) {
      const wrong = await fetch(`${node.apiUrl}/api/v0/pin/rm?arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku`, { method: "POST", headers: { Authorization: authorization } });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ Message: `wrong API token: ${hint}`, Code: 1, Type: "error" });
    }
  });

  it("accepts the token on the RPC API; the gateway needs none", async () => {
    const client = create({ url: node.apiUrl, headers: { Authorization: "Bearer s3cret" } });
    const { cid } = await client.add(new TextEncoder().encode("behind a token"));
    const read = await fetch(`${node.gatewayUrl}/ipfs/${cid}`);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe("behind a token");
  });

  it("lets CORS preflight through without the token (browsers never send credentials on it)", async () => {
    const res = await fetch(`${node.apiUrl}/api/v0/add`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization" },
    });
    expect(res.status).toBe(204);
  });
});
