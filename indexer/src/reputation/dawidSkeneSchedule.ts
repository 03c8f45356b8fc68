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
  return grewBy(finalisations, lastRun, 4);
}

/**
 * The same for a pool of several tasks (`dsPool`: one owner's tasks with one number of classes), whose model
 * spans all of them (a pool of one task reuses the task's own fit, on the task's schedule): it runs when the
 * pool's finalisations grew by a quarter, or by a sixteenth when one of its tasks becomes complete or closes.
 * Refitting the whole pool at each end of hundreds of small tasks would cost O(n^2); this way at most the
 * newest quarter of a busy pool's finalisations waits for the next run, and at most a sixteenth once a task
 * is done.
 */
export function shouldRunPoolDawidSkene({ finalisations, lastRun, taskComplete }: { finalisations: number; lastRun: number; taskComplete: boolean }): boolean {
  return finalisations > 0 && grewBy(finalisations, lastRun, taskComplete ? 16 : 4);
}

/** Whether the count grew by at least 1/`divisor` of its value at the last run (and by at least one). */
const grewBy = (finalisations: number, lastRun: number, divisor: number) => finalisations - lastRun >= Math.max(1, Math.floor(lastRun / divisor));
