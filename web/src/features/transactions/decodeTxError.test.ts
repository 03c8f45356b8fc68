import { describe, expect, it } from "vitest";
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  UserRejectedRequestError,
  ChainMismatchError,
} from "viem";
import { foundry, mainnet } from "viem/chains";
import { crowdlabelAbi, crowdlabelErrorMessages, messageFor, testTokenAbi } from "@crowdlabel/sdk";
import { decodeTxError } from "./decodeTxError.ts";

function reverted(errorName: string, args?: readonly unknown[]) {
  const abi = [...crowdlabelAbi, ...testTokenAbi];
  const data = encodeErrorResult({ abi, errorName, args } as never);
  const cause = new ContractFunctionRevertedError({ abi, data, functionName: "commit" });
  return new ContractFunctionExecutionError(cause, { abi, functionName: "commit", args: [] });
}

describe("decodeTxError", () => {
  it("has a plain-language message for every custom error of the protocol ABI", () => {
    const names = crowdlabelAbi.filter((x) => x.type === "error").map((x) => x.name);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      const msg = messageFor(name, [1n, 2n]);
      expect(msg, name).toBeDefined();
      expect(msg!.title.length).toBeGreaterThan(5);
      expect(msg!.fix.length).toBeGreaterThan(5);
    }
    expect(Object.keys(crowdlabelErrorMessages).sort()).toEqual([...names].sort());
  });

  it("decodes a contract revert to its custom error name and fix", () => {
    const d = decodeTxError(reverted("SlotExpired"));
    expect(d.kind).toBe("contract");
    expect(d.errorName).toBe("SlotExpired");
    expect(d.title).toMatch(/expired/);
  });

  it("includes error arguments in the message", () => {
    const d = decodeTxError(reverted("NotEligible", [3n, 1n]));
    expect(d.errorName).toBe("NotEligible");
    expect(d.title).toContain("3 revealed labels");
  });

  it("decodes token errors (ERC-20) too", () => {
    const d = decodeTxError(reverted("ERC20InsufficientBalance", ["0x0000000000000000000000000000000000000001", 1n, 2n]));
    expect(d.errorName).toBe("ERC20InsufficientBalance");
    expect(d.fix).toMatch(/faucet/i);
  });

  it("decodes raw revert data nested in a provider error", () => {
    const data = encodeErrorResult({ abi: crowdlabelAbi, errorName: "CommitMismatch" });
    const d = decodeTxError({ message: "execution reverted", cause: { data } });
    expect(d.errorName).toBe("CommitMismatch");
  });

  it("recognises a rejected signature", () => {
    expect(decodeTxError(new UserRejectedRequestError(new Error("no"))).kind).toBe("rejected");
    expect(decodeTxError({ code: 4001, message: "User rejected the request." }).kind).toBe("rejected");
  });

  it("recognises an unreachable RPC", () => {
    const d = decodeTxError(new HttpRequestError({ url: "http://127.0.0.1:8545", details: "fetch failed" }));
    expect(d.kind).toBe("rpc-down");
    expect(d.fix).toMatch(/saved/);
    expect(decodeTxError(new TypeError("Failed to fetch")).kind).toBe("rpc-down");
  });

  it("recognises a wrong network", () => {
    const d = decodeTxError(new ChainMismatchError({ chain: foundry, currentChainId: mainnet.id }));
    expect(d.kind).toBe("wrong-network");
  });

  it("falls back to a generic message with the detail", () => {
    const d = decodeTxError(new BaseError("something odd"));
    expect(d.kind).toBe("unknown");
    expect(d.detail).toContain("something odd");
  });
});
