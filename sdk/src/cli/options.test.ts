import { describe, expect, it } from "vitest";
import { pathInFolder } from "../ipfs/uploadFolder.ts";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleManifest } from "../manifest/exampleManifest.ts";
import { concurrencyOption, fromBlockOption, ipfsConfigFromCliEnv, readManifestTemplate, resolveUserPath } from "./options.ts";

describe("CLI options", () => {
  it("names uploaded files relative to the folder, whichever form the folder was typed in", () => {
    expect(pathInFolder("./images", "images/cat/a.png")).toBe("cat/a.png");
    expect(pathInFolder("images/", "images/b.png")).toBe("b.png");
    expect(pathInFolder("images", "images/c.png")).toBe("c.png");
    expect(pathInFolder("/data/images/", "/data/images/d.png")).toBe("d.png");
  });

  it("resolves relative paths against INIT_CWD (where pnpm was started), else the working folder", () => {
    expect(resolveUserPath("images", { INIT_CWD: "/home/me/project" }, "/repo/sdk")).toBe("/home/me/project/images");
    expect(resolveUserPath("./manifest.json", { INIT_CWD: "/home/me/project" }, "/repo/sdk")).toBe("/home/me/project/manifest.json");
    expect(resolveUserPath("/abs/images", { INIT_CWD: "/home/me/project" }, "/repo/sdk")).toBe("/abs/images");
    expect(resolveUserPath("images", {}, "/repo/sdk")).toBe("/repo/sdk/images");
    expect(resolveUserPath("images", { INIT_CWD: "" }, "/repo/sdk")).toBe("/repo/sdk/images");
  });

  it("accepts whole --concurrency >= 1 and block numbers, rejects the rest with a message", () => {
    expect(concurrencyOption("8")).toBe(8);
    expect(() => concurrencyOption("0")).toThrow('--concurrency must be a whole number of at least 1, got "0".');
    expect(() => concurrencyOption("abc")).toThrow('--concurrency must be a whole number of at least 1, got "abc".');
    expect(() => concurrencyOption("2.5")).toThrow('--concurrency must be a whole number of at least 1, got "2.5".');
    expect(fromBlockOption(undefined)).toBeUndefined();
    expect(fromBlockOption("120")).toBe(120n);
    expect(() => fromBlockOption("abc")).toThrow('--from-block must be a block number, got "abc".');
    expect(() => fromBlockOption("-1")).toThrow('--from-block must be a block number, got "-1".');
  });

  it("checks the IPFS URL variables and names the bad one", () => {
    expect(ipfsConfigFromCliEnv({ IPFS_API_URL: "https://pin.example/", IPFS_GATEWAY_URL: "" })).toEqual({
      apiUrl: "https://pin.example",
      gatewayUrl: "http://127.0.0.1:8080",
    });
    expect(() => ipfsConfigFromCliEnv({ IPFS_API_URL: "notaurl" })).toThrow('IPFS_API_URL is not an http(s) URL: "notaurl".');
    expect(() => ipfsConfigFromCliEnv({ IPFS_GATEWAY_URL: "ftp://x" })).toThrow('IPFS_GATEWAY_URL is not an http(s) URL: "ftp://x".');
  });

  it("reads a manifest template saved with a UTF-8 byte-order mark", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sdk-template-"));
    try {
      const file = join(dir, "template.json");
      await writeFile(file, `\uFEFF${JSON.stringify({ ...exampleManifest(), items: [] })}`);
      expect((await readManifestTemplate(file)).title).toBe(exampleManifest().title);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
