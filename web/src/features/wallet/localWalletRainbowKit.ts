import type { Wallet } from "@rainbow-me/rainbowkit";
import { createConnector } from "wagmi";
import { localWallet, LOCAL_WALLET_ID } from "./localWalletConnector.ts";

const icon =
  "data:image/svg+xml;base64," +
  btoa(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28"><rect width="28" height="28" rx="6" fill="#4f46e5"/><path d="M7 10h14v10H7z" fill="none" stroke="#fff" stroke-width="2"/><path d="M10 10V8h8v2" fill="none" stroke="#fff" stroke-width="2"/><circle cx="18" cy="15" r="1.6" fill="#fff"/></svg>`,
  );

/** RainbowKit entry for the local test wallet (only listed on local chains). */
export const localWalletRainbowKit = (): Wallet => ({
  id: LOCAL_WALLET_ID,
  name: "Local test wallet",
  shortName: "Local",
  iconUrl: icon,
  iconBackground: "#4f46e5",
  installed: true,
  createConnector: (walletDetails) =>
    createConnector((config) => ({
      ...localWallet()(config),
      ...walletDetails,
    })),
});
