import { BatchPhase } from "@crowdlabel/sdk";
/** Slot states as the contract stores them. */
export const SlotState = { Empty: 0, Claimed: 1, Committed: 2, Revealed: 3, Forfeited: 4 } as const;
export { BatchPhase };

export type BatchStatus =
  | "label" // claimed: label and commit before the claim expires
  | "expired" // claim expired before commit (bond at risk / forfeited)
  | "lost" // expired and handed to someone else
  | "waiting-commits" // committed; waiting for the other slots of the round (or the commit window)
  | "reveal-open" // committed; reveal now
  | "waiting-reveals" // revealed; waiting for the others
  | "finalisable" // everyone revealed (or window over): anyone can finalise
  | "finalised" // round settled; rewards credited
  | "missed-reveal" // the reveal window closed before this slot revealed
  | "forfeited"; // bond forfeited

export type BatchStatusInput = {
  held: boolean;
  slotIndex: number;
  slotState: number;
  expiresAt: number;
  phase: number;
  roundStart: number;
  revealOpensAt: number;
  revealWindow: number;
  now: number;
};

/** Where my slot in a batch stands, from chain reads only. */
export function batchStatus(i: BatchStatusInput): BatchStatus {
  if (!i.held) return "lost";
  switch (i.slotState) {
    case SlotState.Claimed:
      return i.now >= i.expiresAt ? "expired" : "label";
    case SlotState.Committed:
      if (i.slotIndex < i.roundStart || i.phase === BatchPhase.Done) return "forfeited";
      if (i.phase === BatchPhase.Open) return "waiting-commits";
      if (i.phase === BatchPhase.Reveal) return i.now < i.revealOpensAt + i.revealWindow ? "reveal-open" : "missed-reveal";
      return "missed-reveal";
    case SlotState.Revealed:
      if (i.slotIndex < i.roundStart || i.phase === BatchPhase.Done || i.phase === BatchPhase.Open) return "finalised";
      if (i.phase === BatchPhase.Reveal) return "waiting-reveals";
      return "finalisable";
    case SlotState.Forfeited:
      return "forfeited";
    default:
      return "lost";
  }
}

export const statusText: Record<BatchStatus, { label: string; tone?: "ok" | "warn" | "danger" | "accent"; help: string }> = {
  label: { label: "To label", tone: "accent", help: "Label every item, then commit before the claim expires." },
  expired: { label: "Claim expired", tone: "danger", help: "The claim expired before a commit; its bond is forfeited when someone takes the slot." },
  lost: { label: "Reassigned", tone: "danger", help: "The claim expired and the slot went to someone else." },
  "waiting-commits": { label: "Waiting for others", help: "Committed. Reveal opens when every slot has committed or the commit window ends." },
  "reveal-open": { label: "Reveal now", tone: "warn", help: "Reveal is open: reveal your labels before the window ends to get your bond back and be paid." },
  "waiting-reveals": { label: "Revealed", tone: "ok", help: "Revealed. Waiting for the other annotators to reveal." },
  finalisable: { label: "Ready to finalise", tone: "accent", help: "Everyone revealed (or the window ended). Anyone can finalise to settle rewards." },
  finalised: { label: "Finalised", tone: "ok", help: "Consensus reached for this round; rewards are credited (see Profile → Earnings)." },
  "missed-reveal": { label: "Reveal missed", tone: "danger", help: "The reveal window closed; the bond of this slot is forfeited." },
  forfeited: { label: "Forfeited", tone: "danger", help: "The bond of this slot was forfeited." },
};

/** A batch whose commit was sent and is not mined yet (`useCommitPending`): on chain it still reads "label". */
export const commitPendingStatus = {
  label: "Commit pending",
  tone: "accent",
  help: "Your commit was sent and is waiting for confirmation (see the activity log).",
} as const satisfies (typeof statusText)[BatchStatus];

/** What a task without a bond tells its annotators instead of the bond wording above. */
const withoutBond: Partial<Record<BatchStatus, string>> = {
  expired: "The claim expired before a commit; the slot goes to someone else.",
  "reveal-open": "Reveal is open: reveal your labels before the window ends to be paid.",
  "missed-reveal": "The reveal window closed before your reveal; these labels do not count and earn nothing.",
  forfeited: "The claim expired uncommitted and the slot was given up.",
};

/** A batch status's label, tone and explanation; the explanation mentions bonds only when the task takes them. */
export function describeStatus(status: BatchStatus, hasBond: boolean): { label: string; tone?: "ok" | "warn" | "danger" | "accent"; help: string } {
  const base = statusText[status];
  return hasBond ? base : { ...base, help: withoutBond[status] ?? base.help };
}

