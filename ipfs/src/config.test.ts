import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, loadConfig, parseByteSize } from "./config.js";

describe("configuration", () => {
  it("uses Kubo's ports and a 100 MiB limit by default", () => {
    expect(loadConfig([], {})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({ apiPort: 5001, gatewayPort: 8080, host: "127.0.0.1", maxUploadBytes: 104_857_600 });
    expect(DEFAULT_CONFIG.dataDir.endsWith("/.crowdlabel/ipfs")).toBe(true);
  });

  it("reads the environment, flags win over it", () => {
    const env = { IPFS_API_PORT: "15001", IPFS_GATEWAY_PORT: "0", IPFS_MAX_UPLOAD_BYTES: "5MiB", IPFS_CORS_ORIGINS: "*", IPFS_DATA_DIR: "/tmp/x" };
    expect(loadConfig([], env)).toMatchObject({ apiPort: 15001, gatewayPort: 0, maxUploadBytes: 5 * 1024 * 1024, corsOrigins: "*", dataDir: "/tmp/x" });
    expect(loadConfig(["--api-port", "6001", "--cors-origins", "https://a.example"], env)).toMatchObject({ apiPort: 6001, corsOrigins: ["https://a.example"] });
    expect(loadConfig(["--help"], {})).toBe("help");
  });

  it("rejects bad values with a message", () => {
    expect(() => loadConfig(["--api-port", "70000"], {})).toThrow('invalid api port "70000": use 0..65535');
    expect(() => parseByteSize("lots")).toThrow('invalid byte size "lots"');
    expect(parseByteSize("1.5GB")).toBe(1_500_000_000);
  });
});
