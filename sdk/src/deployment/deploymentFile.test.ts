import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeploymentFileError, localDeploymentPath, readDeploymentFile } from "./deploymentFile.ts";

const crowdlabel = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const token = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

describe("readDeploymentFile", () => {
  let dir: string;
  const file = async (name: string, content: string) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sdk-deployment-file-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads what the forge script writes, addresses checksummed", async () => {
    const path = await file("31337.json", JSON.stringify({ chainId: 31337, crowdlabel: crowdlabel.toLowerCase(), token, faucet: true, startBlock: 12 }));
    expect(readDeploymentFile(path, { chainId: 31337 })).toEqual({ chainId: 31337, crowdlabel, token, startBlock: 12 });
  });

  it("takes a missing token and start block (a deployment against an existing token, written by hand)", async () => {
    const path = await file("8453.json", JSON.stringify({ chainId: "8453", crowdlabel }));
    expect(readDeploymentFile(path)).toEqual({ chainId: 8453, crowdlabel, token: undefined, startBlock: 0 });
  });

  it("names the file and every field to fix", async () => {
    const path = await file("bad.json", JSON.stringify({ chainId: -1, crowdlabel: "0x1234", startBlock: "soon" }));
    const error = (() => {
      try {
        readDeploymentFile(path);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DeploymentFileError);
    expect((error as DeploymentFileError).shortMessage).toBe(`${path} is not a Crowdlabel deployment file.`);
    expect((error as DeploymentFileError).details).toBe(
      'chainId is -1, not a whole number; crowdlabel is "0x1234", not an address; startBlock is "soon", not a whole number. Deploy again (pnpm dev writes the local one; the forge script writes contracts/deployments/), or delete the file.',
    );
  });

  it("refuses a file that is not JSON, is missing, or is for another chain", async () => {
    const half = await file("half.json", '{"chainId": 1');
    expect(() => readDeploymentFile(join(dir, "none.json"))).toThrow(`Cannot read the deployment file ${join(dir, "none.json")}.`);
    expect(() => readDeploymentFile(half)).toThrow(DeploymentFileError);
    expect(() => readDeploymentFile(join(dir, "31337.json"), { chainId: 1 })).toThrow(`${join(dir, "31337.json")} is for chain 31337, not chain 1.`);
  });

  it("puts the local stack's deployment under .crowdlabel/deployments", () => {
    expect(localDeploymentPath("/repo", 31337)).toBe("/repo/.crowdlabel/deployments/31337.json");
  });
});
