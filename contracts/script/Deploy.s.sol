// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console2} from "forge-std/Script.sol";
import {Crowdlabel} from "../src/Crowdlabel.sol";
import {TestToken} from "../src/token/TestToken.sol";

/// @notice Deploys the protocol (and, unless TOKEN is set, a test token) and writes
/// contracts/deployments/<chainId>.json, which the sdk, indexer and web app read.
/// Env: FAUCET=true to enable the test token's faucet (defaults to true on chain id 31337 only),
/// TOKEN=<address> to use an existing ERC-20 instead of deploying the test token,
/// DEPLOYMENT_FILE=<path relative to the repo root> to write the JSON elsewhere (local stacks use .crowdlabel/).
contract Deploy is Script {
    function run() external returns (Crowdlabel crowdlabel, address token) {
        bool faucet = vm.envOr("FAUCET", block.chainid == 31337);
        token = vm.envOr("TOKEN", address(0));

        vm.startBroadcast();
        crowdlabel = new Crowdlabel();
        if (token == address(0)) token = address(new TestToken("Crowdlabel Test USD", "tUSD", faucet));
        vm.stopBroadcast();

        string memory key = "deployment";
        vm.serializeUint(key, "chainId", block.chainid);
        vm.serializeAddress(key, "crowdlabel", address(crowdlabel));
        vm.serializeAddress(key, "token", token);
        vm.serializeBool(key, "faucet", faucet);
        string memory json = vm.serializeUint(key, "startBlock", block.number);
        string memory file = vm.envOr(
            "DEPLOYMENT_FILE", string.concat("contracts/deployments/", vm.toString(block.chainid), ".json")
        );
        string memory path = string.concat(vm.projectRoot(), "/", file);
        vm.writeJson(json, path);
        console2.log("Crowdlabel", address(crowdlabel));
        console2.log("token", token);
        console2.log("written", path);
    }
}
