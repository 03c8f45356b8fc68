// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title LabelRange
/// @notice Checks a packed label vector (one byte per item) against the task's largest label, 32 labels per step.
library LabelRange {
    uint256 private constant ONES = 0x0101010101010101010101010101010101010101010101010101010101010101;
    uint256 private constant HIGHS = 0x8080808080808080808080808080808080808080808080808080808080808080;

    /// @notice Whether every byte of `labels` is at most `maxLabel` (maxLabel below 255).
    /// @dev For a lane below 0x80, (lane | 0x80) - (maxLabel + 1) keeps its high bit exactly when
    /// lane > maxLabel, and no lane borrows from its neighbour. A lane at or above 0x80 is out of range when
    /// maxLabel < 0x80; for larger maxLabel those lanes are compared on their low 7 bits.
    function allAtMost(bytes calldata labels, uint256 maxLabel) internal pure returns (bool) {
        uint256 length = labels.length;
        uint256 offset;
        assembly ("memory-safe") {
            offset := labels.offset
        }
        unchecked {
            for (uint256 i; i < length; i += 32) {
                uint256 word;
                assembly ("memory-safe") {
                    word := calldataload(add(offset, i))
                }
                uint256 left = length - i;
                if (left < 32) word &= ~(type(uint256).max >> (left << 3)); // unused lanes read as 0
                if (_anyAbove(word, maxLabel)) return false;
            }
        }
        return true;
    }

    function _anyAbove(uint256 word, uint256 maxLabel) private pure returns (bool) {
        unchecked {
            if (maxLabel < 0x80) {
                if (word & HIGHS != 0) return true;
                return (((word | HIGHS) - (maxLabel + 1) * ONES) & HIGHS) != 0;
            }
            // labels below 0x80 are in range; the others are compared on their low 7 bits
            uint256 highLanes = ((word & HIGHS) >> 7) * 0xff;
            uint256 low7 = word & ~HIGHS & highLanes;
            return (((low7 | HIGHS) - (maxLabel - 0x7f) * ONES) & HIGHS & highLanes) != 0;
        }
    }
}
