// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {Crowdlabel} from "../../src/Crowdlabel.sol";
import {ICrowdlabel} from "../../src/interfaces/ICrowdlabel.sol";
import {TestToken} from "../../src/token/TestToken.sol";

/// @notice Shared set-up and lifecycle helpers for the protocol tests.
abstract contract CrowdlabelFixture is Test {
    Crowdlabel internal crowdlabel;
    TestToken internal token;
    address internal owner = makeAddr("owner");

    uint96 internal constant REWARD = 1e15;
    uint96 internal constant BOND = 1e16;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        vm.roll(100);
        crowdlabel = new Crowdlabel();
        token = new TestToken("Test", "TST", true);
        token.faucet(owner, 1_000_000 ether);
        vm.prank(owner);
        token.approve(address(crowdlabel), type(uint256).max);
    }

    function defaultParams() internal view returns (ICrowdlabel.TaskParams memory p) {
        p = ICrowdlabel.TaskParams({
            token: address(token),
            manifestCid: "bafkreimanifest",
            itemCount: 40,
            batchSize: 10,
            classCount: 3,
            redundancy: 3,
            maxRedundancy: 3,
            minAgreement: 2,
            rewardPerLabel: REWARD,
            bondPerClaim: BOND,
            claimTtl: 1 hours,
            commitWindow: 2 hours,
            revealWindow: 1 hours,
            deadline: uint40(vm.getBlockTimestamp() + 7 days),
            minLabelsRevealed: 0,
            minAgreementBps: 0,
            goldCommitment: bytes32(0)
        });
    }

    /// @dev `items` batches of one image and one slot each: every claimed slot fills its batch.
    function oneSlotBatches(uint32 items) internal view returns (ICrowdlabel.TaskParams memory p) {
        p = defaultParams();
        p.itemCount = items;
        p.batchSize = 1;
        p.redundancy = 1;
        p.maxRedundancy = 1;
        p.minAgreement = 1;
    }

    function createTask(ICrowdlabel.TaskParams memory p) internal returns (uint256 taskId) {
        vm.prank(owner);
        taskId = crowdlabel.createTask(p);
    }

    function fund(address who) internal {
        token.faucet(who, 1_000 ether);
        vm.prank(who);
        token.approve(address(crowdlabel), type(uint256).max);
    }

    /// @dev Slot + 1 each annotator was assigned, recorded from SlotAssigned events.
    mapping(uint256 taskId => mapping(uint32 batchId => mapping(address who => uint8))) internal assignedSlot;

    /// @dev requestClaim, then assign in the next block; remembers the assigned slots.
    function claim(uint256 taskId, address who, uint8 count) internal returns (uint32[] memory batchIds) {
        vm.prank(who);
        crowdlabel.requestClaim(taskId, count);
        vm.roll(vm.getBlockNumber() + 1);
        vm.recordLogs();
        batchIds = crowdlabel.assign(taskId, who);
        rememberAssignedSlots(taskId, who);
    }

    /// @dev Records the slots from the SlotAssigned events of the calls since `vm.recordLogs()`.
    function rememberAssignedSlots(uint256 taskId, address who) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != ICrowdlabel.SlotAssigned.selector) continue;
            (uint8 slot,,) = abi.decode(logs[i].data, (uint8, uint8, uint40));
            assignedSlot[taskId][uint32(uint256(logs[i].topics[2]))][who] = slot + 1;
        }
    }

    /// @dev The slot `who` was assigned in a batch (0 when none, so revert tests still reach the contract).
    function slotFor(uint256 taskId, uint32 batchId, address who) internal view returns (uint8) {
        uint8 plusOne = assignedSlot[taskId][batchId][who];
        return plusOne == 0 ? 0 : plusOne - 1;
    }

    function salt(address who, uint32 batchId) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", who, batchId));
    }

    function commitOne(uint256 taskId, address who, uint32 batchId, bytes memory labels) internal {
        ICrowdlabel.CommitInput[] memory c = new ICrowdlabel.CommitInput[](1);
        c[0] = ICrowdlabel.CommitInput({
            taskId: taskId,
            batchId: batchId,
            slot: slotFor(taskId, batchId, who),
            commitment: commitmentFor(taskId, batchId, who, labels)
        });
        vm.prank(who);
        crowdlabel.commit(c);
    }

    /// @dev The reference encoding, computed here rather than through the contract under test.
    function commitmentFor(uint256 taskId, uint32 batchId, address who, bytes memory labels)
        internal
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(crowdlabel), taskId, batchId, who, labels, salt(who, batchId)));
    }

    function revealOne(uint256 taskId, address who, uint32 batchId, bytes memory labels) internal {
        ICrowdlabel.RevealInput[] memory r = new ICrowdlabel.RevealInput[](1);
        r[0] = ICrowdlabel.RevealInput({
            taskId: taskId,
            batchId: batchId,
            slot: slotFor(taskId, batchId, who),
            labels: labels,
            salt: salt(who, batchId)
        });
        vm.prank(who);
        crowdlabel.reveal(r);
    }

    function uniform(uint256 n, uint8 label) internal pure returns (bytes memory out) {
        out = new bytes(n);
        for (uint256 i; i < n; ++i) {
            out[i] = bytes1(label);
        }
    }

    function itemsIn(uint256 taskId, uint32 batchId) internal view returns (uint256 n) {
        (,,, n) = crowdlabel.getBatch(taskId, batchId);
    }

    /// @dev Label vectors of every slot of a batch as finalise wants them (empty for non-revealers).
    function vectorsFor(uint256 taskId, uint32 batchId, address[] memory who, bytes[] memory labels, bool[] memory revealed)
        internal
        view
        returns (bytes[] memory vectors)
    {
        (Crowdlabel.Batch memory b,,,) = crowdlabel.getBatch(taskId, batchId);
        vectors = new bytes[](b.roundEnd);
        for (uint256 i; i < who.length; ++i) {
            (bool held, uint8 s) = crowdlabel.slotOf(taskId, batchId, who[i]);
            if (held && revealed[i]) vectors[s] = labels[i];
        }
    }
}
