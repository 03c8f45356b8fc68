import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";
import { generateSalt } from "./generateSalt.ts";
import { packLabels } from "./packLabels.ts";
import { CrowdlabelError } from "../errors.ts";

/** Gold answers as committed at task creation and revealed later (keep the file!). */
export type GoldFile = {
  kind: "crowdlabel-gold";
  version: 1;
  chainId: number;
  contract: Address;
  manifestCid: string;
  taskId?: string;
  items: number[];
  labels: Hex;
  salt: Hex;
  commitment: Hex;
};

/** keccak256(abi.encode(uint32[] items, bytes labels, bytes32 salt)), as Crowdlabel.revealGold checks it. */
export function goldCommitment(items: readonly number[], labels: Hex, salt: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "uint32[]" }, { type: "bytes" }, { type: "bytes32" }], [items, labels, salt]));
}

/** Builds the gold file from item -> class answers (items sorted, one byte per answer). */
export function makeGold(p: {
  answers: ReadonlyMap<number, number> | Record<number, number>;
  classCount: number;
  chainId: number;
  contract: Address;
  manifestCid: string;
  salt?: Hex;
}): GoldFile {
  const entries = (p.answers instanceof Map ? [...p.answers.entries()] : Object.entries(p.answers).map(([k, v]) => [Number(k), v] as const)).sort((a, b) => a[0] - b[0]);
  const items = entries.map(([item]) => item);
  const labels = packLabels(
    entries.map(([, label]) => label),
    { classCount: p.classCount },
  );
  const salt = p.salt ?? generateSalt();
  return { kind: "crowdlabel-gold", version: 1, chainId: p.chainId, contract: p.contract, manifestCid: p.manifestCid, items, labels, salt, commitment: goldCommitment(items, labels, salt) };
}

/** A gold file that cannot be read, or whose answers do not hash to its commitment. */
export class GoldFileError extends CrowdlabelError {
  override name = "GoldFileError";
}

/** Reads a gold file and checks its answers against its commitment. */
export function parseGoldFile(text: string): GoldFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GoldFileError("This is not a Crowdlabel gold file: it is not valid JSON.", { details: (error as Error).message });
  }
  if (!parsed || typeof parsed !== "object") throw new GoldFileError("This is not a Crowdlabel gold file.");
  const value = parsed as Partial<GoldFile>;
  if (value.kind !== "crowdlabel-gold" || !Array.isArray(value.items) || typeof value.labels !== "string" || typeof value.salt !== "string")
    throw new GoldFileError("This is not a Crowdlabel gold file.");
  const commitment = goldCommitment(value.items, value.labels as Hex, value.salt as Hex);
  if (value.commitment && value.commitment.toLowerCase() !== commitment.toLowerCase()) throw new GoldFileError("The gold file is corrupted: its commitment does not match its answers.");
  return { ...(value as GoldFile), commitment };
}
