import { bytesToHex, hexToBytes, isHex, type Hex } from "viem";
import { CrowdlabelError } from "../errors.ts";

export class LabelOutOfRangeError extends CrowdlabelError {
  override name = "LabelOutOfRangeError";
  readonly item: number;
  readonly label: unknown;
  constructor({ item, label, max }: { item: number; label: unknown; max: number }) {
    super(`Label ${String(label)} of item ${item} is out of range.`, {
      details: `Labels are integers 0..${max}; the value equal to the class count means "cannot label".`,
    });
    this.item = item;
    this.label = label;
  }
}

export type PackLabelsOptions = {
  /** Number of named classes (2..255). When given, labels above it are rejected (it itself means "cannot label"). */
  classCount?: number;
};

/**
 * Packs labels one byte per item, the calldata format of `reveal`. Value `classCount` is the
 * implicit "cannot label / invalid image" answer.
 */
export function packLabels(labels: readonly number[] | Uint8Array, options: PackLabelsOptions = {}): Hex {
  const max = options.classCount ?? 255;
  const bytes = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label > max) throw new LabelOutOfRangeError({ item: i, label, max });
    bytes[i] = label;
  }
  return bytesToHex(bytes);
}

/** Inverse of `packLabels`: one number per item. */
export function unpackLabels(packed: Hex | Uint8Array, options: PackLabelsOptions = {}): number[] {
  if (typeof packed === "string" && !isHex(packed, { strict: true }))
    throw new CrowdlabelError("Packed labels are not valid hex.", { details: `Got ${String(packed).slice(0, 20)}…` });
  const bytes = typeof packed === "string" ? hexToBytes(packed) : packed;
  const labels = Array.from(bytes);
  if (options.classCount !== undefined) {
    const max = options.classCount;
    labels.forEach((label, item) => {
      if (label > max) throw new LabelOutOfRangeError({ item, label, max });
    });
  }
  return labels;
}
