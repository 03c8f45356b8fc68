// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TestToken
/// @notice An ERC-20 with EIP-2612 permit for local chains and rehearsals. Its faucet exists only when the
/// deployer enabled it; never deploy it with the faucet on a chain where the token should have value.
contract TestToken is ERC20Permit {
    /// @notice Most a single faucet call mints.
    uint256 public constant FAUCET_LIMIT = 1_000_000 ether;

    /// @notice Whether `faucet` mints.
    bool public immutable faucetEnabled;

    /// @notice The faucet is off on this deployment.
    error FaucetDisabled();
    /// @notice More than FAUCET_LIMIT was asked for.
    error FaucetLimitExceeded(uint256 limit);

    constructor(string memory name_, string memory symbol_, bool faucetEnabled_)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        faucetEnabled = faucetEnabled_;
    }

    /// @notice Mints `amount` to `to` on chains where the faucet is enabled.
    /// @param to The recipient.
    /// @param amount How much to mint (at most FAUCET_LIMIT).
    function faucet(address to, uint256 amount) external {
        if (!faucetEnabled) revert FaucetDisabled();
        if (amount > FAUCET_LIMIT) revert FaucetLimitExceeded(FAUCET_LIMIT);
        _mint(to, amount);
    }
}
