import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "./appConfig.ts";

const addresses = { crowdlabel: "0x5fbdb2315678afecb367f032d93f642f64180aa3", token: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512" };

describe("resolveConfig", () => {
  it("applies local defaults and checksums addresses", () => {
    const c = resolveConfig(addresses);
    expect(c.chainId).toBe(31337);
    expect(c.rpcUrl).toBe("http://127.0.0.1:8545");
    expect(c.indexerUrl).toBe("http://127.0.0.1:42069");
    expect(c.crowdlabel).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(c.localWallet).toBe(true);
    expect(c.walletConnectProjectId).toBeUndefined();
  });

  it("turns the local test wallet off on public chains", () => {
    const c = resolveConfig({ ...addresses, chainId: "84532", rpcUrl: "https://sepolia.base.org", walletConnectProjectId: "abc" });
    expect(c.localWallet).toBe(false);
    expect(c.walletConnectProjectId).toBe("abc");
    expect(c.deploymentId).toBe("84532:0x5fbdb2315678afecb367f032d93f642f64180aa3");
  });

  it("names the missing variable", () => {
    expect(() => resolveConfig({ token: addresses.token })).toThrow(ConfigError);
    expect(() => resolveConfig({ ...addresses, chainId: "abc" })).toThrow(/VITE_CHAIN_ID/);
  });
});
