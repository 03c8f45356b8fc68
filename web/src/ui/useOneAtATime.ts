import { useCallback, useState } from "react";

/**
 * One action at a time (a second click while a transaction is pending would send a doomed duplicate): `running` is the
 * key of the action in flight, or null; `run(key, action)` marks it running until the action settles.
 */
export function useOneAtATime<K = true>() {
  const [running, setRunning] = useState<K | null>(null);
  const run = useCallback(async (key: K, action: () => Promise<unknown>): Promise<void> => {
    setRunning(key);
    try {
      await action();
    } finally {
      setRunning(null);
    }
  }, []);
  return { running, run };
}
