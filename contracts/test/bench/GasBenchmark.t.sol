// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {Crowdlabel} from "../../src/Crowdlabel.sol";
import {ICrowdlabel} from "../../src/interfaces/ICrowdlabel.sol";
import {CrowdlabelFixture} from "../utils/CrowdlabelFixture.sol";
import {NaiveLabels} from "./NaiveLabels.sol";

/// @notice Gas of a whole task lifecycle per label, at several batch sizes, against a one-label-per-transaction
/// baseline. Each transaction is charged as a real one: 21,000 + calldata (EIP-2028, with the EIP-7623 floor)
/// + execution gas measured around the call. Run with `pnpm bench:gas`.
contract GasBenchmark is CrowdlabelFixture {
    /// @notice The batch size the docs recommend, whose figure is reported as `gas_per_label`.
    uint16 internal constant DEFAULT_BATCH_SIZE = 256;
    uint256 internal constant BATCHES = 4;
    uint256 internal constant CLASSES = 10;

    address[3] internal annotators;
    uint256 internal totalGas;
    uint256 internal txCount;
    /// @dev Finalise each batch in its own `finalise` transaction instead of one `finaliseBatches` (the baseline).
    bool internal oneFinalisePerTx;
    /// @dev Gas of the last lifecycle's finalisation transactions.
    uint256 internal finaliseGas;
    /// @dev Leaves the lifecycle out of the table (a rerun for the finalisation comparison).
    bool internal comparingFinalise;

    function setUp() public override {
        super.setUp();
        annotators = [makeAddr("a0"), makeAddr("a1"), makeAddr("a2")];
        for (uint256 i; i < 3; ++i) {
            fund(annotators[i]);
        }
    }

    /// @dev Intrinsic + calldata gas of a transaction with this calldata, with the EIP-7623 floor.
    function _chargeTx(bytes memory data, uint256 executionGas) internal returns (uint256 gasUsed) {
        uint256 zeros;
        for (uint256 i; i < data.length; ++i) {
            if (data[i] == 0) ++zeros;
        }
        uint256 nonZeros = data.length - zeros;
        uint256 standard = 21_000 + zeros * 4 + nonZeros * 16 + executionGas;
        uint256 floor = 21_000 + (zeros + nonZeros * 4) * 10;
        gasUsed = standard > floor ? standard : floor;
        totalGas += gasUsed;
        ++txCount;
    }

    function _send(address from, address to, bytes memory data) internal returns (uint256 gasUsed) {
        vm.prank(from);
        uint256 before = gasleft();
        (bool ok, bytes memory ret) = to.call(data);
        uint256 used = before - gasleft();
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return _chargeTx(data, used);
    }

    /// @dev assign, charged as a transaction, recording the slots from its events.
    function _assignRecorded(uint256 taskId, address who) internal {
        vm.recordLogs();
        _send(who, address(crowdlabel), abi.encodeCall(Crowdlabel.assign, (taskId, who)));
        rememberAssignedSlots(taskId, who);
    }

    function _labels(uint256 seed, uint256 n) internal pure returns (bytes memory out) {
        out = new bytes(n);
        for (uint256 i; i < n; ++i) {
            uint256 x = uint256(keccak256(abi.encode(seed, i)));
            // truth is item % CLASSES; annotators agree with it 85% of the time
            out[i] = bytes1(uint8(x % 100 < 85 ? i % CLASSES : x % CLASSES));
        }
    }

    /// @return createGas Gas of creating and funding the task.
    /// @return perLabel Gas of the whole lifecycle divided by the labels finalised.
    function _lifecycle(uint16 batchSize) internal returns (uint256 createGas, uint256 perLabel) {
        totalGas = 0;
        txCount = 0;
        ICrowdlabel.TaskParams memory p = defaultParams();
        p.itemCount = uint32(BATCHES * batchSize);
        p.batchSize = batchSize;
        p.classCount = uint8(CLASSES);
        createGas = _send(owner, address(crowdlabel), abi.encodeCall(Crowdlabel.createTask, (p)));
        uint256 taskId = crowdlabel.taskCount();

        // every annotator claims all four batches in one request, assigned in the next block
        for (uint256 a; a < 3; ++a) {
            _send(annotators[a], address(crowdlabel), abi.encodeCall(Crowdlabel.requestClaim, (taskId, uint8(BATCHES))));
        }
        vm.roll(vm.getBlockNumber() + 1);
        for (uint256 a; a < 3; ++a) {
            _assignRecorded(taskId, annotators[a]);
            assertEq(crowdlabel.claimRequestOf(taskId, annotators[a]).outstanding, BATCHES, "all batches assigned");
        }

        bytes[BATCHES][3] memory labels;
        for (uint256 a; a < 3; ++a) {
            ICrowdlabel.CommitInput[] memory commits = new ICrowdlabel.CommitInput[](BATCHES);
            for (uint256 b; b < BATCHES; ++b) {
                labels[a][b] = _labels(uint256(keccak256(abi.encode(a, b))), batchSize);
                commits[b] = ICrowdlabel.CommitInput(
                    taskId, uint32(b), slotFor(taskId, uint32(b), annotators[a]), commitmentFor(taskId, uint32(b), annotators[a], labels[a][b])
                );
            }
            _send(annotators[a], address(crowdlabel), abi.encodeCall(Crowdlabel.commit, (commits)));
        }
        for (uint256 a; a < 3; ++a) {
            ICrowdlabel.RevealInput[] memory reveals = new ICrowdlabel.RevealInput[](BATCHES);
            for (uint256 b; b < BATCHES; ++b) {
                reveals[b] = ICrowdlabel.RevealInput(
                    taskId, uint32(b), slotFor(taskId, uint32(b), annotators[a]), labels[a][b], salt(annotators[a], uint32(b))
                );
            }
            _send(annotators[a], address(crowdlabel), abi.encodeCall(Crowdlabel.reveal, (reveals)));
        }
        uint256 gasBefore = totalGas;
        ICrowdlabel.FinaliseInput[] memory finalisations = new ICrowdlabel.FinaliseInput[](BATCHES);
        for (uint256 b; b < BATCHES; ++b) {
            finalisations[b] = ICrowdlabel.FinaliseInput(uint32(b), _vectors(taskId, uint32(b), labels));
            if (oneFinalisePerTx) {
                _send(owner, address(crowdlabel), abi.encodeCall(Crowdlabel.finalise, (taskId, uint32(b), finalisations[b].labels)));
            }
        }
        if (!oneFinalisePerTx) {
            _send(owner, address(crowdlabel), abi.encodeCall(Crowdlabel.finaliseBatches, (taskId, finalisations)));
        }
        finaliseGas = totalGas - gasBefore;
        for (uint256 a; a < 3; ++a) {
            _send(annotators[a], address(crowdlabel), abi.encodeCall(Crowdlabel.withdraw, (address(token))));
        }
        _send(owner, address(crowdlabel), abi.encodeCall(Crowdlabel.closeTask, (taskId)));
        _send(owner, address(crowdlabel), abi.encodeCall(Crowdlabel.withdraw, (address(token))));

        uint256 labelsFinalised = BATCHES * batchSize * 3;
        perLabel = totalGas / labelsFinalised;
        if (oneFinalisePerTx || comparingFinalise) return (createGas, perLabel);
        console2.log(
            string.concat(
                "| ",
                vm.toString(batchSize),
                " | ",
                vm.toString(labelsFinalised),
                " | ",
                vm.toString(txCount),
                " | ",
                vm.toString(totalGas),
                " | ",
                vm.toString(perLabel),
                " |"
            )
        );
    }

    /// @dev Batch `b`'s label vectors in slot order.
    function _vectors(uint256 taskId, uint32 b, bytes[BATCHES][3] memory labels)
        internal
        view
        returns (bytes[] memory vectors)
    {
        vectors = new bytes[](3);
        for (uint256 a; a < 3; ++a) {
            (, uint8 slot) = crowdlabel.slotOf(taskId, b, annotators[a]);
            vectors[slot] = labels[a][b];
        }
    }

    function _naivePerLabel() internal returns (uint256 perLabel) {
        NaiveLabels naive = new NaiveLabels();
        totalGas = 0;
        uint256 n = 96;
        for (uint256 i; i < n; ++i) {
            _send(annotators[i % 3], address(naive), abi.encodeCall(NaiveLabels.submitLabel, (1, i / 3, uint8(i % 10))));
        }
        perLabel = totalGas / n;
    }

    /// @notice `assign` when few batches are left with a free slot: a 256-batch task (one image, one slot each) where 15
    /// annotators claimed 16 each, then 40 late annotators each ask for 2 of the free batches, from the same state.
    /// Random draws alone (8 per slot, the design before the sweep) expect to fill 1 - (1 - free/256)^8 of them.
    function test_AssignInASparseTask() public {
        uint256 taskId = createTask(oneSlotBatches(256));
        for (uint256 a; a < 15; ++a) {
            address holder = makeAddr(string.concat("holder", vm.toString(a)));
            fund(holder);
            claim(taskId, holder, 16);
        }
        uint256 free;
        for (uint32 b; b < 256; ++b) {
            (Crowdlabel.Slot memory slot,) = crowdlabel.getSlot(taskId, b, 0);
            if (slot.annotator == address(0)) ++free;
        }
        uint256 trials = 40;
        uint256 filled;
        uint256 gas;
        for (uint256 i; i < trials; ++i) {
            uint256 snapshot = vm.snapshotState();
            address who = makeAddr(string.concat("late", vm.toString(i)));
            fund(who);
            vm.prank(who);
            crowdlabel.requestClaim(taskId, 2);
            vm.roll(vm.getBlockNumber() + 1);
            uint256 before = gasleft();
            filled += crowdlabel.assign(taskId, who).length;
            gas += before - gasleft();
            vm.revertToState(snapshot);
        }
        console2.log(string.concat("assign_sparse_free_batches ", vm.toString(free)));
        console2.log(string.concat("assign_sparse_fill_x100 ", vm.toString(filled * 100 / (2 * trials))));
        console2.log(string.concat("assign_sparse_mean_gas ", vm.toString(gas / trials)));
        assertGe(filled * 100, 2 * trials * 90, "at least 90% of the slots asked for are found");
    }

    function test_GasPerLabel() public {
        console2.log("| batch size | labels | txs | total gas | gas per label |");
        console2.log("|---|---|---|---|---|");
        uint16[4] memory sizes = [uint16(32), 64, 128, 256];
        uint256 createGas;
        uint256 defaultPerLabel;
        for (uint256 i; i < sizes.length; ++i) {
            uint256 snapshot = vm.snapshotState();
            (uint256 c, uint256 perLabel) = _lifecycle(sizes[i]);
            if (sizes[i] == DEFAULT_BATCH_SIZE) (createGas, defaultPerLabel) = (c, perLabel);
            vm.revertToState(snapshot);
        }
        // Finalisation alone, at the smallest size (where it weighs most): one transaction per batch vs one for all.
        comparingFinalise = true; // set before the snapshot, which reverts this contract's storage too
        uint256 beforeBaseline = vm.snapshotState();
        oneFinalisePerTx = true;
        _lifecycle(sizes[0]);
        uint256 perBatchTx = finaliseGas;
        oneFinalisePerTx = false;
        vm.revertToState(beforeBaseline);
        _lifecycle(sizes[0]);
        uint256 oneTx = finaliseGas;
        comparingFinalise = false;
        uint256 naive = _naivePerLabel();
        console2.log(string.concat("create_task_gas ", vm.toString(createGas)));
        console2.log(string.concat("gas_per_label ", vm.toString(defaultPerLabel)));
        console2.log(string.concat("naive_gas_per_label ", vm.toString(naive)));
        console2.log(string.concat("naive_over_crowdlabel_x100 ", vm.toString(naive * 100 / defaultPerLabel)));
        console2.log(string.concat("finalise_4_batches_one_tx_per_batch_gas ", vm.toString(perBatchTx)));
        console2.log(string.concat("finalise_4_batches_one_tx_gas ", vm.toString(oneTx)));
        console2.log(string.concat("finalise_one_tx_per_batch_over_one_tx_x100 ", vm.toString(perBatchTx * 100 / oneTx)));

        assertLe(createGas, 300_000, "create + fund one task");
        assertLe(defaultPerLabel, 2_000, "gas per label at the default batch size");
        assertLe(defaultPerLabel * 20, naive, "at least 20x below one label per transaction");
        assertLt(oneTx + 3 * 21_000, perBatchTx, "one finaliseBatches saves at least the three extra transactions' base fee");
    }
}
