import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import type { Hex } from "viem";
import { CrowdlabelError } from "../errors.ts";
import { readDeploymentFile } from "../deployment/deploymentFile.ts";
import { anvilPrivateKeys } from "./anvilAccounts.ts";
import type { Deployment } from "./deployProtocol.ts";
import { repoRoot, rootBin } from "./repoRoot.ts";

export type DeployWithForgeOptions = {
  rpcUrl: string;
  privateKey?: Hex;
  /** Enable the test token's faucet (the script defaults to on for chain id 31337 only). */
  faucet?: boolean;
  /** Where the script writes the deployment JSON; must be under contracts/deployments or .crowdlabel. */
  outFile: string;
};

export class ForgeScriptError extends CrowdlabelError {
  override name = "ForgeScriptError";
}

/** Runs contracts/script/Deploy.s.sol with `forge script --broadcast`, as an operator would. */
export async function deployWithForge(options: DeployWithForgeOptions): Promise<Deployment> {
  const root = repoRoot();
  const outFile = isAbsolute(options.outFile) ? options.outFile : join(root, options.outFile);
  mkdirSync(dirname(outFile), { recursive: true }); // forge's writeJson does not create folders
  const env: NodeJS.ProcessEnv = { ...process.env, DEPLOYMENT_FILE: relative(root, outFile) };
  if (options.faucet !== undefined) env.FAUCET = String(options.faucet);
  const args = [
    "script",
    "contracts/script/Deploy.s.sol:Deploy",
    "--rpc-url",
    options.rpcUrl,
    "--private-key",
    options.privateKey ?? anvilPrivateKeys[0],
    "--broadcast",
    "--slow",
  ];
  await new Promise<string>((resolve, reject) => {
    const child = spawn(rootBin("forge"), args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (c: Buffer) => (text += c.toString()));
    child.stderr.on("data", (c: Buffer) => (text += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(text)
        : reject(new ForgeScriptError(`forge script failed (exit ${code})`, { details: text.slice(-2000) })),
    );
  });
  const { token, ...deployment } = readDeploymentFile(outFile);
  if (!token) throw new ForgeScriptError(`forge script wrote no token address to ${outFile}.`);
  return { ...deployment, token };
}
