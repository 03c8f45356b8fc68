import { resolveConfig, setConfig, type AppConfig, type RawConfig } from "../config/appConfig.ts";

/** The local anvil deployment's addresses, as unit tests configure the app (`deploymentId` "dep" when asked). */
export function setTestConfig(raw: RawConfig = {}, extra: Partial<AppConfig> = {}): void {
  setConfig({ ...resolveConfig({ chainId: 31337, crowdlabel: "0x5FbDB2315678afecb367f032d93F642f64180aa3", token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", ...raw }), ...extra });
}
