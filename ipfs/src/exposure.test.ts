import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { clientUrl, exposureNotice, isLoopbackHost, startupBanner } from "./exposure.js";

const running = (host: string) => ({
  apiUrl: clientUrl(host, 5001),
  gatewayUrl: clientUrl(host, 8080),
  node: { identity: { peerId: "12D3KooWpeer" } },
});

describe("network exposure", () => {
  it("tells loopback hosts from the rest", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org"]) expect(isLoopbackHost(host)).toBe(false);
  });

  it("gives clients a dialable URL for wildcard binds", () => {
    expect(clientUrl("0.0.0.0", 5001)).toBe("http://127.0.0.1:5001");
    expect(clientUrl("::", 5001)).toBe("http://[::1]:5001");
    expect(clientUrl("192.168.1.5", 5001)).toBe("http://192.168.1.5:5001");
    expect(clientUrl("127.0.0.1", 8080)).toBe("http://127.0.0.1:8080");
  });

  it("on 0.0.0.0 the banner explains all interfaces, shows 127.0.0.1 and warns that the write API is open", () => {
    const banner = startupBanner({ host: "0.0.0.0", dataDir: "/data" }, running("0.0.0.0"));
    expect(banner.info).toEqual([
      "crowdlabel ipfs node (offline, peer 12D3KooWpeer)",
      "  data dir : /data",
      "  listening: 0.0.0.0 = all interfaces (other machines: this machine's address); URLs for local clients:",
      "  RPC API  : http://127.0.0.1:5001/api/v0   (IPFS_API_URL=http://127.0.0.1:5001)",
      "  gateway  : http://127.0.0.1:8080/ipfs/<cid>   (IPFS_GATEWAY_URL=http://127.0.0.1:8080)",
    ]);
    expect(banner.warnings).toEqual([
      "WARNING: the RPC API (add, pin/add, pin/rm) is open to 0.0.0.0 means all interfaces: any machine that can reach this one on port 5001, with no authentication.",
      "  Anyone there can add data to this node and pin or unpin content.",
      '  Set IPFS_API_TOKEN to require "Authorization: Bearer <token>" (clients: IPFS_API_AUTH="Bearer <token>"),',
      "  put a reverse proxy with authentication (and TLS) in front of it, or bind to 127.0.0.1 (--host / IPFS_HOST).",
    ]);
  });

  it("says nothing on loopback, and notes the token instead of warning when one is set", () => {
    expect(startupBanner({ host: "127.0.0.1", dataDir: "/data" }, running("127.0.0.1")).warnings).toEqual([]);
    expect(exposureNotice({ host: "192.168.1.5", apiToken: "s3cret" }, 5001)).toEqual([
      'note: the RPC API is reachable by anyone who can reach 192.168.1.5:5001; it requires "Authorization: Bearer <IPFS_API_TOKEN>".',
      "  The token travels in clear over plain HTTP: put a TLS reverse proxy in front of the node for untrusted networks.",
      "  The gateway (read-only) needs no token.",
    ]);
  });

  it("reads IPFS_API_TOKEN from the environment only", () => {
    expect(loadConfig([], { IPFS_API_TOKEN: "s3cret" })).toMatchObject({ apiToken: "s3cret" });
    expect(loadConfig([], {})).not.toHaveProperty("apiToken");
    expect(() => loadConfig(["--api-token", "x"], {})).toThrow(/Unknown option '--api-token'/);
  });
});
