import { useShallow } from "zustand/react/shallow";
import { useTxStore } from "../transactions/useTxStore.ts";
import { useRevealStore } from "./useRevealStore.ts";

/**
 * Keys (deployment|task|batch|annotator) of the batches whose commit was sent and is still pending in the activity log.
 * Such a batch still reads "claimed" on chain, but a second commit would revert once the first is mined.
 */
export function useCommitPending(): ReadonlySet<string> {
  const pending = useTxStore(useShallow((s) => s.txs.filter((t) => t.status === "pending" && t.hash).map((t) => t.hash!.toLowerCase())));
  const sent = useRevealStore(
    useShallow((s) =>
      Object.entries(s.records)
        .filter(([, r]) => r.status === "prepared" && r.commitTx && pending.includes(r.commitTx.toLowerCase()))
        .map(([key]) => key),
    ),
  );
  return new Set(sent);
}
