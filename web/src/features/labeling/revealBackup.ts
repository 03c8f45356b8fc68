import { isAddress, isHex, type Hex } from "viem";
import type { RevealRecord, RevealVersion } from "./useRevealStore.ts";

/** A file that is not a Crowdlabel reveal backup at all. */
export class RevealBackupError extends Error {
  override name = "RevealBackupError";
}

/** The file the Profile page downloads: every reveal record of the account in this deployment. */
export function revealBackupJson(records: readonly RevealRecord[]): string {
  return JSON.stringify({ kind: "crowdlabel-reveals", version: 1, records }, null, 2);
}

const STATUSES = new Set(["prepared", "committed", "revealed"]);
const isBytes32 = (v: unknown): v is Hex => typeof v === "string" && isHex(v) && v.length === 66;
const isIndex = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** What is wrong with one record of a backup, or null when it can be imported. */
function recordProblem(r: Record<string, unknown>): string | null {
  if (typeof r.deploymentId !== "string" || r.deploymentId === "") return "no deploymentId";
  if (typeof r.chainId !== "number" || !Number.isInteger(r.chainId)) return "chainId is not a number";
  if (typeof r.contract !== "string" || !isAddress(r.contract, { strict: false })) return "contract is not an address";
  if (typeof r.taskId !== "string" || !/^\d+$/.test(r.taskId)) return "taskId is not a decimal number";
  if (!isIndex(r.batchId)) return "batchId is not a whole number";
  if (!isIndex(r.slot)) return "slot is not a whole number";
  if (typeof r.annotator !== "string" || !isAddress(r.annotator, { strict: false })) return "annotator is not an address";
  if (typeof r.labels !== "string" || !isHex(r.labels)) return "labels are not hex";
  if (!isBytes32(r.salt)) return "salt is not 32 bytes of hex";
  if (!isBytes32(r.commitment)) return "commitment is not 32 bytes of hex";
  if (typeof r.status !== "string" || !STATUSES.has(r.status)) return "status is not prepared, committed or revealed";
  if (typeof r.savedAt !== "number") return "savedAt is not a number";
  const earlier = r.earlier;
  if (earlier !== undefined) {
    const valid = (v: unknown) => {
      const e = v as Partial<RevealVersion> | null;
      return !!e && typeof e.labels === "string" && isHex(e.labels) && isBytes32(e.commitment) && (e.slot === undefined || isIndex(e.slot));
    };
    if (!Array.isArray(earlier) || !earlier.every(valid)) return "earlier versions are malformed";
  }
  return null;
}

export type ParsedBackup = {
  /** Records of this deployment, for any account. */
  records: RevealRecord[];
  /** Records of another deployment (chain or contract): useless here. */
  otherDeployment: number;
  /** Records that are malformed, with the first problem found ("record 3: salt is not 32 bytes of hex"). */
  invalid: string[];
};

/** A backup file's records, checked one by one; throws `RevealBackupError` when the file is no backup at all. */
export function parseRevealBackup(text: string, deploymentId: string): ParsedBackup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new RevealBackupError("This file is not JSON. Choose the crowdlabel-reveals-….json file the Profile page downloaded.");
  }
  const backup = parsed as { kind?: unknown; records?: unknown } | null;
  if (!backup || backup.kind !== "crowdlabel-reveals" || !Array.isArray(backup.records)) {
    throw new RevealBackupError("This file is not a Crowdlabel reveal backup. Choose the crowdlabel-reveals-….json file the Profile page downloaded.");
  }
  const out: ParsedBackup = { records: [], otherDeployment: 0, invalid: [] };
  backup.records.forEach((value: unknown, i) => {
    const problem = value && typeof value === "object" ? recordProblem(value as Record<string, unknown>) : "not an object";
    if (problem) out.invalid.push(`record ${i + 1}: ${problem}`);
    else if ((value as RevealRecord).deploymentId !== deploymentId) out.otherDeployment++;
    else out.records.push(value as RevealRecord);
  });
  return out;
}

/**
 * What an import did, in words: how many records were new or newer, how many were already here, and what was skipped
 * and why (another account's records are kept, to reveal once that account connects).
 */
export function importSummary(args: { parsed: ParsedBackup; changed: number; account: string | undefined }): string {
  const { parsed, changed, account } = args;
  const mine = parsed.records.filter((r) => account && r.annotator.toLowerCase() === account.toLowerCase()).length;
  const others = new Map<string, number>();
  for (const r of parsed.records) if (!account || r.annotator.toLowerCase() !== account.toLowerCase()) others.set(r.annotator.toLowerCase(), (others.get(r.annotator.toLowerCase()) ?? 0) + 1);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    changed > 0 ? `Imported ${plural(changed, "new or newer reveal record", "new or newer reveal records")}.` : "Nothing new: this browser already had every record of the file.",
    mine === 0 ? "None of the file's records are this account's." : `${mine} of the file's records ${mine === 1 ? "is" : "are"} this account's.`,
  ];
  for (const [annotator, n] of others) parts.push(`${plural(n, "record belongs", "records belong")} to ${annotator.slice(0, 6)}…${annotator.slice(-4)}: connect that account to reveal ${n === 1 ? "it" : "them"}.`);
  if (parsed.otherDeployment > 0) parts.push(`${plural(parsed.otherDeployment, "record is", "records are")} for another chain or contract and ${parsed.otherDeployment === 1 ? "was" : "were"} skipped.`);
  if (parsed.invalid.length > 0) parts.push(`${plural(parsed.invalid.length, "record is", "records are")} malformed and ${parsed.invalid.length === 1 ? "was" : "were"} skipped (${parsed.invalid.slice(0, 3).join("; ")}).`);
  return parts.join(" ");
}
