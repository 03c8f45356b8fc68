import { mnemonicToAccount, type HDAccount } from "viem/accounts";

/**
 * anvil's default mnemonic. Its accounts are public knowledge and funded only on local chains:
 * the local test wallet exists so a newcomer can try every flow without a browser extension.
 */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
export const LOCAL_ACCOUNT_COUNT = 10;

const cache = new Map<number, HDAccount>();

/** Account `index` of anvil's mnemonic (m/44'/60'/0'/0/index), derived once and cached. */
export function localAccount(index: number): HDAccount {
  let account = cache.get(index);
  if (!account) {
    account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
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
