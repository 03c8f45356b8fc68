// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Crowdlabel} from "../../src/Crowdlabel.sol";
import {TestToken} from "../../src/token/TestToken.sol";
import {Handler} from "./Handler.sol";

contract CrowdlabelInvariantTest is Test {
    Crowdlabel internal crowdlabel;
    TestToken internal token;
    Handler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(100);
        crowdlabel = new Crowdlabel();
        token = new TestToken("Test", "TST", true);
        handler = new Handler(crowdlabel, token);
        targetContract(address(handler));
    }

    /// @notice The contract never owes more than it holds.
    function invariant_NeverOwesMoreThanItHolds() public view {
        assertGe(token.balanceOf(address(crowdlabel)), crowdlabel.totalOwed(address(token)));
    }

    /// @notice Everything owed is accounted for: open tasks' escrow, held and forfeited bonds, bonds of waiting
    /// requests, and credits; and the handler sends no stray tokens, so the balance is exactly that.
    function invariant_OwedIsEscrowBondsRequestsAndCredits() public view {
        uint256 sum = handler.pendingRequestBonds() + handler.allCredits();
        for (uint256 i; i < handler.taskCount(); ++i) {
            Crowdlabel.Task memory t = crowdlabel.getTask(handler.taskIds(i));
            if (!t.closed) sum += uint256(t.funded) - t.paid + t.bondsHeld + t.bondsForfeited;
        }
        assertEq(crowdlabel.totalOwed(address(token)), sum);
        assertEq(token.balanceOf(address(crowdlabel)), sum);
    }

    /// @notice A lapsed request's bond stays with its task until close: an open task's forfeited bonds cover it.
    function invariant_LapsedBondsStayWithTheTask() public view {
        for (uint256 i; i < handler.taskCount(); ++i) {
            uint256 taskId = handler.taskIds(i);
            assertGe(crowdlabel.getTask(taskId).bondsForfeited, handler.ghostLapsedBonds(taskId));
        }
    }

    /// @notice escrow + paid + refunded = funded for every task, and paid matches every credited reward.
    function invariant_EscrowPaidRefundedEqualsFunded() public view {
        for (uint256 i; i < handler.taskCount(); ++i) {
            uint256 taskId = handler.taskIds(i);
            Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
            uint256 escrow = t.closed ? 0 : t.funded - t.paid;
            assertEq(escrow + t.paid + handler.ghostRefunded(taskId), t.funded);
            assertEq(t.paid, handler.ghostPaid(taskId));
        }
    }

    /// @notice No label is paid twice: an annotator is never paid for more labels of a batch than it has items.
    function invariant_NoLabelPaidTwice() public view {
        for (uint256 i; i < handler.paidKeyCount(); ++i) {
            bytes32 key = handler.paidKeys(i);
            assertLe(handler.ghostPaidLabels(key), 16, "batch size bound");
        }
        for (uint256 i; i < handler.heldCount(); ++i) {
            (uint256 taskId, uint32 batchId, address a,,,) = handler.held(i);
            (,,, uint256 n) = crowdlabel.getBatch(taskId, batchId);
            assertLe(handler.ghostPaidLabels(keccak256(abi.encode(taskId, batchId, a))), n);
        }
    }

    /// @notice A revealed label vector can never change.
    function invariant_RevealedLabelsNeverChange() public view {
        for (uint256 i; i < handler.revealedKeyCount(); ++i) {
            bytes32 key = handler.revealedKeys(i);
            (uint256 taskId, uint32 batchId, uint8 s) = _decode(i);
            (Crowdlabel.Slot memory slot, bytes32 hash) = crowdlabel.getSlot(taskId, batchId, s);
            assertEq(slot.state, 3);
            assertEq(hash, handler.ghostRevealedHash(key));
        }
    }

    /// @notice An open task holds exactly one bond per slot assigned and not yet settled (claimed or committed): a bond
    /// is returned on reveal and forfeited, with an event naming its holder, when its claim is handed over or its round
    /// finalised; whatever is still held at close is forfeited in bulk.
    function invariant_BondsHeldMatchUnsettledSlots() public view {
        for (uint256 i; i < handler.taskCount(); ++i) {
            uint256 taskId = handler.taskIds(i);
            Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
            if (t.closed) continue;
            uint256 unsettled;
            for (uint32 batchId; batchId < t.batchCount; ++batchId) {
                (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, batchId);
                for (uint8 s; s < b.roundEnd; ++s) {
                    (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, batchId, s);
                    if (slot.state == 1 || slot.state == 2) ++unsettled;
                }
            }
            assertEq(t.bondsHeld, uint256(t.bondPerClaim) * unsettled);
        }
    }

    /// @notice A batch never buys more than R_max labels (committed slots), and its slot indices stay within
    /// MAX_REDUNDANCY (the tally's bound) even when rounds leave slots unfilled.
    function invariant_LabelsBoughtWithinMaxRedundancy() public view {
        for (uint256 i; i < handler.taskCount(); ++i) {
            uint256 taskId = handler.taskIds(i);
            Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
            for (uint32 batchId; batchId < t.batchCount; ++batchId) {
                (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, batchId);
                // `bought` already includes the final round of a done batch; otherwise add the running round's commits
                assertLe(uint256(b.bought) + (b.done ? 0 : b.committed), t.maxRedundancy);
                assertLe(b.roundEnd, crowdlabel.MAX_REDUNDANCY());
            }
        }
    }

    /// @notice An annotator never holds two slots of one batch.
    function invariant_OneSlotPerAnnotatorPerBatch() public view {
        for (uint256 i; i < handler.heldCount(); ++i) {
            (uint256 taskId, uint32 batchId,,,,) = handler.held(i);
            (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, batchId);
            for (uint8 x; x < b.roundEnd; ++x) {
                (Crowdlabel.Slot memory sx,) = crowdlabel.getSlot(taskId, batchId, x);
                if (sx.annotator == address(0)) continue;
                for (uint8 y = x + 1; y < b.roundEnd; ++y) {
                    (Crowdlabel.Slot memory sy,) = crowdlabel.getSlot(taskId, batchId, y);
                    assertTrue(sx.annotator != sy.annotator, "two slots in one batch");
                }
            }
        }
    }

    function _decode(uint256 i) internal view returns (uint256 taskId, uint32 batchId, uint8 s) {
        // revealed keys are pushed in reveal order; find the matching held entry to recover the coordinates
        bytes32 key = handler.revealedKeys(i);
        for (uint256 k; k < handler.heldCount(); ++k) {
            (uint256 t, uint32 b, address a,,,) = handler.held(k);
            (bool isHeld, uint8 slot) = crowdlabel.slotOf(t, b, a);
            if (isHeld && keccak256(abi.encode(t, b, slot)) == key) return (t, b, slot);
        }
        revert("revealed key without a holder");
    }

    /// @notice Reports how deep the random sequences went (printed with -vv).
    function afterInvariant() external {
        emit log_named_uint("handler calls", handler.calls());
        emit log_named_uint("batches finalised", handler.finalised());
        emit log_named_uint("tasks closed", handler.closed());
        emit log_named_uint("requests lapsed", handler.lapsed());
        emit log_named_uint("stale requests refunded (closed or late task)", handler.staleRefunds());
    }
}
