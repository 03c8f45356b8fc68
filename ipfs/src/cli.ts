import { loadConfig, USAGE } from "./config.js";
import { IpfsNodeError } from "./errors.js";
import { startupBanner } from "./exposure.js";
import { startIpfsNode } from "./server.js";

/** `pnpm ipfs`: starts the node with flags and environment, stops cleanly on Ctrl-C / SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2).filter((arg) => arg !== "--"), process.env);
  if (config === "help") {
    console.log(USAGE);
    return;
  }
  const running = await startIpfsNode(config);
  const banner = startupBanner(config, running);
  for (const line of banner.info) console.log(line);
  for (const line of banner.warnings) console.warn(line);
  const shutdown = (signal: string): void => {
    console.log(`${signal}: stopping`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof IpfsNodeError) console.error(`error: ${error.message}`);
  else if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    console.error(`error: ${error.message}\n\n${USAGE}`);
  }
  else if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
    console.error(`error: ${error.message} — another IPFS node (Kubo?) may be running; pick ports with --api-port/--gateway-port`);
  } else console.error(error);
  process.exit(1);
});
