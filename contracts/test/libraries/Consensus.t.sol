// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Consensus} from "../../src/libraries/Consensus.sol";

/// @dev Exposes the library with calldata vectors, as `finalise` uses it.
contract ConsensusHarness {
    function tally(bytes[] calldata labels, bool[] memory revealed, uint256 itemCount, uint256 minAgreement, uint256 mask)
        external
        pure
        returns (Consensus.Result memory)
    {
        return Consensus.tally(labels, revealed, itemCount, minAgreement, mask);
    }
}

contract ConsensusTest is Test {
    ConsensusHarness internal harness = new ConsensusHarness();

    /// @dev The obvious per-class counting rule the pairwise tally must equal.
    function referenceTally(bytes[] memory labels, bool[] memory revealed, uint256 item, uint256 minAgreement)
        internal
        pure
        returns (bool resolved, uint8 label)
    {
        uint256[256] memory counts;
        uint256 top;
        for (uint256 s; s < labels.length; ++s) {
            if (!revealed[s]) continue;
            uint256 c = ++counts[uint8(labels[s][item])];
            if (c > top) top = c;
        }
        uint256 atTop;
        for (uint256 k; k < 256; ++k) {
            if (counts[k] == top && top != 0) {
                ++atTop;
                label = uint8(k);
            }
        }
        resolved = top >= minAgreement && atTop == 1;
        if (!resolved) label = 0;
    }

    function randomVectors(uint256 seed, uint256 slots, uint256 items, uint256 classes)
        internal
        pure
        returns (bytes[] memory labels, bool[] memory revealed)
    {
        labels = new bytes[](slots);
        revealed = new bool[](slots);
        for (uint256 s; s < slots; ++s) {
            revealed[s] = uint256(keccak256(abi.encode(seed, s, "r"))) % 5 != 0;
            if (!revealed[s]) continue;
            labels[s] = new bytes(items);
            for (uint256 i; i < items; ++i) {
                labels[s][i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, s, i))) % classes));
            }
        }
    }

    function testFuzz_TallyMatchesReference(uint256 seed, uint8 slotsRaw, uint8 itemsRaw, uint8 classesRaw, uint8 minRaw)
        public
        view
    {
        uint256 slots = bound(slotsRaw, 1, 15);
        uint256 items = bound(itemsRaw, 1, 64);
        uint256 classes = bound(classesRaw, 2, 256);
        uint256 minAgreement = bound(minRaw, 1, slots);
        (bytes[] memory labels, bool[] memory revealed) = randomVectors(seed, slots, items, classes);

        Consensus.Result memory r = harness.tally(labels, revealed, items, minAgreement, 0);
        assertEq(r.counted, items);
        for (uint256 i; i < items; ++i) {
            (bool resolved, uint8 label) = referenceTally(labels, revealed, i, minAgreement);
            assertEq((r.newlyResolvedMask >> i) & 1 == 1, resolved, "resolved flag");
            assertEq(uint8(r.consensus[i]), label, "consensus class");
        }
    }

    function testFuzz_TallySkipsResolvedItems(uint256 seed, uint256 mask) public view {
        (bytes[] memory labels, bool[] memory revealed) = randomVectors(seed, 5, 32, 3);
        mask &= type(uint32).max;
        Consensus.Result memory r = harness.tally(labels, revealed, 32, 2, mask);
        assertEq(r.newlyResolvedMask & mask, 0);
        uint256 unresolvedBefore;
        for (uint256 i; i < 32; ++i) {
            if ((mask >> i) & 1 == 0) ++unresolvedBefore;
        }
        assertEq(r.counted, unresolvedBefore);
    }

    function test_Tally_TieIsUnresolvedAndNeedsOneMore() public view {
        bytes[] memory labels = new bytes[](4);
        (labels[0], labels[1], labels[2], labels[3]) = (hex"00", hex"00", hex"01", hex"01");
        bool[] memory revealed = new bool[](4);
        (revealed[0], revealed[1], revealed[2], revealed[3]) = (true, true, true, true);
        Consensus.Result memory r = harness.tally(labels, revealed, 1, 2, 0);
        assertEq(r.newlyResolvedMask, 0);
        assertEq(r.extraNeeded, 1);
        assertEq(r.agreed[0], 0);
    }

    function test_Tally_ShortTopNeedsTheDifference() public view {
        bytes[] memory labels = new bytes[](3);
        (labels[0], labels[1], labels[2]) = (hex"00", hex"01", hex"02");
        bool[] memory revealed = new bool[](3);
        (revealed[0], revealed[1], revealed[2]) = (true, true, true);
        Consensus.Result memory r = harness.tally(labels, revealed, 1, 3, 0);
        assertEq(r.newlyResolvedMask, 0);
        assertEq(r.extraNeeded, 2);
        assertEq(r.fewestNeeded, 2);
    }

    /// @dev Items across two words: the fewest votes lacking comes from the closest item, the most from the furthest.
    function test_Tally_FewestAndMostNeededAcrossWords() public view {
        bytes[] memory labels = new bytes[](3);
        (labels[0], labels[1], labels[2]) = (new bytes(40), new bytes(40), new bytes(40));
        for (uint256 i; i < 40; ++i) {
            labels[1][i] = bytes1(uint8(i == 35 ? 0 : 1)); // item 35: 0,0,? ; others 0,1,?
            labels[2][i] = bytes1(uint8(i == 35 ? 0 : 2)); // item 35: three 0s (top 3), others 1-1-1 (top 1)
        }
        bool[] memory revealed = new bool[](3);
        (revealed[0], revealed[1], revealed[2]) = (true, true, true);
        Consensus.Result memory r = harness.tally(labels, revealed, 40, 4, 0);
        assertEq(r.newlyResolvedMask, 0);
        assertEq(r.extraNeeded, 3, "a 1-1-1 item lacks 3");
        assertEq(r.fewestNeeded, 1, "item 35 (word 1) lacks 1");

        r = harness.tally(labels, revealed, 40, 3, 0);
        assertEq(r.newlyResolvedMask, uint256(1) << 35);
        assertEq(r.fewestNeeded, 2, "resolved items do not count");

        r = harness.tally(labels, revealed, 40, 16, 0);
        assertEq(r.newlyResolvedMask, 0, "16 votes: nothing resolves");
    }
}
