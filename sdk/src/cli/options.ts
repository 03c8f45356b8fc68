import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { isAddress, type Address } from "viem";
import { CrowdlabelError } from "../errors.ts";
import { ipfsConfigFromEnv, type IpfsConfig } from "../ipfs/ipfsConfig.ts";
import { validateManifest } from "../manifest/parseManifest.ts";
import { ManifestValidationError } from "../manifest/ManifestValidationError.ts";
import { parseJson } from "../parseJson.ts";

/** A mistake in the command line or its environment; printed as one line plus a hint, exit code 1. */
export class UsageError extends CrowdlabelError {
  override name = "UsageError";
}

type Env = Record<string, string | undefined>;

/** Where a command prints and what environment it reads (tests pass their own). */
export type CliIo = { out: (line: string) => void; err: (line: string) => void; env: Env };

/**
 * Resolves a path the user typed against the folder they typed it in. `pnpm --filter … cli`
 * runs the CLI inside sdk/, but sets INIT_CWD to the folder pnpm was started from.
 */
export function resolveUserPath(path: string, env: Env, cwd: string = process.cwd()): string {
  return resolve(env.INIT_CWD || cwd, path);
}

/** Fails with a UsageError unless `path` is an existing folder. */
export async function requireFolder(path: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") throw new UsageError(`${path} does not exist.`, { details: "Pass the folder that holds the images." });
    throw error;
  }
  if (!isFolder) throw new UsageError(`${path} is not a folder.`, { details: "upload takes a folder of images, e.g. crowdlabel upload ./images" });
}

/** `--concurrency <n>`: a whole number of at least 1. */
export function concurrencyOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--concurrency must be a whole number of at least 1, got "${value}".`, { details: "e.g. --concurrency 4" });
  return Number(value);
}

/** `--from-block <n>`: a block number, or undefined when not given. */
export function fromBlockOption(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--from-block must be a block number, got "${value}".`, { details: "e.g. --from-block 0" });
  return BigInt(value);
}

const ipfsUrlVariables = ["IPFS_API_URL", "IPFS_GATEWAY_URL"] as const;

/** ipfsConfigFromEnv, after checking that the URL variables that are set hold http(s) URLs. */
export function ipfsConfigFromCliEnv(env: Env): IpfsConfig {
  for (const name of ipfsUrlVariables) {
    const value = env[name];
    if (value && !isHttpUrl(value))
      throw new UsageError(`${name} is not an http(s) URL: "${value}".`, { details: `Set ${name} to a URL such as ${name === "IPFS_API_URL" ? "http://127.0.0.1:5001" : "http://127.0.0.1:8080"}, or unset it for that default.` });
  }
  return ipfsConfigFromEnv(env);
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** Any valid CID: stands in for the items a template does not have yet, so the rest of it can be validated. */
const PLACEHOLDER_ITEM = { cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", mediaType: "image/png", width: 1, height: 1 };

/**
 * Reads a manifest template (a manifest without its items) and checks everything but the items,
 * so a broken template is reported before any image is uploaded.
 */
export async function readManifestTemplate(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, "utf8");
  let template: unknown;
  try {
    template = parseJson(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON.`, { details: (error as Error).message });
  }
  if (typeof template !== "object" || template === null || Array.isArray(template))
    throw new UsageError(`${path} is not a manifest template.`, { details: "It must be a JSON object; start from crowdlabel manifest init." });
  const result = validateManifest({ ...template, items: [PLACEHOLDER_ITEM] });
  if (!result.success) throw new ManifestValidationError(result.issues);
  return template as Record<string, unknown>;
}

/**
 * An address the user gave, in `--<flag>` or else the environment variable `variable`; undefined when neither is set,
 * a UsageError naming where it came from when it is not an address (a typo in a mixed-case one breaks its checksum).
 */
export function givenAddress({ flag, variable, values, env }: { flag: string; variable: string; values: Record<string, unknown>; env: Env }): Address | undefined {
  const fromFlag = values[flag];
  const value = typeof fromFlag === "string" ? fromFlag : env[variable];
  if (value === undefined) return undefined;
  if (!isAddress(value))
    throw new UsageError(`${typeof fromFlag === "string" ? `--${flag}` : variable} is not a valid address: "${value}".`, {
      details: "An address is 0x and 40 hex digits; in mixed case it must also match its checksum, which a typo breaks. Copy it again, or write it all in lowercase.",
    });
  return value;
}

/** `--rpc` and `--contract`: where every chain command reads (see `connectChain`). */
export const connectionOptions = { rpc: { type: "string" }, contract: { type: "string" } } as const;

/** `--task <id>`: a task id, required. */
export function taskIdOption(value: string | undefined): bigint {
  if (!value || !/^\d+$/.test(value)) throw new UsageError("--task <id> is required.", { details: "The task id printed when the task was created (1, 2, …)." });
  if (BigInt(value) >= 2n ** 256n) throw new UsageError(`--task is not a task id (more than 256 bits): "${value}".`);
  return BigInt(value);
}

/** `--yes`: commands that send transactions only print what they would send without it. */
export const yesOption = { yes: { type: "boolean", default: false } } as const;

/** Says that nothing was sent when `--yes` is absent; true then (the command stops after its dry run). */
export function nothingSent(io: CliIo, yes: boolean | undefined): boolean {
  if (!yes) io.out("Nothing sent: run again with --yes to sign and send.");
  return !yes;
}
