// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Crowdlabel} from "../src/Crowdlabel.sol";
import {ICrowdlabel} from "../src/interfaces/ICrowdlabel.sol";
import {TestToken} from "../src/token/TestToken.sol";
import {CrowdlabelFixture} from "./utils/CrowdlabelFixture.sol";
import {FeeOnTransferToken, ReentrantToken} from "./mocks/HostileTokens.sol";

contract CrowdlabelTest is CrowdlabelFixture {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal dave = makeAddr("dave");

    function setUp() public override {
        super.setUp();
        fund(alice);
        fund(bob);
        fund(carol);
        fund(dave);
    }

    /// @dev A task with a single batch of 10 items, so every claim lands on batch 0.
    function singleBatch() internal view returns (ICrowdlabel.TaskParams memory p) {
        p = defaultParams();
        p.itemCount = 10;
    }

    function labelsOf(uint8[10] memory values) internal pure returns (bytes memory out) {
        out = new bytes(10);
        for (uint256 i; i < 10; ++i) {
            out[i] = bytes1(values[i]);
        }
    }

    function three() internal view returns (address[] memory who) {
        who = new address[](3);
        (who[0], who[1], who[2]) = (alice, bob, carol);
    }

    /// @dev EIP-170: a chain refuses to deploy runtime code above 24,576 bytes (forge's test EVM does not).
    function test_Deploy_FitsTheCodeSizeLimit() public view {
        assertLe(address(crowdlabel).code.length, 24_576);
    }

    /*////////////////////////////// createTask //////////////////////////////*/

    function test_CreateTask_EscrowsBudgetAndEmits() public {
        ICrowdlabel.TaskParams memory p = defaultParams();
        uint256 budget = uint256(p.itemCount) * p.maxRedundancy * p.rewardPerLabel;
        vm.expectEmit(true, true, true, true);
        emit ICrowdlabel.TaskCreated(1, owner, address(token), budget, p);
        uint256 taskId = createTask(p);

        assertEq(taskId, 1);
        assertEq(crowdlabel.taskCount(), 1);
        assertEq(token.balanceOf(address(crowdlabel)), budget);
        assertEq(crowdlabel.totalOwed(address(token)), budget);
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.owner, owner);
        assertEq(t.batchCount, 4);
        assertEq(t.openCount, 4);
        assertEq(t.funded, budget);
        assertEq(t.paid, 0);
        assertEq(t.createdBlock, vm.getBlockNumber());
    }

    function test_CreateTask_RecordsItsBlock() public {
        vm.roll(5_000_000);
        uint256 first = createTask(defaultParams());
        vm.roll(5_000_123);
        uint256 second = createTask(defaultParams());
        assertEq(crowdlabel.getTask(first).createdBlock, 5_000_000);
        assertEq(crowdlabel.getTask(second).createdBlock, 5_000_123);
    }

    function test_CreateTask_LastBatchIsShorter() public {
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.itemCount = 25;
        uint256 taskId = createTask(p);
        assertEq(crowdlabel.getTask(taskId).batchCount, 3);
        assertEq(itemsIn(taskId, 2), 5);
        assertEq(itemsIn(taskId, 1), 10);
    }

    function test_CreateTaskWithPermit_PullsWithSignature() public {
        (address signer, uint256 key) = makeAddrAndKey("permit-owner");
        token.faucet(signer, 100 ether);
        ICrowdlabel.TaskParams memory p = defaultParams();
        uint256 budget = uint256(p.itemCount) * p.maxRedundancy * p.rewardPerLabel;
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                token.DOMAIN_SEPARATOR(),
                keccak256(
                    abi.encode(
                        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                        signer,
                        address(crowdlabel),
                        budget,
                        0,
                        vm.getBlockTimestamp() + 1 hours
                    )
                )
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        vm.prank(signer);
        uint256 taskId = crowdlabel.createTaskWithPermit(p, vm.getBlockTimestamp() + 1 hours, v, r, s);
        assertEq(crowdlabel.getTask(taskId).owner, signer);
        assertEq(token.balanceOf(signer), 100 ether - budget);
    }

    function test_RevertWhen_CreateTaskWithBadParams() public {
        ICrowdlabel.TaskParams memory p;

        p = defaultParams();
        p.token = address(0xbeef);
        vm.expectRevert(ICrowdlabel.InvalidToken.selector);
        createTask(p);

        p = defaultParams();
        p.itemCount = 0;
        vm.expectRevert(ICrowdlabel.InvalidItemCount.selector);
        createTask(p);

        p = defaultParams();
        p.batchSize = 257;
        vm.expectRevert(ICrowdlabel.InvalidBatchSize.selector);
        createTask(p);

        p = defaultParams();
        p.classCount = 1;
        vm.expectRevert(ICrowdlabel.InvalidClassCount.selector);
        createTask(p);

        p = defaultParams();
        p.maxRedundancy = 2;
        vm.expectRevert(ICrowdlabel.InvalidRedundancy.selector);
        createTask(p);

        p = defaultParams();
        p.maxRedundancy = 16;
        vm.expectRevert(ICrowdlabel.InvalidRedundancy.selector);
        createTask(p);

        p = defaultParams();
        p.minAgreement = 0;
        vm.expectRevert(ICrowdlabel.InvalidMinAgreement.selector);
        createTask(p);

        p = defaultParams();
        p.rewardPerLabel = 0;
        vm.expectRevert(ICrowdlabel.InvalidReward.selector);
        createTask(p);

        p = defaultParams();
        p.deadline = uint40(vm.getBlockTimestamp());
        vm.expectRevert(ICrowdlabel.InvalidSchedule.selector);
        createTask(p);

        p = defaultParams();
        p.minAgreementBps = 10_001;
        vm.expectRevert(ICrowdlabel.InvalidReputationGate.selector);
        createTask(p);
    }

    function test_RevertWhen_WindowsAreTooShort() public {
        uint32 min = uint32(crowdlabel.MIN_WINDOW());
        assertEq(min, 10 minutes);
        ICrowdlabel.TaskParams memory p;

        // A 1-second reveal window would let nobody reveal and hand every bond to the owner.
        p = defaultParams();
        p.revealWindow = 1;
        vm.expectRevert(ICrowdlabel.InvalidSchedule.selector);
        createTask(p);

        p = defaultParams();
        p.revealWindow = min - 1;
        vm.expectRevert(ICrowdlabel.InvalidSchedule.selector);
        createTask(p);

        p = defaultParams();
        (p.claimTtl, p.commitWindow) = (min - 1, min - 1);
        vm.expectRevert(ICrowdlabel.InvalidSchedule.selector);
        createTask(p);

        // A round's first claimer must be able to use its whole claimTtl.
        p = defaultParams();
        (p.claimTtl, p.commitWindow) = (2 hours, 2 hours - 1);
        vm.expectRevert(ICrowdlabel.InvalidSchedule.selector);
        createTask(p);

        // The bounds themselves are accepted.
        p = defaultParams();
        (p.claimTtl, p.commitWindow, p.revealWindow) = (min, min, min);
        Crowdlabel.Task memory t = crowdlabel.getTask(createTask(p));
        assertEq(t.claimTtl, min);
        assertEq(t.commitWindow, min);
        assertEq(t.revealWindow, min);
    }

    function test_RevertWhen_CreateTaskWithPermitHasBadParams() public {
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.token = makeAddr("not-a-token"); // no code: the permit `try` would revert with no data
        vm.expectRevert(ICrowdlabel.InvalidToken.selector);
        vm.prank(owner);
        crowdlabel.createTaskWithPermit(p, vm.getBlockTimestamp(), 27, bytes32(0), bytes32(0));

        p = defaultParams();
        p.revealWindow = 1;
        vm.expectRevert(ICrowdlabel.InvalidSchedule.selector);
        vm.prank(owner);
        crowdlabel.createTaskWithPermit(p, vm.getBlockTimestamp(), 27, bytes32(0), bytes32(0));
        assertEq(crowdlabel.taskCount(), 0);
    }

    function test_RevertWhen_TokenTakesAFee() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        fee.mint(owner, 100 ether);
        vm.prank(owner);
        fee.approve(address(crowdlabel), type(uint256).max);
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.token = address(fee);
        uint256 budget = uint256(p.itemCount) * p.maxRedundancy * p.rewardPerLabel;
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.FeeOnTransferToken.selector, budget, budget - budget / 100));
        createTask(p);
    }

    function test_RevertWhen_TaskDoesNotExist() public {
        vm.expectRevert(ICrowdlabel.TaskNotFound.selector);
        crowdlabel.getTask(7);
        vm.expectRevert(ICrowdlabel.TaskNotFound.selector);
        vm.prank(alice);
        crowdlabel.requestClaim(7, 1);
    }

    /*////////////////////////////// claims //////////////////////////////*/

    function test_Claim_AssignsDistinctBatchesAndHoldsBond() public {
        uint256 taskId = createTask(defaultParams());
        uint256 before = token.balanceOf(alice);
        uint32[] memory batches = claim(taskId, alice, 3);
        assertEq(batches.length, 3);
        assertTrue(batches[0] != batches[1] && batches[1] != batches[2] && batches[0] != batches[2]);
        assertEq(token.balanceOf(alice), before - 3 * BOND);
        assertEq(crowdlabel.getTask(taskId).bondsHeld, 3 * BOND);
        for (uint256 i; i < 3; ++i) {
            (bool held, uint8 slot) = crowdlabel.slotOf(taskId, batches[i], alice);
            assertTrue(held);
            assertEq(slot, 0);
        }
    }

    /// @dev A 40-batch task (one image, one slot each) where other annotators hold `taken` slots and committed some
    /// (those batches go to reveal and leave the open list when met): a claim for the free batches finds all of them,
    /// whatever the block hash. Random draws alone (8 per slot before) often missed the last few free batches.
    function testFuzz_Assign_FindsEveryFreeBatchOfASmallTask(uint8 taken, uint64 commitMask, uint8 blocksLater)
        public
    {
        uint256 taskId = createTask(oneSlotBatches(40));
        vm.roll(vm.getBlockNumber() + bound(blocksLater, 0, 255));

        uint256 toTake = bound(taken, 0, 40);
        address[3] memory others = [alice, bob, carol];
        uint256 held;
        for (uint256 a; a < 3 && held < toTake; ++a) {
            uint256 ask = toTake - held > 16 ? 16 : toTake - held;
            uint32[] memory got = claim(taskId, others[a], uint8(ask));
            held += got.length;
            for (uint256 i; i < got.length; ++i) {
                if ((commitMask >> (got[i] % 64)) & 1 == 1) commitOne(taskId, others[a], got[i], uniform(1, 0));
            }
        }
        uint256 free = 40 - held;
        uint256 request = free > 16 ? 16 : free;
        vm.assume(request > 0);
        assertEq(claim(taskId, dave, uint8(request)).length, request, "every requested slot filled while batches are free");
    }

    function test_Claim_ExcessIsUnfilledAndBondReturned() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        claim(taskId, bob, 1);
        claim(taskId, carol, 1);
        vm.prank(dave);
        crowdlabel.requestClaim(taskId, 2);
        vm.roll(vm.getBlockNumber() + 1);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ClaimUnfilled(taskId, dave, 2, 2 * BOND);
        uint32[] memory got = crowdlabel.assign(taskId, dave);
        assertEq(got.length, 0);
        assertEq(crowdlabel.credits(address(token), dave), 2 * BOND);
    }

    function test_Claim_OneSlotPerAnnotatorPerBatch() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));
        uint32[] memory again = claim(taskId, alice, 1);
        assertEq(again.length, 0, "second slot in the same batch");
    }

    function test_RevertWhen_RequestingWhileClosedOrLate() public {
        uint256 taskId = createTask(singleBatch());
        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.expectRevert(ICrowdlabel.ClaimWindowOver.selector);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        vm.expectRevert(ICrowdlabel.TaskIsClosed.selector);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
    }

    function test_RevertWhen_RequestingWithinClaimTtlOfDeadline() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        uint256 taskId = createTask(p);
        vm.warp(p.deadline - p.claimTtl + 1);
        vm.expectRevert(ICrowdlabel.ClaimWindowOver.selector);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);

        // The last second a request is taken: assigned in the same second, its slot ends exactly at the deadline.
        vm.warp(p.deadline - p.claimTtl);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        vm.roll(vm.getBlockNumber() + 1);
        assertEq(crowdlabel.assign(taskId, alice).length, 1);
        (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, 0, 0);
        assertEq(slot.expiresAt, p.deadline);
        (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(b.commitDeadline, p.deadline);
    }

    function test_Assign_FirstSlotTooCloseToDeadlineIsUnfilled() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        uint256 taskId = createTask(p);
        vm.warp(p.deadline - p.claimTtl);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        vm.roll(vm.getBlockNumber() + 1);
        vm.warp(vm.getBlockTimestamp() + 12); // assigned a block later: only claimTtl - 12 s would be left
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ClaimUnfilled(taskId, alice, 1, BOND);
        assertEq(crowdlabel.assign(taskId, alice).length, 0);
        assertEq(crowdlabel.credits(address(token), alice), BOND);
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.bondsHeld, 0);
        assertEq(t.bondsForfeited, 0);
        (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(b.commitDeadline, 0, "the round's clock did not start");
    }

    function test_Assign_SlotAlwaysGetsFullClaimTtl() public {
        uint256 taskId = createTask(singleBatch());
        uint256 start = vm.getBlockTimestamp();
        claim(taskId, alice, 1); // starts the round: commit deadline = start + 2 h
        (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, 0, 0);
        assertEq(slot.expiresAt, start + 1 hours);

        // Exactly claimTtl before the round's commit deadline: assigned, expiring at it.
        vm.warp(start + 1 hours);
        vm.recordLogs();
        assertEq(claim(taskId, bob, 1).length, 1);
        (slot,) = crowdlabel.getSlot(taskId, 0, slotFor(taskId, 0, bob));
        assertEq(slot.expiresAt, start + 2 hours);

        // One second later a slot could not get its claimTtl: unfilled, bond back.
        vm.warp(start + 1 hours + 1);
        vm.prank(carol);
        crowdlabel.requestClaim(taskId, 1);
        vm.roll(vm.getBlockNumber() + 1);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ClaimUnfilled(taskId, carol, 1, BOND);
        assertEq(crowdlabel.assign(taskId, carol).length, 0);
        assertEq(crowdlabel.credits(address(token), carol), BOND);
    }

    /// @dev Audit F1: a request drawn 1 s before the round's commit deadline got a 1-second slot and lost its bond.
    function test_Assign_LateClaimIsUnfilledNotTruncated() public {
        uint256 taskId = createTask(singleBatch());
        uint256 start = vm.getBlockTimestamp();
        claim(taskId, alice, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));

        vm.warp(start + 2 hours - 1);
        vm.prank(bob);
        crowdlabel.requestClaim(taskId, 1);
        vm.roll(vm.getBlockNumber() + 1);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ClaimUnfilled(taskId, bob, 1, BOND);
        assertEq(crowdlabel.assign(taskId, bob).length, 0);
        (bool held,) = crowdlabel.slotOf(taskId, 0, bob);
        assertFalse(held);

        vm.warp(start + 2 hours); // commit window over: reveal opens with alice's commit alone
        revealOne(taskId, alice, 0, uniform(10, 1));
        vm.warp(vm.getBlockTimestamp() + 1 hours);
        bytes[] memory v = new bytes[](3);
        v[0] = uniform(10, 1);
        crowdlabel.finalise(taskId, 0, v); // one vote per item, minAgreement 2: nothing resolved, nothing paid
        vm.warp(start + 7 days);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);

        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.paid, 0);
        assertEq(t.bondsForfeited, 0);
        assertEq(crowdlabel.credits(address(token), owner), t.funded, "the owner gets the budget, not bob's bond");
        assertEq(crowdlabel.credits(address(token), bob), BOND, "bob's bond came back");
        assertEq(crowdlabel.credits(address(token), alice), BOND);
    }

    function test_RevertWhen_ClaimCountOutOfRange() public {
        uint256 taskId = createTask(defaultParams());
        vm.startPrank(alice);
        vm.expectRevert(ICrowdlabel.InvalidClaimCount.selector);
        crowdlabel.requestClaim(taskId, 0);
        vm.expectRevert(ICrowdlabel.InvalidClaimCount.selector);
        crowdlabel.requestClaim(taskId, 17);
        vm.stopPrank();
    }

    function test_RevertWhen_ClaimPendingOrOutstanding() public {
        uint256 taskId = createTask(defaultParams());
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        vm.expectRevert(ICrowdlabel.ClaimPending.selector);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        vm.roll(vm.getBlockNumber() + 1);
        crowdlabel.assign(taskId, alice);
        vm.expectRevert(ICrowdlabel.ClaimsOutstanding.selector);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        vm.warp(vm.getBlockTimestamp() + 1 hours); // outstanding slot expired: allowed again, bond lost
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
    }

    function test_RevertWhen_AssignWithoutRequestOrTooEarly() public {
        uint256 taskId = createTask(defaultParams());
        vm.expectRevert(ICrowdlabel.NoClaimRequest.selector);
        crowdlabel.assign(taskId, alice);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        vm.expectRevert(ICrowdlabel.SeedNotReady.selector);
        crowdlabel.assign(taskId, alice);
    }

    function test_Assign_LapsesWhenSeedHashIsGone() public {
        uint256 taskId = createTask(defaultParams());
        uint256 funded = crowdlabel.getTask(taskId).funded;
        uint256 before = token.balanceOf(alice);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 2);
        uint64 seedBlock = uint64(vm.getBlockNumber());
        vm.roll(vm.getBlockNumber() + 257);

        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ClaimLapsed(taskId, alice, 2, seedBlock, 2 * BOND);
        vm.recordLogs();
        vm.prank(bob); // anyone may settle it
        uint32[] memory none = crowdlabel.assign(taskId, alice);
        assertEq(none.length, 0);
        assertEq(vm.getRecordedLogs().length, 1, "no slot, no ClaimRequested, no ClaimUnfilled");

        Crowdlabel.ClaimRequest memory req = crowdlabel.claimRequestOf(taskId, alice);
        assertEq(req.count, 0);
        assertEq(req.bond, 0);
        assertEq(req.outstanding, 0);
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.bondsForfeited, 2 * BOND);
        assertEq(t.bondsHeld, 0);
        assertEq(crowdlabel.credits(address(token), alice), 0);
        assertEq(token.balanceOf(alice), before - 2 * BOND);
        assertEq(crowdlabel.totalOwed(address(token)), funded + 2 * BOND);
        vm.expectRevert(ICrowdlabel.NoClaimRequest.selector);
        crowdlabel.assign(taskId, alice);

        // A new request is allowed and draws normally.
        assertEq(claim(taskId, alice, 2).length, 2);
        assertEq(crowdlabel.getTask(taskId).bondsHeld, 2 * BOND);
    }

    function test_Assign_EveryReRollCostsAFullBond() public {
        uint256 taskId = createTask(defaultParams());
        for (uint256 i; i < 3; ++i) {
            vm.prank(alice);
            crowdlabel.requestClaim(taskId, 1);
            vm.roll(vm.getBlockNumber() + 257);
            assertEq(crowdlabel.assign(taskId, alice).length, 0);
        }
        assertEq(crowdlabel.getTask(taskId).bondsForfeited, 3 * BOND);
        assertEq(crowdlabel.credits(address(token), alice), 0);
    }

    function testFuzz_Assign_DrawsWithin256BlocksAndLapsesAfter(uint256 wait) public {
        wait = bound(wait, 1, 2_000);
        uint256 taskId = createTask(defaultParams());
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 2);
        vm.roll(vm.getBlockNumber() + wait);
        uint32[] memory got = crowdlabel.assign(taskId, alice);
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        if (wait <= 256) {
            assertEq(got.length, 2);
            assertEq(t.bondsHeld, 2 * BOND);
            assertEq(t.bondsForfeited, 0);
        } else {
            assertEq(got.length, 0);
            assertEq(t.bondsHeld, 0);
            assertEq(t.bondsForfeited, 2 * BOND);
        }
        assertEq(crowdlabel.claimRequestOf(taskId, alice).count, 0);
    }

    function test_Assign_LapseWithZeroBond() public {
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.bondPerClaim = 0;
        uint256 taskId = createTask(p);
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        uint64 seedBlock = uint64(vm.getBlockNumber());
        vm.roll(vm.getBlockNumber() + 300);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ClaimLapsed(taskId, alice, 1, seedBlock, 0);
        assertEq(crowdlabel.assign(taskId, alice).length, 0);
        assertEq(crowdlabel.getTask(taskId).bondsForfeited, 0);
        assertEq(claim(taskId, alice, 1).length, 1);
    }

    function test_Close_RefundsLapsedBondToOwner() public {
        uint256 taskId = createTask(defaultParams());
        uint256 funded = crowdlabel.getTask(taskId).funded;
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 3);
        vm.roll(vm.getBlockNumber() + 257);
        crowdlabel.assign(taskId, alice);
        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.expectEmit(true, false, false, true);
        emit ICrowdlabel.TaskClosed(taskId, funded + 3 * BOND, 0, funded);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        assertEq(crowdlabel.credits(address(token), owner), funded + 3 * BOND);
        vm.prank(owner);
        crowdlabel.withdraw(address(token));
        assertEq(crowdlabel.totalOwed(address(token)), 0);
        assertEq(token.balanceOf(address(crowdlabel)), 0);
    }

    function test_Assign_StaleRequestOnClosedTaskReturnsBond() public {
        uint256 taskId = createTask(defaultParams());
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 2);
        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        vm.roll(vm.getBlockNumber() + 300);
        // Nothing can be drawn on a closed task, so there is nothing to re-roll: the bond comes back.
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ClaimUnfilled(taskId, alice, 2, 2 * BOND);
        assertEq(crowdlabel.assign(taskId, alice).length, 0);
        assertEq(crowdlabel.credits(address(token), alice), 2 * BOND);
        assertEq(crowdlabel.getTask(taskId).bondsForfeited, 0);
        vm.prank(alice);
        crowdlabel.withdraw(address(token));
        vm.prank(owner);
        crowdlabel.withdraw(address(token));
        assertEq(crowdlabel.totalOwed(address(token)), 0);
        assertEq(token.balanceOf(address(crowdlabel)), 0);
    }

    function test_Assign_StaleRequestPastDeadlineReturnsBond() public {
        uint256 taskId = createTask(defaultParams());
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 2);
        vm.roll(vm.getBlockNumber() + 300);
        vm.warp(vm.getBlockTimestamp() + 8 days);
        assertEq(crowdlabel.assign(taskId, alice).length, 0);
        assertEq(crowdlabel.credits(address(token), alice), 2 * BOND);
        assertEq(crowdlabel.getTask(taskId).bondsForfeited, 0);
    }

    function test_Assign_AfterDeadlineReturnsBond() public {
        uint256 taskId = createTask(defaultParams());
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 2);
        vm.roll(vm.getBlockNumber() + 1);
        vm.warp(vm.getBlockTimestamp() + 8 days);
        assertEq(crowdlabel.assign(taskId, alice).length, 0);
        assertEq(crowdlabel.credits(address(token), alice), 2 * BOND);
    }

    function test_RevertWhen_NotEligible() public {
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.minLabelsRevealed = 5;
        uint256 taskId = createTask(p);
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.NotEligible.selector, 0, 0));
        vm.prank(alice);
        crowdlabel.requestClaim(taskId, 1);
        assertFalse(crowdlabel.isEligible(taskId, alice));
    }

    function test_Gate_OpensAfterAgreeingLabels() public {
        uint256 first = createTask(singleBatch());
        _runBatch(first, uniform(10, 1), uniform(10, 1), uniform(10, 2));
        (uint64 revealed, uint64 agreed) = crowdlabel.annotatorStats(alice);
        assertEq(revealed, 10);
        assertEq(agreed, 10);
        (revealed, agreed) = crowdlabel.annotatorStats(carol);
        assertEq(revealed, 10);
        assertEq(agreed, 0);

        ICrowdlabel.TaskParams memory p = defaultParams();
        p.minLabelsRevealed = 10;
        p.minAgreementBps = 8_000;
        uint256 gated = createTask(p);
        assertTrue(crowdlabel.isEligible(gated, alice));
        assertFalse(crowdlabel.isEligible(gated, carol));
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.NotEligible.selector, 10, 0));
        vm.prank(carol);
        crowdlabel.requestClaim(gated, 1);
        vm.prank(alice);
        crowdlabel.requestClaim(gated, 1);
    }

    /// @dev Audit F3b: with minLabelsRevealed = 0, `0 * 10_000 >= bps * 0` admitted any fresh wallet.
    function test_Gate_AgreementGateNeedsARevealedLabel() public {
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.minAgreementBps = 9_000;
        uint256 gated = createTask(p);
        address fresh = makeAddr("fresh");
        assertFalse(crowdlabel.isEligible(gated, fresh));
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.NotEligible.selector, 0, 0));
        vm.prank(fresh);
        crowdlabel.requestClaim(gated, 1);

        assertTrue(crowdlabel.isEligible(createTask(defaultParams()), fresh), "no gate: anyone");

        _runBatch(createTask(singleBatch()), uniform(10, 1), uniform(10, 1), uniform(10, 2));
        assertTrue(crowdlabel.isEligible(gated, alice), "10 of 10 agreed");
        assertFalse(crowdlabel.isEligible(gated, carol), "0 of 10 agreed");
        vm.prank(alice);
        crowdlabel.requestClaim(gated, 1);
    }

    /// @dev Audit F2/F3: junk labels in an owner's own R = 1, minAgreement = 1 task farmed the gate for free.
    function test_Gate_LoneLabelTasksAreNotCounted() public {
        address mallory = makeAddr("mallory");
        fund(mallory);
        ICrowdlabel.TaskParams memory p = defaultParams();
        (p.itemCount, p.batchSize, p.redundancy, p.maxRedundancy, p.minAgreement) = (256, 256, 1, 1, 1);
        (p.rewardPerLabel, p.bondPerClaim) = (1, 0);
        // Labelled by another wallet, so the owner exemption does not apply: minAgreement 1 alone stops the count.
        vm.prank(mallory);
        uint256 farm = crowdlabel.createTask(p);
        claim(farm, alice, 1);
        bytes memory junk = uniform(256, 0);
        commitOne(farm, alice, 0, junk);
        revealOne(farm, alice, 0, junk);
        bytes[] memory v = new bytes[](1);
        v[0] = junk;
        vm.expectEmit(true, true, true, true);
        emit ICrowdlabel.RewardCredited(farm, 0, alice, 256, 256, 256);
        crowdlabel.finalise(farm, 0, v);
        assertEq(crowdlabel.credits(address(token), alice), 256, "paid as before");
        (uint64 revealed, uint64 agreed) = crowdlabel.annotatorStats(alice);
        assertEq(revealed, 0);
        assertEq(agreed, 0);

        ICrowdlabel.TaskParams memory g = defaultParams();
        (g.minLabelsRevealed, g.minAgreementBps) = (200, 9_500);
        assertFalse(crowdlabel.isEligible(createTask(g), alice));
    }

    function test_Gate_OwnersOwnLabelsAreNotCounted() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        claim(taskId, owner, 1); // the owner labels its own task
        claim(taskId, bob, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));
        commitOne(taskId, owner, 0, uniform(10, 1));
        commitOne(taskId, bob, 0, uniform(10, 2));
        revealOne(taskId, alice, 0, uniform(10, 1));
        revealOne(taskId, owner, 0, uniform(10, 1));
        revealOne(taskId, bob, 0, uniform(10, 2));
        bytes[] memory v = new bytes[](3);
        (v[0], v[1], v[2]) = (uniform(10, 1), uniform(10, 1), uniform(10, 2));
        crowdlabel.finalise(taskId, 0, v);

        assertEq(crowdlabel.credits(address(token), owner), 10 * REWARD + BOND, "the owner is still paid");
        (uint64 revealed, uint64 agreed) = crowdlabel.annotatorStats(owner);
        assertEq(revealed, 0);
        assertEq(agreed, 0);
        (revealed, agreed) = crowdlabel.annotatorStats(alice);
        assertEq(revealed, 10);
        assertEq(agreed, 10);
        (revealed, agreed) = crowdlabel.annotatorStats(bob);
        assertEq(revealed, 10);
        assertEq(agreed, 0);
    }

    /*////////////////////////////// commit //////////////////////////////*/

    function test_RevertWhen_CommitWithoutSlot() public {
        uint256 taskId = createTask(singleBatch());
        vm.expectRevert(ICrowdlabel.NotSlotHolder.selector);
        commitOne(taskId, alice, 0, uniform(10, 1));
    }

    function test_RevertWhen_CommitTwice() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));
        vm.expectRevert(ICrowdlabel.AlreadyCommitted.selector);
        commitOne(taskId, alice, 0, uniform(10, 1));
    }

    function test_RevertWhen_CommitAfterClaimExpired() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        vm.warp(vm.getBlockTimestamp() + 1 hours);
        vm.expectRevert(ICrowdlabel.SlotExpired.selector);
        commitOne(taskId, alice, 0, uniform(10, 1));
    }

    function test_ExpiredClaim_SlotGoesToNextClaimerAndBondIsForfeited() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        claim(taskId, bob, 1);
        claim(taskId, carol, 1);
        vm.warp(vm.getBlockTimestamp() + 1 hours);
        vm.prank(dave);
        crowdlabel.requestClaim(taskId, 1);
        vm.roll(vm.getBlockNumber() + 1);
        vm.expectEmit(true, true, true, true);
        emit ICrowdlabel.ClaimExpired(taskId, 0, alice, 0, BOND);
        crowdlabel.assign(taskId, dave);
        (bool held, uint8 slot) = crowdlabel.slotOf(taskId, 0, dave);
        assertTrue(held);
        assertEq(slot, 0);
        (held,) = crowdlabel.slotOf(taskId, 0, alice);
        assertFalse(held);
        assertEq(crowdlabel.getTask(taskId).bondsForfeited, BOND);
    }

    function test_RevertWhen_CommitOnClosedTask() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        vm.expectRevert(ICrowdlabel.TaskIsClosed.selector);
        commitOne(taskId, alice, 0, uniform(10, 1));
    }

    function test_Commit_ManyBatchesAcrossTasksInOneCall() public {
        uint256 a = createTask(defaultParams());
        uint256 b = createTask(singleBatch());
        uint32[] memory batches = claim(a, alice, 2);
        claim(b, alice, 1);
        ICrowdlabel.CommitInput[] memory c = new ICrowdlabel.CommitInput[](3);
        for (uint256 i; i < 2; ++i) {
            c[i] = ICrowdlabel.CommitInput(
                a, batches[i], 0, crowdlabel.commitmentOf(a, batches[i], alice, uniform(10, 1), salt(alice, batches[i]))
            );
        }
        c[2] = ICrowdlabel.CommitInput(b, 0, 0, crowdlabel.commitmentOf(b, 0, alice, uniform(10, 2), salt(alice, 0)));
        vm.prank(alice);
        crowdlabel.commit(c);
        (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(b, 0, 0);
        assertEq(slot.state, 2);
        assertEq(crowdlabel.claimRequestOf(a, alice).outstanding, 0);
    }

    /*////////////////////////////// reveal //////////////////////////////*/

    function _claimAndCommitThree(uint256 taskId, bytes memory la, bytes memory lb, bytes memory lc) internal {
        claim(taskId, alice, 1);
        claim(taskId, bob, 1);
        claim(taskId, carol, 1);
        commitOne(taskId, alice, 0, la);
        commitOne(taskId, bob, 0, lb);
        commitOne(taskId, carol, 0, lc);
    }

    function test_Reveal_OpensWhenAllCommitted() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        claim(taskId, bob, 1);
        claim(taskId, carol, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));
        vm.expectRevert(ICrowdlabel.RevealNotOpen.selector);
        revealOne(taskId, alice, 0, uniform(10, 1));
        commitOne(taskId, bob, 0, uniform(10, 1));
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.RevealOpened(taskId, 0, 0, uint40(vm.getBlockTimestamp() + 1 hours));
        commitOne(taskId, carol, 0, uniform(10, 1));
        revealOne(taskId, alice, 0, uniform(10, 1));
        assertEq(crowdlabel.credits(address(token), alice), BOND, "bond back on reveal");
    }

    function test_Reveal_OpensWhenCommitWindowEnds() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));
        (,, uint256 opensAt,) = crowdlabel.getBatch(taskId, 0);
        assertEq(opensAt, vm.getBlockTimestamp() + 2 hours);
        vm.warp(opensAt);
        revealOne(taskId, alice, 0, uniform(10, 1));
    }

    function test_RevertWhen_RevealWithWrongSaltOrLabels() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 2));
        ICrowdlabel.RevealInput[] memory r = new ICrowdlabel.RevealInput[](1);
        r[0] = ICrowdlabel.RevealInput(taskId, 0, 0, uniform(10, 1), bytes32(uint256(1)));
        vm.expectRevert(ICrowdlabel.CommitMismatch.selector);
        vm.prank(alice);
        crowdlabel.reveal(r);
        vm.expectRevert(ICrowdlabel.CommitMismatch.selector);
        revealOne(taskId, alice, 0, uniform(10, 2));
    }

    function test_RevertWhen_RevealHasWrongLengthOrRange() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 4));
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.WrongLabelCount.selector, 10, 9));
        revealOne(taskId, alice, 0, uniform(9, 1));
        // classCount 3: labels 0..3 are valid (3 = "cannot label"); 4 is out of range
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.LabelOutOfRange.selector, 0, 4));
        revealOne(taskId, carol, 0, uniform(10, 4));
    }

    function test_RevertWhen_RevealTwice() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 3));
        revealOne(taskId, carol, 0, uniform(10, 3));
        vm.expectRevert(ICrowdlabel.AlreadyRevealed.selector);
        revealOne(taskId, carol, 0, uniform(10, 3));
    }

    function test_RevertWhen_RevealAfterWindow() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 1));
        vm.warp(vm.getBlockTimestamp() + 1 hours);
        vm.expectRevert(ICrowdlabel.RevealWindowOver.selector);
        revealOne(taskId, alice, 0, uniform(10, 1));
    }

    function test_RevertWhen_CopierReplaysSomeoneElsesCommitment() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        claim(taskId, bob, 1);
        claim(taskId, carol, 1);
        bytes memory honest = uniform(10, 2);
        bytes32 aliceCommitment = crowdlabel.commitmentOf(taskId, 0, alice, honest, salt(alice, 0));
        commitOne(taskId, alice, 0, honest);
        // bob copies alice's commitment from the mempool/event and later replays her reveal
        ICrowdlabel.CommitInput[] memory c = new ICrowdlabel.CommitInput[](1);
        c[0] = ICrowdlabel.CommitInput(taskId, 0, 1, aliceCommitment);
        vm.prank(bob);
        crowdlabel.commit(c);
        commitOne(taskId, carol, 0, honest);
        revealOne(taskId, alice, 0, honest);
        ICrowdlabel.RevealInput[] memory r = new ICrowdlabel.RevealInput[](1);
        r[0] = ICrowdlabel.RevealInput(taskId, 0, 1, honest, salt(alice, 0));
        vm.expectRevert(ICrowdlabel.CommitMismatch.selector);
        vm.prank(bob);
        crowdlabel.reveal(r);
    }

    function test_RevertWhen_RevealingForSomeoneElse() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 1));
        ICrowdlabel.RevealInput[] memory r = new ICrowdlabel.RevealInput[](1);
        r[0] = ICrowdlabel.RevealInput(taskId, 0, 0, uniform(10, 1), salt(alice, 0));
        vm.expectRevert(ICrowdlabel.NotSlotHolder.selector);
        vm.prank(dave);
        crowdlabel.reveal(r);
    }

    /*////////////////////////////// finalise //////////////////////////////*/

    function _runBatch(uint256 taskId, bytes memory la, bytes memory lb, bytes memory lc) internal {
        bytes[] memory v = _revealThree(taskId, la, lb, lc);
        crowdlabel.finalise(taskId, 0, v);
    }

    /// @dev `who` claims batch 0 and commits `labels`; nobody else commits before the commit window ends, so reveal
    /// opens with that one commit and `who` reveals.
    function _labelAlone(uint256 taskId, address who, bytes memory labels) internal {
        claim(taskId, who, 1);
        commitOne(taskId, who, 0, labels);
        vm.warp(vm.getBlockTimestamp() + 2 hours);
        revealOne(taskId, who, 0, labels);
    }

    function _revealThree(uint256 taskId, bytes memory la, bytes memory lb, bytes memory lc)
        internal
        returns (bytes[] memory v)
    {
        _claimAndCommitThree(taskId, la, lb, lc);
        revealOne(taskId, alice, 0, la);
        revealOne(taskId, bob, 0, lb);
        revealOne(taskId, carol, 0, lc);
        v = new bytes[](3);
        (v[0], v[1], v[2]) = (la, lb, lc);
    }

    function test_Finalise_PaysAgreeingLabelsExactly() public {
        uint256 taskId = createTask(singleBatch());
        bytes memory la = labelsOf([uint8(0), 1, 2, 3, 0, 1, 2, 3, 0, 1]);
        bytes memory lb = labelsOf([uint8(0), 1, 2, 3, 0, 1, 2, 3, 1, 2]);
        bytes memory lc = labelsOf([uint8(0), 2, 2, 1, 0, 1, 0, 3, 2, 0]);
        // consensus: 0,1,2,3,0,1,2,3 then item 8 (0,1,2) and 9 (1,2,0) are unresolved
        bytes memory expected = labelsOf([uint8(0), 1, 2, 3, 0, 1, 2, 3, 0, 0]);
        bytes[] memory v = _revealThree(taskId, la, lb, lc);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.BatchFinalised(taskId, 0, 0, expected, 0xff, 0xff, 21 * REWARD, 0);
        crowdlabel.finalise(taskId, 0, v);

        assertEq(crowdlabel.credits(address(token), alice), 8 * REWARD + BOND);
        assertEq(crowdlabel.credits(address(token), bob), 8 * REWARD + BOND);
        assertEq(crowdlabel.credits(address(token), carol), 5 * REWARD + BOND);
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.paid, 21 * REWARD);
        assertEq(t.doneBatches, 1, "R_max reached: done");
        assertEq(t.pendingBatches, 0);
    }

    function test_Finalise_NonRevealerForfeitsBond() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 2));
        revealOne(taskId, alice, 0, uniform(10, 1));
        revealOne(taskId, bob, 0, uniform(10, 1));
        vm.expectRevert(ICrowdlabel.NotFinalisable.selector);
        crowdlabel.finalise(taskId, 0, new bytes[](3));
        vm.warp(vm.getBlockTimestamp() + 1 hours);
        bytes[] memory v = new bytes[](3);
        (v[0], v[1]) = (uniform(10, 1), uniform(10, 1));
        vm.expectEmit(true, true, true, true);
        emit ICrowdlabel.BondForfeited(taskId, 0, carol, 2, BOND);
        crowdlabel.finalise(taskId, 0, v);
        assertEq(crowdlabel.credits(address(token), carol), 0);
        assertEq(crowdlabel.getTask(taskId).bondsForfeited, BOND);
        assertEq(crowdlabel.credits(address(token), alice), 10 * REWARD + BOND);
    }

    /// @dev Audit F6: a claim that expired uncommitted in a finalised round is forfeited there, naming its holder.
    function test_Finalise_ForfeitsExpiredClaimsNamingTheHolder() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        claim(taskId, bob, 1); // never commits
        commitOne(taskId, alice, 0, uniform(10, 1));
        vm.warp(vm.getBlockTimestamp() + 2 hours); // commit window over
        revealOne(taskId, alice, 0, uniform(10, 1));
        uint8 bobSlot = slotFor(taskId, 0, bob);
        assertEq(bobSlot, 1);
        bytes[] memory v = new bytes[](3);
        v[0] = uniform(10, 1);

        vm.expectEmit(true, true, true, true);
        emit ICrowdlabel.ClaimExpired(taskId, 0, bob, 1, BOND);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.BatchFinalised(taskId, 0, 0, new bytes(10), 0, 0, 0, BOND);
        crowdlabel.finalise(taskId, 0, v);

        (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, 0, 1);
        assertEq(slot.annotator, bob);
        assertEq(slot.state, 4, "forfeited");
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.bondsHeld, 0);
        assertEq(t.bondsForfeited, BOND);

        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.recordLogs();
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "nothing left to forfeit at close");
        assertEq(crowdlabel.credits(address(token), owner), t.funded + BOND);
        assertEq(crowdlabel.credits(address(token), bob), 0);
        assertEq(crowdlabel.credits(address(token), alice), BOND);
    }

    function test_RevertWhen_FinaliseWithForgedVectors() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 2));
        revealOne(taskId, alice, 0, uniform(10, 1));
        revealOne(taskId, bob, 0, uniform(10, 1));
        revealOne(taskId, carol, 0, uniform(10, 2));
        bytes[] memory v = new bytes[](3);
        (v[0], v[1], v[2]) = (uniform(10, 1), uniform(10, 2), uniform(10, 2)); // bob's vector forged
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.LabelsMismatch.selector, 1));
        crowdlabel.finalise(taskId, 0, v);
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.WrongVectorCount.selector, 3, 2));
        crowdlabel.finalise(taskId, 0, new bytes[](2));
        vm.expectRevert(ICrowdlabel.BatchNotFound.selector);
        crowdlabel.finalise(taskId, 1, v);
    }

    function test_RevertWhen_FinaliseHidesARevealer() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 2));
        revealOne(taskId, alice, 0, uniform(10, 1));
        revealOne(taskId, bob, 0, uniform(10, 1));
        vm.warp(vm.getBlockTimestamp() + 1 hours);
        bytes[] memory v = new bytes[](3);
        (v[0], v[2]) = (uniform(10, 1), uniform(10, 2)); // claims carol revealed, drops bob
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.LabelsMismatch.selector, 1));
        crowdlabel.finalise(taskId, 0, v);
    }

    function test_RevertWhen_FinaliseTwice() public {
        uint256 taskId = createTask(singleBatch());
        _runBatch(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 1));
        bytes[] memory v = new bytes[](3);
        (v[0], v[1], v[2]) = (uniform(10, 1), uniform(10, 1), uniform(10, 1));
        vm.expectRevert(ICrowdlabel.NotFinalisable.selector);
        crowdlabel.finalise(taskId, 0, v);
    }

    /*////////////////////////////// finaliseBatches //////////////////////////////*/

    /// @dev A two-batch task where alice, bob and carol labeled both batches and revealed; returns each batch's
    /// vectors for finalise (batch 0: alice dissents on every item; batch 1: carol does).
    function _twoBatchesRevealed() internal returns (uint256 taskId, ICrowdlabel.FinaliseInput[] memory inputs) {
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.itemCount = 20;
        taskId = createTask(p);
        address[] memory who = three();
        bytes[2][3] memory labels =
            [[uniform(10, 2), uniform(10, 1)], [uniform(10, 1), uniform(10, 1)], [uniform(10, 1), uniform(10, 0)]];
        for (uint256 a; a < 3; ++a) {
            assertEq(claim(taskId, who[a], 2).length, 2, "one slot in each batch");
        }
        for (uint32 b; b < 2; ++b) {
            for (uint256 a; a < 3; ++a) {
                commitOne(taskId, who[a], b, labels[a][b]);
            }
        }
        for (uint32 b; b < 2; ++b) {
            for (uint256 a; a < 3; ++a) {
                revealOne(taskId, who[a], b, labels[a][b]);
            }
        }
        inputs = new ICrowdlabel.FinaliseInput[](2);
        bool[] memory all = new bool[](3);
        (all[0], all[1], all[2]) = (true, true, true);
        for (uint32 b; b < 2; ++b) {
            bytes[] memory batchLabels = new bytes[](3);
            (batchLabels[0], batchLabels[1], batchLabels[2]) = (labels[0][b], labels[1][b], labels[2][b]);
            inputs[b] = ICrowdlabel.FinaliseInput(b, vectorsFor(taskId, b, who, batchLabels, all));
        }
    }

    function test_FinaliseBatches_SettlesEachBatchAsFinaliseDoes() public {
        (uint256 taskId, ICrowdlabel.FinaliseInput[] memory inputs) = _twoBatchesRevealed();
        uint256 before = vm.snapshotState();
        for (uint256 i; i < inputs.length; ++i) {
            crowdlabel.finalise(taskId, inputs[i].batchId, inputs[i].labels);
        }
        uint256[3] memory oneByOne = [
            crowdlabel.credits(address(token), alice), crowdlabel.credits(address(token), bob), crowdlabel.credits(address(token), carol)
        ];
        Crowdlabel.Task memory expected = crowdlabel.getTask(taskId);
        vm.revertToState(before);

        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.BatchFinalised(taskId, 0, 0, uniform(10, 1), 0x3ff, 0x3ff, 20 * REWARD, 0);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.BatchFinalised(taskId, 1, 0, uniform(10, 1), 0x3ff, 0x3ff, 20 * REWARD, 0);
        assertEq(crowdlabel.finaliseBatches(taskId, inputs), 2);

        assertEq(crowdlabel.credits(address(token), alice), oneByOne[0]);
        assertEq(crowdlabel.credits(address(token), bob), oneByOne[1]);
        assertEq(crowdlabel.credits(address(token), carol), oneByOne[2]);
        assertEq(oneByOne[1], 20 * REWARD + 2 * BOND, "bob agreed everywhere");
        assertEq(oneByOne[0], 10 * REWARD + 2 * BOND, "alice dissented on batch 0");
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.paid, expected.paid);
        assertEq(t.doneBatches, 2);
        assertEq(t.pendingBatches, 0);
    }

    function test_FinaliseBatches_SkipsABatchFinalisedFirst() public {
        (uint256 taskId, ICrowdlabel.FinaliseInput[] memory inputs) = _twoBatchesRevealed();
        crowdlabel.finalise(taskId, 0, inputs[0].labels); // a racing keeper
        uint256 paidBefore = crowdlabel.getTask(taskId).paid;

        vm.recordLogs();
        assertEq(crowdlabel.finaliseBatches(taskId, inputs), 1, "batch 0 skipped");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 finalisedEvents;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != ICrowdlabel.BatchFinalised.selector) continue;
            ++finalisedEvents;
            assertEq(uint256(logs[i].topics[2]), 1, "only batch 1");
        }
        assertEq(finalisedEvents, 1);
        assertEq(crowdlabel.getTask(taskId).paid, paidBefore + 20 * REWARD);
        assertEq(crowdlabel.finaliseBatches(taskId, inputs), 0, "nothing left: no revert");
    }

    function test_RevertWhen_FinaliseBatchesHasAForgedVector() public {
        (uint256 taskId, ICrowdlabel.FinaliseInput[] memory inputs) = _twoBatchesRevealed();
        inputs[1].labels[2] = uniform(10, 1); // carol revealed 0s
        vm.expectRevert(abi.encodeWithSelector(ICrowdlabel.LabelsMismatch.selector, 2));
        crowdlabel.finaliseBatches(taskId, inputs);
        assertEq(crowdlabel.getTask(taskId).pendingBatches, 2, "batch 0 rolled back too");

        inputs[1].batchId = 2;
        vm.expectRevert(ICrowdlabel.BatchNotFound.selector);
        crowdlabel.finaliseBatches(taskId, inputs);
        vm.expectRevert(ICrowdlabel.TaskNotFound.selector);
        crowdlabel.finaliseBatches(taskId + 1, inputs);
    }

    function test_AdaptiveRedundancy_ExtraRoundResolvesDisagreement() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        p.maxRedundancy = 5;
        uint256 taskId = createTask(p);
        bytes memory la = labelsOf([uint8(0), 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        bytes memory lb = labelsOf([uint8(1), 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        bytes memory lc = labelsOf([uint8(2), 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        bytes[] memory first = _revealThree(taskId, la, lb, lc);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ExtraRoundOpened(taskId, 0, 1, 1, 1);
        crowdlabel.finalise(taskId, 0, first);
        assertEq(crowdlabel.getTask(taskId).pendingBatches, 0);

        // dave labels item 0 as 1: bob's earlier label now agrees too
        assertEq(claim(taskId, dave, 1).length, 1);
        bytes memory ld = uniform(10, 1);
        commitOne(taskId, dave, 0, ld);
        revealOne(taskId, dave, 0, ld);
        bytes[] memory v = new bytes[](4);
        (v[0], v[1], v[2], v[3]) = (la, lb, lc, ld);
        uint256 bobBefore = crowdlabel.credits(address(token), bob);
        crowdlabel.finalise(taskId, 0, v);
        assertEq(crowdlabel.credits(address(token), bob) - bobBefore, REWARD, "bob paid for item 0");
        assertEq(crowdlabel.credits(address(token), dave), REWARD + BOND, "dave paid only for the unresolved item");
        (uint64 revealed, uint64 agreed) = crowdlabel.annotatorStats(dave);
        assertEq(revealed, 1);
        assertEq(agreed, 1);
        (Crowdlabel.Batch memory b, ICrowdlabel.BatchPhase phase,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(b.resolvedMask, 0x3ff);
        assertEq(uint8(phase), uint8(ICrowdlabel.BatchPhase.Done));
        assertEq(crowdlabel.getTask(taskId).paid, 29 * REWARD);
    }

    /// @dev Audit F4: unfilled slots counted as bought, so with R = R_max one early label ended the batch for good.
    function test_AdaptiveRedundancy_UnfilledSlotsAreOfferedAgain() public {
        uint256 taskId = createTask(singleBatch()); // R = R_max = 3, minAgreement 2
        _labelAlone(taskId, alice, uniform(10, 1)); // nobody else came: reveal opens with one commit
        bytes[] memory v = new bytes[](3);
        v[0] = uniform(10, 1);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ExtraRoundOpened(taskId, 0, 1, 2, 0x3ff); // the two unbought labels
        crowdlabel.finalise(taskId, 0, v);
        (Crowdlabel.Batch memory b, ICrowdlabel.BatchPhase phase,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(uint8(phase), uint8(ICrowdlabel.BatchPhase.Open));
        assertEq(b.bought, 1);
        assertEq(b.roundStart, 3);
        assertEq(b.roundEnd, 5);

        assertEq(claim(taskId, bob, 1).length, 1);
        assertEq(claim(taskId, carol, 1).length, 1);
        assertEq(slotFor(taskId, 0, bob), 3);
        assertEq(slotFor(taskId, 0, carol), 4);
        commitOne(taskId, bob, 0, uniform(10, 1));
        commitOne(taskId, carol, 0, uniform(10, 1));
        revealOne(taskId, bob, 0, uniform(10, 1));
        revealOne(taskId, carol, 0, uniform(10, 1));
        bytes[] memory w = new bytes[](5);
        (w[0], w[3], w[4]) = (uniform(10, 1), uniform(10, 1), uniform(10, 1));
        crowdlabel.finalise(taskId, 0, w);

        (b, phase,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(uint8(phase), uint8(ICrowdlabel.BatchPhase.Done));
        assertEq(b.bought, 3);
        assertEq(b.resolvedMask, 0x3ff);
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.paid, 30 * REWARD);
        assertEq(t.paid, t.funded, "three labels per item, as budgeted");
        assertEq(crowdlabel.credits(address(token), alice), 10 * REWARD + BOND);
        assertEq(crowdlabel.credits(address(token), bob), 10 * REWARD + BOND);
    }

    /// @dev With minAgreement 1 a lone early label resolved every item of its batch: nothing resolves before R
    /// labels were bought, and the early label is paid once the round that tops the batch up to R agrees with it.
    function test_AdaptiveRedundancy_NothingResolvesBelowRedundancy() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        p.minAgreement = 1; // R = R_max = 3
        uint256 taskId = createTask(p);
        _labelAlone(taskId, alice, uniform(10, 1)); // nobody else came: reveal opens with one commit
        bytes[] memory v = new bytes[](3);
        v[0] = uniform(10, 1);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ExtraRoundOpened(taskId, 0, 1, 2, 0x3ff);
        crowdlabel.finalise(taskId, 0, v);
        (Crowdlabel.Batch memory b, ICrowdlabel.BatchPhase phase,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(b.resolvedMask, 0, "one label of three resolves nothing");
        assertEq(uint8(phase), uint8(ICrowdlabel.BatchPhase.Open));
        assertEq(crowdlabel.credits(address(token), alice), BOND, "only the bond back so far");

        claim(taskId, bob, 1);
        claim(taskId, carol, 1);
        bytes memory lc = labelsOf([uint8(2), 2, 1, 1, 1, 1, 1, 1, 1, 1]);
        commitOne(taskId, bob, 0, uniform(10, 1));
        commitOne(taskId, carol, 0, lc);
        revealOne(taskId, bob, 0, uniform(10, 1));
        revealOne(taskId, carol, 0, lc);
        bytes[] memory w = new bytes[](5);
        (w[0], w[3], w[4]) = (uniform(10, 1), uniform(10, 1), lc);
        crowdlabel.finalise(taskId, 0, w);
        (b, phase,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(b.resolvedMask, 0x3ff);
        assertEq(uint8(phase), uint8(ICrowdlabel.BatchPhase.Done));
        assertEq(crowdlabel.credits(address(token), alice), 10 * REWARD + BOND, "alice's round-0 labels paid");
        assertEq(crowdlabel.credits(address(token), carol), 8 * REWARD + BOND);
        (uint64 revealed, uint64 agreed) = crowdlabel.annotatorStats(alice);
        assertEq(revealed, 0, "minAgreement 1: not counted for gates");
        assertEq(agreed, 0);
    }

    /// @dev With minAgreement 2 two early labels no longer settle a batch of R = 3 either. The gate counters leave the
    /// deferred round alone (if it is never topped up, its labels were never judged) and score it with the next one.
    function test_AdaptiveRedundancy_TwoEarlyLabelsWaitForTheThird() public {
        uint256 taskId = createTask(singleBatch()); // R = R_max = 3, minAgreement 2
        claim(taskId, alice, 1);
        claim(taskId, bob, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));
        commitOne(taskId, bob, 0, uniform(10, 1));
        vm.warp(vm.getBlockTimestamp() + 2 hours);
        revealOne(taskId, alice, 0, uniform(10, 1));
        revealOne(taskId, bob, 0, uniform(10, 1));
        bytes[] memory v = new bytes[](3);
        (v[0], v[1]) = (uniform(10, 1), uniform(10, 1));
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ExtraRoundOpened(taskId, 0, 1, 1, 0x3ff);
        crowdlabel.finalise(taskId, 0, v);
        (uint64 revealed, uint64 agreed) = crowdlabel.annotatorStats(alice);
        assertEq(revealed, 0, "not judged yet");
        assertEq(agreed, 0);

        claim(taskId, carol, 1);
        commitOne(taskId, carol, 0, uniform(10, 0));
        revealOne(taskId, carol, 0, uniform(10, 0));
        bytes[] memory w = new bytes[](4);
        (w[0], w[1], w[3]) = (v[0], v[1], uniform(10, 0));
        crowdlabel.finalise(taskId, 0, w);
        (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(b.resolvedMask, 0x3ff, "2 of 3 agree");
        (revealed, agreed) = crowdlabel.annotatorStats(alice);
        assertEq(revealed, 10);
        assertEq(agreed, 10);
        (revealed, agreed) = crowdlabel.annotatorStats(carol);
        assertEq(revealed, 10);
        assertEq(agreed, 0);
    }

    /// @dev A round after which no slot indices are left to reach R is the batch's last: it is tallied as it stands,
    /// not against the unreachable bar (else unanimous labels would end the batch Done, unresolved and unpaid).
    function test_AdaptiveRedundancy_LastPossibleRoundIsTalliedBelowRedundancy() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        (p.redundancy, p.maxRedundancy) = (8, 8);
        uint256 taskId = createTask(p);
        bytes memory ones = uniform(10, 1);
        _labelAlone(taskId, alice, ones);
        bytes[] memory v = new bytes[](8);
        v[0] = ones;
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ExtraRoundOpened(taskId, 0, 1, 7, 0x3ff); // 1 of 8 bought: slots 8..14 may still reach R
        crowdlabel.finalise(taskId, 0, v);

        // Round 1 takes six of its seven slots: 7 labels bought, and no slot index left for the eighth.
        address[6] memory six = [bob, carol, dave, makeAddr("erin"), makeAddr("frank"), makeAddr("grace")];
        bytes[] memory w = new bytes[](15);
        w[0] = ones;
        for (uint256 k; k < 6; ++k) {
            fund(six[k]);
            claim(taskId, six[k], 1);
            commitOne(taskId, six[k], 0, ones);
            w[slotFor(taskId, 0, six[k])] = ones;
        }
        vm.warp(vm.getBlockTimestamp() + 2 hours);
        for (uint256 k; k < 6; ++k) revealOne(taskId, six[k], 0, ones);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.BatchDone(taskId, 0, 0x3ff);
        crowdlabel.finalise(taskId, 0, w);
        assertEq(crowdlabel.getTask(taskId).paid, 70 * REWARD, "seven unanimous labels per item, all paid");
        (uint64 revealed, uint64 agreed) = crowdlabel.annotatorStats(alice);
        assertEq(revealed, 10);
        assertEq(agreed, 10);
    }

    /// @dev A 1-1-2 split with R = 3, R_max = 4 and 4 votes needed opened a 1-slot round that could resolve nothing:
    /// the batch is done once no item can reach consensus with the labels left.
    function test_AdaptiveRedundancy_DoneWhenNoItemCanStillResolve() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        (p.maxRedundancy, p.minAgreement) = (4, 4);
        uint256 taskId = createTask(p);
        bytes[] memory v = _revealThree(taskId, uniform(10, 0), uniform(10, 1), uniform(10, 1));
        vm.recordLogs();
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.BatchDone(taskId, 0, 0);
        crowdlabel.finalise(taskId, 0, v);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != ICrowdlabel.ExtraRoundOpened.selector, "no round that cannot help");
        }
        (, ICrowdlabel.BatchPhase phase,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(uint8(phase), uint8(ICrowdlabel.BatchPhase.Done));
        assertEq(crowdlabel.getTask(taskId).doneBatches, 1);
        assertEq(crowdlabel.getTask(taskId).paid, 0);
    }

    /// @dev Where one item can still resolve, the round opens, sized for the item furthest from consensus up to the
    /// labels left.
    function test_AdaptiveRedundancy_ExtraRoundWhileOneItemCanResolve() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        (p.maxRedundancy, p.minAgreement) = (5, 4);
        uint256 taskId = createTask(p);
        bytes memory lc = labelsOf([uint8(1), 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        bytes[] memory v = _revealThree(taskId, uniform(10, 1), labelsOf([uint8(1), 1, 1, 1, 1, 1, 1, 1, 1, 2]), lc);
        // item 0 has 3 votes (needs 1 more), items 1..8 have 2 (need 2), item 9 has 1 (needs 3, over the 2 left)
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ExtraRoundOpened(taskId, 0, 1, 2, 0x3ff);
        crowdlabel.finalise(taskId, 0, v);
    }

    /// @dev Slot indices stop at MAX_REDUNDANCY (the tally's bound) even when R_max labels were not all bought.
    function test_AdaptiveRedundancy_UnfilledRoundsEndAtMaxSlots() public {
        ICrowdlabel.TaskParams memory p = singleBatch();
        (p.redundancy, p.maxRedundancy) = (8, 8);
        uint256 taskId = createTask(p);
        bytes[] memory v = new bytes[](8);
        v[0] = uniform(10, 1);
        _labelAlone(taskId, alice, v[0]);
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.ExtraRoundOpened(taskId, 0, 1, 7, 0x3ff);
        crowdlabel.finalise(taskId, 0, v);

        _labelAlone(taskId, bob, uniform(10, 2));
        assertEq(slotFor(taskId, 0, bob), 8, "slot 8 of [8, 15)");
        bytes[] memory w = new bytes[](15);
        (w[0], w[8]) = (v[0], uniform(10, 2));
        vm.expectEmit(true, true, false, true);
        emit ICrowdlabel.BatchDone(taskId, 0, 0);
        crowdlabel.finalise(taskId, 0, w);
        (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, 0);
        assertEq(b.bought, 2);
        assertEq(b.roundEnd, crowdlabel.MAX_REDUNDANCY());
        assertTrue(b.done);
    }

    /*////////////////////////////// close, gold, dataset, withdraw //////////////////////////////*/

    function test_Close_RefundsUnearnedBudgetAndForfeitedBonds() public {
        uint256 taskId = createTask(defaultParams());
        claim(taskId, dave, 1); // lets it expire
        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.expectRevert(ICrowdlabel.NotOwner.selector);
        crowdlabel.closeTask(taskId);
        uint256 funded = crowdlabel.getTask(taskId).funded;
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        assertEq(crowdlabel.credits(address(token), owner), funded + BOND);
        vm.expectRevert(ICrowdlabel.TaskIsClosed.selector);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);

        uint256 before = token.balanceOf(owner);
        vm.prank(owner);
        crowdlabel.withdraw(address(token));
        assertEq(token.balanceOf(owner), before + funded + BOND);
        vm.expectRevert(ICrowdlabel.NothingToWithdraw.selector);
        vm.prank(owner);
        crowdlabel.withdraw(address(token));
        assertEq(crowdlabel.totalOwed(address(token)), 0);
    }

    /// @dev Claims in rounds never finalised are forfeited in bulk at close (no loop over batches: closeTask stays
    /// O(1)); the forfeited bonds are exactly one per slot still claimed, which an indexer reads from its SlotAssigned
    /// and LabelsCommitted history (or `getSlot`).
    function test_Close_ForfeitsBondsOfClaimsLeftInUnfinalisedRounds() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, bob, 1); // lets it expire; nobody commits, so the round is never finalised
        vm.warp(vm.getBlockTimestamp() + 7 days);
        (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, 0, 0);
        assertEq(slot.annotator, bob);
        assertEq(slot.state, 1, "still claimed");
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        assertEq(t.bondsHeld, BOND);

        vm.expectEmit(true, false, false, true);
        emit ICrowdlabel.TaskClosed(taskId, t.funded + BOND, 0, t.funded);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        t = crowdlabel.getTask(taskId);
        assertEq(t.bondsHeld, 0);
        assertEq(t.bondsForfeited, BOND);
        assertEq(crowdlabel.credits(address(token), owner), t.funded + BOND);
        assertEq(crowdlabel.credits(address(token), bob), 0);
    }

    function test_Close_EarlyWhenEveryBatchIsDone() public {
        uint256 taskId = createTask(singleBatch());
        vm.expectRevert(ICrowdlabel.TooEarlyToClose.selector);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        _runBatch(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 1));
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        assertEq(crowdlabel.credits(address(token), owner), 0, "R = R_max and all agreed: nothing left");
    }

    function test_RevertWhen_ClosingWithAPendingBatch() public {
        uint256 taskId = createTask(singleBatch());
        claim(taskId, alice, 1);
        commitOne(taskId, alice, 0, uniform(10, 1));
        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.expectRevert(ICrowdlabel.TooEarlyToClose.selector);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        bytes[] memory v = new bytes[](3);
        crowdlabel.finalise(taskId, 0, v); // anyone may finalise once the reveal window passed
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
    }

    function test_Gold_RevealMatchesCommitment() public {
        uint32[] memory items = new uint32[](2);
        (items[0], items[1]) = (3, 7);
        bytes memory answers = hex"0102";
        bytes32 goldSalt = keccak256("gold");
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.goldCommitment = keccak256(abi.encode(items, answers, goldSalt));
        uint256 taskId = createTask(p);

        vm.expectRevert(ICrowdlabel.NotOwner.selector);
        crowdlabel.revealGold(taskId, items, answers, goldSalt);
        vm.expectRevert(ICrowdlabel.LabelingStillOpen.selector);
        vm.prank(owner);
        crowdlabel.revealGold(taskId, items, answers, goldSalt);

        vm.warp(p.deadline); // nobody can claim or commit anymore
        vm.expectRevert(ICrowdlabel.GoldMismatch.selector);
        vm.prank(owner);
        crowdlabel.revealGold(taskId, items, hex"0101", goldSalt);
        vm.expectEmit(true, false, false, true);
        emit ICrowdlabel.GoldRevealed(taskId, items, answers);
        vm.prank(owner);
        crowdlabel.revealGold(taskId, items, answers, goldSalt);
        vm.expectRevert(ICrowdlabel.GoldAlreadyRevealed.selector);
        vm.prank(owner);
        crowdlabel.revealGold(taskId, items, answers, goldSalt);

        uint256 plain = createTask(defaultParams());
        vm.expectRevert(ICrowdlabel.NoGoldCommitment.selector);
        vm.prank(owner);
        crowdlabel.revealGold(plain, items, answers, goldSalt);
    }

    /// @dev Before the deadline, gold can be revealed once every batch is done: no batch takes labels anymore.
    function test_Gold_RevealOnceEveryBatchIsDone() public {
        uint32[] memory items = new uint32[](1);
        bytes memory answers = hex"01";
        ICrowdlabel.TaskParams memory p = singleBatch();
        p.goldCommitment = keccak256(abi.encode(items, answers, bytes32(0)));
        uint256 taskId = createTask(p);
        bytes[] memory v = _revealThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 2));
        vm.expectRevert(ICrowdlabel.LabelingStillOpen.selector);
        vm.prank(owner);
        crowdlabel.revealGold(taskId, items, answers, bytes32(0));
        crowdlabel.finalise(taskId, 0, v);
        assertLt(vm.getBlockTimestamp(), p.deadline);
        vm.prank(owner);
        crowdlabel.revealGold(taskId, items, answers, bytes32(0));
        assertTrue(crowdlabel.getTask(taskId).goldRevealed);
    }

    function test_PublishDataset_OwnerOnly() public {
        uint256 taskId = createTask(defaultParams());
        vm.expectRevert(ICrowdlabel.NotOwner.selector);
        crowdlabel.publishDataset(taskId, "bafydataset");
        vm.expectEmit(true, false, false, true);
        emit ICrowdlabel.DatasetPublished(taskId, "bafydataset");
        vm.prank(owner);
        crowdlabel.publishDataset(taskId, "bafydataset");
    }

    function test_Withdraw_ReentrantTokenCannotReenter() public {
        ReentrantToken re = new ReentrantToken();
        re.mint(owner, 100 ether);
        vm.prank(owner);
        re.approve(address(crowdlabel), type(uint256).max);
        ICrowdlabel.TaskParams memory p = singleBatch();
        p.token = address(re);
        p.bondPerClaim = 0;
        uint256 taskId = createTask(p);
        vm.warp(vm.getBlockTimestamp() + 7 days);
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        uint256 refund = crowdlabel.credits(address(re), owner);
        // during the transfer the token calls withdraw again on the owner's behalf
        re.arm(address(crowdlabel), abi.encodeCall(Crowdlabel.withdraw, (address(re))));
        vm.prank(owner);
        crowdlabel.withdraw(address(re));
        assertTrue(re.reentered());
        assertFalse(re.reentrySucceeded());
        assertEq(re.balanceOf(owner), 100 ether - refund + refund);
        assertEq(re.balanceOf(address(crowdlabel)), 0);
    }

    function test_TestToken_FaucetOnlyWhenEnabled() public {
        TestToken off = new TestToken("Off", "OFF", false);
        vm.expectRevert(TestToken.FaucetDisabled.selector);
        off.faucet(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(TestToken.FaucetLimitExceeded.selector, 1_000_000 ether));
        token.faucet(alice, 1_000_000 ether + 1);
    }

    /*////////////////////////////// fuzz //////////////////////////////*/

    function testFuzz_CommitmentMatchesAbiEncoding(uint256 taskId, uint32 batchId, address who, bytes calldata labels, bytes32 s)
        public
        view
    {
        bytes32 expected = keccak256(abi.encode(block.chainid, address(crowdlabel), taskId, batchId, who, labels, s));
        assertEq(crowdlabel.commitmentOf(taskId, batchId, who, labels, s), expected);
    }

    function testFuzz_PayoutsNeverExceedBudget(uint256 seed) public {
        uint256 taskId = createTask(singleBatch());
        bytes[] memory v = new bytes[](3);
        for (uint256 a; a < 3; ++a) {
            v[a] = new bytes(10);
            for (uint256 i; i < 10; ++i) {
                v[a][i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, a, i))) % 4));
            }
        }
        _runBatch(taskId, v[0], v[1], v[2]);
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        uint256 credited = crowdlabel.credits(address(token), alice) + crowdlabel.credits(address(token), bob)
            + crowdlabel.credits(address(token), carol) - 3 * BOND;
        assertEq(credited, t.paid);
        assertLe(t.paid, t.funded);
        assertEq(t.paid % REWARD, 0);
    }

    function test_Events_RevealCarriesLabels() public {
        uint256 taskId = createTask(singleBatch());
        _claimAndCommitThree(taskId, uniform(10, 1), uniform(10, 1), uniform(10, 1));
        vm.recordLogs();
        revealOne(taskId, alice, 0, uniform(10, 1));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1);
        assertEq(logs[0].topics[0], ICrowdlabel.LabelsRevealed.selector);
        (uint8 slot, bytes memory labels) = abi.decode(logs[0].data, (uint8, bytes));
        assertEq(slot, 0);
        assertEq(labels, uniform(10, 1));
    }
}
