/**
 * The largest values `createTask` stores, by the contract's field widths: token amounts per label and per claim
 * (uint96), windows in seconds (uint32) and the deadline in unix seconds (uint40).
 */
export const MAX_TOKEN_AMOUNT = 2n ** 96n - 1n;
export const MAX_WINDOW_SECONDS = 2 ** 32 - 1;
export const MAX_DEADLINE = 2 ** 40 - 1;
/** Largest R_max (`Crowdlabel.MAX_REDUNDANCY`), and the number of slot indices a batch has over all its rounds. */
export const MAX_REDUNDANCY = 15;

/** Digits after the decimal point of an amount typed as "0.25" (0 for "3"): more than the token's are refused, not rounded. */
export function fractionDigits(value: string): number {
  return value.trim().split(".")[1]?.length ?? 0;
}
