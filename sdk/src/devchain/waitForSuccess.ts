import type { Hex, TransactionReceipt } from "viem";
import { CrowdlabelError } from "../errors.ts";
import type { Devchain } from "./connectDevchain.ts";

export class TransactionRevertedError extends CrowdlabelError {
  override name = "TransactionRevertedError";
  readonly receipt: TransactionReceipt;
  constructor(receipt: TransactionReceipt) {
    super(`Transaction ${receipt.transactionHash} reverted.`, { details: `block ${receipt.blockNumber}, gas used ${receipt.gasUsed}` });
    this.receipt = receipt;
  }
}

/** Waits for a transaction's receipt; throws TransactionRevertedError if it reverted. */
export async function waitForSuccess(devchain: Pick<Devchain, "publicClient">, hash: Hex | Promise<Hex>): Promise<TransactionReceipt> {
  const receipt = await devchain.publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new TransactionRevertedError(receipt);
  return receipt;
}
