import { existsSync } from "node:fs";
import { buildWeb } from "../stack/buildWeb.ts";
import { chromiumPath, ChromiumMissingError } from "./browser/chromium.ts";

/** Fails the run at once, with the fix, when Chromium is missing; builds the web app once for every file. */
export default async function setup(): Promise<void> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new ChromiumMissingError(path);
  await buildWeb({ log: (line) => console.log(`[e2e] ${line}`) });
}
