import { useAccount, useBalance, useReadContract, useWriteContract } from "wagmi";
import { parseUnits } from "viem";
import { testTokenAbi } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { LOCAL_WALLET_ID } from "./localWalletConnector.ts";
import { LOCAL_ACCOUNT_COUNT, localAccount, localAccountRoles } from "./localAccounts.ts";
import { useLocalWalletStore } from "./useLocalWalletStore.ts";
import { formatAmount, shortAddress } from "../../ui/format.ts";
import { useTxRunner } from "../transactions/useTxRunner.ts";

/** Account switcher and faucet for the local test wallet. */
export function LocalWalletMenu() {
  const { connector, address } = useAccount();
  const accountIndex = useLocalWalletStore((s) => s.accountIndex);
  const setAccountIndex = useLocalWalletStore((s) => s.setAccountIndex);
  const config = getConfig();
  const run = useTxRunner();
  const { writeContractAsync } = useWriteContract();
  const { data: tokenBalance } = useReadContract({
    address: config.token,
    abi: testTokenAbi,
    functionName: "balanceOf",
    args: address ? [address] : undefined,
    query: { enabled: !!address, refetchInterval: 4000 },
  });
  const { data: eth } = useBalance({ address, query: { enabled: !!address } });
  if (connector?.id !== LOCAL_WALLET_ID) return null;
  const faucet = () =>
    run({
      explanation: {
        title: "Mint 1,000 test tokens",
        summary: "The local test token has a faucet. This mints 1,000 tUSD to your account so you can post tasks or bonds.",
        facts: [{ label: "Amount", value: "1,000 tUSD" }],
      },
      send: () =>
        writeContractAsync({ chainId: config.chainId, address: config.token, abi: testTokenAbi, functionName: "faucet", args: [address!, parseUnits("1000", 18)] }),
    });
  return (
    <div className="row hide-sm" style={{ gap: "0.4rem" }} data-testid="local-wallet-menu">
      <label className="sr-only" htmlFor="local-account">
        Local test account
      </label>
      <select
        id="local-account"
        value={accountIndex}
        onChange={(e) => setAccountIndex(Number(e.target.value))}
        data-testid="local-account-select"
        style={{ height: "2.25rem", maxWidth: 210 }}
        title="Switch between anvil's test accounts"
      >
        {Array.from({ length: LOCAL_ACCOUNT_COUNT }, (_, i) => (
          <option key={i} value={i}>
            #{i} {shortAddress(localAccount(i).address)} {localAccountRoles[i] ? `· ${localAccountRoles[i]}` : ""}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn sm"
        onClick={faucet}
        title={`Balance: ${tokenBalance !== undefined ? formatAmount(tokenBalance, 18) : "…"} tUSD, ${eth ? formatAmount(eth.value, 18, 2) : "…"} ETH`}
        data-testid="faucet-button"
      >
        Faucet
      </button>
    </div>
  );
}
