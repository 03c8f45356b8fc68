// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ICrowdlabel} from "./interfaces/ICrowdlabel.sol";
import {Consensus} from "./libraries/Consensus.sol";
import {LabelRange} from "./libraries/LabelRange.sol";

/// @title Crowdlabel
/// @notice One contract holds every labeling task: escrow, random batch assignment, commit-reveal, per-item
/// plurality consensus with adaptive redundancy, and pull payments. It has no owner and no admin key.
contract Crowdlabel is ICrowdlabel, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Largest batch: the resolved-items bitmap of a batch is one 256-bit word.
    uint256 public constant MAX_BATCH_SIZE = 256;
    /// @notice Largest R_max: bounds the per-item tally (R_max^2 comparisons) far below the 2^24 tx gas cap.
    uint256 public constant MAX_REDUNDANCY = 15;
    /// @notice Most slots one claim request (and so one annotator, at a time, per task) may hold.
    uint256 public constant MAX_CLAIMS_PER_REQUEST = 16;
    /// @notice Open batches drawn at random per requested slot before `assign` falls back to its sweep.
    uint256 public constant RANDOM_PROBES_PER_SLOT = 4;
    /// @notice Open batches `assign` then sweeps, each at most once, along a random stride from a random start, so the
    /// few batches left with a free slot among many full ones are still found. With the draws, keeps `assign` bounded.
    uint256 public constant SWEEP_PROBES = 64;
    /// @notice Shortest `claimTtl` and `revealWindow` a task may set (and `commitWindow >= claimTtl`): with windows of
    /// seconds nobody could commit or reveal in time and every bond would go to the owner.
    uint256 public constant MIN_WINDOW = 10 minutes;
    /// @dev The tally's bar while a batch has fewer than R labels bought: more votes than a batch has slots.
    uint256 internal constant UNREACHABLE_AGREEMENT = MAX_REDUNDANCY + 1;

    uint8 internal constant SLOT_EMPTY = 0;
    uint8 internal constant SLOT_CLAIMED = 1;
    uint8 internal constant SLOT_COMMITTED = 2;
    uint8 internal constant SLOT_REVEALED = 3;
    uint8 internal constant SLOT_FORFEITED = 4;

    /// @dev Seven storage words; the packing below is what `createTask` pays for.
    struct Task {
        // word 0
        address owner;
        uint96 rewardPerLabel;
        // word 1
        address token;
        uint96 bondPerClaim;
        // word 2
        uint32 itemCount;
        uint32 batchCount;
        uint16 batchSize;
        uint8 classCount;
        uint8 redundancy;
        uint8 maxRedundancy;
        uint8 minAgreement;
        uint32 claimTtl;
        uint32 commitWindow;
        uint32 revealWindow;
        uint40 deadline;
        bool closed;
        // word 3
        uint32 minLabelsRevealed;
        uint16 minAgreementBps;
        uint32 openCount; // length of the open-batch list (see `_openList`)
        uint32 pendingBatches; // batches whose current round has commits and is not finalised
        uint32 doneBatches; // batches that need no more labels
        bool goldRevealed;
        uint40 createdBlock; // where a client's log reads for the task start (its TaskCreated is in this block)
        // word 4: budget accounting; escrow = funded - paid until close, 0 after
        uint128 funded;
        uint128 paid;
        // word 5: bonds of assigned slots still held, and bonds forfeited to the owner's refund
        uint128 bondsHeld;
        uint128 bondsForfeited;
        // word 6
        bytes32 goldCommitment;
    }

    /// @dev Slots of a batch are numbered across rounds: round 0 holds [0, R), each extra round appends.
    struct Batch {
        uint8 round;
        uint8 roundStart; // first slot of the current round
        uint8 roundEnd; // one past the last slot of the current round; 0 = batch never touched
        uint8 committed; // commits in the current round
        uint8 revealed; // reveals in the current round
        bool delisted; // removed from the open-batch list
        bool done;
        uint40 commitDeadline; // end of the current round's commit window; 0 = round not started
        uint40 revealOpensAt; // set when every slot of the round committed; else reveal opens at commitDeadline
        uint8 bought; // slots committed in finalised rounds (unfilled slots are not bought)
        uint256 resolvedMask; // bit i: item i has consensus
    }

    /// @dev One word: who holds the slot, until when an uncommitted claim is valid, and its state.
    struct Slot {
        address annotator;
        uint40 expiresAt;
        uint8 state;
    }

    /// @dev One word per (task, annotator): the pending request and the slots still awaiting a commit.
    struct ClaimRequest {
        uint64 seedBlock;
        uint8 count; // > 0 while a request waits for `assign`
        uint8 outstanding; // assigned slots not committed yet
        uint40 outstandingExpiry; // when the last of those expires
        uint128 bond; // bond posted with the pending request
    }

    /// @notice On-chain counters used by reputation gates.
    struct AnnotatorStats {
        uint64 labelsRevealed;
        uint64 labelsAgreed;
    }

    uint256 public taskCount;

    mapping(uint256 taskId => Task) internal _tasks;
    mapping(uint256 taskId => mapping(uint256 batchId => Batch)) internal _batches;
    mapping(uint256 taskId => mapping(uint256 batchId => mapping(uint256 slot => Slot))) internal _slots;
    /// @dev commitment while committed, keccak256(labels) once revealed
    mapping(uint256 taskId => mapping(uint256 batchId => mapping(uint256 slot => bytes32))) internal _slotHashes;
    /// @dev batches with claimable slots, as a lazily initialised list: entry 0 means "batch = index"
    mapping(uint256 taskId => mapping(uint256 index => uint256 batchIdPlusOne)) internal _openList;
    mapping(uint256 taskId => mapping(address annotator => ClaimRequest)) internal _requests;

    /// @notice Per token and account: rewards, returned bonds and refunds ready to `withdraw`.
    mapping(address token => mapping(address account => uint256)) public credits;
    /// @notice Per token: everything the contract owes (escrow + bonds + credits); never above its balance.
    mapping(address token => uint256) public totalOwed;
    /// @notice Counters behind reputation gates: labels revealed (scored against consensus), labels agreeing with it.
    /// @dev Labels in tasks with `minAgreement < 2` (a lone label is its own consensus) and labels in the annotator's
    /// own tasks are not counted. Farming with a second wallet (one account posts cheap tasks, another labels them)
    /// is still possible: the gate is a speed bump that costs a farmer real tasks and time, not Sybil resistance.
    mapping(address annotator => AnnotatorStats) public annotatorStats;

    /*//////////////////////////////////////////////////////////////
                              CREATE TASK
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICrowdlabel
    function createTask(TaskParams calldata params) external nonReentrant returns (uint256 taskId) {
        _validate(params);
        return _createTask(params);
    }

    /// @inheritdoc ICrowdlabel
    function createTaskWithPermit(TaskParams calldata params, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256 taskId)
    {
        // Validate first: `try` on an address without code reverts with no data, which would hide InvalidToken.
        _validate(params);
        // A front-runner may have used the permit already; the allowance then exists and creation proceeds.
        try IERC20Permit(params.token).permit(msg.sender, address(this), _budgetOf(params), permitDeadline, v, r, s) {}
            catch {}
        return _createTask(params);
    }

    /// @dev `p` must have passed `_validate`.
    function _createTask(TaskParams calldata p) internal returns (uint256 taskId) {
        uint256 budget = _budgetOf(p);

        taskId = ++taskCount;
        Task storage t = _tasks[taskId];
        t.owner = msg.sender;
        t.rewardPerLabel = p.rewardPerLabel;
        t.token = p.token;
        t.bondPerClaim = p.bondPerClaim;
        t.itemCount = p.itemCount;
        t.batchCount = uint32((uint256(p.itemCount) + p.batchSize - 1) / p.batchSize);
        t.batchSize = p.batchSize;
        t.classCount = p.classCount;
        t.redundancy = p.redundancy;
        t.maxRedundancy = p.maxRedundancy;
        t.minAgreement = p.minAgreement;
        t.claimTtl = p.claimTtl;
        t.commitWindow = p.commitWindow;
        t.revealWindow = p.revealWindow;
        t.deadline = p.deadline;
        t.minLabelsRevealed = p.minLabelsRevealed;
        t.minAgreementBps = p.minAgreementBps;
        t.openCount = t.batchCount;
        t.createdBlock = uint40(block.number);
        t.funded = uint128(budget);
        if (p.goldCommitment != bytes32(0)) t.goldCommitment = p.goldCommitment;

        _pullExact(p.token, msg.sender, budget);
        totalOwed[p.token] += budget;

        emit TaskCreated(taskId, msg.sender, p.token, budget, p);
    }

    function _validate(TaskParams calldata p) internal view {
        if (p.token.code.length == 0) revert InvalidToken();
        if (p.itemCount == 0) revert InvalidItemCount();
        if (p.batchSize == 0 || p.batchSize > MAX_BATCH_SIZE) revert InvalidBatchSize();
        if (p.classCount < 2) revert InvalidClassCount();
        if (p.redundancy == 0 || p.maxRedundancy < p.redundancy || p.maxRedundancy > MAX_REDUNDANCY) {
            revert InvalidRedundancy();
        }
        if (p.minAgreement == 0 || p.minAgreement > p.maxRedundancy) revert InvalidMinAgreement();
        if (p.rewardPerLabel == 0 || _budgetOf(p) > type(uint128).max) revert InvalidReward();
        // commitWindow >= claimTtl: a round's first claimer must be able to use its whole claimTtl.
        if (
            p.claimTtl < MIN_WINDOW || p.commitWindow < p.claimTtl || p.revealWindow < MIN_WINDOW
                || p.deadline <= block.timestamp
        ) revert InvalidSchedule();
        if (p.minAgreementBps > 10_000) revert InvalidReputationGate();
    }

    function _budgetOf(TaskParams calldata p) internal pure returns (uint256) {
        return uint256(p.itemCount) * p.maxRedundancy * p.rewardPerLabel;
    }

    /*//////////////////////////////////////////////////////////////
                                 CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICrowdlabel
    function requestClaim(uint256 taskId, uint8 count) external nonReentrant {
        Task storage t = _existingTask(taskId);
        if (t.closed) revert TaskIsClosed();
        // Every slot gets its full claimTtl (see `_tryAssign`), so claims stop claimTtl before the deadline.
        if (block.timestamp + t.claimTtl > t.deadline) revert ClaimWindowOver();
        if (count == 0 || count > MAX_CLAIMS_PER_REQUEST) revert InvalidClaimCount();
        _checkGate(t, msg.sender);

        ClaimRequest storage req = _requests[taskId][msg.sender];
        if (req.count != 0) revert ClaimPending();
        // Expired slots cost their bond and block new requests until they have expired: re-rolling is not free.
        if (req.outstanding != 0 && block.timestamp < req.outstandingExpiry) revert ClaimsOutstanding();

        uint256 bond = uint256(t.bondPerClaim) * count;
        req.seedBlock = uint64(block.number);
        req.count = count;
        req.outstanding = 0;
        req.bond = uint128(bond);
        if (bond != 0) {
            _pullExact(t.token, msg.sender, bond);
            totalOwed[t.token] += bond;
        }
        emit ClaimRequested(taskId, msg.sender, count, uint64(block.number), bond);
    }

    /// @inheritdoc ICrowdlabel
    function assign(uint256 taskId, address annotator) external returns (uint32[] memory batchIds) {
        Task storage t = _existingTask(taskId);
        ClaimRequest storage req = _requests[taskId][annotator];
        uint256 count = req.count;
        if (count == 0) revert NoClaimRequest();
        if (block.number <= req.seedBlock) revert SeedNotReady();

        uint256 bondPerSlot = t.bondPerClaim;
        uint256 requestBond = req.bond;
        req.count = 0;
        req.bond = 0;

        batchIds = new uint32[](count);
        uint256 assigned;
        if (!t.closed && block.timestamp < t.deadline) {
            bytes32 seedHash = blockhash(req.seedBlock);
            if (seedHash == bytes32(0)) {
                // Older than 256 blocks: the hash is gone. The draw was known to the claimer since the seed block
                // was sealed, so a fresh seed would be a free re-roll: the request lapses and its bond goes to the
                // task, like an expired slot's. The request is already cleared above.
                t.bondsForfeited += uint128(requestBond);
                emit ClaimLapsed(taskId, annotator, uint8(count), req.seedBlock, requestBond);
                return new uint32[](0);
            }
            uint256 seed = uint256(keccak256(abi.encode(seedHash, taskId, annotator)));
            uint40 latestExpiry;
            (assigned, latestExpiry) = _assignSlots(t, taskId, annotator, seed, count, batchIds);
            req.outstanding = uint8(assigned);
            req.outstandingExpiry = latestExpiry;
        }
        assembly ("memory-safe") {
            mstore(batchIds, assigned) // shrink to the slots actually assigned
        }

        uint256 heldBond = bondPerSlot * assigned;
        t.bondsHeld += uint128(heldBond);
        if (count > assigned) {
            uint256 returned = requestBond - heldBond;
            if (returned != 0) credits[t.token][annotator] += returned;
            emit ClaimUnfilled(taskId, annotator, uint8(count - assigned), returned);
        }
    }

    /// @dev The slots an `assign` call has handed out so far.
    struct Draw {
        uint32[] batchIds;
        uint256 assigned;
        uint40 latestExpiry;
    }

    function _assignSlots(
        Task storage t,
        uint256 taskId,
        address annotator,
        uint256 seed,
        uint256 count,
        uint32[] memory batchIds
    ) internal returns (uint256, uint40) {
        Draw memory draw = Draw(batchIds, 0, 0);
        // Uniform draws first: where most open batches have a free slot, these fill the claim.
        uint256 draws = count * RANDOM_PROBES_PER_SLOT;
        for (uint256 probe; probe < draws && draw.assigned < count && t.openCount != 0; ++probe) {
            _probe(t, taskId, annotator, uint256(keccak256(abi.encode(seed, probe))) % t.openCount, true, draw);
        }
        if (draw.assigned < count && t.openCount != 0) _sweep(t, taskId, annotator, seed, count, draw);
        return (draw.assigned, draw.latestExpiry);
    }

    /// @dev Then a sweep, which visits each open batch at most once (draws repeat): from a random index, in steps of a
    /// random stride coprime with the list's length, so it neither leaves the free batches in clusters for the next
    /// claimer (as consecutive steps would) nor revisits one. It leaves stale entries listed (a draw removes them)
    /// so the list does not move under it. With SWEEP_PROBES or fewer open batches it inspects every one.
    function _sweep(Task storage t, uint256 taskId, address annotator, uint256 seed, uint256 count, Draw memory draw)
        internal
    {
        uint256 n = t.openCount;
        uint256 r = uint256(keccak256(abi.encode(seed, "sweep")));
        uint256 index = r % n;
        uint256 stride = _coprimeStride(r >> 128, n);
        uint256 probes = n < SWEEP_PROBES ? n : SWEEP_PROBES;
        for (uint256 k; k < probes && draw.assigned < count; ++k) {
            _probe(t, taskId, annotator, index, false, draw);
            index = (index + stride) % n;
        }
    }

    /// @dev A stride in [1, n) coprime with `n` (so `n` steps visit every index once), near a random one; 1 if none is
    /// found in 32 tries.
    function _coprimeStride(uint256 r, uint256 n) internal pure returns (uint256 stride) {
        if (n < 3) return 1;
        stride = 1 + r % (n - 1);
        for (uint256 i; i < 32; ++i) {
            (uint256 a, uint256 b) = (stride, n);
            while (b != 0) (a, b) = (b, a % b);
            if (a == 1) return stride;
            stride = stride == n - 1 ? 1 : stride + 1;
        }
        return 1;
    }

    /// @dev Tries the batch at `index` of the open list and records the slot in `draw` if it gives one.
    function _probe(Task storage t, uint256 taskId, address annotator, uint256 index, bool delistStale, Draw memory draw)
        internal
    {
        (bool ok, uint256 batchId, uint40 expiresAt) = _tryAssign(t, taskId, annotator, index, delistStale);
        if (!ok) return;
        if (expiresAt > draw.latestExpiry) draw.latestExpiry = expiresAt;
        draw.batchIds[draw.assigned++] = uint32(batchId);
    }

    /// @dev Gives `annotator` a slot in the batch at `index` of the open list, if it has one free for them. A batch
    /// that takes no more claims in its round is taken off the list if `delistStale`.
    function _tryAssign(Task storage t, uint256 taskId, address annotator, uint256 index, bool delistStale)
        internal
        returns (bool ok, uint256 batchId, uint40 expiresAt)
    {
        batchId = _openAt(taskId, index);
        Batch storage b = _batches[taskId][batchId];
        if (!_isClaimable(t, b)) {
            if (delistStale) _removeOpenAt(t, taskId, index);
            return (false, batchId, 0);
        }
        // The round's commit deadline: the running one, or the one this first assignment starts. A slot always gets
        // its full claimTtl to commit; if the round (or the task) ends sooner, the batch is skipped for now (it opens
        // again when the round's clock restarts or a new round starts) and an unfilled slot's bond is returned.
        // Checked before `_freeSlot`, which forfeits the expired claim it hands over.
        uint256 commitDeadline = b.commitDeadline;
        bool firstAssignment = commitDeadline == 0;
        if (firstAssignment) commitDeadline = _min40(block.timestamp + t.commitWindow, t.deadline);
        expiresAt = uint40(block.timestamp + t.claimTtl);
        if (expiresAt > commitDeadline) return (false, batchId, 0);

        (bool found, uint256 slot) = _freeSlot(t, taskId, batchId, b, annotator);
        if (!found) return (false, batchId, 0);

        if (firstAssignment) b.commitDeadline = uint40(commitDeadline);
        _slots[taskId][batchId][slot] = Slot({annotator: annotator, expiresAt: expiresAt, state: SLOT_CLAIMED});
        emit SlotAssigned(taskId, uint32(batchId), annotator, uint8(slot), b.round, expiresAt);
        return (true, batchId, expiresAt);
    }

    /// @dev Whether the batch's current round can still take claims; settles an expired, empty round on the way.
    function _isClaimable(Task storage t, Batch storage b) internal returns (bool) {
        if (b.done) return false;
        if (b.roundEnd == 0) b.roundEnd = t.redundancy; // first touch: round 0 has R slots
        if (b.revealOpensAt != 0) return false;
        if (b.commitDeadline != 0 && block.timestamp >= b.commitDeadline) {
            if (b.committed != 0) return false; // reveal is open
            b.commitDeadline = 0; // nobody committed in time: restart the round's clock
        }
        return true;
    }

    /// @dev First slot of the current round that is empty or held by an expired, uncommitted claim, unless
    /// `annotator` already holds a slot of this batch in any round (one slot per annotator per batch). Scanning
    /// the batch's few slots is cheaper than keeping a membership mapping.
    function _freeSlot(Task storage t, uint256 taskId, uint256 batchId, Batch storage b, address annotator)
        internal
        returns (bool, uint256)
    {
        uint256 roundStart = b.roundStart;
        uint256 roundEnd = b.roundEnd;
        uint256 free = type(uint256).max;
        mapping(uint256 => Slot) storage slots = _slots[taskId][batchId];
        for (uint256 s; s < roundEnd; ++s) {
            Slot storage slot = slots[s];
            address holder = slot.annotator;
            if (holder == annotator) return (false, 0);
            if (free != type(uint256).max || s < roundStart) continue;
            if (slot.state == SLOT_EMPTY || (slot.state == SLOT_CLAIMED && block.timestamp >= slot.expiresAt)) free = s;
        }
        if (free == type(uint256).max) return (false, 0);
        Slot storage chosen = slots[free];
        if (chosen.state == SLOT_CLAIMED) {
            uint256 bond = t.bondPerClaim;
            t.bondsHeld -= uint128(bond);
            t.bondsForfeited += uint128(bond);
            emit ClaimExpired(taskId, uint32(batchId), chosen.annotator, uint8(free), bond);
        }
        return (true, free);
    }

    function _openAt(uint256 taskId, uint256 index) internal view returns (uint256) {
        uint256 entry = _openList[taskId][index];
        return entry == 0 ? index : entry - 1;
    }

    function _removeOpenAt(Task storage t, uint256 taskId, uint256 index) internal {
        uint256 last = t.openCount - 1;
        uint256 batchId = _openAt(taskId, index);
        if (index != last) _openList[taskId][index] = _openAt(taskId, last) + 1;
        delete _openList[taskId][last];
        t.openCount = uint32(last);
        _batches[taskId][batchId].delisted = true;
    }

    function _relist(Task storage t, uint256 taskId, uint256 batchId, Batch storage b) internal {
        if (!b.delisted) return;
        uint256 index = t.openCount;
        // An untouched entry already reads as "batch = index"; store explicitly otherwise.
        _openList[taskId][index] = batchId == index ? 0 : batchId + 1;
        t.openCount = uint32(index + 1);
        b.delisted = false;
    }

    function _checkGate(Task storage t, address annotator) internal view {
        if (t.minLabelsRevealed == 0 && t.minAgreementBps == 0) return;
        AnnotatorStats memory st = annotatorStats[annotator];
        if (!_passesGate(t, st)) revert NotEligible(st.labelsRevealed, st.labelsAgreed);
    }

    /// @dev An agreement gate (minAgreementBps > 0) also needs at least one revealed label: with none, the rate test
    /// `0 * 10_000 >= bps * 0` would admit any fresh wallet.
    function _passesGate(Task storage t, AnnotatorStats memory st) internal view returns (bool) {
        uint256 revealed = st.labelsRevealed;
        uint256 bps = t.minAgreementBps;
        return revealed >= t.minLabelsRevealed && (bps == 0 || revealed != 0)
            && uint256(st.labelsAgreed) * 10_000 >= bps * revealed;
    }

    /*//////////////////////////////////////////////////////////////
                             COMMIT / REVEAL
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICrowdlabel
    function commit(CommitInput[] calldata commits) external {
        for (uint256 i; i < commits.length; ++i) {
            CommitInput calldata c = commits[i];
            Task storage t = _existingTask(c.taskId);
            if (t.closed) revert TaskIsClosed();
            uint256 s = c.slot;
            Slot storage slot = _slots[c.taskId][c.batchId][s];
            if (slot.annotator != msg.sender) revert NotSlotHolder();
            if (slot.state != SLOT_CLAIMED) revert AlreadyCommitted();
            if (block.timestamp >= slot.expiresAt) revert SlotExpired();

            slot.state = SLOT_COMMITTED;
            _slotHashes[c.taskId][c.batchId][s] = c.commitment;
            ClaimRequest storage req = _requests[c.taskId][msg.sender];
            if (req.outstanding != 0) --req.outstanding;

            Batch storage b = _batches[c.taskId][c.batchId];
            if (b.committed++ == 0) ++t.pendingBatches;
            emit LabelsCommitted(c.taskId, c.batchId, msg.sender, uint8(s), c.commitment);
            if (b.committed == b.roundEnd - b.roundStart) {
                b.revealOpensAt = uint40(block.timestamp);
                emit RevealOpened(c.taskId, c.batchId, b.round, uint40(block.timestamp + t.revealWindow));
            }
        }
    }

    /// @inheritdoc ICrowdlabel
    function reveal(RevealInput[] calldata reveals) external {
        for (uint256 i; i < reveals.length; ++i) {
            RevealInput calldata r = reveals[i];
            Task storage t = _existingTask(r.taskId);
            uint256 s = r.slot;
            Slot storage slot = _slots[r.taskId][r.batchId][s];
            if (slot.annotator != msg.sender) revert NotSlotHolder();
            if (slot.state == SLOT_REVEALED) revert AlreadyRevealed();
            if (slot.state != SLOT_COMMITTED) revert NotSlotHolder();

            Batch storage b = _batches[r.taskId][r.batchId];
            if (s < b.roundStart) revert RevealWindowOver(); // the slot's round was finalised without it
            uint256 opensAt = _revealOpensAt(b);
            if (opensAt == 0 || block.timestamp < opensAt) revert RevealNotOpen();
            if (block.timestamp >= opensAt + t.revealWindow) revert RevealWindowOver();

            _checkLabels(t, r.batchId, r.labels);
            bytes32 expected = keccak256(
                abi.encode(block.chainid, address(this), r.taskId, r.batchId, msg.sender, r.labels, r.salt)
            );
            if (expected != _slotHashes[r.taskId][r.batchId][s]) revert CommitMismatch();

            slot.state = SLOT_REVEALED;
            _slotHashes[r.taskId][r.batchId][s] = keccak256(r.labels);
            ++b.revealed;
            uint256 bond = t.bondPerClaim;
            if (bond != 0) {
                t.bondsHeld -= uint128(bond);
                credits[t.token][msg.sender] += bond;
            }
            emit LabelsRevealed(r.taskId, r.batchId, msg.sender, uint8(s), r.labels);
        }
    }

    function _checkLabels(Task storage t, uint256 batchId, bytes calldata labels) internal view {
        uint256 expected = _itemsIn(t, batchId);
        if (labels.length != expected) revert WrongLabelCount(expected, labels.length);
        uint256 maxLabel = t.classCount;
        if (maxLabel == type(uint8).max) return; // every byte is a valid label
        if (!LabelRange.allAtMost(labels, maxLabel)) {
            for (uint256 i; i < expected; ++i) {
                uint8 label = uint8(labels[i]);
                if (label > maxLabel) revert LabelOutOfRange(i, label);
            }
        }
    }

    function _revealOpensAt(Batch storage b) internal view returns (uint256) {
        if (b.revealOpensAt != 0) return b.revealOpensAt;
        if (b.committed != 0) return b.commitDeadline;
        return 0;
    }

    /*//////////////////////////////////////////////////////////////
                               FINALISE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICrowdlabel
    function finalise(uint256 taskId, uint32 batchId, bytes[] calldata labels) external {
        Task storage t = _existingTask(taskId);
        if (batchId >= t.batchCount) revert BatchNotFound();
        Batch storage b = _batches[taskId][batchId];
        if (_phase(t, b) != BatchPhase.Finalisable) revert NotFinalisable();
        _finalise(t, taskId, batchId, b, labels);
    }

    /// @inheritdoc ICrowdlabel
    function finaliseBatches(uint256 taskId, FinaliseInput[] calldata batches) external returns (uint256 finalised) {
        Task storage t = _existingTask(taskId);
        uint256 batchCount = t.batchCount;
        for (uint256 i; i < batches.length; ++i) {
            uint32 batchId = batches[i].batchId;
            if (batchId >= batchCount) revert BatchNotFound();
            Batch storage b = _batches[taskId][batchId];
            if (_phase(t, b) != BatchPhase.Finalisable) continue;
            _finalise(t, taskId, batchId, b, batches[i].labels);
            ++finalised;
        }
    }

    /// @dev Settles a finalisable round: checks the vectors against the revealed hashes, tallies, pays, forfeits,
    /// then opens the next round or marks the batch done.
    function _finalise(Task storage t, uint256 taskId, uint32 batchId, Batch storage b, bytes[] calldata labels)
        internal
    {
        uint256 slotCount = b.roundEnd;
        if (labels.length != slotCount) revert WrongVectorCount(slotCount, labels.length);

        // Every vector must be exactly what its slot revealed; non-revealers must be passed as empty.
        address[] memory annotators = new address[](slotCount);
        bool[] memory revealedSlots = new bool[](slotCount);
        for (uint256 s; s < slotCount; ++s) {
            Slot storage slot = _slots[taskId][batchId][s];
            annotators[s] = slot.annotator;
            if (slot.state == SLOT_REVEALED) {
                if (keccak256(labels[s]) != _slotHashes[taskId][batchId][s]) revert LabelsMismatch(uint8(s));
                revealedSlots[s] = true;
            } else if (labels[s].length != 0) {
                revert LabelsMismatch(uint8(s));
            }
        }

        // Nothing resolves before R labels were bought: otherwise whoever commits alone in a round's first hours
        // decides its items (with minAgreement 1, one label). Unless the slot indices left cannot top the batch up
        // to R anymore: then this round is its last, and is tallied as it stands.
        bool belowRedundancy = _defersConsensus(t.redundancy, b.bought + b.committed, b.roundEnd);
        Consensus.Result memory result = Consensus.tally(
            labels,
            revealedSlots,
            _itemsIn(t, batchId),
            belowRedundancy ? UNREACHABLE_AGREEMENT : t.minAgreement,
            b.resolvedMask
        );
        if (belowRedundancy) (result.extraNeeded, result.fewestNeeded) = (0, 0); // the round tops up to R

        // Gate counters score a round's labels when it is judged: a deferred round's with the first round after it.
        uint256 scoredFrom = belowRedundancy
            ? type(uint256).max
            : b.round != 0 && _defersConsensus(t.redundancy, b.bought, b.roundStart) ? 0 : b.roundStart;
        uint256 rewardsPaid = _settleSlots(t, taskId, batchId, scoredFrom, annotators, revealedSlots, result);
        uint256 forfeited = _forfeitSilentSlots(t, taskId, batchId, b, annotators);

        b.resolvedMask |= result.newlyResolvedMask;
        --t.pendingBatches;
        emit BatchFinalised(
            taskId,
            batchId,
            b.round,
            result.consensus,
            result.newlyResolvedMask,
            b.resolvedMask,
            rewardsPaid,
            forfeited
        );
        _nextRound(t, taskId, batchId, b, result.extraNeeded, result.fewestNeeded);
    }

    /// @dev Whether a round that leaves `bought` labels and `slotsUsed` slot indices used resolves nothing: fewer than R
    /// labels bought, while the indices left can still top the batch up to R.
    function _defersConsensus(uint256 redundancy, uint256 bought, uint256 slotsUsed) internal pure returns (bool) {
        return bought < redundancy && redundancy - bought <= MAX_REDUNDANCY - slotsUsed;
    }

    function _settleSlots(
        Task storage t,
        uint256 taskId,
        uint32 batchId,
        uint256 scoredFrom,
        address[] memory annotators,
        bool[] memory revealedSlots,
        Consensus.Result memory result
    ) internal returns (uint256 rewardsPaid) {
        uint256 reward = t.rewardPerLabel;
        address token = t.token;
        // Gate counters count every label except the owner's own, and none at all (address(0)) in a task where a lone
        // label always agrees (minAgreement < 2). See `annotatorStats`. One variable: the loop is at the stack limit.
        address countedExcept = t.minAgreement > 1 ? t.owner : address(0);
        for (uint256 s; s < annotators.length; ++s) {
            if (!revealedSlots[s]) continue;
            uint256 agreed = result.agreed[s];
            // Slots from `scoredFrom` on are scored on the counters: earlier rounds were scored when they were judged.
            uint256 scored = s >= scoredFrom ? result.counted : 0;
            if ((scored != 0 || agreed != 0) && countedExcept != address(0) && annotators[s] != countedExcept) {
                AnnotatorStats storage st = annotatorStats[annotators[s]];
                st.labelsRevealed += uint64(scored);
                st.labelsAgreed += uint64(agreed);
            }
            if (agreed == 0) continue;
            uint256 amount = agreed * reward;
            credits[token][annotators[s]] += amount;
            rewardsPaid += amount;
            emit RewardCredited(taskId, batchId, annotators[s], uint16(agreed), uint16(scored), amount);
        }
        t.paid += uint128(rewardsPaid);
    }

    function _forfeitSilentSlots(
        Task storage t,
        uint256 taskId,
        uint32 batchId,
        Batch storage b,
        address[] memory annotators
    ) internal returns (uint256 forfeited) {
        uint256 bond = t.bondPerClaim;
        for (uint256 s = b.roundStart; s < b.roundEnd; ++s) {
            Slot storage slot = _slots[taskId][batchId][s];
            uint256 state = slot.state;
            if (state == SLOT_COMMITTED) {
                emit BondForfeited(taskId, batchId, annotators[s], uint8(s), bond);
            } else if (state == SLOT_CLAIMED) {
                // Claimed and never committed: expired, since every claim ends by the round's commit deadline and
                // reveal opens no earlier. Forfeited here, naming its holder, rather than silently at close.
                emit ClaimExpired(taskId, batchId, annotators[s], uint8(s), bond);
            } else {
                continue;
            }
            slot.state = SLOT_FORFEITED;
            forfeited += bond;
        }
        if (forfeited != 0) {
            t.bondsHeld -= uint128(forfeited);
            t.bondsForfeited += uint128(forfeited);
        }
    }

    /// @dev Adaptive redundancy: unresolved items get another round until R_max labels were bought. Only committed
    /// slots count as bought: slots a round left unfilled (nobody claimed them, or claims expired) are offered again,
    /// so one early claimer cannot end a batch with a single label. Slot indices never pass MAX_REDUNDANCY (the
    /// tally's bound). A batch is done when no unresolved item can reach consensus with the labels left to buy.
    function _nextRound(
        Task storage t,
        uint256 taskId,
        uint32 batchId,
        Batch storage b,
        uint256 extraNeeded,
        uint256 fewestNeeded
    ) internal {
        uint256 itemsMask = _fullMask(_itemsIn(t, batchId));
        uint256 bought = b.bought + b.committed;
        b.bought = uint8(bought);
        uint256 maxRedundancy = t.maxRedundancy;
        uint256 slotsUsed = b.roundEnd;
        uint256 labelsLeft = bought >= maxRedundancy ? 0 : maxRedundancy - bought;
        if (labelsLeft > MAX_REDUNDANCY - slotsUsed) labelsLeft = MAX_REDUNDANCY - slotsUsed;
        if (b.resolvedMask == itemsMask || labelsLeft == 0 || fewestNeeded > labelsLeft) {
            b.done = true;
            ++t.doneBatches;
            emit BatchDone(taskId, batchId, b.resolvedMask);
            return;
        }
        uint256 toBase = t.redundancy > bought ? t.redundancy - bought : 0;
        uint256 extra = extraNeeded > toBase ? extraNeeded : toBase;
        if (extra > labelsLeft) extra = labelsLeft;

        b.round += 1;
        b.roundStart = uint8(slotsUsed);
        b.roundEnd = uint8(slotsUsed + extra);
        b.committed = 0;
        b.revealed = 0;
        b.commitDeadline = 0;
        b.revealOpensAt = 0;
        _relist(t, taskId, batchId, b);
        emit ExtraRoundOpened(taskId, batchId, b.round, uint8(extra), itemsMask & ~b.resolvedMask);
    }

    /*//////////////////////////////////////////////////////////////
                          CLOSE, GOLD, DATASET
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICrowdlabel
    function closeTask(uint256 taskId) external {
        Task storage t = _existingTask(taskId);
        if (msg.sender != t.owner) revert NotOwner();
        if (t.closed) revert TaskIsClosed();
        bool allDone = t.doneBatches == t.batchCount;
        if (!allDone && (block.timestamp < t.deadline || t.pendingBatches != 0)) revert TooEarlyToClose();

        // Bonds still held belong to claims that expired uncommitted: they are forfeited too.
        uint256 refund = uint256(t.funded) - t.paid + t.bondsForfeited + t.bondsHeld;
        t.closed = true;
        t.bondsForfeited += t.bondsHeld;
        t.bondsHeld = 0;
        credits[t.token][t.owner] += refund;
        emit TaskClosed(taskId, refund, t.paid, t.funded);
    }

    /// @inheritdoc ICrowdlabel
    function revealGold(uint256 taskId, uint32[] calldata items, bytes calldata labels, bytes32 salt) external {
        Task storage t = _existingTask(taskId);
        if (msg.sender != t.owner) revert NotOwner();
        if (t.goldCommitment == bytes32(0)) revert NoGoldCommitment();
        if (t.goldRevealed) revert GoldAlreadyRevealed();
        if (!t.closed && block.timestamp < t.deadline && t.doneBatches < t.batchCount) revert LabelingStillOpen();
        if (items.length != labels.length || keccak256(abi.encode(items, labels, salt)) != t.goldCommitment) {
            revert GoldMismatch();
        }
        t.goldRevealed = true;
        emit GoldRevealed(taskId, items, labels);
    }

    /// @inheritdoc ICrowdlabel
    function publishDataset(uint256 taskId, string calldata datasetCid) external {
        Task storage t = _existingTask(taskId);
        if (msg.sender != t.owner) revert NotOwner();
        emit DatasetPublished(taskId, datasetCid);
    }

    /// @inheritdoc ICrowdlabel
    function withdraw(address token) external nonReentrant {
        uint256 amount = credits[token][msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        credits[token][msg.sender] = 0;
        totalOwed[token] -= amount;
        IERC20(token).safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, token, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc ICrowdlabel
    function commitmentOf(uint256 taskId, uint32 batchId, address annotator, bytes calldata labels, bytes32 salt)
        external
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(this), taskId, batchId, annotator, labels, salt));
    }

    /// @notice A task's full state.
    /// @param taskId The task.
    /// @return The stored task.
    function getTask(uint256 taskId) external view returns (Task memory) {
        return _existingTaskView(taskId);
    }

    /// @notice A batch's state and phase.
    /// @param taskId The task.
    /// @param batchId The batch.
    /// @return batch The stored batch (roundEnd reads as R for an untouched batch; `bought` counts the slots committed
    /// in finalised rounds, the labels bought toward R_max).
    /// @return phase The batch's phase now.
    /// @return revealOpensAt When reveal opens (0 if not scheduled).
    /// @return itemCount Items in this batch.
    function getBatch(uint256 taskId, uint32 batchId)
        external
        view
        returns (Batch memory batch, BatchPhase phase, uint256 revealOpensAt, uint256 itemCount)
    {
        Task storage t = _existingTaskView(taskId);
        if (batchId >= t.batchCount) revert BatchNotFound();
        Batch storage b = _batches[taskId][batchId];
        batch = b;
        if (batch.roundEnd == 0) batch.roundEnd = t.redundancy;
        phase = _phase(t, b);
        revealOpensAt = _revealOpensAt(b);
        itemCount = _itemsIn(t, batchId);
    }

    /// @notice A slot of a batch.
    /// @return slot The slot's holder, claim expiry and state (0 empty, 1 claimed, 2 committed, 3 revealed,
    /// 4 forfeited: committed but not revealed, or claimed and never committed, when its round was finalised).
    /// @return hash Its commitment while committed, keccak256(labels) once revealed.
    function getSlot(uint256 taskId, uint32 batchId, uint8 slotIndex)
        external
        view
        returns (Slot memory slot, bytes32 hash)
    {
        return (_slots[taskId][batchId][slotIndex], _slotHashes[taskId][batchId][slotIndex]);
    }

    /// @notice The slot an annotator holds in a batch.
    /// @return held Whether they hold one.
    /// @return slotIndex Its index.
    function slotOf(uint256 taskId, uint32 batchId, address annotator) external view returns (bool held, uint8 slotIndex) {
        for (uint256 s; s < MAX_REDUNDANCY; ++s) {
            if (_slots[taskId][batchId][s].annotator == annotator) return (true, uint8(s));
        }
        return (false, 0);
    }

    /// @notice An annotator's pending claim request and outstanding slots in a task.
    /// @return The stored request.
    function claimRequestOf(uint256 taskId, address annotator) external view returns (ClaimRequest memory) {
        return _requests[taskId][annotator];
    }

    /// @notice Whether an annotator passes a task's reputation gate: at least `minLabelsRevealed` labels revealed and,
    /// when `minAgreementBps > 0`, at least one revealed label and agreed/revealed >= minAgreementBps / 10,000.
    /// @dev The counters are a speed bump, not Sybil resistance: see `annotatorStats`.
    /// @return Whether they may request claims.
    function isEligible(uint256 taskId, address annotator) external view returns (bool) {
        return _passesGate(_existingTaskView(taskId), annotatorStats[annotator]);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _phase(Task storage t, Batch storage b) internal view returns (BatchPhase) {
        if (b.done) return BatchPhase.Done;
        uint256 opensAt = _revealOpensAt(b);
        if (opensAt == 0 || block.timestamp < opensAt) return BatchPhase.Open;
        if (b.revealed == b.committed || block.timestamp >= opensAt + t.revealWindow) return BatchPhase.Finalisable;
        return BatchPhase.Reveal;
    }

    function _existingTask(uint256 taskId) internal view returns (Task storage t) {
        t = _tasks[taskId];
        if (t.owner == address(0)) revert TaskNotFound();
    }

    function _existingTaskView(uint256 taskId) internal view returns (Task storage) {
        return _existingTask(taskId);
    }

    function _itemsIn(Task storage t, uint256 batchId) internal view returns (uint256) {
        uint256 start = batchId * t.batchSize;
        uint256 left = t.itemCount - start;
        return left < t.batchSize ? left : t.batchSize;
    }

    function _pullExact(address token, address from, uint256 amount) internal {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(from, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert FeeOnTransferToken(amount, received);
    }

    function _fullMask(uint256 n) internal pure returns (uint256) {
        return n == 256 ? type(uint256).max : (uint256(1) << n) - 1;
    }

    function _min40(uint256 a, uint256 b) internal pure returns (uint40) {
        return uint40(a < b ? a : b);
    }
}
