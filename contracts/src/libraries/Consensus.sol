// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Consensus
/// @notice Per-item plurality over the revealed label vectors of a batch. An item resolves when its top vote
/// count reaches `minAgreement` and no other class has the same count; everything else stays unresolved.
/// @dev Votes are tallied by pairwise comparison of the (at most 15) labels of an item, so the cost does not
/// depend on the number of classes and no per-class counters are allocated.
library Consensus {
    struct Result {
        bytes consensus; // consensus[i] is item i's class when bit i of newlyResolvedMask is set, else 0
        uint256 newlyResolvedMask;
        uint256[] agreed; // per slot: newly resolved items whose consensus equals the slot's label
        uint256 counted; // items tallied (those not resolved before this round)
        uint256 extraNeeded; // most extra votes any unresolved item needs to possibly resolve
    }

    /// @param labels Label vectors in slot order (one byte per item); only `revealed` slots are read.
    /// @param revealed Which slots revealed.
    /// @param itemCount Items in the batch.
    /// @param minAgreement Votes the unique top class needs.
    /// @param resolvedMask Items resolved in earlier rounds: skipped, their consensus stands.
    function tally(
        bytes[] calldata labels,
        bool[] memory revealed,
        uint256 itemCount,
        uint256 minAgreement,
        uint256 resolvedMask
    ) internal pure returns (Result memory r) {
        uint256 slotCount = labels.length;
        r.consensus = new bytes(itemCount);
        r.agreed = new uint256[](slotCount);

        // Calldata offsets of the revealed vectors, packed to the front.
        uint256[] memory offsets = new uint256[](slotCount);
        uint256[] memory slotOfVote = new uint256[](slotCount);
        uint256 voters;
        for (uint256 s; s < slotCount; ++s) {
            if (!revealed[s]) continue;
            bytes calldata vector = labels[s];
            uint256 offset;
            assembly ("memory-safe") {
                offset := vector.offset
            }
            offsets[voters] = offset;
            slotOfVote[voters] = s;
            ++voters;
        }

        uint256[] memory votes = new uint256[](voters);
        for (uint256 i; i < itemCount; ++i) {
            if ((resolvedMask >> i) & 1 == 1) continue;
            ++r.counted;
            for (uint256 v; v < voters; ++v) {
                uint256 offset = offsets[v];
                uint256 label;
                assembly ("memory-safe") {
                    label := byte(0, calldataload(add(offset, i)))
                }
                votes[v] = label;
            }
            (uint256 top, uint256 topLabel, bool unique) = _plurality(votes);
            if (top >= minAgreement && unique) {
                r.consensus[i] = bytes1(uint8(topLabel));
                r.newlyResolvedMask |= uint256(1) << i;
                for (uint256 v; v < voters; ++v) {
                    if (votes[v] == topLabel) ++r.agreed[slotOfVote[v]];
                }
            } else {
                // A tie at or above the bar needs one more vote; a short top needs the difference.
                uint256 need = top >= minAgreement ? 1 : minAgreement - top;
                if (need > r.extraNeeded) r.extraNeeded = need;
            }
        }
    }

    /// @dev Highest vote count, its class, and whether no other class reaches it.
    function _plurality(uint256[] memory votes) private pure returns (uint256 top, uint256 topLabel, bool unique) {
        uint256 n = votes.length;
        for (uint256 a; a < n; ++a) {
            uint256 label = votes[a];
            uint256 count;
            for (uint256 b; b < n; ++b) {
                if (votes[b] == label) ++count;
            }
            if (count > top) {
                (top, topLabel, unique) = (count, label, true);
            } else if (count == top && label != topLabel) {
                unique = false;
            }
        }
    }
}
