// @crowdlabel/sdk — browser-safe entry point (no node: imports). Node-only helpers: @crowdlabel/sdk/node.
export { CrowdlabelError, type CrowdlabelErrorOptions } from "./errors.ts";

export * from "./generated/abis.ts";

export { encodeCommitment, type CommitmentParameters } from "./commitment/encodeCommitment.ts";
export { packLabels, unpackLabels, LabelOutOfRangeError, type PackLabelsOptions } from "./commitment/packLabels.ts";
export { generateSalt } from "./commitment/generateSalt.ts";
export { goldCommitment, makeGold, parseGoldFile, GoldFileError, type GoldFile } from "./commitment/goldFile.ts";
export { deriveSalt, type SaltContext } from "./commitment/deriveSalt.ts";
export { saltSigningMessage, saltSigningTypes, SALT_SIGNING_PURPOSE, type SaltSigningContext } from "./commitment/saltSigningMessage.ts";

export {
  computeConsensus,
  defersConsensus,
  LabelCountMismatchError,
  type ComputeConsensusParameters,
  type ConsensusResult,
  type ItemConsensus,
} from "./consensus/computeConsensus.ts";
export { countResolved, isResolvedAt } from "./consensus/resolvedMask.ts";
export { passesGate, type ReputationGate, type AnnotatorCounters } from "./consensus/reputationGate.ts";
export type { IndexerHealth } from "./indexer/indexerHealth.ts";
export { taskBudget, closeRefund, canCloseTask, canRevealGold } from "./chain/taskMoney.ts";
export { MAX_DEADLINE, MAX_REDUNDANCY, MAX_TOKEN_AMOUNT, MAX_WINDOW_SECONDS, fractionDigits } from "./chain/taskLimits.ts";
export { permitTypedData, permitTypes, type Eip712DomainFields } from "./chain/permit.ts";
export { crowdlabelErrorMessages, tokenErrorMessages, messageFor, type ErrorMessage } from "./chain/contractErrorMessages.ts";
export { finaliseVectors, readRevealedSlots, type RevealedSlot } from "./chain/revealedLabels.ts";
export { FINALISE_TX_GAS_BUDGET, finaliseGasBudget, finaliseGasEstimate, groupFinalisations, type FinaliseInput } from "./chain/finaliseTransactions.ts";
export { BatchPhase, readBatchViews, readChunked, summariseBatchPhases, type BatchPhaseSummary, type BatchView } from "./chain/readBatchViews.ts";
export {
  batchClaimability,
  noBlocks,
  emptyClaimAvailability,
  readClaimAvailability,
  SLOT_STATES,
  tallyClaimability,
  claimsOver,
  type BatchClaimability,
  type ClaimAvailability,
  type ClaimAvailabilityRead,
  type ClaimBatchState,
  type ClaimBlock,
  type ClaimSlotState,
  type ClaimTaskTimes,
  type SlotStateName,
} from "./chain/claimableBatches.ts";
export { needsAllowanceReset } from "./chain/allowanceReset.ts";
export { scanBlockRanges, isLogRangeRefused, DEFAULT_LOG_BLOCK_RANGE, type ScanBlockRangesOptions } from "./chain/scanBlockRanges.ts";

export {
  taskManifestSchema,
  supportedMediaTypes,
  MANIFEST_VERSION,
  MAX_MANIFEST_BYTES,
  MAX_IMAGE_BYTES,
  CANNOT_LABEL,
  MAX_BATCH_SIZE,
  MIN_CLASSES,
  MAX_CLASSES,
  type TaskManifest,
  type TaskManifestInput,
  type ManifestClass,
  type ManifestItem,
} from "./manifest/taskManifestSchema.ts";
export { parseManifest, validateManifest, type ValidateManifestResult } from "./manifest/parseManifest.ts";
export { ManifestValidationError, type ManifestIssue } from "./manifest/ManifestValidationError.ts";
export { exampleManifest } from "./manifest/exampleManifest.ts";
export { batchCount, batchItemCount, batchItems, type BatchLayout } from "./manifest/batchItems.ts";
export { ManifestTaskMismatchError, manifestMismatches, type ManifestExpectations } from "./manifest/manifestMismatches.ts";

export { buildCrowdLabels, sharedItemsOnly, type CrowdLabels, type LabelTriple, type BuildCrowdLabelsOptions } from "./aggregation/crowdLabels.ts";
export { majorityVote, type MajorityVoteOptions, type MajorityVoteResult, type TieBreak } from "./aggregation/majorityVote.ts";
export { dawidSkene, type DawidSkeneOptions, type DawidSkeneResult, type DawidSkeneModel } from "./aggregation/dawidSkene.ts";
export { oneCoinDawidSkene } from "./aggregation/oneCoinDawidSkene.ts";
export { accuracy } from "./aggregation/accuracy.ts";
export { spearman, ranks } from "./aggregation/spearman.ts";
export { agreementRates, betaSmoothedRate, type BetaPrior, type WorkerAgreement } from "./aggregation/agreementRate.ts";
export { goldAccuracy, type GoldAccuracyResult } from "./aggregation/goldAccuracy.ts";
export { seededRandom } from "./aggregation/random.ts";

export type { DatasetSource, DatasetTask, DatasetBatch, DatasetSlot, DatasetFinalisation, DatasetGold } from "./export/DatasetSource.ts";
export { itemRecords, className, type ItemRecord, type ExportVote } from "./export/itemRecords.ts";
export { aggregateDataset, datasetCrowdLabels, hasRevealedLabels, revealedVectors } from "./export/aggregateDataset.ts";
export { goldAgreement, type GoldAgreement } from "./export/goldAgreement.ts";
export { aggregateDatasets, pooledCrowdLabels, poolCrowdLabels, PoolMismatchError, type PooledAggregation, type PoolPart } from "./export/aggregateDatasets.ts";
export { exportJsonl, jsonlRecord, type ExportOptions } from "./export/exportJsonl.ts";
export { exportCsv, csvColumns, csvField, csvText } from "./export/exportCsv.ts";
export { exportCoco } from "./export/exportCoco.ts";
export {
  exportDataset,
  exportFormats,
  isExportFormat,
  MissingImageFetcherError,
  type ExportDatasetOptions,
  type ExportFormat,
} from "./export/exportDataset.ts";
export {
  exportHfImagefolder,
  hfImagePath,
  classFolders,
  ImageFetchError,
  type ExportHfImagefolderOptions,
  type HfProgress,
} from "./export/exportHfImagefolder.ts";
export { safeName, imageFileName } from "./export/fileNames.ts";
export { datasetStats, type DatasetStats } from "./export/datasetStats.ts";
export { datasetCard, sizeCategory } from "./export/datasetCard.ts";
export { verifyExport, type VerifyExportResult, type VerifyExportOptions, type ExportMismatch } from "./export/verifyExport.ts";
export { parseCsv } from "./export/parseCsv.ts";

export { isCid } from "./ipfs/isCid.ts";
export { type IpfsConfig, ipfsConfigFromEnv, DEFAULT_IPFS_API_URL, DEFAULT_IPFS_GATEWAY_URL } from "./ipfs/ipfsConfig.ts";
export { IpfsUnreachableError, IpfsRequestError, CidMismatchError, InvalidCidError, ContentTooLargeError } from "./ipfs/errors.ts";
export { withRetry, type RetryOptions } from "./ipfs/withRetry.ts";
export { computeCid, kuboImporterOptions, type CidLayout } from "./ipfs/computeCid.ts";
export { fetchVerified, parseCid, type FetchVerifiedOptions } from "./ipfs/fetchVerified.ts";
export { fetchManifest, fetchImage } from "./ipfs/fetchTaskFiles.ts";
export {
  uploadFiles,
  pinCid,
  createIpfsClient,
  type UploadFile,
  type UploadedFile,
  type UploadProgress,
  type UploadFilesOptions,
} from "./ipfs/uploadFiles.ts";
export { readImageInfo, type ImageInfo } from "./ipfs/readImageInfo.ts";
export {
  readDatasetSource,
  readTaskState,
  readTaskLogsInRange,
  mergeTaskLogs,
  datasetSourceFromLogs,
  TaskNotFoundError,
  type ReadDatasetSourceOptions,
  type TaskLogs,
} from "./chain/readDatasetSource.ts";

// anvil's default test keys (public knowledge, local chains only): pure data, safe in the browser too.
export { anvilPrivateKeys } from "./devchain/anvilAccounts.ts";
