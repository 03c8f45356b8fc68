import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";
import { generateSalt } from "./generateSalt.ts";
import { packLabels } from "./packLabels.ts";
import { CrowdlabelError } from "../errors.ts";
import { parseJson } from "../parseJson.ts";

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

const isHex = (value: unknown, bytes?: number): value is Hex =>
  typeof value === "string" && /^0x([0-9a-fA-F]{2})*$/.test(value) && (bytes === undefined || value.length === 2 + 2 * bytes);
const isUint32 = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffff_ffff;

/** The first field of a gold file that revealGold could not take, and what it must be. */
function badGoldField(value: { [K in keyof GoldFile]?: unknown }): { field: keyof GoldFile; expected: string } | undefined {
  if (!Array.isArray(value.items) || !value.items.every(isUint32)) return { field: "items", expected: "a list of image indexes (whole numbers from 0)" };
  if (!isHex(value.labels, value.items.length)) return { field: "labels", expected: "0x and two hex digits per image of items" };
  if (!isHex(value.salt, 32)) return { field: "salt", expected: "0x and 64 hex digits" };
  if (value.commitment !== undefined && !isHex(value.commitment, 32)) return { field: "commitment", expected: "0x and 64 hex digits" };
  return undefined;
}

/** Reads a gold file and checks its answers against its commitment. */
export function parseGoldFile(text: string): GoldFile {
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (error) {
    throw new GoldFileError("This is not a Crowdlabel gold file: it is not valid JSON.", { details: (error as Error).message });
  }
  if (!parsed || typeof parsed !== "object") throw new GoldFileError("This is not a Crowdlabel gold file.");
  const value = parsed as { [K in keyof GoldFile]?: unknown };
  if (value.kind !== "crowdlabel-gold") throw new GoldFileError("This is not a Crowdlabel gold file.");
  const bad = badGoldField(value);
  if (bad)
    throw new GoldFileError(`The gold file's ${bad.field} is not valid: ${JSON.stringify(value[bad.field])?.slice(0, 80)}.`, {
      details: `It must be ${bad.expected}. Use the file crowdlabel create --gold wrote, unedited: the answers can only be revealed with it.`,
    });
  const gold = value as GoldFile;
  const commitment = goldCommitment(gold.items, gold.labels, gold.salt);
  if (gold.commitment && gold.commitment.toLowerCase() !== commitment.toLowerCase()) throw new GoldFileError("The gold file is corrupted: its commitment does not match its answers.");
  return { ...gold, commitment };
}
