import { decodeErrorResult, parseEventLogs, type Address, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { Rpc } from "./rpc.ts";
import { SimulationError } from "./SimulationError.ts";

/** What a transaction was for, so gas can be reported per protocol step. */
export type GasPhase = "createTask" | "requestClaim" | "assign" | "commit" | "reveal" | "finalise" | "closeTask" | "withdraw" | "setup";

export type RawLog = { address: Address; topics: [Hex, ...Hex[]] | []; data: Hex; blockNumber: Hex; transactionHash: Hex; logIndex: Hex };
export type RawReceipt = { status: Hex; gasUsed: Hex; blockNumber: Hex; transactionHash: Hex; logs: RawLog[] };

type Pending = { hash: Hex; from: Address; to: Address; data: Hex; tag: string; phase: GasPhase };

/** Gas used per task tag and phase. */
export type GasLedger = Map<string, Map<GasPhase, { gas: bigint; txs: number }>>;

/** Same-chain settings for every transaction the simulator signs. */
const GAS_LIMIT = 15_000_000n;
const MAX_FEE = 50_000_000_000n;

export class TransactionRevertedError extends SimulationError {
  override name = "TransactionRevertedError";
}

/**
 * Signs transactions locally with known nonces and a fixed gas limit (no estimateGas or nonce round trips),
 * queues them per replay step and sends them with `flush`.
 */
export class ChainSession {
  readonly rpc: Rpc;
  readonly gas: GasLedger = new Map();
  private readonly nonces = new Map<Address, number>();
  private manual = false;
  private blockPerFlush = false;
  private pending: Pending[] = [];
  private signed: Hex[] = [];

  constructor(readonly rpcUrl: string, readonly chainId: number) {
    this.rpc = new Rpc(rpcUrl);
  }

  private async nonceOf(address: Address): Promise<number> {
    let n = this.nonces.get(address);
    if (n === undefined) n = Number(BigInt(await this.rpc.call<Hex>("eth_getTransactionCount", [address, "pending"])));
    this.nonces.set(address, n + 1);
    return n;
  }

  /**
   * Turns automine off: `flush` then mines one block per transaction itself, so blocks never hold two
   * transactions in an arrival order that could differ between runs.
   */
  async mineEachTransaction(): Promise<void> {
    await this.rpc.call("evm_setAutomine", [false]);
    this.manual = true;
  }

  /**
   * With `true`, `flush` mines all its transactions into one block (in queue order: they pay the same fee, so anvil
   * keeps arrival order) instead of a block each. For replays with nothing to randomise (one batch per task), where
   * a block per transaction only costs time. Raises the block gas limit so a flush always fits.
   */
  async setBlockPerFlush(enabled: boolean): Promise<void> {
    if (enabled && !this.blockPerFlush) await this.rpc.call("evm_setBlockGasLimit", [`0x${(GAS_LIMIT * 10_000n).toString(16)}`]);
    this.blockPerFlush = enabled;
  }

  /** Queues a signed call; it is sent by the next `flush`. */
  async queue(options: { account: PrivateKeyAccount; to: Address; data: Hex; tag: string; phase: GasPhase }): Promise<void> {
    const nonce = await this.nonceOf(options.account.address);
    const raw = await options.account.signTransaction({
      type: "eip1559",
      chainId: this.chainId,
      nonce,
      to: options.to,
      data: options.data,
      gas: GAS_LIMIT,
      maxFeePerGas: MAX_FEE,
      maxPriorityFeePerGas: 0n,
    });
    this.signed.push(raw);
    this.pending.push({ hash: "0x", from: options.account.address, to: options.to, data: options.data, tag: options.tag, phase: options.phase });
  }

  /**
   * Sends every queued transaction one at a time (one transaction per block, in queue order, so a replay
   * is reproducible block hash for block hash), then fetches the receipts in batches, fails on any
   * revert (decoding the custom error) and books the gas.
   */
  async flush(chunk = 500): Promise<RawReceipt[]> {
    const pending = this.pending;
    const signed = this.signed;
    this.pending = [];
    this.signed = [];
    for (let i = 0; i < signed.length; i++) {
      pending[i]!.hash = await this.rpc.call<Hex>("eth_sendRawTransaction", [signed[i]]);
      if (this.manual && !this.blockPerFlush) await this.rpc.call("evm_mine");
    }
    if (this.manual && this.blockPerFlush && signed.length > 0) await this.rpc.call("evm_mine");
    const receipts: RawReceipt[] = [];
    for (let start = 0; start < pending.length; start += chunk) {
      const got = await this.rpc.batch<RawReceipt | null>(pending.slice(start, start + chunk).map((p) => ({ method: "eth_getTransactionReceipt", params: [p.hash] })));
      got.forEach((r, i) => {
        const tx = pending[start + i]!;
        if (!r) throw new SimulationError(`The ${tx.phase} transaction of ${tx.tag} was not mined.`, { details: "Call mineEachTransaction() before replaying, or run anvil with automine." });
        receipts.push(r);
      });
    }
    for (let i = 0; i < receipts.length; i++) {
      const receipt = receipts[i]!;
      const tx = pending[i]!;
      if (receipt.status !== "0x1") throw await this.revertError(tx, receipt);
      this.book(tx.tag, tx.phase, BigInt(receipt.gasUsed));
    }
    return receipts;
  }

  private book(tag: string, phase: GasPhase, gas: bigint) {
    let byPhase = this.gas.get(tag);
    if (!byPhase) this.gas.set(tag, (byPhase = new Map()));
    const entry = byPhase.get(phase) ?? { gas: 0n, txs: 0 };
    entry.gas += gas;
    entry.txs += 1;
    byPhase.set(phase, entry);
  }

  private async revertError(tx: Pending, receipt: RawReceipt): Promise<TransactionRevertedError> {
    let reason = "unknown reason";
    try {
      const block = `0x${(BigInt(receipt.blockNumber) - 1n).toString(16)}`;
      await this.rpc.call("eth_call", [{ from: tx.from, to: tx.to, data: tx.data, gas: `0x${GAS_LIMIT.toString(16)}` }, block]);
      reason = "the call succeeds when replayed on the previous block (ordering dependency)";
    } catch (error) {
      const data = error instanceof SimulationError ? error.details?.match(/0x[0-9a-fA-F]{8,}/)?.[0] : undefined;
      if (data) {
        try {
          const decoded = decodeErrorResult({ abi: crowdlabelAbi, data: data as Hex });
          reason = `${decoded.errorName}(${(decoded.args ?? []).map(String).join(", ")})`;
        } catch {
          reason = data;
        }
      } else if (error instanceof Error) reason = error.message.split("\n")[0]!;
    }
    return new TransactionRevertedError(`${tx.phase} transaction of ${tx.tag} reverted: ${reason}.`, {
      details: `tx ${receipt.transactionHash} from ${tx.from} in block ${BigInt(receipt.blockNumber)}`,
    });
  }

  /** Decoded Crowdlabel events of some receipts. */
  static events(receipts: readonly RawReceipt[]) {
    return parseEventLogs({ abi: crowdlabelAbi, logs: receipts.flatMap((r) => r.logs).map(toViemLog) });
  }

  /** Mines an empty block `seconds` after the latest one (explicit, so a block-timestamp interval cannot override it). */
  async increaseTime(seconds: number): Promise<void> {
    await this.rpc.call("evm_setNextBlockTimestamp", [(await this.timestamp()) + seconds]);
    await this.rpc.call("evm_mine", []);
  }

  async timestamp(): Promise<number> {
    const block = await this.rpc.call<{ timestamp: Hex }>("eth_getBlockByNumber", ["latest", false]);
    return Number(BigInt(block.timestamp));
  }
}

function toViemLog(log: RawLog) {
  return {
    address: log.address,
    topics: log.topics,
    data: log.data,
    blockNumber: BigInt(log.blockNumber),
    transactionHash: log.transactionHash,
    logIndex: Number(BigInt(log.logIndex)),
    blockHash: null,
    transactionIndex: null,
    removed: false,
  } as const;
}
