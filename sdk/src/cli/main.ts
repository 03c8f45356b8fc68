import { readFile, stat, writeFile } from "node:fs/promises";
import { existsSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { basename, dirname, extname, join } from "node:path";
import { parseArgs } from "node:util";
import { CrowdlabelError } from "../errors.ts";
import { exampleManifest } from "../manifest/exampleManifest.ts";
import { parseManifest, validateManifest } from "../manifest/parseManifest.ts";
import { MAX_IMAGE_BYTES } from "../manifest/taskManifestSchema.ts";
import { ManifestValidationError } from "../manifest/ManifestValidationError.ts";
import { uploadFiles } from "../ipfs/uploadFiles.ts";
import { folderFiles } from "../ipfs/uploadFolder.ts";
import { readImageInfo, type ImageInfo } from "../ipfs/readImageInfo.ts";
import { computeCid } from "../ipfs/computeCid.ts";
import { fetchImage, fetchManifest } from "../ipfs/fetchTaskFiles.ts";
import { readDatasetSource } from "../chain/readDatasetSource.ts";
import { aggregateDataset } from "../export/aggregateDataset.ts";
import { aggregateDatasets } from "../export/aggregateDatasets.ts";
import { exportDataset, isExportFormat } from "../export/exportDataset.ts";
import { verifyExport } from "../export/verifyExport.ts";
import { writeExport } from "../export/writeExport.ts";
import type { DatasetSource } from "../export/DatasetSource.ts";
import { connectChain } from "./chainConnection.ts";
import { CREATE_USAGE, createCommand } from "./createCommand.ts";
import { FINALISE_USAGE, finaliseCommand } from "./finaliseCommand.ts";
import { OWNER_USAGE, closeCommand, revealGoldCommand, statusCommand, withdrawCommand } from "./ownerCommands.ts";
import { createReadStream } from "node:fs";
import {
  UsageError,
  type CliIo,
  concurrencyOption,
  connectionOptions,
  taskIdOption,
  fromBlockOption,
  ipfsConfigFromCliEnv,
  readManifestTemplate,
  requireFolder,
  resolveUserPath,
} from "./options.ts";

export const USAGE = `crowdlabel — tools for Crowdlabel dataset owners

Usage: crowdlabel <command> [options]     (in the repo: pnpm --filter @crowdlabel/sdk cli -- <command>)

Commands
  manifest init [--out manifest.json]        write a starter manifest to edit
  manifest validate <manifest.json>          check a manifest; lists every issue with its path
  upload <folder> [--manifest template.json] [--out manifest.json] [--concurrency 4] [--force]
                                             add the folder's images to IPFS and print their CIDs; with a
                                             template (title, classes, …) also build, upload and print the manifest
                                             (--out defaults to manifest.json next to the folder; --force lets
                                             it overwrite the template)
${CREATE_USAGE}
${OWNER_USAGE}
${FINALISE_USAGE}
  export --task <id> --format jsonl|csv|coco|hf --out <file> [--pool <id,id,…>]
                                             export a task's labels from chain logs + IPFS; --pool fits the
                                             Dawid-Skene columns over these tasks' labels too (same classes;
                                             for a dataset split into many small tasks)
  verify <file> --task <id> [--format jsonl|csv]
                                             check an exported JSONL/CSV file against the chain

Chain options (every command that reads the chain)
  --rpc <url>          JSON-RPC endpoint                      RPC_URL           (http://127.0.0.1:8545)
  --contract <0x…>     Crowdlabel address                     CROWDLABEL_ADDRESS (from contracts/deployments/ or pnpm dev's .crowdlabel/deployments/<chainId>.json)
  --from-block <n>     lowest block to scan                   (the deployment's startBlock; reads start at the task's creation block)

Signing (create, close, reveal-gold, withdraw, finalise): PRIVATE_KEY (0x + 64 hex digits; never a flag). Reward token: --token or TOKEN, else the deployment's.

IPFS (environment): IPFS_API_URL (http://127.0.0.1:5001), IPFS_GATEWAY_URL (http://127.0.0.1:8080), IPFS_API_AUTH

Relative paths are resolved against the folder the command was started in (INIT_CWD under pnpm).
`;

/** What to do about the file-system errors a command can meet on a path the user gave. */
const fileErrorFixes: Record<string, string> = {
  ENOENT: "Check the path: no such file or folder.",
  EISDIR: "That path is a folder: give a file name, e.g. --out ./dataset.jsonl.",
  ENOTDIR: "A part of that path is a file, not a folder.",
  EACCES: "No permission for that path: choose another place or fix its permissions.",
  EPERM: "No permission for that path: choose another place or fix its permissions.",
  EROFS: "That path is on a read-only file system: choose another place.",
  ENOSPC: "The disk is full: free space or choose another place.",
};

const imageExtensions = new Set([".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".bmp", ".svg"]);

type Io = CliIo;
const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), env: process.env };

async function manifestCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "init") {
    const { values } = parseArgs({ args: rest, options: { out: { type: "string", default: "manifest.json" }, force: { type: "boolean" } } });
    const out = resolveUserPath(values.out, io.env);
    if (existsSync(out) && !values.force) throw new UsageError(`${out} already exists.`, { details: "Pass --force to overwrite it." });
    await writeFile(out, `${JSON.stringify(exampleManifest(), null, 2)}\n`);
    io.out(`wrote ${out}: edit title, instructions and classes, then run \`crowdlabel upload <images folder> --manifest ${out}\``);
    return 0;
  }
  if (sub === "validate") {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    if (!positionals[0]) throw new UsageError("manifest validate needs a file.", { details: "crowdlabel manifest validate manifest.json" });
    const file = resolveUserPath(positionals[0], io.env);
    const result = validateManifest(await readFile(file, "utf8"));
    if (result.success) {
      const m = result.manifest;
      io.out(`✓ ${file} is a valid manifest: "${m.title}", ${m.classes.length} classes, ${m.items.length} items, batches of ${m.batchSize}`);
      return 0;
    }
    io.err(`✗ ${file}: ${result.issues.length} issue${result.issues.length === 1 ? "" : "s"}`);
    for (const issue of result.issues) io.err(`  ${issue.path || "(manifest)"}: ${issue.message}`);
    return 1;
  }
  throw new UsageError(`Unknown manifest command ${sub ?? "(none)"}.`, { details: "Use manifest init or manifest validate." });
}

/** The first five paths, then "…" when there are more. */
const firstPaths = (paths: readonly string[]) => `${paths.slice(0, 5).join(", ")}${paths.length > 5 ? ", …" : ""}`;

/** Each image's size and CID, one file in memory at a time (each is at most MAX_IMAGE_BYTES); the whole file, as a JPEG's size follows its metadata. */
async function readImages(files: readonly { content: Blob }[]): Promise<{ info: ImageInfo | null; cid: string }[]> {
  const images = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.content.arrayBuffer());
    images.push({ info: readImageInfo(bytes), cid: await computeCid(bytes) });
  }
  return images;
}

/** Refuses images whose size cannot be read, and copies of one image (each would be an item paid for again). */
function checkImagesForManifest(files: readonly { path: string }[], images: readonly { info: ImageInfo | null; cid: string }[]): void {
  const unreadable = files.filter((_, n) => !images[n]!.info).map((f) => f.path);
  if (unreadable.length > 0)
    throw new UsageError(`Cannot read the size of ${unreadable.length} image${unreadable.length === 1 ? "" : "s"} for the manifest: ${firstPaths(unreadable)}.`, {
      details: "A manifest built here takes PNG, JPEG, GIF, WebP and BMP of at least 1×1 pixels (the web app's task wizard also takes SVG and AVIF). Nothing was uploaded.",
    });
  const pathsByCid = new Map<string, string[]>();
  for (const [n, file] of files.entries()) pathsByCid.set(images[n]!.cid, [...(pathsByCid.get(images[n]!.cid) ?? []), file.path]);
  const copies = [...pathsByCid.values()].filter((paths) => paths.length > 1).map((paths) => paths.join(" = "));
  if (copies.length > 0)
    throw new UsageError(`${copies.length} image${copies.length === 1 ? " is" : "s are"} in the folder more than once (same bytes): ${firstPaths(copies)}.`, {
      details: "Each copy would be another item of the task, labeled and paid for again: delete the copies. Nothing was uploaded.",
    });
}

/** Fails with a UsageError unless the folder `out` is to be written in exists. */
async function requireOutFolder(out: string): Promise<void> {
  const folder = dirname(out);
  const isFolder = await stat(folder).then((s) => s.isDirectory(), () => false);
  if (!isFolder) throw new UsageError(`Cannot write the manifest to ${out}: the folder ${folder} does not exist.`, { details: "Create it, or pass --out in an existing folder. Nothing was uploaded." });
}

/** Checks, before anything is uploaded, that a manifest can be built of `files` and written to `out`; each image's size and CID. */
async function imagesForManifest(files: readonly { path: string; content: Blob }[], out: string): Promise<{ info: ImageInfo | null; cid: string }[]> {
  await requireOutFolder(out);
  const images = await readImages(files);
  checkImagesForManifest(files, images);
  return images;
}

async function uploadCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { manifest: { type: "string" }, out: { type: "string" }, concurrency: { type: "string", default: "4" }, force: { type: "boolean" } },
  });
  if (!positionals[0]) throw new UsageError("upload needs a folder.", { details: "crowdlabel upload ./images --manifest manifest.json" });
  const folder = resolveUserPath(positionals[0], io.env);
  const concurrency = concurrencyOption(values.concurrency);
  const config = ipfsConfigFromCliEnv(io.env);
  const templatePath = values.manifest === undefined ? undefined : resolveUserPath(values.manifest, io.env);
  const template = templatePath === undefined ? undefined : await readManifestTemplate(templatePath);
  const out = values.out === undefined ? join(folder, "..", "manifest.json") : resolveUserPath(values.out, io.env);
  if (templatePath === out && !values.force)
    throw new UsageError(`The built manifest would overwrite the template ${out}.`, { details: "Pass --out <file> to write it elsewhere, or --force to overwrite the template." });
  await requireFolder(folder);
  const files = await folderFiles(folder, (p) => imageExtensions.has(extname(p).toLowerCase()));
  if (files.length === 0) throw new UsageError(`No images in ${folder}.`, { details: `Looked for ${[...imageExtensions].join(", ")}.` });
  const oversized = files.filter((f) => f.content.size > MAX_IMAGE_BYTES).map((f) => f.path);
  if (oversized.length > 0)
    throw new UsageError(`${oversized.length} image${oversized.length === 1 ? " is" : "s are"} larger than ${MAX_IMAGE_BYTES / 2 ** 20} MiB: ${firstPaths(oversized)}.`, {
      details: "Annotators' browsers and the exports load images of at most that size: shrink or re-encode them, or leave them out. Nothing was uploaded.",
    });
  const images = template === undefined ? [] : await imagesForManifest(files, out);
  let lastShown = 0;
  const uploaded = await uploadFiles({
    config,
    files,
    concurrency,
    onProgress: (p) => {
      if (p.filesDone === p.fileCount || Date.now() - lastShown > 1000) {
        lastShown = Date.now();
        io.err(`uploading ${p.filesDone}/${p.fileCount} files, ${(p.bytesDone / 1e6).toFixed(1)}/${(p.bytesTotal / 1e6).toFixed(1)} MB`);
      }
    },
  });
  for (const u of uploaded) io.out(`${u.cid}  ${u.path}`);
  if (!template) {
    io.err(`${uploaded.length} images added. Pass --manifest <template.json> to build and upload the task manifest.`);
    return 0;
  }
  const items = [];
  for (const [n, u] of uploaded.entries()) {
    const info = images[n]!.info!;
    items.push({ cid: u.cid, mediaType: info.mediaType, width: info.width, height: info.height, filename: basename(u.path) });
  }
  const manifest = parseManifest({ ...template, items });
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(out, text);
  const [uploadedManifest] = await uploadFiles({ config, files: [{ path: "manifest.json", content: new TextEncoder().encode(text) }] });
  io.out(`manifest ${uploadedManifest!.cid}  (${manifest.items.length} items, written to ${out})`);
  io.err(`next: crowdlabel create --manifest ${uploadedManifest!.cid} --reward <tokens per agreeing label>  (or the web app's owner console)`);
  return 0;
}

type ChainValues = { task?: string; rpc?: string; contract?: string; "from-block"?: string };

/** Reads tasks of one deployment from chain logs + IPFS (the RPC, contract and first block come from the options). */
async function chainReader(values: ChainValues, io: Io): Promise<(taskId: bigint) => Promise<DatasetSource>> {
  const firstBlock = fromBlockOption(values["from-block"]);
  const config = ipfsConfigFromCliEnv(io.env);
  const { client, contract, known } = await connectChain(values, io.env);
  const fromBlock = firstBlock ?? BigInt(known?.startBlock ?? 0);
  return (taskId) => readDatasetSource({ client, contract, taskId, fromBlock, loadManifest: (cid) => fetchManifest({ config, cid }) });
}

async function chainSource(values: ChainValues, io: Io): Promise<DatasetSource> {
  const taskId = taskIdOption(values.task);
  return (await chainReader(values, io))(taskId);
}

/** `--pool 4,5,6`: the other tasks whose labels the exported Dawid-Skene columns are fitted with. */
function poolOption(value: string | undefined, taskId: bigint): bigint[] {
  if (value === undefined) return [];
  const ids = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const bad = ids.find((s) => !/^\d+$/.test(s));
  if (bad !== undefined || ids.length === 0) throw new UsageError(`--pool must list task ids separated by commas, got "${value}".`, { details: "e.g. --pool 4,5,6" });
  return [...new Set(ids.map(BigInt))].filter((id) => id !== taskId);
}

const chainOptions = { ...connectionOptions, task: { type: "string" }, "from-block": { type: "string" } } as const;

async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { ...chainOptions, format: { type: "string" }, out: { type: "string" }, license: { type: "string" }, pool: { type: "string" } } });
  const format = values.format;
  if (!isExportFormat(format)) throw new UsageError("--format must be jsonl, csv, coco or hf.");
  if (!values.out) throw new UsageError("--out <file> is required.");
  const out = resolveUserPath(values.out, io.env);
  const taskId = taskIdOption(values.task);
  const pooledWith = poolOption(values.pool, taskId);
  const read = await chainReader(values, io);
  const source = await read(taskId);
  const pool = [];
  for (const id of pooledWith) pool.push(await read(id));
  const aggregation = pool.length === 0 ? aggregateDataset(source) : aggregateDatasets([source, ...pool]).byTask.get(taskId)!;
  const config = ipfsConfigFromCliEnv(io.env);
  const started = Date.now();
  const chunks = exportDataset(source, {
    format,
    aggregation,
    pooledWith,
    license: values.license,
    fetchImage: (cid) => fetchImage({ config, cid }),
    onProgress: (p) => {
      if ("phase" in p && (p.phase === "done" || p.done % 100 === 0)) io.err(`images ${p.done}/${p.total} (${(p.bytes / 1e6).toFixed(1)} MB)`);
    },
  });
  await writeExport(chunks, out);
  const resolved = source.batches.reduce((n, b) => n + b.resolvedMask.toString(2).replaceAll("0", "").length, 0);
  const pooled = pooledWith.length === 0 ? "" : `; Dawid-Skene pooled with task${pooledWith.length === 1 ? "" : "s"} ${pooledWith.join(", ")}`;
  io.out(`wrote ${out} (${format}): task ${source.task.id}, ${source.task.itemCount} items, ${resolved} resolved${pooled}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** `--format`, else the file's extension (.csv or .CSV is CSV, anything else JSONL). */
export function verifyFormat(file: string, format: string | undefined): "jsonl" | "csv" {
  const chosen = format ?? (extname(file).toLowerCase() === ".csv" ? "csv" : "jsonl");
  if (chosen !== "jsonl" && chosen !== "csv") throw new UsageError("--format must be jsonl or csv.");
  return chosen;
}

async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...chainOptions, format: { type: "string" } } });
  if (!positionals[0]) throw new UsageError("verify needs a file.", { details: "crowdlabel verify export.jsonl --task 1" });
  const file = resolveUserPath(positionals[0], io.env);
  const format = verifyFormat(file, values.format);
  const source = await chainSource(values, io);
  const result = await verifyExport(source, createReadStream(file), { format });
  if (result.ok) {
    io.out(`✓ ${file} matches the chain: ${result.checked} items of task ${source.task.id} (chain ${source.task.chainId}, ${source.task.contract})`);
    return 0;
  }
  io.err(`✗ ${file} does not match the chain: ${result.mismatchCount} mismatch${result.mismatchCount === 1 ? "" : "es"}, ${result.missing.length} missing items`);
  for (const m of result.mismatches)
    io.err(`  item ${m.index ?? "-"} ${m.field}: expected ${JSON.stringify(m.expected)}, found ${JSON.stringify(m.actual)}`);
  return 1;
}

/** Runs the CLI; returns the exit code. Errors are printed as short message + details, never a stack. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv[0] === "--" ? argv.slice(1) : argv;
  try {
    switch (command) {
      case "manifest":
        return await manifestCommand(rest, io);
      case "upload":
        return await uploadCommand(rest, io);
      case "create":
        return await createCommand(rest, io);
      case "status":
        return await statusCommand(rest, io);
      case "close":
        return await closeCommand(rest, io);
      case "reveal-gold":
        return await revealGoldCommand(rest, io);
      case "withdraw":
        return await withdrawCommand(rest, io);
      case "finalise":
        return await finaliseCommand(rest, io);
      case "export":
        return await exportCommand(rest, io);
      case "verify":
        return await verifyCommand(rest, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`Unknown command ${command}.`, { details: "Run crowdlabel --help." });
    }
  } catch (error) {
    if (error instanceof ManifestValidationError) {
      io.err(`error: ${error.shortMessage}`);
      for (const issue of error.issues) io.err(`  ${issue.path || "(manifest)"}: ${issue.message}`);
    } else if (error instanceof CrowdlabelError) {
      io.err(`error: ${error.shortMessage}`);
      if (error.details) io.err(`  ${error.details}`);
    } else if (error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS")) {
      io.err(`error: ${error.message}\n  Run crowdlabel --help.`);
    } else if (error instanceof Error && "code" in error && typeof error.code === "string" && error.code in fileErrorFixes) {
      // A path that cannot be read or written as asked (a folder given for a file, no permission): say which and why.
      io.err(`error: ${error.message}`);
      io.err(`  ${fileErrorFixes[error.code]}`);
    } else throw error;
    return 1;
  }
}

/** Whether the module at `moduleUrl` is the script node was started with; `script` may be a link, or hold spaces or non-ASCII letters. */
export function isEntryPoint(moduleUrl: string, script: string | undefined): boolean {
  if (!script) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint(import.meta.url, process.argv[1])) process.exitCode = await main(process.argv.slice(2));
