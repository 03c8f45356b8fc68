// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Consensus
/// @notice Per-item plurality over the revealed label vectors of a batch. An item resolves when its top vote
/// count reaches `minAgreement` and no other class has the same count; everything else stays unresolved.
/// @dev Bit-parallel: 32 items are tallied at once. A word of a label vector holds 32 one-byte labels
/// ("lanes"); comparing two voters' words with XOR and a zero-byte test gives, per lane, 1 where they agree.
/// Summing those over all voters gives each voter's vote count per lane (at most 15, so a lane never carries
/// into the next). The top class is unique exactly when the number of voters whose count equals the top count
/// is the top count itself (two classes tied at the top would make it twice that).
library Consensus {
    /// @dev 0x01 in every lane
    uint256 private constant ONES = 0x0101010101010101010101010101010101010101010101010101010101010101;
    /// @dev 0x80 in every lane
    uint256 private constant HIGHS = 0x8080808080808080808080808080808080808080808080808080808080808080;
    /// @dev 0x7f in every lane
    uint256 private constant LOW7 = 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f;

    struct Result {
        bytes consensus; // consensus[i] is item i's class when bit i of newlyResolvedMask is set, else 0
        uint256 newlyResolvedMask;
        uint256[] agreed; // per slot: newly resolved items whose consensus equals the slot's label
        uint256 counted; // items tallied (those not resolved before this round)
        uint256 extraNeeded; // most extra votes any unresolved item needs to possibly resolve
        uint256 fewestNeeded; // fewest extra votes any unresolved item needs to possibly resolve
    }

    /// @dev Working state of one tally, kept in memory to stay within the stack.
    struct Voters {
        uint256[] offsets; // calldata offset of each revealed vector
        uint256[] slot; // slot index of each voter
        uint256[] votes; // current word of each voter
        uint256[] isTop; // per voter: lanes where it voted for a top class
    }

    /// @param labels Label vectors in slot order (one byte per item); only `revealed` slots are read.
    /// @param revealed Which slots revealed (their vectors are `itemCount` bytes long).
    /// @param itemCount Items in the batch (at most 256).
    /// @param minAgreement Votes the unique top class needs (1..16; with 16 nothing resolves, as at most 15 vote).
    /// @param resolvedMask Items resolved in earlier rounds: skipped, their consensus stands.
    function tally(
        bytes[] calldata labels,
        bool[] memory revealed,
        uint256 itemCount,
        uint256 minAgreement,
        uint256 resolvedMask
    ) internal pure returns (Result memory r) {
        Voters memory vs = _voters(labels, revealed);
        uint256 words = (itemCount + 31) >> 5;
        // room for whole words; the length is trimmed to itemCount below
        r.consensus = new bytes(words << 5);
        r.agreed = new uint256[](labels.length);
        uint256 minUnresolvedTop = type(uint256).max;
        uint256 maxUnresolvedTop;
        unchecked {
            for (uint256 w; w < words; ++w) {
                uint256 valid = _validLanes(w, itemCount, resolvedMask);
                if (valid == 0) continue;
                r.counted += _laneSum(valid);
                (uint256 minTop, uint256 maxTop) = _tallyWord(r, vs, w, minAgreement, valid);
                if (minTop < minUnresolvedTop) minUnresolvedTop = minTop;
                if (maxTop > maxUnresolvedTop) maxUnresolvedTop = maxTop;
            }
        }
        bytes memory consensus = r.consensus;
        assembly ("memory-safe") {
            mstore(consensus, itemCount)
        }
        if (minUnresolvedTop != type(uint256).max) {
            // a tie at or above the bar needs one more vote; a short top needs the difference
            r.extraNeeded = minUnresolvedTop >= minAgreement ? 1 : minAgreement - minUnresolvedTop;
            r.fewestNeeded = maxUnresolvedTop >= minAgreement ? 1 : minAgreement - maxUnresolvedTop;
        }
    }

    function _voters(bytes[] calldata labels, bool[] memory revealed) private pure returns (Voters memory vs) {
        uint256 slotCount = labels.length;
        uint256 n;
        for (uint256 s; s < slotCount; ++s) {
            if (revealed[s]) ++n;
        }
        vs.offsets = new uint256[](n);
        vs.slot = new uint256[](n);
        vs.votes = new uint256[](n);
        vs.isTop = new uint256[](n);
        uint256 v;
        for (uint256 s; s < slotCount; ++s) {
            if (!revealed[s]) continue;
            bytes calldata vector = labels[s];
            uint256 offset;
            assembly ("memory-safe") {
                offset := vector.offset
            }
            vs.offsets[v] = offset;
            vs.slot[v] = s;
            ++v;
        }
    }

    /// @dev Tallies word `w` (32 items) into `r`; returns the smallest and the largest top count among its
    /// unresolved items (type(uint256).max and 0 when all resolved).
    function _tallyWord(Result memory r, Voters memory vs, uint256 w, uint256 minAgreement, uint256 valid)
        private
        pure
        returns (uint256 minTop, uint256 maxTop)
    {
        unchecked {
            _loadWord(vs.votes, vs.offsets, w);
            (uint256 word, uint256 resolved, uint256 top) = _plurality(vs.votes, vs.isTop, minAgreement, valid);
            bytes memory consensus = r.consensus;
            assembly ("memory-safe") {
                mstore(add(add(consensus, 0x20), shl(5, w)), word)
            }
            if (resolved != 0) {
                for (uint256 v; v < vs.votes.length; ++v) {
                    r.agreed[vs.slot[v]] += _laneSum(vs.isTop[v] & resolved);
                }
                r.newlyResolvedMask |= _lanesToBits(resolved) << (w << 5);
            }
            uint256 unresolved = (valid & ~resolved) * 0xff;
            if (unresolved == 0) return (type(uint256).max, 0);
            // lanes not in play read as 0x7f for the minimum and 0 for the maximum, so they never win either
            minTop = _minLane((top & unresolved) | (LOW7 & ~unresolved));
            maxTop = _maxLane(top & unresolved);
        }
    }

    /// @dev Word `w` (32 labels) of every revealed vector.
    function _loadWord(uint256[] memory votes, uint256[] memory offsets, uint256 w) private pure {
        unchecked {
            for (uint256 v; v < votes.length; ++v) {
                uint256 offset = offsets[v] + (w << 5);
                uint256 word;
                assembly ("memory-safe") {
                    word := calldataload(offset)
                }
                votes[v] = word;
            }
        }
    }

    /// @dev Plurality of 32 items. Returns the consensus labels (0 where unresolved), the resolved lanes and the
    /// per-lane top count; `isTop[v]` is set to the lanes where voter v voted for a top class.
    function _plurality(uint256[] memory votes, uint256[] memory isTop, uint256 minAgreement, uint256 valid)
        private
        pure
        returns (uint256 word, uint256 resolved, uint256 top)
    {
        unchecked {
            uint256 voters = votes.length;
            for (uint256 a; a < voters; ++a) {
                uint256 count;
                for (uint256 b; b < voters; ++b) {
                    count += _zeroLanes(votes[a] ^ votes[b]);
                }
                isTop[a] = count;
                top = _max(top, count);
            }
            uint256 atTop;
            for (uint256 a; a < voters; ++a) {
                uint256 flags = _zeroLanes(isTop[a] ^ top);
                isTop[a] = flags;
                atTop += flags;
                word |= votes[a] & (flags * 0xff);
            }
            resolved = _zeroLanes(atTop ^ top) & _geLanes(top, minAgreement) & valid;
            word &= resolved * 0xff;
        }
    }

    /// @dev 0x01 in lanes where the byte of `x` is zero.
    function _zeroLanes(uint256 x) private pure returns (uint256) {
        unchecked {
            return (~(((x & LOW7) + LOW7) | x) & HIGHS) >> 7;
        }
    }

    /// @dev 0x01 in lanes where a >= b (both lanes below 0x80).
    function _geLanesPacked(uint256 a, uint256 b) private pure returns (uint256) {
        unchecked {
            return (((a | HIGHS) - b) & HIGHS) >> 7;
        }
    }

    /// @dev 0x01 in lanes where x >= m (lanes and m below 0x80).
    function _geLanes(uint256 x, uint256 m) private pure returns (uint256) {
        unchecked {
            return _geLanesPacked(x, m * ONES);
        }
    }

    /// @dev Lane-wise maximum (lanes below 0x80).
    function _max(uint256 a, uint256 b) private pure returns (uint256) {
        unchecked {
            uint256 keepA = _geLanesPacked(a, b) * 0xff;
            return (a & keepA) | (b & ~keepA);
        }
    }

    /// @dev Smallest lane of x (lanes below 0x80), folding halves together.
    function _minLane(uint256 x) private pure returns (uint256) {
        unchecked {
            for (uint256 shift = 128; shift >= 8; shift >>= 1) {
                uint256 y = x >> shift;
                uint256 keepY = _geLanesPacked(x, y) * 0xff;
                x = (y & keepY) | (x & ~keepY);
            }
            return x & 0xff;
        }
    }

    /// @dev Largest lane of x (lanes below 0x80), folding halves together.
    function _maxLane(uint256 x) private pure returns (uint256) {
        unchecked {
            for (uint256 shift = 128; shift >= 8; shift >>= 1) {
                x = _max(x, x >> shift);
            }
            return x & 0xff;
        }
    }

    /// @dev Sum of all lanes (each lane small enough that the total stays below 256).
    function _laneSum(uint256 x) private pure returns (uint256) {
        unchecked {
            return (x * ONES) >> 248;
        }
    }

    /// @dev Lanes of word `w` that hold an item of the batch not resolved before, as 0x01 flags. Lane j
    /// (the j-th byte from the left, as calldataload reads it) is item 32w + j.
    function _validLanes(uint256 w, uint256 itemCount, uint256 resolvedMask) private pure returns (uint256 valid) {
        unchecked {
            uint256 itemsHere = itemCount - (w << 5);
            valid = itemsHere >= 32 ? ONES : ONES & ~(type(uint256).max >> (itemsHere << 3));
            uint256 done = (resolvedMask >> (w << 5)) & 0xffffffff;
            if (done == 0) return valid;
            for (uint256 j; j < 32; ++j) {
                if ((done >> j) & 1 == 1) valid &= ~(uint256(1) << ((31 - j) << 3));
            }
        }
    }

    /// @dev Bit j set where lane j (j-th byte from the left) is 0x01.
    function _lanesToBits(uint256 lanes) private pure returns (uint256 bits) {
        unchecked {
            for (uint256 j; j < 32; ++j) {
                if ((lanes >> ((31 - j) << 3)) & 1 == 1) bits |= uint256(1) << j;
            }
        }
    }
}
