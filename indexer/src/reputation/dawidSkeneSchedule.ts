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
 * The same for a pool of tasks (`dsPool`), whose model spans every task with the same classes: it runs
 * when the pool's finalisations grew by an eighth, or by a thirty-second when one of its tasks becomes
 * complete or closes. A pool of hundreds of small tasks would otherwise refit everything at each task's
 * end; this way the newest eighth of a pool's labels at most waits for the next run, and a finished
 * task's labels at most a thirty-second.
 */
export function shouldRunPoolDawidSkene({ finalisations, lastRun, taskComplete }: { finalisations: number; lastRun: number; taskComplete: boolean }): boolean {
  return finalisations > 0 && grewBy(finalisations, lastRun, taskComplete ? 32 : 8);
}

const grewBy = (finalisations: number, lastRun: number, fraction: number) => finalisations - lastRun >= Math.max(1, Math.floor(lastRun / fraction));
