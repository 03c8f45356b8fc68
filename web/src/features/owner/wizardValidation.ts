import { MAX_BATCH_SIZE, MAX_IMAGE_BYTES, MAX_REDUNDANCY, MAX_TOKEN_AMOUNT, MAX_WINDOW_SECONDS, fractionDigits, supportedMediaTypes, taskBudget } from "@crowdlabel/sdk";
import { parseUnits } from "viem";
import { MAX_BUDGET } from "./budget.ts";

/** The contract's MIN_WINDOW (10 minutes): the shortest claim TTL and reveal window a task may set. */
export const MIN_WINDOW_MINUTES = 10;
/** Time a deadline must leave beyond one claim's time to commit, so a claim can still be made after the task is created. */
const DEADLINE_MARGIN_SECONDS = 600;
/** Windows are uint32 seconds on chain. */
const MAX_WINDOW_MINUTES = Math.floor(MAX_WINDOW_SECONDS / 60);

export type DraftClass = { name: string; hotkey: string; colour: string; description?: string };

export type DraftSettings = {
  title: string;
  description: string;
  batchSize: number;
  redundancy: number;
  maxRedundancy: number;
  minAgreement: number;
  /** Decimal string in token units, e.g. "0.5". */
  reward: string;
  bond: string;
  claimTtlMinutes: number;
  commitWindowMinutes: number;
  revealWindowMinutes: number;
  /** Unix seconds. */
  deadline: number;
  minLabelsRevealed: number;
  /** 0..100 */
  minAgreementPercent: number;
};

export type Errors = Record<string, string>;

const palette = ["#e4572e", "#29335c", "#f3a712", "#669bbc", "#a8c686", "#8e7dbe", "#db5a98", "#2a9d8f", "#bc6c25", "#6d6875"];
/** The colour of class `i` in a new task. */
export const colourFor = (i: number) => palette[i % palette.length]!;

/** A new task's settings: 3 labels per image (up to 5), agreement at 2, 0.5 per label, bond 1, open two weeks. */
export function defaultSettings(now = Math.floor(Date.now() / 1000)): DraftSettings {
  return {
    title: "",
    description: "",
    batchSize: 10,
    redundancy: 3,
    maxRedundancy: 5,
    minAgreement: 2,
    reward: "0.5",
    bond: "1",
    claimTtlMinutes: 60,
    commitWindowMinutes: 120,
    revealWindowMinutes: 60,
    deadline: now + 14 * 86400,
    minLabelsRevealed: 0,
    minAgreementPercent: 0,
  };
}

const MAX_UINT32 = 2 ** 32 - 1;

/** What `createTask` takes from the settings: seconds, basis points and token amounts (settings that pass validateSettings). */
export function draftTaskTerms(s: DraftSettings, decimals: number) {
  return {
    batchSize: s.batchSize,
    redundancy: s.redundancy,
    maxRedundancy: s.maxRedundancy,
    minAgreement: s.minAgreement,
    rewardPerLabel: parseUnits(s.reward.trim(), decimals),
    bondPerClaim: parseUnits(s.bond.trim() || "0", decimals),
    claimTtl: Math.round(s.claimTtlMinutes * 60),
    commitWindow: Math.round(s.commitWindowMinutes * 60),
    revealWindow: Math.round(s.revealWindowMinutes * 60),
    deadline: s.deadline,
    minLabelsRevealed: s.minLabelsRevealed,
    minAgreementBps: Math.round(s.minAgreementPercent * 100),
  };
}

/** Type and size check for a dropped file. */
export function checkImageFile(file: { name: string; type: string; size: number }): string | undefined {
  if (!(supportedMediaTypes as readonly string[]).includes(file.type)) return `${file.name}: ${file.type || "unknown type"} is not a supported image (PNG, JPEG, WebP, GIF, AVIF, BMP, SVG).`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_IMAGE_BYTES) return `${file.name} is larger than ${MAX_IMAGE_BYTES / 2 ** 20} MiB.`;
  return undefined;
}

/** Class errors name the other class by its number in the classes table, which counts from 0 (the class id). */
export function validateClasses(classes: readonly DraftClass[]): Errors {
  const errors: Errors = {};
  if (classes.length < 2) errors.classes = "Define at least two classes.";
  if (classes.length > 35) errors.classes = "At most 35 classes have a one-key hotkey (1-9, 0, a-z).";
  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  classes.forEach((c, i) => {
    const name = c.name.trim();
    if (!name) errors[`classes.${i}.name`] = "Name the class.";
    else if (name.length > 100) errors[`classes.${i}.name`] = "At most 100 characters.";
    else if (names.has(name.toLowerCase())) errors[`classes.${i}.name`] = `Same name as class ${names.get(name.toLowerCase())!}.`;
    else names.set(name.toLowerCase(), i);
    if (!/^[0-9a-z]$/.test(c.hotkey)) errors[`classes.${i}.hotkey`] = "One key: 0-9 or a-z.";
    else if (keys.has(c.hotkey)) errors[`classes.${i}.hotkey`] = `Used by class ${keys.get(c.hotkey)!}.`;
    else keys.set(c.hotkey, i);
    if (!/^#[0-9a-fA-F]{6}$/.test(c.colour)) errors[`classes.${i}.colour`] = "Colour must be #rrggbb.";
  });
  return errors;
}

/** Next free hotkey in the order 1-9, 0, a-z. */
export function nextHotkey(used: readonly string[]): string {
  const order = "1234567890abcdefghijklmnopqrstuvwxyz".split("");
  return order.find((k) => !used.includes(k)) ?? "";
}

/** A token amount typed as "0.5", in base units; undefined when it is not one, or has more decimals than the token. */
export function parseAmount(value: string, decimals: number): bigint | undefined {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  // parseUnits would round the extra digits, and the task would pay other amounts than typed.
  if (fractionDigits(value) > decimals) return undefined;
  try {
    return parseUnits(value.trim(), decimals);
  } catch {
    return undefined;
  }
}

/** Each setting's label as the settings step shows it (amounts add the token symbol). */
export const settingLabels: Record<keyof DraftSettings, string> = {
  title: "Title",
  description: "Short description",
  batchSize: "Images per batch",
  redundancy: "Redundancy (labels per image)",
  maxRedundancy: "Max redundancy",
  minAgreement: "Minimum agreement (votes)",
  reward: "Reward per agreeing label",
  bond: "Bond per claimed batch",
  claimTtlMinutes: "Time to commit a claim (min)",
  commitWindowMinutes: "Commit window (min)",
  revealWindowMinutes: "Reveal window (min)",
  deadline: "Deadline",
  minLabelsRevealed: "Minimum revealed labels",
  minAgreementPercent: "Minimum agreement rate (%)",
};

/** What keeps the wizard on the settings step: the labels of the fields with an error, in form order; null when none has one. */
export function settingsBlocker(errors: Errors): string | null {
  const names = (Object.keys(settingLabels) as (keyof DraftSettings)[]).filter((key) => errors[key]).map((key) => settingLabels[key]);
  if (names.length === 0) return null;
  return `Fix ${names.length === 1 ? "this setting" : `these ${names.length} settings`}: ${names.join(", ")}.`;
}

export function validateSettings(s: DraftSettings, ctx: { itemCount: number; decimals: number; now: number }): Errors {
  const errors: Errors = {};
  if (!s.title.trim()) errors.title = "Give the task a title.";
  else if (s.title.length > 200) errors.title = "At most 200 characters.";
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1 || s.batchSize > MAX_BATCH_SIZE) errors.batchSize = `Between 1 and ${MAX_BATCH_SIZE}.`;
  if (!Number.isInteger(s.redundancy) || s.redundancy < 1 || s.redundancy > MAX_REDUNDANCY) errors.redundancy = `Between 1 and ${MAX_REDUNDANCY}.`;
  if (!Number.isInteger(s.maxRedundancy) || s.maxRedundancy < s.redundancy || s.maxRedundancy > MAX_REDUNDANCY)
    errors.maxRedundancy = `Between the redundancy (${s.redundancy}) and ${MAX_REDUNDANCY}.`;
  if (!Number.isInteger(s.minAgreement) || s.minAgreement < 1 || s.minAgreement > s.maxRedundancy) errors.minAgreement = `Between 1 and the max redundancy (${s.maxRedundancy}).`;
  else if (s.minAgreement > s.redundancy && s.maxRedundancy === s.redundancy) errors.minAgreement = "Cannot be reached: raise redundancy or max redundancy.";
  const tooPrecise = (value: string) => /^\d+\.\d+$/.test(value.trim()) && fractionDigits(value) > ctx.decimals;
  const reward = parseAmount(s.reward, ctx.decimals);
  if (tooPrecise(s.reward)) errors.reward = `At most ${ctx.decimals} decimals (the token's).`;
  else if (reward === undefined || reward === 0n) errors.reward = "A positive amount, e.g. 0.5.";
  else if (taskBudget({ itemCount: ctx.itemCount, maxRedundancy: s.maxRedundancy, rewardPerLabel: reward }) > MAX_BUDGET) errors.reward = "The budget is too large.";
  else if (reward > MAX_TOKEN_AMOUNT) errors.reward = "Too large.";
  const bond = parseAmount(s.bond || "0", ctx.decimals);
  if (tooPrecise(s.bond)) errors.bond = `At most ${ctx.decimals} decimals (the token's).`;
  else if (bond === undefined) errors.bond = "An amount, 0 for no bond.";
  else if (bond > MAX_TOKEN_AMOUNT) errors.bond = "Too large.";
  for (const [key, v] of [
    ["claimTtlMinutes", s.claimTtlMinutes],
    ["commitWindowMinutes", s.commitWindowMinutes],
    ["revealWindowMinutes", s.revealWindowMinutes],
  ] as const) {
    if (!Number.isFinite(v) || v < MIN_WINDOW_MINUTES) errors[key] = `At least ${MIN_WINDOW_MINUTES} minutes.`;
    else if (v > MAX_WINDOW_MINUTES) errors[key] = `At most ${MAX_WINDOW_MINUTES.toLocaleString("en-US")} minutes.`;
  }
  // Every claim gets its whole time to commit inside its round, so a round takes new claims only while one still fits.
  if (!errors.commitWindowMinutes && !errors.claimTtlMinutes && s.commitWindowMinutes < s.claimTtlMinutes)
    errors.commitWindowMinutes = "At least the time to commit a claim.";
  // The contract takes a claim only while its whole time to commit fits before the deadline: a nearer deadline makes a
  // task nobody can claim, its budget escrowed until then.
  if (!Number.isFinite(s.deadline) || s.deadline <= ctx.now + 60) errors.deadline = "Must be in the future.";
  else if (!errors.claimTtlMinutes && s.deadline < ctx.now + s.claimTtlMinutes * 60 + DEADLINE_MARGIN_SECONDS)
    errors.deadline = `Leave annotators time to claim: at least the time to commit (${s.claimTtlMinutes} minutes) and ${DEADLINE_MARGIN_SECONDS / 60} more from now.`;
  if (!Number.isInteger(s.minLabelsRevealed) || s.minLabelsRevealed < 0) errors.minLabelsRevealed = "0 or more.";
  else if (s.minLabelsRevealed > MAX_UINT32) errors.minLabelsRevealed = `At most ${MAX_UINT32.toLocaleString("en-US")} (the contract stores it in 32 bits).`;
  if (!Number.isFinite(s.minAgreementPercent) || s.minAgreementPercent < 0 || s.minAgreementPercent > 100) errors.minAgreementPercent = "Between 0 and 100.";
  // The contract keeps the rate in basis points: a finer figure would be rounded to another gate than the one shown.
  else if (Math.abs(s.minAgreementPercent * 100 - Math.round(s.minAgreementPercent * 100)) > 1e-6)
    errors.minAgreementPercent = "At most two decimals (the contract keeps basis points, e.g. 33.33).";
  return errors;
}
