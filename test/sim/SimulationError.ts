import { CrowdlabelError } from "@crowdlabel/sdk";

/** Something the simulator cannot work around (bad data, a transaction that reverted, a stuck replay). */
export class SimulationError extends CrowdlabelError {
  override name = "SimulationError";
}

/** A dataset's files are not where the simulator looks for them. */
export class DatasetMissingError extends CrowdlabelError {
  override name = "DatasetMissingError";
  readonly dataset: string;
  constructor(dataset: string, searched: readonly string[]) {
    super(`Dataset "${dataset}" was not found.`, {
      details: `Looked in: ${searched.join(", ")}. Clone the shared datasets next to the repository (../shared/datasets) or set CROWDLABEL_DATASETS.`,
    });
    this.dataset = dataset;
  }
}
