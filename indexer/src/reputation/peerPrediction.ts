import { seededRandom } from "@crowdlabel/sdk";

export type PeerPredictionTally = { same: number; diff: number; count: number };

/**
 * Peer-prediction agreement in the style of Dasgupta & Ghosh / correlated agreement: for each item
 * a scored worker labeled, +1 if a random peer gave the same label to the same item, -1 if a random
 * peer's label on a different, randomly drawn item of the batch equals the worker's label. A worker
 * who always answers the most common class matches both terms equally often and scores about zero;
 * an informed worker matches peers on the same item more than on unrelated items.
 *
 * `vectors` are the revealed label vectors of a batch (any rounds); `scored` the indices of the
 * vectors being scored now. Needs at least two vectors and two items; otherwise scores nothing.
 */
export function peerPrediction(vectors: readonly Uint8Array[], scored: readonly number[], seed: number): PeerPredictionTally[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.min(n - 1, Math.floor(random() * n));
  const itemCount = vectors[0]?.length ?? 0;
  return scored.map((s) => {
    const tally = { same: 0, diff: 0, count: 0 };
    if (vectors.length < 2 || itemCount < 2) return tally;
    const mine = vectors[s]!;
    for (let i = 0; i < itemCount; i++) {
      let peer = pick(vectors.length - 1);
      if (peer >= s) peer++;
      let other = pick(itemCount - 1);
      if (other >= i) other++;
      let otherPeer = pick(vectors.length - 1);
      if (otherPeer >= s) otherPeer++;
      if (vectors[peer]![i] === mine[i]) tally.same++;
      if (vectors[otherPeer]![other] === mine[i]) tally.diff++;
      tally.count++;
    }
    return tally;
  });
}
