import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IndexerConfigError } from "../../src/config/IndexerConfigError.ts";
import { loadIndexerConfig } from "../../src/config/loadIndexerConfig.ts";

const crowdlabel = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("loadIndexerConfig's deployment", () => {
  let dir: string;
  const deploymentFile = async (name: string, content: unknown) => {
    const path = join(dir, name);
    await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };
  const configError = (env: NodeJS.ProcessEnv): IndexerConfigError => {
    try {
      loadIndexerConfig(env);
    } catch (error) {
      if (error instanceof IndexerConfigError) return error;
      throw error;
    }
    throw new Error("loadIndexerConfig accepted the environment");
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "indexer-config-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("takes the contract, chain and start block from DEPLOYMENT_FILE", async () => {
    const path = await deploymentFile("84532.json", { chainId: 84532, crowdlabel: crowdlabel.toLowerCase(), token: crowdlabel, startBlock: 1234 });
    const config = loadIndexerConfig({ DEPLOYMENT_FILE: path });
    expect([config.chainId, config.crowdlabel, config.startBlock, config.deploymentSource]).toEqual([84532, crowdlabel, 1234, path]);
    expect(loadIndexerConfig({ DEPLOYMENT_FILE: path, START_BLOCK: "2000" }).startBlock).toBe(2000);
  });

  it("refuses a file for another chain than CHAIN_ID, and a malformed one, naming the file", async () => {
    const path = await deploymentFile("84532-again.json", { chainId: 84532, crowdlabel, startBlock: 1 });
    expect(configError({ DEPLOYMENT_FILE: path, CHAIN_ID: "8453" }).shortMessage).toBe(`${path} is for chain 84532, not chain 8453.`);
    const bad = await deploymentFile("bad.json", { chainId: 84532, crowdlabel: "0xnope" });
    const error = configError({ DEPLOYMENT_FILE: bad });
    expect(error.shortMessage).toBe(`${bad} is not a Crowdlabel deployment file.`);
    expect(error.details).toMatch(/^crowdlabel is "0xnope", not an address\. Deploy again/);
    expect(configError({ DEPLOYMENT_FILE: await deploymentFile("cut.json", "{") }).shortMessage).toBe(`Cannot read the deployment file ${join(dir, "cut.json")}.`);
  });
});
