import { Alert } from "../../ui/Alert.tsx";
import { batchesText, formatAmount } from "../../ui/format.ts";
import { SEED_HASH_BLOCKS, type ClaimRequestState, type LapsedClaim } from "../labeling/claimRequestState.ts";

type Token = { symbol: string; decimals: number | undefined };

const amount = (bond: bigint, token: Token) => `${formatAmount(bond, token.decimals)} ${token.symbol}`;

/**
 * The annotator's claim request on the task page: waiting for `assign` (with the blocks left before it lapses),
 * lapsed (its bond forfeited; clearing it allows a new claim), refundable (the task closed or ended first), or,
 * once settled, the note that the last one lapsed.
 */
export function ClaimRequestNotice({
  state,
  lastLapse,
  token,
  busy,
  onAssign,
}: {
  state: ClaimRequestState;
  lastLapse: LapsedClaim | null | undefined;
  token: Token;
  busy: boolean;
  onAssign: () => void;
}) {
  if (state.kind === "waiting") {
    return (
      <Alert
        tone="info"
        testId="claim-waiting"
        title={`${batchesText(state.count)} claimed, waiting to be assigned`}
        action={
          <button type="button" className="btn primary sm" disabled={busy} onClick={onAssign} data-testid="assign-button">
            Assign my batches
          </button>
        }
      >
        The random draw uses a block mined after your claim. Assign {state.blocksLeft === undefined ? "soon" : `within ${state.blocksLeft} block${state.blocksLeft === 1n ? "" : "s"}`}:
        {` after ${SEED_HASH_BLOCKS} blocks the draw can no longer be made and the claim lapses`}
        {state.bond > 0n ? `, forfeiting its bond (${amount(state.bond, token)}).` : "."}
      </Alert>
    );
  }
  if (state.kind === "lapsed") {
    return (
      <Alert
        tone="warn"
        testId="claim-lapsed"
        title={`Your claim of ${batchesText(state.count)} lapsed`}
        action={
          <button type="button" className="btn sm" disabled={busy} onClick={onAssign} data-testid="clear-lapsed-claim">
            Clear lapsed claim
          </button>
        }
      >
        It was not assigned within {String(SEED_HASH_BLOCKS)} blocks of block {String(state.seedBlock)}, so its random draw can no longer be made.
        {state.bond > 0n ? ` Its bond (${amount(state.bond, token)}) is forfeited to the task; the owner gets it back at close.` : " This task asks no bond, so nothing is lost."}
        {" "}No fresh draw is offered: the old one was known once your claim's block was mined, and redrawing for free would let anyone
        pick their batches. Clear it to claim again.
      </Alert>
    );
  }
  if (state.kind === "refundable") {
    return (
      <Alert
        tone="info"
        testId="claim-refundable"
        title={`The task ${state.reason === "closed" ? "was closed" : "ended"} before your ${batchesText(state.count)} were assigned`}
        action={
          <button type="button" className="btn sm" disabled={busy} onClick={onAssign} data-testid="refund-claim">
            Return my bond
          </button>
        }
      >
        Nothing can be drawn any more. Settling the claim clears it{state.bond > 0n ? ` and credits its bond (${amount(state.bond, token)}) back to you` : ""}.
      </Alert>
    );
  }
  if (lastLapse) {
    return (
      <Alert tone="warn" testId="claim-lapsed" title={`Your last claim (${batchesText(lastLapse.count)}) lapsed`}>
        It was not assigned within {String(SEED_HASH_BLOCKS)} blocks of block {String(lastLapse.seedBlock)}: no batches
        {lastLapse.bond > 0n ? `, and its bond (${amount(lastLapse.bond, token)}) went to the task.` : " (this task asks no bond)."} The app assigns a
        claim right after the request: confirm that step when it asks.
      </Alert>
    );
  }
  return null;
}
