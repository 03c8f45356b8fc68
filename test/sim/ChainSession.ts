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
 * Signs transactions locally with fixed nonces and gas and sends them in JSON-RPC batches: anvil (automine)
 * mines each in its own block, so a batch of independent calls costs one HTTP round trip. `flush` waits
 * for the receipts, fails on any revert (decoding the custom error) and books the gas.
 */
export class ChainSession {
  readonly rpc: Rpc;
  readonly gas: GasLedger = new Map();
  private readonly nonces = new Map<Address, number>();
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

  /** Sends every queued transaction, waits for their receipts (in queue order) and books their gas. */
  async flush(chunk = 400): Promise<RawReceipt[]> {
    const pending = this.pending;
    const signed = this.signed;
    this.pending = [];
    this.signed = [];
    const receipts: RawReceipt[] = [];
    for (let start = 0; start < signed.length; start += chunk) {
      const hashes = await this.rpc.batch<Hex>(signed.slice(start, start + chunk).map((raw) => ({ method: "eth_sendRawTransaction", params: [raw] })));
      hashes.forEach((h, i) => (pending[start + i]!.hash = h));
      let waiting = hashes;
      const found = new Map<Hex, RawReceipt>();
      for (let attempt = 0; waiting.length > 0; attempt++) {
        if (attempt > 200) {
          const pool = await this.rpc.call<unknown>("txpool_inspect").catch(() => null);
          const stuck = waiting.map((h) => pending[start + hashes.indexOf(h)]!).map((p) => `${p.phase} of ${p.tag} from ${p.from}`);
          throw new SimulationError(`${waiting.length} transactions were never mined: ${stuck.join("; ")}.`, {
            details: `Is anvil running with automine? txpool: ${JSON.stringify(pool).slice(0, 500)}`,
          });
        }
        const got = await this.rpc.batch<RawReceipt | null>(waiting.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })));
        got.forEach((r, i) => r && found.set(waiting[i]!, r));
        waiting = waiting.filter((h) => !found.has(h));
        // Automine can put several of a batch's transactions in one block; those that did not fit the block's
        // gas limit wait for the next transaction, so mine a block for them.
        if (waiting.length) {
          if (attempt >= 1) await this.rpc.call("evm_mine");
          else await new Promise((r) => setTimeout(r, 10));
        }
      }
      for (const h of hashes) receipts.push(found.get(h)!);
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

  async increaseTime(seconds: number): Promise<void> {
    await this.rpc.call("evm_increaseTime", [seconds]);
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
