// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The baseline the gas benchmark compares against: one transaction and one storage write per label,
/// as a straightforward labeling contract would do it.
contract NaiveLabels {
    mapping(uint256 taskId => mapping(uint256 item => mapping(address annotator => uint8))) public labelOf;
    mapping(uint256 taskId => mapping(uint256 item => uint256)) public labelCount;

    event LabelSubmitted(uint256 indexed taskId, uint256 indexed item, address indexed annotator, uint8 label);

    function submitLabel(uint256 taskId, uint256 item, uint8 label) external {
        labelOf[taskId][item][msg.sender] = label + 1;
        ++labelCount[taskId][item];
        emit LabelSubmitted(taskId, item, msg.sender, label);
    }
}
