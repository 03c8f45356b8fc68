// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICrowdlabel
/// @notice The external API of the Crowdlabel protocol: escrowed labeling tasks, randomly assigned
/// batch slots, commit-reveal labels, per-item plurality consensus and pull payments.
/// @dev Label values run from 0 to `classCount` inclusive; the value `classCount` is the implicit
/// "cannot label / invalid image" answer and counts like any other class.
interface ICrowdlabel {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice What a dataset owner chooses when creating a task.
    struct TaskParams {
        address token; // ERC-20 paid to annotators; budget and bonds are in this token
        string manifestCid; // IPFS CID of the task manifest (title, classes, ordered item CIDs)
        uint32 itemCount; // number of items in the manifest
        uint16 batchSize; // items per batch (last batch may be shorter), 1..MAX_BATCH_SIZE
        uint8 classCount; // 2..255 named classes; label `classCount` means "cannot label"
        uint8 redundancy; // R: labels bought per item in the first round
        uint8 maxRedundancy; // R_max >= R: with adaptive redundancy, unresolved items get more labels up to this
        uint8 minAgreement; // votes the unique plurality class needs to become consensus
        uint96 rewardPerLabel; // paid for each label equal to consensus
        uint96 bondPerClaim; // posted per claimed slot, returned on reveal, forfeited otherwise
        uint32 claimTtl; // seconds an assigned slot stays valid for committing, >= MIN_WINDOW
        uint32 commitWindow; // seconds from a round's first assignment until reveal opens anyway, >= claimTtl
        uint32 revealWindow; // seconds reveal stays open, >= MIN_WINDOW
        uint40 deadline; // unix time after which the owner may close; claims stop claimTtl before it
        uint32 minLabelsRevealed; // reputation gate: on-chain revealed-label counter
        uint16 minAgreementBps; // reputation gate: agreed/revealed in basis points (> 0 also needs one revealed label)
        bytes32 goldCommitment; // keccak256(abi.encode(uint32[] items, bytes labels, bytes32 salt)), or 0
    }

    /// @notice One commitment in a multi-batch `commit` call.
    struct CommitInput {
        uint256 taskId;
        uint32 batchId;
        uint8 slot; // the slot assigned to the caller (SlotAssigned event, or `slotOf`)
        bytes32 commitment;
    }

    /// @notice One reveal in a multi-batch `reveal` call.
    struct RevealInput {
        uint256 taskId;
        uint32 batchId;
        uint8 slot; // the caller's slot
        bytes labels; // one byte per item of the batch
        bytes32 salt;
    }

    /// @notice One batch in a multi-batch `finaliseBatches` call.
    struct FinaliseInput {
        uint32 batchId;
        bytes[] labels; // as for `finalise`: every slot's revealed vector in slot order, empty for non-revealers
    }

    /// @notice A batch's life: claimable round, then reveal, then final (or waiting for an extra round).
    enum BatchPhase {
        Open, // slots can be assigned and committed
        Reveal, // every slot of the round committed, or the commit window ended with commits
        Finalisable, // every committed slot revealed, or the reveal window ended
        Done // no further round: all items resolved, R_max reached, or no item can still reach consensus
    }

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A task was created and its full budget (`itemCount * maxRedundancy * rewardPerLabel`) escrowed.
    event TaskCreated(
        uint256 indexed taskId, address indexed owner, address indexed token, uint256 budget, TaskParams params
    );

    /// @notice An annotator asked for `count` slots; the batches are drawn from the hash of block `seedBlock`.
    event ClaimRequested(uint256 indexed taskId, address indexed annotator, uint8 count, uint64 seedBlock, uint256 bond);

    /// @notice A slot of a batch was assigned to an annotator until `expiresAt`.
    event SlotAssigned(
        uint256 indexed taskId, uint32 indexed batchId, address indexed annotator, uint8 slot, uint8 round, uint40 expiresAt
    );

    /// @notice Part of a claim request could not be assigned (no eligible batch found); its bond was credited back.
    event ClaimUnfilled(uint256 indexed taskId, address indexed annotator, uint8 count, uint256 bondReturned);

    /// @notice A claim request was not assigned within 256 blocks of `seedBlock`, whose hash is gone: it was cleared
    /// and its bond forfeited to the task (refunded to the owner at close). A fresh seed would let the claimer, who
    /// knew the draw since `seedBlock` was sealed, re-roll its batches for free.
    event ClaimLapsed(uint256 indexed taskId, address indexed annotator, uint8 count, uint64 seedBlock, uint256 bondForfeited);

    /// @notice An assigned slot expired uncommitted and its holder's bond was forfeited to the task: emitted when the
    /// slot is handed to someone else, or when its round is finalised (then `BatchFinalised.bondsForfeited` includes
    /// it). Bonds of expired claims in rounds never finalised are forfeited in bulk by `closeTask` (in `refund`)
    /// with no per-slot event: those are exactly the slots still in state claimed (`getSlot`) when the task closes.
    event ClaimExpired(uint256 indexed taskId, uint32 indexed batchId, address indexed annotator, uint8 slot, uint256 bondForfeited);

    /// @notice A slot's commitment was recorded.
    event LabelsCommitted(uint256 indexed taskId, uint32 indexed batchId, address indexed annotator, uint8 slot, bytes32 commitment);

    /// @notice Every slot of a round has committed, so reveals open now and are accepted until `revealDeadline`. A round
    /// whose commit window ends with only some slots committed opens its reveals at its `commitDeadline` with no event;
    /// `getBatch` returns either time as `revealOpensAt`.
    event RevealOpened(uint256 indexed taskId, uint32 indexed batchId, uint8 round, uint40 revealDeadline);

    /// @notice Labels were revealed; `labels` holds one byte per item of the batch.
    event LabelsRevealed(uint256 indexed taskId, uint32 indexed batchId, address indexed annotator, uint8 slot, bytes labels);

    /// @notice A round was finalised. `consensus[i]` is item i's consensus class when bit i of `newlyResolvedMask`
    /// is set (0 otherwise); `resolvedMask` holds every item resolved so far, over all rounds. `rewardsPaid` were
    /// credited to annotators, `bondsForfeited` went to the task's refund: the round's committed slots that did not
    /// reveal (`BondForfeited`) and its claimed slots that expired uncommitted (`ClaimExpired`).
    event BatchFinalised(
        uint256 indexed taskId,
        uint32 indexed batchId,
        uint8 round,
        bytes consensus,
        uint256 newlyResolvedMask,
        uint256 resolvedMask,
        uint256 rewardsPaid,
        uint256 bondsForfeited
    );

    /// @notice An annotator earned `amount` for `agreed` labels in a finalised round.
    event RewardCredited(
        uint256 indexed taskId, uint32 indexed batchId, address indexed annotator, uint16 agreed, uint16 scored, uint256 amount
    );

    /// @notice A committed slot was never revealed; its bond went to the task.
    event BondForfeited(uint256 indexed taskId, uint32 indexed batchId, address indexed annotator, uint8 slot, uint256 amount);

    /// @notice A batch with unresolved items opened an extra round of `extraSlots` slots (adaptive redundancy).
    event ExtraRoundOpened(uint256 indexed taskId, uint32 indexed batchId, uint8 round, uint8 extraSlots, uint256 unresolvedMask);

    /// @notice A batch needs no more labels: every item resolved, or none can with the labels left to buy.
    event BatchDone(uint256 indexed taskId, uint32 indexed batchId, uint256 resolvedMask);

    /// @notice The owner closed the task; `refund` (unearned budget plus forfeited bonds) was credited to the owner.
    event TaskClosed(uint256 indexed taskId, uint256 refund, uint256 paid, uint256 funded);

    /// @notice The owner revealed the gold answers committed at creation.
    event GoldRevealed(uint256 indexed taskId, uint32[] items, bytes labels);

    /// @notice The owner published the CID of the exported dataset.
    event DatasetPublished(uint256 indexed taskId, string datasetCid);

    /// @notice `amount` of `token` left the contract to `account`.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The token address is zero or has no code.
    error InvalidToken();
    /// @notice itemCount is zero.
    error InvalidItemCount();
    /// @notice batchSize is zero or above MAX_BATCH_SIZE.
    error InvalidBatchSize();
    /// @notice classCount is below 2.
    error InvalidClassCount();
    /// @notice redundancy is zero, or maxRedundancy is below redundancy or above MAX_REDUNDANCY.
    error InvalidRedundancy();
    /// @notice minAgreement is zero or above maxRedundancy.
    error InvalidMinAgreement();
    /// @notice rewardPerLabel is zero, or the budget does not fit in 128 bits.
    error InvalidReward();
    /// @notice claimTtl or revealWindow is below MIN_WINDOW, commitWindow is below claimTtl, or the deadline is not in
    /// the future.
    error InvalidSchedule();
    /// @notice minAgreementBps is above 10,000.
    error InvalidReputationGate();
    /// @notice The token delivered less than was transferred (fee-on-transfer tokens are not supported).
    error FeeOnTransferToken(uint256 expected, uint256 received);
    /// @notice No task has this id.
    error TaskNotFound();
    /// @notice The task was closed.
    error TaskIsClosed();
    /// @notice The task's deadline is less than claimTtl away (or has passed): no new claims.
    error ClaimWindowOver();
    /// @notice The annotator's on-chain counters do not meet the task's reputation gate.
    error NotEligible(uint64 revealed, uint64 agreed);
    /// @notice count is zero or above MAX_CLAIMS_PER_REQUEST.
    error InvalidClaimCount();
    /// @notice The annotator still holds uncommitted, unexpired slots in this task.
    error ClaimsOutstanding();
    /// @notice The annotator already has a claim request waiting for `assign`.
    error ClaimPending();
    /// @notice The annotator has no claim request in this task.
    error NoClaimRequest();
    /// @notice The block whose hash assigns the request has not been sealed yet: call again in a later block.
    error SeedNotReady();
    /// @notice The caller holds no slot in this batch.
    error NotSlotHolder();
    /// @notice The caller's slot expired before it was committed.
    error SlotExpired();
    /// @notice The slot was already committed.
    error AlreadyCommitted();
    /// @notice The slot's batch is not accepting reveals yet.
    error RevealNotOpen();
    /// @notice The reveal window of the slot's round has ended.
    error RevealWindowOver();
    /// @notice The labels and salt do not hash to the slot's commitment.
    error CommitMismatch();
    /// @notice The label vector's length is not the batch's item count.
    error WrongLabelCount(uint256 expected, uint256 got);
    /// @notice A label is above the task's classCount.
    error LabelOutOfRange(uint256 item, uint8 label);
    /// @notice The slot was already revealed.
    error AlreadyRevealed();
    /// @notice The batch's current round cannot be finalised yet (or has nothing to finalise).
    error NotFinalisable();
    /// @notice finalise got a different number of label vectors than the batch has slots.
    error WrongVectorCount(uint256 expected, uint256 got);
    /// @notice A re-supplied label vector does not match what the slot revealed.
    error LabelsMismatch(uint8 slot);
    /// @notice Only the task's owner may do this.
    error NotOwner();
    /// @notice The task can be closed only after its deadline with no batch awaiting finalisation, or once every batch is done.
    error TooEarlyToClose();
    /// @notice The gold answers do not match the commitment made at creation.
    error GoldMismatch();
    /// @notice The task was created without a gold commitment.
    error NoGoldCommitment();
    /// @notice The gold answers were already revealed.
    error GoldAlreadyRevealed();
    /// @notice Annotators can still label the task: gold answers revealed now could be copied.
    error LabelingStillOpen();
    /// @notice Nothing is credited to the caller in this token.
    error NothingToWithdraw();
    /// @notice No batch has this id in the task.
    error BatchNotFound();

    /*//////////////////////////////////////////////////////////////
                                FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates a task and escrows `itemCount * maxRedundancy * rewardPerLabel` from the caller (needs approval).
    /// @param params The task settings.
    /// @return taskId The new task's id (starting at 1).
    function createTask(TaskParams calldata params) external returns (uint256 taskId);

    /// @notice Like `createTask`, approving the budget with an EIP-2612 permit signature first.
    /// @param params The task settings.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return taskId The new task's id.
    function createTaskWithPermit(TaskParams calldata params, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 taskId);

    /// @notice Asks for `count` slots in distinct batches of a task and posts their bonds; the batches are drawn
    /// from the hash of the current block, unknown until it is sealed. Call `assign` from the next block on and
    /// within 256 blocks: after that the request lapses and its bond is forfeited (see `assign`). Refused once the
    /// deadline is less than claimTtl away, since every slot is assigned for its full claimTtl.
    /// @param taskId The task.
    /// @param count Number of slots (1..MAX_CLAIMS_PER_REQUEST).
    function requestClaim(uint256 taskId, uint8 count) external;

    /// @notice Assigns the slots of `annotator`'s pending claim request from the now-known block hash: uniform
    /// draws from the open batches, then a sweep that visits each at most once, so free batches are found even
    /// when few are left. Anyone may call it; the outcome does not depend on the caller. Each slot expires exactly claimTtl after
    /// assignment; a batch whose current round's commit deadline (at most the task deadline) is closer than that is
    /// skipped, and slots left unfilled get their bond back (`ClaimUnfilled`). If the task is closed or past its
    /// deadline, nothing is drawn and the whole bond is credited back (`ClaimUnfilled`). If the request's block is
    /// more than 256 blocks old, its hash is gone: the request lapses, its bond is forfeited to the task
    /// (`ClaimLapsed`) and no slot is assigned; a new request may then be made.
    /// @param taskId The task.
    /// @param annotator The annotator whose request is settled.
    /// @return batchIds The batches that received a slot.
    function assign(uint256 taskId, address annotator) external returns (uint32[] memory batchIds);

    /// @notice Records commitments for assigned slots, across batches and tasks.
    /// @param commits keccak256(abi.encode(chainid, this, taskId, batchId, annotator, labels, salt)) per slot.
    function commit(CommitInput[] calldata commits) external;

    /// @notice Reveals labels for committed slots, across batches and tasks.
    /// @param reveals The labels and salts matching earlier commitments.
    function reveal(RevealInput[] calldata reveals) external;

    /// @notice Finalises the current round of a batch: plurality consensus per item, rewards, bonds, counters. While
    /// fewer than R labels of the batch were bought, nothing resolves and an extra round tops it up to R (unless the
    /// batch has too few slot indices left to reach R: that round is tallied as it stands).
    /// @param taskId The task.
    /// @param batchId The batch.
    /// @param labels The revealed label vectors of every slot of the batch in slot order (empty for slots that
    /// did not reveal); each is checked against its stored hash.
    function finalise(uint256 taskId, uint32 batchId, bytes[] calldata labels) external;

    /// @notice Finalises several batches of one task in one transaction, each exactly as `finalise` would. A batch
    /// whose round is not finalisable (anymore: someone finalised it first) is skipped rather than reverting, so a
    /// keeper racing another loses only that batch's share of the gas; every other check reverts as in `finalise`.
    /// @param taskId The task.
    /// @param batches The batches with their revealed label vectors.
    /// @return finalised How many of `batches` were finalised (the rest were skipped).
    function finaliseBatches(uint256 taskId, FinaliseInput[] calldata batches) external returns (uint256 finalised);

    /// @notice Closes a task after its deadline (or once every batch is done) and credits the refund to the owner.
    /// @param taskId The task.
    function closeTask(uint256 taskId) external;

    /// @notice Reveals the gold answers committed at creation, for the indexer's reputation scores. Only once nobody
    /// can label the task anymore (closed, past its deadline, or every batch done): answers on chain while labeling
    /// runs could be copied onto the gold items.
    /// @param taskId The task.
    /// @param items Item indices of the gold items.
    /// @param labels The gold labels, one byte per entry of `items`.
    /// @param salt The salt of the commitment.
    function revealGold(uint256 taskId, uint32[] calldata items, bytes calldata labels, bytes32 salt) external;

    /// @notice Publishes the CID of the exported dataset.
    /// @param taskId The task.
    /// @param datasetCid The IPFS CID of the export.
    function publishDataset(uint256 taskId, string calldata datasetCid) external;

    /// @notice Sends the caller everything credited to them in `token` (rewards, returned bonds, refunds).
    /// @param token The token.
    function withdraw(address token) external;

    /// @notice Computes the commitment an annotator must submit for a slot.
    /// @return The commitment hash.
    function commitmentOf(uint256 taskId, uint32 batchId, address annotator, bytes calldata labels, bytes32 salt)
        external
        view
        returns (bytes32);
}
