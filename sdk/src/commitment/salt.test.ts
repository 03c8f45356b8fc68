import { describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import { recoverTypedDataAddress } from "viem";
import { generateSalt } from "./generateSalt.ts";
import { deriveSalt } from "./deriveSalt.ts";
import { saltSigningMessage } from "./saltSigningMessage.ts";

// anvil's second default account
const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const context = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", taskId: 7n } as const;

describe("generateSalt", () => {
  it("returns 32 random bytes, different each time", () => {
    const a = generateSalt();
    const b = generateSalt();
    expect(a).toMatch(/^0x[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});

describe("deriveSalt", () => {
  it("is keccak256(abi.encode(bytes signature, uint256 chainId, address contract, uint256 taskId, uint32 batchId))", () => {
    // cast keccak $(cast abi-encode "f(bytes,uint256,address,uint256,uint32)" 0xabcdef 31337 0x5FbD…0aa3 7 3)
    expect(deriveSalt("0xabcdef", { ...context, batchId: 3 })).toBe("0xcb2887ef4a2f1bcb7ca8ec52c41a50807b67148e095523197b1e19064e7e8bcf");
  });

  it("gives the same salt from a fresh signature of the same message (any device), distinct per batch", async () => {
    const message = saltSigningMessage(context);
    const first = await account.signTypedData(message);
    const again = await account.signTypedData(saltSigningMessage({ ...context, taskId: 7 }));
    expect(again).toBe(first);
    expect(await recoverTypedDataAddress({ ...message, signature: first })).toBe(account.address);
    expect(deriveSalt(first, { ...context, batchId: 0 })).toBe(deriveSalt(again, { ...context, batchId: 0 }));
    expect(deriveSalt(first, { ...context, batchId: 0 })).not.toBe(deriveSalt(first, { ...context, batchId: 1 }));
    const otherTask = await account.signTypedData(saltSigningMessage({ ...context, taskId: 8n }));
    expect(otherTask).not.toBe(first);
  });

  it("binds the signing message to chain and contract (EIP-712 domain)", () => {
    const message = saltSigningMessage(context);
    expect(message.domain).toEqual({ name: "Crowdlabel", version: "1", chainId: 31337, verifyingContract: context.contract });
    expect(message.primaryType).toBe("CrowdlabelSaltSeed");
    expect(message.message.taskId).toBe(7n);
  });
});
