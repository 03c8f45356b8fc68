import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "../ui/Alert.tsx";
import { retryUnsavedWrites, useUnsavedWrites } from "../lib/localWrites.ts";
import { removeRevealedWork, revealedWorkKeys } from "../features/labeling/finishedWork.ts";

/** Shown while the browser refuses to save one of the app's stores: what is at risk, and how to make room. */
export function StorageFullAlert() {
  const unsaved = useUnsavedWrites((s) => s.unsaved);
  const [message, setMessage] = useState<string | null>(null);
  if (Object.keys(unsaved).length === 0) return null;
  const revealed = revealedWorkKeys().length;
  return (
    <div style={{ maxWidth: 1200, margin: "0.75rem auto 0", padding: "0 1.25rem" }}>
      <Alert
        tone="danger"
        testId="storage-full"
        title="This browser's storage for Crowdlabel is full: your latest work is not saved."
        action={
          <div className="row">
            {revealed > 0 ? (
              <button
                type="button"
                className="btn sm"
                data-testid="storage-free-revealed"
                onClick={() => {
                  const removed = removeRevealedWork();
                  retryUnsavedWrites();
                  setMessage(`Removed the saved labels of ${removed} revealed batch${removed === 1 ? "" : "es"}.`);
                }}
              >
                Remove {revealed} revealed batch{revealed === 1 ? "" : "es"}
              </button>
            ) : null}
            <button type="button" className="btn primary sm" data-testid="storage-retry" onClick={() => retryUnsavedWrites()}>
              Try again
            </button>
          </div>
        }
      >
        Labels and reveal records made since then are only in this tab: closing or reloading it loses them, and commits
        wait until they can be saved. <Link to="/profile">Download your reveal backup</Link> first. Then make room:
        batches you already revealed are on chain, so their saved labels can go. Do not clear the site's data in the
        browser's settings: that also deletes the labels you have not revealed.
        {message ? <div>{message}</div> : null}
      </Alert>
    </div>
  );
}
