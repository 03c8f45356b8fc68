/**
 * Dawid-Skene accuracies published in the datasets' READMEs (../shared/datasets/<name>/README.md, "Known numbers"),
 * by labels per item ("all" = every label of the dataset). The report checks the exported Dawid-Skene labels
 * against these minus 0.005.
 */
export const dawidSkeneReference: Record<string, Record<string, number>> = {
  bluebirds: { "3": 0.669, "5": 0.767, all: 0.898 },
  rte: { "3": 0.836, "5": 0.899, all: 0.928 },
  d_product: { all: 0.94 },
};

export const DS_TOLERANCE = 0.005;
export const SPEARMAN_BAR = 0.9;

/**
 * Gas per label of `pnpm bench:gas` (contracts/README.md, "Gas"): one task, R = 3, three annotators, four batches,
 * by batch size (256 is the protocol's default).
 */
export const forgeGasPerLabel: Record<number, number> = { 32: 6253, 64: 3221, 128: 1706, 256: 948 };
