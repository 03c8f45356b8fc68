export type BatchPhase = "open" | "reveal" | "finalisable" | "done";

export type PhaseInputs = { done: boolean; committed: number; revealed: number; commitDeadline: number; revealOpensAt: number };

/** When the current round's reveal opens (0 when not scheduled), as the contract's `_revealOpensAt`. */
export function revealOpensAt(b: PhaseInputs): number {
  if (b.revealOpensAt !== 0) return b.revealOpensAt;
  if (b.committed !== 0) return b.commitDeadline;
  return 0;
}

/** The contract's `_phase` at chain time `now`. */
export function batchPhase(b: PhaseInputs, revealWindow: number, now: number): BatchPhase {
  if (b.done) return "done";
  const opensAt = revealOpensAt(b);
  if (opensAt === 0 || now < opensAt) return "open";
  if (b.revealed === b.committed || now >= opensAt + revealWindow) return "finalisable";
  return "reveal";
}
