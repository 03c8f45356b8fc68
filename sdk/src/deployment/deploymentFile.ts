import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { CrowdlabelError } from "../errors.ts";

/**
 * What contracts/script/Deploy.s.sol writes: `contracts/deployments/<chainId>.json` for a real chain, or
 * `.crowdlabel/deployments/<chainId>.json` for the one `pnpm dev` starts.
 */
export type DeploymentFile = { chainId: number; crowdlabel: Address; token: Address | undefined; startBlock: number };

/** A deployment file that cannot be read, is not one, or is for another chain; the message names the file. */
export class DeploymentFileError extends CrowdlabelError {
  override name = "DeploymentFileError";
}

const REDEPLOY = "Deploy again (pnpm dev writes the local one; the forge script writes contracts/deployments/), or delete the file.";

/** Where `pnpm dev` writes a local chain's deployment, under the repository root `root`. */
export const localDeploymentPath = (root: string, chainId: number): string => join(root, ".crowdlabel", "deployments", `${chainId}.json`);

/** Reads and checks a deployment file; `chainId`: the chain it must be for. */
export function readDeploymentFile(path: string, options: { chainId?: number } = {}): DeploymentFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DeploymentFileError(`Cannot read the deployment file ${path}.`, { details: `${(error as Error).message}. ${REDEPLOY}`, cause: error });
  }
  const fields = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const integer = (name: string, fallback?: number) => {
    const raw = fields[name] ?? fallback;
    const value = typeof raw === "number" || (typeof raw === "string" && /^\d+$/.test(raw)) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`${name} is ${JSON.stringify(raw) ?? "missing"}, not a whole number`);
    return value;
  };
  const address = (name: string, optional: boolean) => {
    const raw = fields[name];
    if (raw === undefined && optional) return undefined;
    if (typeof raw === "string" && isAddress(raw, { strict: false })) return getAddress(raw);
    problems.push(`${name} is ${JSON.stringify(raw) ?? "missing"}, not an address`);
    return undefined;
  };
  const file = { chainId: integer("chainId"), crowdlabel: address("crowdlabel", false), token: address("token", true), startBlock: integer("startBlock", 0) };
  if (problems.length || !file.crowdlabel)
    throw new DeploymentFileError(`${path} is not a Crowdlabel deployment file.`, { details: `${problems.join("; ")}. ${REDEPLOY}` });
  if (options.chainId !== undefined && file.chainId !== options.chainId)
    throw new DeploymentFileError(`${path} is for chain ${file.chainId}, not chain ${options.chainId}.`, {
      details: "Point to the deployment on the chain you connect to, or connect to the chain of this one.",
    });
  return { ...file, crowdlabel: file.crowdlabel };
}
