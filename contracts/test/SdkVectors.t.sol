// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Consensus} from "../src/libraries/Consensus.sol";
import {Crowdlabel} from "../src/Crowdlabel.sol";
import {ConsensusHarness} from "./libraries/Consensus.t.sol";

/// @notice Writes test vectors produced by the contract code itself into sdk/test-vectors/, so the TypeScript
/// commit encoding and consensus rule are checked against Solidity and can never drift.
contract SdkVectorsTest is Test {
    function test_WriteCommitmentVectors() public {
        Crowdlabel crowdlabel = new Crowdlabel();
        string memory out = "[";
        for (uint256 k; k < 8; ++k) {
            uint256 taskId = uint256(keccak256(abi.encode("task", k))) % (k < 4 ? 1000 : type(uint64).max);
            uint32 batchId = uint32(uint256(keccak256(abi.encode("batch", k))));
            address annotator = address(uint160(uint256(keccak256(abi.encode("who", k)))));
            bytes memory labels = new bytes(k * 37 + 1);
            for (uint256 i; i < labels.length; ++i) {
                labels[i] = bytes1(uint8(uint256(keccak256(abi.encode(k, i))) % 256));
            }
            bytes32 salt = keccak256(abi.encode("salt", k));
            vm.chainId(k % 2 == 0 ? 31337 : 84532);
            bytes32 commitment = crowdlabel.commitmentOf(taskId, batchId, annotator, labels, salt);
            string memory key = string.concat("v", vm.toString(k));
            vm.serializeString(key, "chainId", vm.toString(block.chainid));
            vm.serializeAddress(key, "contract", address(crowdlabel));
            vm.serializeString(key, "taskId", vm.toString(taskId));
            vm.serializeUint(key, "batchId", batchId);
            vm.serializeAddress(key, "annotator", annotator);
            vm.serializeBytes(key, "labels", labels);
            vm.serializeBytes32(key, "salt", salt);
            string memory entry = vm.serializeBytes32(key, "commitment", commitment);
            out = string.concat(out, k == 0 ? "" : ",", entry);
        }
        out = string.concat('{"vectors":', out, "]}");
        vm.writeFile(string.concat(vm.projectRoot(), "/sdk/test-vectors/commitments.json"), out);
    }

    function test_WriteConsensusVectors() public {
        ConsensusHarness harness = new ConsensusHarness();
        string memory out = "[";
        for (uint256 k; k < 24; ++k) {
            uint256 slots = 1 + (k % 7);
            uint256 items = 1 + uint256(keccak256(abi.encode("n", k))) % 40;
            uint256 classes = 2 + k % 4;
            uint256 minAgreement = 1 + uint256(keccak256(abi.encode("m", k))) % slots;
            uint256 mask = k % 3 == 0 ? uint256(keccak256(abi.encode("mask", k))) & ((1 << items) - 1) : 0;
            bytes[] memory labels = new bytes[](slots);
            bool[] memory revealed = new bool[](slots);
            string[] memory hexLabels = new string[](slots);
            for (uint256 s; s < slots; ++s) {
                revealed[s] = uint256(keccak256(abi.encode(k, s, "r"))) % 6 != 0;
                if (revealed[s]) {
                    labels[s] = new bytes(items);
                    for (uint256 i; i < items; ++i) {
                        labels[s][i] = bytes1(uint8(uint256(keccak256(abi.encode(k, s, i))) % (classes + 1)));
                    }
                }
                hexLabels[s] = revealed[s] ? vm.toString(labels[s]) : "";
            }
            Consensus.Result memory r = harness.tally(labels, revealed, items, minAgreement, mask);
            string memory key = string.concat("c", vm.toString(k));
            vm.serializeString(key, "labels", hexLabels);
            vm.serializeUint(key, "itemCount", items);
            vm.serializeUint(key, "minAgreement", minAgreement);
            vm.serializeString(key, "previouslyResolvedMask", vm.toString(mask));
            vm.serializeBytes(key, "consensus", r.consensus);
            vm.serializeString(key, "newlyResolvedMask", vm.toString(r.newlyResolvedMask));
            vm.serializeUint(key, "extraNeeded", r.extraNeeded);
            vm.serializeUint(key, "fewestNeeded", r.fewestNeeded);
            string memory entry = vm.serializeUint(key, "agreed", r.agreed);
            out = string.concat(out, k == 0 ? "" : ",", entry);
        }
        out = string.concat('{"vectors":', out, "]}");
        vm.writeFile(string.concat(vm.projectRoot(), "/sdk/test-vectors/consensus.json"), out);
    }
}
