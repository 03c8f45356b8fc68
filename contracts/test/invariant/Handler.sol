// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {Crowdlabel} from "../../src/Crowdlabel.sol";
import {ICrowdlabel} from "../../src/interfaces/ICrowdlabel.sol";
import {TestToken} from "../../src/token/TestToken.sol";

/// @notice Drives random valid sequences through the protocol and keeps ghost records of what was paid,
/// refunded and revealed, for the invariant tests.
contract Handler is Test {
    Crowdlabel public immutable crowdlabel;
    TestToken public immutable token;
    address public immutable owner = makeAddr("inv-owner");
    address[] public actors;

    struct Held {
        uint256 taskId;
        uint32 batchId;
        address annotator;
        bytes labels;
        bytes32 salt;
        uint8 stage; // 0 assigned, 1 committed, 2 revealed
    }

    Held[] public held;
    uint256[] public taskIds;

    mapping(uint256 taskId => uint256) public ghostPaid;
    mapping(uint256 taskId => uint256) public ghostRefunded;
    /// @dev labels of an annotator paid in a batch, over all rounds: must never exceed the batch's items
    mapping(bytes32 key => uint256) public ghostPaidLabels;
    mapping(bytes32 key => bytes32) public ghostRevealedHash;
    bytes32[] public revealedKeys;
    bytes32[] public paidKeys;
    mapping(bytes32 key => bool) internal seenPaidKey;

    /// @dev bonds of requests that lapsed (assigned more than 256 blocks after the request) per task
    mapping(uint256 taskId => uint256) public ghostLapsedBonds;

    uint256 public calls;
    uint256 public finalised;
    uint256 public closed;
    uint256 public lapsed;
    uint256 public staleRefunds;

    constructor(Crowdlabel crowdlabel_, TestToken token_) {
        crowdlabel = crowdlabel_;
        token = token_;
        token.faucet(owner, 1_000_000 ether);
        vm.prank(owner);
        token.approve(address(crowdlabel), type(uint256).max);
        for (uint256 i; i < 6; ++i) {
            address a = makeAddr(string.concat("annotator", vm.toString(i)));
            actors.push(a);
            token.faucet(a, 1_000 ether);
            vm.prank(a);
            token.approve(address(crowdlabel), type(uint256).max);
        }
    }

    function heldCount() external view returns (uint256) {
        return held.length;
    }

    function taskCount() external view returns (uint256) {
        return taskIds.length;
    }

    function revealedKeyCount() external view returns (uint256) {
        return revealedKeys.length;
    }

    function paidKeyCount() external view returns (uint256) {
        return paidKeys.length;
    }

    function createTask(uint256 seed) external {
        if (taskIds.length >= 3) return;
        ++calls;
        uint8 r = uint8(bound(seed, 1, 3));
        ICrowdlabel.TaskParams memory p = ICrowdlabel.TaskParams({
            token: address(token),
            manifestCid: "bafy",
            itemCount: uint32(bound(seed >> 8, 1, 40)),
            batchSize: uint16(bound(seed >> 16, 1, 16)),
            classCount: uint8(bound(seed >> 24, 2, 4)),
            redundancy: r,
            maxRedundancy: uint8(bound(seed >> 32, r, 5)),
            minAgreement: uint8(bound(seed >> 40, 1, r)),
            rewardPerLabel: uint96(bound(seed >> 48, 1, 1e15)),
            bondPerClaim: uint96(bound(seed >> 112, 0, 1e15)),
            claimTtl: 1 hours,
            commitWindow: 2 hours,
            revealWindow: 1 hours,
            deadline: uint40(vm.getBlockTimestamp() + bound(seed >> 200, 2 hours, 2 days)),
            minLabelsRevealed: 0,
            minAgreementBps: 0,
            goldCommitment: bytes32(0)
        });
        vm.prank(owner);
        taskIds.push(crowdlabel.createTask(p));
    }

    /// @notice requestClaim, then assign in the next block (the app's flow).
    function claim(uint256 actorSeed, uint256 taskSeed, uint8 countSeed) external {
        (bool ok, uint256 taskId, address a) = _request(actorSeed, taskSeed, countSeed);
        if (!ok) return;
        vm.roll(vm.getBlockNumber() + 1);
        _assign(taskId, a, actorSeed);
    }

    /// @notice requestClaim only: the request waits for `assignPending`, possibly past 256 blocks or the deadline.
    function requestOnly(uint256 actorSeed, uint256 taskSeed, uint8 countSeed) external {
        _request(actorSeed, taskSeed, countSeed);
    }

    /// @notice assign a waiting request (the first found from a random start), whatever its age: anyone may call it.
    function assignPending(uint256 seed) external {
        uint256 pairs = taskIds.length * actors.length;
        for (uint256 k; k < pairs; ++k) {
            uint256 pair = (seed % pairs + k) % pairs;
            uint256 taskId = taskIds[pair / actors.length];
            address a = actors[pair % actors.length];
            Crowdlabel.ClaimRequest memory req = crowdlabel.claimRequestOf(taskId, a);
            if (req.count == 0 || vm.getBlockNumber() <= req.seedBlock) continue;
            // Sometimes at the edge: seedBlock + 256 is the last block that still sees the seed's hash.
            uint256 edge = uint256(req.seedBlock) + 256 + (seed >> 8) % 2;
            if ((seed >> 16) % 3 == 0 && vm.getBlockNumber() < edge) vm.roll(edge);
            _assign(taskId, a, seed);
            return;
        }
    }

    /// @notice Mines 1..600 blocks without moving the clock: waiting requests may outlive their seed's hash.
    function rollBlocks(uint256 blocks) external {
        ++calls;
        vm.roll(vm.getBlockNumber() + bound(blocks, 1, 600));
    }

    function _request(uint256 actorSeed, uint256 taskSeed, uint8 countSeed)
        internal
        returns (bool ok, uint256 taskId, address a)
    {
        if (taskIds.length == 0) return (false, 0, address(0));
        taskId = taskIds[taskSeed % taskIds.length];
        a = actors[actorSeed % actors.length];
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        if (t.closed || vm.getBlockTimestamp() + t.claimTtl > t.deadline) return (false, taskId, a);
        Crowdlabel.ClaimRequest memory req = crowdlabel.claimRequestOf(taskId, a);
        if (req.count != 0 || (req.outstanding != 0 && vm.getBlockTimestamp() < req.outstandingExpiry)) {
            return (false, taskId, a);
        }
        ++calls;
        vm.prank(a);
        crowdlabel.requestClaim(taskId, uint8(bound(countSeed, 1, 4)));
        return (true, taskId, a);
    }

    /// @dev Settles a waiting request and checks its exact effect on the bond: drawn, refunded or lapsed.
    function _assign(uint256 taskId, address a, uint256 actorSeed) internal {
        ++calls;
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        Crowdlabel.ClaimRequest memory req = crowdlabel.claimRequestOf(taskId, a);
        uint256 creditsBefore = crowdlabel.credits(address(token), a);
        bool drawable = !t.closed && vm.getBlockTimestamp() < t.deadline;
        bool stale = vm.getBlockNumber() > uint256(req.seedBlock) + 256;

        uint32[] memory batches = crowdlabel.assign(taskId, a);

        assertEq(crowdlabel.claimRequestOf(taskId, a).count, 0, "request cleared");
        Crowdlabel.Task memory after_ = crowdlabel.getTask(taskId);
        if (!drawable) {
            assertEq(batches.length, 0, "nothing drawn on a closed or late task");
            assertEq(crowdlabel.credits(address(token), a), creditsBefore + req.bond, "bond returned");
            if (stale) ++staleRefunds;
            return;
        }
        if (stale) {
            assertEq(batches.length, 0, "a lapsed request draws nothing");
            assertEq(after_.bondsForfeited, t.bondsForfeited + req.bond, "lapsed bond forfeited to the task");
            assertEq(after_.bondsHeld, t.bondsHeld, "lapsed bond is not held");
            assertEq(crowdlabel.credits(address(token), a), creditsBefore, "lapsed bond not returned");
            ghostLapsedBonds[taskId] += req.bond;
            ++lapsed;
            return;
        }
        for (uint256 i; i < batches.length; ++i) {
            uint256 n = _checkAssignedSlot(taskId, batches[i], a, t.claimTtl);
            bytes memory labels = new bytes(n);
            for (uint256 k; k < n; ++k) {
                // mostly agreeing crowd: label 1, sometimes noise
                uint256 x = uint256(keccak256(abi.encode(actorSeed, i, k)));
                labels[k] = bytes1(uint8(x % 4 == 0 ? x % (t.classCount + 1) : 1));
            }
            held.push(Held(taskId, batches[i], a, labels, keccak256(abi.encode(actorSeed, vm.getBlockNumber(), i)), 0));
        }
    }

    function commitSome(uint256 seed) external {
        uint256 n = held.length;
        if (n == 0) return;
        ++calls;
        for (uint256 j; j < 4; ++j) {
            Held storage h = held[(seed % n + j) % n];
            if (h.stage != 0) continue;
            (Crowdlabel.Slot memory slot,) = _slot(h);
            if (slot.annotator != h.annotator || slot.state != 1 || vm.getBlockTimestamp() >= slot.expiresAt) continue;
            if (crowdlabel.getTask(h.taskId).closed) continue;
            ICrowdlabel.CommitInput[] memory c = new ICrowdlabel.CommitInput[](1);
            (, uint8 s) = _slot(h);
            c[0] = ICrowdlabel.CommitInput(
                h.taskId, h.batchId, s, crowdlabel.commitmentOf(h.taskId, h.batchId, h.annotator, h.labels, h.salt)
            );
            vm.prank(h.annotator);
            crowdlabel.commit(c);
            h.stage = 1;
        }
    }

    function revealSome(uint256 seed) external {
        uint256 n = held.length;
        if (n == 0) return;
        ++calls;
        for (uint256 j; j < 4; ++j) {
            Held storage h = held[(seed % n + j) % n];
            if (h.stage != 1) continue;
            (Crowdlabel.Slot memory slot, uint8 s) = _slot(h);
            if (slot.state != 2) continue;
            (Crowdlabel.Batch memory b, ICrowdlabel.BatchPhase phase, uint256 opensAt,) =
                crowdlabel.getBatch(h.taskId, h.batchId);
            if (phase != ICrowdlabel.BatchPhase.Reveal && phase != ICrowdlabel.BatchPhase.Finalisable) continue;
            if (s < b.roundStart || opensAt == 0 || vm.getBlockTimestamp() >= opensAt + 1 hours) continue;
            ICrowdlabel.RevealInput[] memory r = new ICrowdlabel.RevealInput[](1);
            r[0] = ICrowdlabel.RevealInput(h.taskId, h.batchId, s, h.labels, h.salt);
            vm.prank(h.annotator);
            crowdlabel.reveal(r);
            h.stage = 2;
            bytes32 key = keccak256(abi.encode(h.taskId, h.batchId, s));
            ghostRevealedHash[key] = keccak256(h.labels);
            revealedKeys.push(key);
        }
    }

    /// @dev Finalises a finalisable batch: with `finalise`, or (odd seeds) with `finaliseBatches` together with another
    /// finalisable batch of the same task if there is one, and the first batch again (which must be skipped).
    function finaliseSome(uint256 seed) external {
        uint256 n = held.length;
        if (n == 0) return;
        Held storage h = held[seed % n];
        (Crowdlabel.Batch memory b, ICrowdlabel.BatchPhase phase,,) = crowdlabel.getBatch(h.taskId, h.batchId);
        if (phase != ICrowdlabel.BatchPhase.Finalisable) return;
        ++calls;
        vm.recordLogs();
        if (seed % 2 == 0) {
            crowdlabel.finalise(h.taskId, h.batchId, _revealedVectors(h.taskId, h.batchId, b.roundEnd));
            ++finalised;
        } else {
            ICrowdlabel.FinaliseInput[] memory inputs = _finaliseInputs(h.taskId, h.batchId, b.roundEnd);
            uint256 count = crowdlabel.finaliseBatches(h.taskId, inputs);
            assertEq(count, inputs.length - 1, "every distinct finalisable batch finalised, the repeat skipped");
            finalised += count;
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 k; k < logs.length; ++k) {
            if (logs[k].topics[0] != ICrowdlabel.RewardCredited.selector) continue;
            (uint16 agreed,, uint256 amount) = abi.decode(logs[k].data, (uint16, uint16, uint256));
            uint32 batchId = uint32(uint256(logs[k].topics[2]));
            address a = address(uint160(uint256(logs[k].topics[3])));
            bytes32 key = keccak256(abi.encode(h.taskId, batchId, a));
            ghostPaidLabels[key] += agreed;
            if (!seenPaidKey[key]) {
                seenPaidKey[key] = true;
                paidKeys.push(key);
            }
            ghostPaid[h.taskId] += amount;
        }
    }

    /// @dev `batchId`, another finalisable batch of the task if any, then `batchId` again.
    function _finaliseInputs(uint256 taskId, uint32 batchId, uint8 roundEnd)
        internal
        view
        returns (ICrowdlabel.FinaliseInput[] memory inputs)
    {
        bytes[] memory first = _revealedVectors(taskId, batchId, roundEnd);
        for (uint256 k; k < held.length; ++k) {
            Held storage o = held[k];
            if (o.taskId != taskId || o.batchId == batchId) continue;
            (Crowdlabel.Batch memory ob, ICrowdlabel.BatchPhase phase,,) = crowdlabel.getBatch(taskId, o.batchId);
            if (phase != ICrowdlabel.BatchPhase.Finalisable) continue;
            inputs = new ICrowdlabel.FinaliseInput[](3);
            inputs[1] = ICrowdlabel.FinaliseInput(o.batchId, _revealedVectors(taskId, o.batchId, ob.roundEnd));
            inputs[0] = inputs[2] = ICrowdlabel.FinaliseInput(batchId, first);
            return inputs;
        }
        inputs = new ICrowdlabel.FinaliseInput[](2);
        inputs[0] = inputs[1] = ICrowdlabel.FinaliseInput(batchId, first);
    }

    /// @dev The batch's revealed vectors in slot order, as the handler's annotators revealed them.
    function _revealedVectors(uint256 taskId, uint32 batchId, uint8 roundEnd) internal view returns (bytes[] memory vectors) {
        vectors = new bytes[](roundEnd);
        for (uint256 k; k < held.length; ++k) {
            Held storage o = held[k];
            if (o.taskId != taskId || o.batchId != batchId || o.stage != 2) continue;
            (, uint8 s) = _slot(o);
            vectors[s] = o.labels;
        }
    }

    function closeSome(uint256 seed) external {
        if (taskIds.length == 0) return;
        uint256 taskId = taskIds[seed % taskIds.length];
        Crowdlabel.Task memory t = crowdlabel.getTask(taskId);
        if (t.closed) return;
        bool allDone = t.doneBatches == t.batchCount;
        if (!allDone && (vm.getBlockTimestamp() < t.deadline || t.pendingBatches != 0)) return;
        ++calls;
        // What closeTask forfeits in bulk is exactly one bond per slot still claimed (the indexer relies on it).
        assertEq(t.bondsHeld, uint256(t.bondPerClaim) * _claimedSlots(taskId, t), "held bonds = claimed slots");
        vm.prank(owner);
        crowdlabel.closeTask(taskId);
        ++closed;
        ghostRefunded[taskId] = t.funded - t.paid;
    }

    function withdrawSome(uint256 seed) external {
        address a = seed % 7 == 6 ? owner : actors[seed % actors.length];
        if (crowdlabel.credits(address(token), a) == 0) return;
        ++calls;
        vm.prank(a);
        crowdlabel.withdraw(address(token));
    }

    function warp(uint256 seconds_) external {
        ++calls;
        vm.warp(vm.getBlockTimestamp() + bound(seconds_, 1 minutes, 12 hours));
        vm.roll(vm.getBlockNumber() + 1);
    }

    /// @notice Bonds of requests waiting for `assign`, over the handler's actors and tasks.
    function pendingRequestBonds() external view returns (uint256 sum) {
        for (uint256 i; i < taskIds.length; ++i) {
            for (uint256 j; j < actors.length; ++j) {
                sum += crowdlabel.claimRequestOf(taskIds[i], actors[j]).bond;
            }
        }
    }

    /// @notice Credits of every account the handler drives (the actors and the owner).
    function allCredits() external view returns (uint256 sum) {
        for (uint256 j; j < actors.length; ++j) {
            sum += crowdlabel.credits(address(token), actors[j]);
        }
        sum += crowdlabel.credits(address(token), owner);
    }

    /// @dev A freshly assigned slot expires exactly claimTtl from now, no later than its round's commit deadline.
    function _checkAssignedSlot(uint256 taskId, uint32 batchId, address a, uint256 claimTtl)
        internal
        view
        returns (uint256 itemCount)
    {
        (bool isHeld, uint8 s) = crowdlabel.slotOf(taskId, batchId, a);
        assertTrue(isHeld, "assigned slot held");
        (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, batchId, s);
        assertEq(slot.expiresAt, vm.getBlockTimestamp() + claimTtl, "every slot gets its full claimTtl");
        Crowdlabel.Batch memory b;
        (b,,, itemCount) = crowdlabel.getBatch(taskId, batchId);
        assertLe(slot.expiresAt, b.commitDeadline, "and can commit before its round's commit deadline");
    }

    /// @notice Slots of a task in state claimed (assigned, never committed), over every batch and round.
    function _claimedSlots(uint256 taskId, Crowdlabel.Task memory t) internal view returns (uint256 n) {
        for (uint32 batchId; batchId < t.batchCount; ++batchId) {
            (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, batchId);
            for (uint8 s; s < b.roundEnd; ++s) {
                (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, batchId, s);
                if (slot.state == 1) ++n;
            }
        }
    }

    function _slot(Held storage h) internal view returns (Crowdlabel.Slot memory slot, uint8 s) {
        bool isHeld;
        (isHeld, s) = crowdlabel.slotOf(h.taskId, h.batchId, h.annotator);
        if (!isHeld) return (slot, 0);
        (slot,) = crowdlabel.getSlot(h.taskId, h.batchId, s);
    }
}
