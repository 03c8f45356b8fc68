// @vitest-environment node
import { describe, expect, it } from "vitest";
import { LOCAL_ACCOUNT_COUNT, localAccount } from "./localAccounts.ts";

describe("local test wallet accounts", () => {
  it("are anvil's well-known accounts, from the sdk's keys", () => {
    expect(LOCAL_ACCOUNT_COUNT).toBe(10);
    expect(localAccount(0).address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(localAccount(1).address).toBe("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    expect(localAccount(9).address).toBe("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");
    expect(localAccount(1)).toBe(localAccount(1));
  });

  it("refuses an index past the last key", () => {
    expect(() => localAccount(LOCAL_ACCOUNT_COUNT)).toThrow(RangeError);
  });
});
