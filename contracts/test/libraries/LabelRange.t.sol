// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {LabelRange} from "../../src/libraries/LabelRange.sol";

contract LabelRangeHarness {
    function allAtMost(bytes calldata labels, uint256 maxLabel) external pure returns (bool) {
        return LabelRange.allAtMost(labels, maxLabel);
    }
}

contract LabelRangeTest is Test {
    LabelRangeHarness internal harness = new LabelRangeHarness();

    function testFuzz_AllAtMostMatchesByteLoop(bytes memory labels, uint8 maxRaw) public view {
        uint256 maxLabel = bound(maxRaw, 2, 254);
        bool expected = true;
        for (uint256 i; i < labels.length; ++i) {
            if (uint8(labels[i]) > maxLabel) expected = false;
        }
        assertEq(harness.allAtMost(labels, maxLabel), expected);
    }

    function testFuzz_InRangeVectorsPass(uint256 seed, uint8 maxRaw, uint16 lengthRaw) public view {
        uint256 maxLabel = bound(maxRaw, 2, 254);
        bytes memory labels = new bytes(bound(lengthRaw, 0, 256));
        for (uint256 i; i < labels.length; ++i) {
            labels[i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i))) % (maxLabel + 1)));
        }
        assertTrue(harness.allAtMost(labels, maxLabel));
    }

    function test_AllAtMost_Boundaries() public view {
        assertTrue(harness.allAtMost(hex"0303", 3));
        assertFalse(harness.allAtMost(hex"0304", 3));
        assertFalse(harness.allAtMost(hex"80", 127));
        assertTrue(harness.allAtMost(hex"7f", 127));
        assertTrue(harness.allAtMost(hex"c8c8", 200));
        assertFalse(harness.allAtMost(hex"c9", 200));
        assertTrue(harness.allAtMost(hex"", 2));
    }
}
