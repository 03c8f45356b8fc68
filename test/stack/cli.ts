// pnpm --filter @crowdlabel/test stack [--chain-id 84532] [--forge] [--data-dir DIR] [--web-port N] [--no-web]
// Starts the same stack the end-to-end tests use and prints its URLs; Ctrl-C stops everything.
import { parseArgs } from "node:util";
import { takeOverStopSignals } from "./processGroup.ts";
import { startStack } from "./startStack.ts";

const { values } = parseArgs({
  options: {
    "chain-id": { type: "string" },
    forge: { type: "boolean", default: false },
    "data-dir": { type: "string" },
    "web-port": { type: "string" },
    "no-web": { type: "boolean", default: false },
  },
});

const stack = await startStack({
  chainId: values["chain-id"] ? Number(values["chain-id"]) : undefined,
  deployWith: values.forge ? "forge" : "viem",
  dataDir: values["data-dir"],
  ports: values["web-port"] ? { web: Number(values["web-port"]) } : {},
  web: !values["no-web"],
  log: (line) => console.log(line),
});
console.log(`\nweb app   ${stack.webUrl ?? "(not served)"}\nindexer   ${stack.indexerUrl}\nRPC       ${stack.rpcUrl} (chain ${stack.chainId})`);
console.log(`IPFS      ${stack.ipfs.apiUrl} (API), ${stack.ipfs.gatewayUrl} (gateway)\nCtrl-C to stop.`);
takeOverStopSignals();
const stop = () => void stack.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
