import type { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import type { ContractErrorName } from "viem";

export type ErrorMessage = {
  /** One sentence: what happened, in plain words. */
  title: string;
  /** What the user can do about it. */
  fix: string;
};

type Args = readonly unknown[] | undefined;
type Entry = ErrorMessage | ((args: Args) => ErrorMessage);

const arg = (args: Args, i: number) => (args && args[i] !== undefined ? String(args[i]) : "?");

/** Every custom error of the protocol; the Record type makes a missing one a compile error. */
export const crowdlabelErrorMessages: Record<ContractErrorName<typeof crowdlabelAbi>, Entry> = {
  InvalidToken: { title: "The reward token is not a contract.", fix: "Pick an ERC-20 token address that exists on this network." },
  InvalidItemCount: { title: "The task has no items.", fix: "Add at least one image before creating the task." },
  InvalidBatchSize: { title: "The batch size is out of range.", fix: "Use a batch size between 1 and 256 items." },
  InvalidClassCount: { title: "A task needs at least two classes.", fix: "Define two or more classes." },
  InvalidRedundancy: { title: "The redundancy settings are invalid.", fix: "Use 1 ≤ redundancy ≤ max redundancy ≤ 15." },
  InvalidMinAgreement: { title: "The minimum agreement is invalid.", fix: "Minimum agreement must be between 1 and the max redundancy." },
  InvalidReward: { title: "The reward is zero or the budget is too large.", fix: "Set a positive reward per label and a budget below 2^128 units." },
  InvalidSchedule: {
    title: "A time window is too short or the deadline is in the past.",
    fix: "Give claims and reveals at least 10 minutes, a commit window at least as long as the claim time, and a deadline in the future.",
  },
  InvalidReputationGate: { title: "The agreement gate is above 100%.", fix: "Set the minimum agreement rate between 0 and 100%." },
  FeeOnTransferToken: (args) => ({
    title: `The token delivered ${arg(args, 1)} instead of ${arg(args, 0)} units.`,
    fix: "Tokens that take a fee on transfer are not supported; use a standard ERC-20.",
  }),
  TaskNotFound: { title: "This task does not exist on this deployment.", fix: "Check the task id and that you are on the right network." },
  TaskIsClosed: { title: "The task was closed by its owner.", fix: "Pick another open task in the marketplace." },
  ClaimWindowOver: {
    title: "The task takes no new claims: its deadline is less than one claim's time to commit away.",
    fix: "Finish and reveal work you already hold, or pick another task.",
  },
  NotEligible: (args) => ({
    title: `Your reputation does not meet this task's gate (you have ${arg(args, 0)} revealed labels, ${arg(args, 1)} agreeing).`,
    fix: "Label open tasks without a gate to build up your on-chain record (labels count in other owners' tasks that need at least 2 agreeing votes), then come back.",
  }),
  InvalidClaimCount: { title: "You can claim between 1 and 16 batches at once.", fix: "Choose a number of batches from 1 to 16." },
  ClaimsOutstanding: {
    title: "You still hold batches you have not committed in this task.",
    fix: "Label and commit the batches you hold (or wait until they expire) before claiming more.",
  },
  ClaimPending: {
    title: "You already have a claim waiting to be assigned.",
    fix: "Press “Assign my batches” on the task page to receive them. A claim older than 256 blocks has lapsed: “Clear lapsed claim” settles it (its bond is forfeited), then claim again.",
  },
  NoClaimRequest: { title: "You have no claim waiting in this task.", fix: "Claim batches first." },
  SeedNotReady: { title: "The random assignment is not ready yet.", fix: "Wait for the next block (a few seconds) and try again." },
  NotSlotHolder: { title: "You do not hold a slot in this batch.", fix: "Refresh: the batch may have been reassigned after your claim expired." },
  SlotExpired: { title: "Your claim on this batch expired before you committed.", fix: "Claim new batches; the bond of the expired claim is forfeited." },
  AlreadyCommitted: { title: "You already committed labels for this batch.", fix: "Nothing to do: wait until reveal opens, then reveal." },
  RevealNotOpen: { title: "Reveal is not open for this batch yet.", fix: "Wait until every annotator has committed or the commit window ends." },
  RevealWindowOver: { title: "The reveal window of this batch has ended.", fix: "This reveal can no longer be accepted; its bond is forfeited at finalisation." },
  CommitMismatch: {
    title: "The labels and salt do not match your commitment.",
    fix: "Your saved labels differ from what was committed. Restore the backup from the device you labelled on.",
  },
  WrongLabelCount: (args) => ({
    title: `The batch has ${arg(args, 0)} items but ${arg(args, 1)} labels were sent.`,
    fix: "Reload the task so the batch is rebuilt from its manifest.",
  }),
  LabelOutOfRange: (args) => ({
    title: `Label ${arg(args, 1)} of item ${arg(args, 0)} is not a class of this task.`,
    fix: "Relabel that item; only the task's classes (or “cannot label”) are allowed.",
  }),
  AlreadyRevealed: { title: "These labels were already revealed.", fix: "Nothing to do: wait for the batch to be finalised." },
  NotFinalisable: { title: "This batch cannot be finalised yet.", fix: "Wait until all reveals are in or the reveal window ends." },
  WrongVectorCount: (args) => ({
    title: `The batch has ${arg(args, 0)} slots but ${arg(args, 1)} label vectors were sent.`,
    fix: "Refresh the batch data and finalise again.",
  }),
  LabelsMismatch: (args) => ({
    title: `The labels given for slot ${arg(args, 0)} differ from what it revealed.`,
    fix: "Refresh: the reveal data was stale. The app reads reveals from the chain logs.",
  }),
  NotOwner: { title: "Only the task's owner can do this.", fix: "Switch to the account that created the task." },
  TooEarlyToClose: {
    title: "The task cannot be closed yet.",
    fix: "Close after the deadline once no batch awaits finalisation, or when every batch is done.",
  },
  GoldMismatch: { title: "The gold answers do not match the commitment made at creation.", fix: "Load the exact gold file you downloaded when creating the task." },
  NoGoldCommitment: { title: "This task was created without gold items.", fix: "Nothing to reveal." },
  GoldAlreadyRevealed: { title: "The gold answers were already revealed.", fix: "Nothing to do." },
  LabelingStillOpen: {
    title: "Annotators can still label this task, so its gold answers stay hidden.",
    fix: "Reveal them once the deadline has passed, every batch is done, or the task is closed: answers on chain now could be copied onto the gold items.",
  },
  NothingToWithdraw: { title: "You have nothing to withdraw in this token.", fix: "Earnings appear here once your batches are finalised." },
  BatchNotFound: { title: "This batch does not exist in the task.", fix: "Refresh the task." },
  ReentrancyGuardReentrantCall: { title: "The token tried to call back into the contract.", fix: "This token is not supported." },
  SafeERC20FailedOperation: { title: "The token transfer failed.", fix: "Check your token balance and allowance, then retry." },
};

export const tokenErrorMessages: Partial<Record<ContractErrorName<typeof testTokenAbi>, Entry>> = {
  ERC20InsufficientBalance: { title: "Your token balance is too low.", fix: "Top up the token (on the local chain: use the faucet in the wallet menu)." },
  ERC20InsufficientAllowance: { title: "The contract may not spend enough of your tokens.", fix: "Approve the amount first (the app asks for it before creating a task)." },
  ERC2612ExpiredSignature: { title: "The permit signature expired.", fix: "Sign the permit again." },
  ERC2612InvalidSigner: { title: "The permit was signed by another account.", fix: "Sign with the account that pays." },
  FaucetDisabled: { title: "This token has no faucet on this network.", fix: "Get tokens elsewhere." },
  FaucetLimitExceeded: { title: "The faucet mints at most 1,000,000 tokens per call.", fix: "Ask for less." },
};

/** A plain-words message for a custom error of the protocol or its test token, with what to do about it. */
export function messageFor(name: string, args: Args): ErrorMessage | undefined {
  const entry = (crowdlabelErrorMessages as Record<string, Entry | undefined>)[name] ?? (tokenErrorMessages as Record<string, Entry | undefined>)[name];
  if (!entry) return undefined;
  return typeof entry === "function" ? entry(args) : entry;
}
