import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { anvilPrivateKeys } from "@crowdlabel/sdk";

/**
 * anvil's default accounts (keys from the sdk). They are public knowledge and funded only on local
 * chains: the local test wallet exists so a newcomer can try every flow without a browser extension.
 */
export const LOCAL_ACCOUNT_COUNT = anvilPrivateKeys.length;

const cache = new Map<number, PrivateKeyAccount>();

/** anvil's account `index`, built once from its private key and cached. */
export function localAccount(index: number): PrivateKeyAccount {
  let account = cache.get(index);
  if (!account) {
    const key = anvilPrivateKeys[index];
    if (!key) throw new RangeError(`The local test wallet has accounts 0-${LOCAL_ACCOUNT_COUNT - 1}, not ${index}.`);
    account = privateKeyToAccount(key);
    cache.set(index, account);
  }
  return account;
}

/** Roles the dev stack gives the first accounts (printed by `pnpm dev` too). */
export const localAccountRoles: Record<number, string> = {
  0: "deployer / demo task owner",
  1: "annotator",
  2: "annotator",
  3: "annotator",
  4: "annotator",
};
