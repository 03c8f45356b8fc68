#!/usr/bin/env node
// The `crowdlabel` CLI: registers tsx (the SDK ships TypeScript source) and runs src/cli/main.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
