/**
 * Whether a task's Dawid-Skene model is re-estimated after its `finalisations`-th finalisation.
 * EM runs over every label of the task, so running it on every batch would cost O(n^2); instead it
 * runs whenever the finalisations grew by a quarter since the last run (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, …)
 * and whenever the task becomes complete or closes. The schedule depends only on the event sequence,
 * so a re-index recomputes the same estimates.
 */
export function shouldRunDawidSkene({ finalisations, lastRun, complete }: { finalisations: number; lastRun: number; complete: boolean }): boolean {
  if (finalisations === 0) return false;
  if (complete) return finalisations !== lastRun;
  return finalisations - lastRun >= Math.max(1, Math.floor(lastRun / 4));
}
