import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIpfsNode, type RunningIpfsNode } from "@crowdlabel/ipfs";
import { isEntryPoint, main, verifyFormat } from "./main.ts";
import { parseManifest } from "../manifest/parseManifest.ts";
import { fetchManifest } from "../ipfs/fetchTaskFiles.ts";
import { exampleManifest } from "../manifest/exampleManifest.ts";
import { TaskNotFoundError } from "../chain/readDatasetSource.ts";

/** True when any printed line looks like a stack frame: the CLI must print messages, never stacks. */
const hasStack = (lines: string[]) => lines.some((line) => /^\s+at /m.test(line));

function capture(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env }, out, err };
}

// 1x1 PNG, 2x3 PNG headers are enough for readImageInfo; content differs so CIDs differ
const png = (w: number, h: number, tag: number) =>
  Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, w, 0, 0, 0, h, 8, 6, 0, 0, 0, tag]);

describe("crowdlabel CLI", () => {
  let dir: string;
  let node: RunningIpfsNode;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sdk-cli-"));
    node = await startIpfsNode({ apiPort: 0, gatewayPort: 0, dataDir: join(dir, "repo"), log: { info() {}, warn() {} } });
  });
  afterAll(async () => {
    await node?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("prints usage, and a clear error for unknown commands and flags", async () => {
    const help = capture();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.out[0]).toContain("Usage: crowdlabel <command>");
    const unknown = capture();
    expect(await main(["frobnicate"], unknown.io)).toBe(1);
    expect(unknown.err).toEqual(["error: Unknown command frobnicate.", "  Run crowdlabel --help."]);
    const flag = capture();
    expect(await main(["export", "--nope"], flag.io)).toBe(1);
    expect(flag.err[0]).toMatch(/^error: Unknown option '--nope'/);
  });

  it("manifest init writes a valid manifest; validate lists issues with paths", async () => {
    const file = join(dir, "manifest.json");
    expect(await main(["manifest", "init", "--out", file], capture().io)).toBe(0);
    const again = capture();
    expect(await main(["manifest", "init", "--out", file], again.io)).toBe(1);
    expect(again.err[0]).toBe(`error: ${file} already exists.`);
    const ok = capture();
    expect(await main(["manifest", "validate", file], ok.io)).toBe(0);
    expect(ok.out[0]).toContain("is a valid manifest");
    const broken = JSON.parse(await readFile(file, "utf8"));
    broken.classes[1].hotkey = "1";
    broken.batchSize = 0;
    await writeFile(file, JSON.stringify(broken));
    const bad = capture();
    expect(await main(["manifest", "validate", file], bad.io)).toBe(1);
    expect(bad.err).toEqual([
      `✗ ${file}: 2 issues`,
      expect.stringMatching(/^ {2}batchSize: /),
      '  classes[1].hotkey: hotkey "1" is already used by class 0',
    ]);
  });

  it("upload adds images, builds the manifest from a template and uploads it", async () => {
    const images = join(dir, "images");
    await mkdir(images, { recursive: true });
    await writeFile(join(images, "a.png"), png(2, 3, 1));
    await writeFile(join(images, "b.png"), png(4, 5, 2));
    await writeFile(join(images, "notes.txt"), "ignored");
    const template = join(dir, "template.json");
    await writeFile(template, JSON.stringify({ ...exampleManifest(), items: [] }));
    const env = { IPFS_API_URL: node.apiUrl, IPFS_GATEWAY_URL: node.gatewayUrl };
    const run = capture(env);
    const out = join(dir, "built.json");
    expect(await main(["upload", images, "--manifest", template, "--out", out], run.io)).toBe(0);
    expect(run.out).toHaveLength(3);
    expect(run.out[0]).toMatch(/^bafkrei[a-z2-7]+ {2}a\.png$/);
    const manifestCid = /^manifest (\S+)/.exec(run.out[2]!)![1]!;
    expect(run.err.at(-1)).toEqual(`next: crowdlabel create --manifest ${manifestCid} --reward <tokens per agreeing label>  (or the web app's owner console)`);
    const manifest = await fetchManifest({ config: { apiUrl: node.apiUrl, gatewayUrl: node.gatewayUrl }, cid: manifestCid });
    expect(manifest.items.map((i) => [i.filename, i.width, i.height, i.mediaType])).toEqual([
      ["a.png", 2, 3, "image/png"],
      ["b.png", 4, 5, "image/png"],
    ]);
    expect(parseManifest(await readFile(out, "utf8"))).toEqual(manifest);
  });

  it("upload with a manifest checks every image's size before it uploads any", async () => {
    const images = join(dir, "with-svg");
    await mkdir(images, { recursive: true });
    await writeFile(join(images, "a.png"), png(2, 3, 21));
    await writeFile(join(images, "logo.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    const template = join(dir, "template.json");
    const run = capture({ IPFS_API_URL: node.apiUrl, IPFS_GATEWAY_URL: node.gatewayUrl });
    expect(await main(["upload", images, "--manifest", template, "--out", join(dir, "svg.json")], run.io)).toBe(1);
    expect(run.err).toEqual([
      "error: Cannot read the size of 1 image for the manifest: logo.svg.",
      "  A manifest built here takes PNG, JPEG, GIF, WebP and BMP of at least 1×1 pixels (the web app's task wizard also takes SVG and AVIF). Nothing was uploaded.",
    ]);
    expect(run.out).toEqual([]);
  });

  it("upload with a manifest refuses copies of one image, a PNG of 0 pixels and a missing --out folder before it contacts IPFS", async () => {
    const images = join(dir, "with-copies");
    await mkdir(images, { recursive: true });
    await writeFile(join(images, "a.png"), png(2, 3, 31));
    await writeFile(join(images, "a-copy.png"), png(2, 3, 31));
    await writeFile(join(images, "b.png"), png(4, 5, 32));
    const template = join(dir, "template.json");
    await writeFile(template, JSON.stringify({ ...exampleManifest(), items: [] }));
    // An unreachable node: any upload attempt would end in "IPFS node unreachable" instead.
    const down = { IPFS_API_URL: "http://127.0.0.1:9", IPFS_GATEWAY_URL: "http://127.0.0.1:9" };
    const copies = capture(down);
    expect(await main(["upload", images, "--manifest", template, "--out", join(dir, "copies.json")], copies.io)).toBe(1);
    expect(copies.err).toEqual([
      "error: 1 image is in the folder more than once (same bytes): a-copy.png = a.png.",
      "  Each copy would be another item of the task, labeled and paid for again: delete the copies. Nothing was uploaded.",
    ]);
    await rm(join(images, "a-copy.png"));
    const missingOut = join(dir, "nope", "m.json");
    const noFolder = capture(down);
    expect(await main(["upload", images, "--manifest", template, "--out", missingOut], noFolder.io)).toBe(1);
    expect(noFolder.err).toEqual([`error: Cannot write the manifest to ${missingOut}: the folder ${join(dir, "nope")} does not exist.`, "  Create it, or pass --out in an existing folder. Nothing was uploaded."]);
    await writeFile(join(images, "flat.png"), png(0, 5, 33));
    const empty = capture(down);
    expect(await main(["upload", images, "--manifest", template, "--out", join(dir, "copies.json")], empty.io)).toBe(1);
    expect(empty.err[0]).toBe("error: Cannot read the size of 1 image for the manifest: flat.png.");
  });

  it("upload with a manifest reads the size of a JPEG with more than 64 KiB of metadata before it", async () => {
    const images = join(dir, "big-exif");
    await mkdir(images, { recursive: true });
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(0xffff - 2, 0x41)]);
    const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x07, 0x00, 0x09, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    await writeFile(join(images, "photo.jpg"), Buffer.concat([Buffer.from([0xff, 0xd8]), app1, app1, sof0, Buffer.from([0xff, 0xd9])]));
    const template = join(dir, "template.json");
    await writeFile(template, JSON.stringify({ ...exampleManifest(), items: [] }));
    const out = join(dir, "jpeg.json");
    const run = capture({ IPFS_API_URL: node.apiUrl, IPFS_GATEWAY_URL: node.gatewayUrl });
    expect(await main(["upload", images, "--manifest", template, "--out", out], run.io)).toBe(0);
    expect(parseManifest(await readFile(out, "utf8")).items.map((i) => [i.filename, i.width, i.height, i.mediaType])).toEqual([["photo.jpg", 9, 7, "image/jpeg"]]);
  });

  it("upload follows a linked image, and names the entries it cannot read instead of leaving them out", async () => {
    const images = join(dir, "with-link");
    await mkdir(images, { recursive: true });
    await writeFile(join(images, "a.png"), png(2, 3, 41));
    await writeFile(join(dir, "elsewhere.png"), png(4, 5, 42));
    await symlink(join(dir, "elsewhere.png"), join(images, "b.png"));
    const env = { IPFS_API_URL: node.apiUrl, IPFS_GATEWAY_URL: node.gatewayUrl };
    const run = capture(env);
    expect(await main(["upload", images], run.io)).toBe(0);
    expect(run.out.map((line) => line.split("  ")[1])).toEqual(["a.png", "b.png"]);
    await writeFile(Buffer.from(join(images, "c\xff.png"), "latin1"), png(6, 7, 43));
    const refused = capture(env);
    expect(await main(["upload", images], refused.io)).toBe(1);
    expect(refused.err).toEqual([
      `error: 1 entry of ${images} cannot be uploaded: c\uFFFD.png (its name is not valid UTF-8).`,
      "  Replace each with the file itself (a regular file, or a link to one) under a UTF-8 name, or move it out of the folder. Nothing was uploaded.",
    ]);
    expect(refused.out).toEqual([]);
  });

  it("upload refuses images over MAX_IMAGE_BYTES before it contacts IPFS", async () => {
    const images = join(dir, "with-large");
    await mkdir(images, { recursive: true });
    await writeFile(join(images, "a.png"), png(2, 3, 21));
    await writeFile(join(images, "huge.png"), Buffer.concat([png(2, 3, 22), Buffer.alloc(10 * 2 ** 20)]));
    // An unreachable node: any upload attempt would end in "IPFS node unreachable" instead.
    const run = capture({ IPFS_API_URL: "http://127.0.0.1:9", IPFS_GATEWAY_URL: "http://127.0.0.1:9" });
    expect(await main(["upload", images], run.io)).toBe(1);
    expect(run.err).toEqual([
      "error: 1 image is larger than 10 MiB: huge.png.",
      "  Annotators' browsers and the exports load images of at most that size: shrink or re-encode them, or leave them out. Nothing was uploaded.",
    ]);
  });

  it("names the IPFS URL when the node is down, and the RPC URL when the chain is down", async () => {
    const images = join(dir, "images");
    const down = capture({ IPFS_API_URL: "http://127.0.0.1:9", IPFS_GATEWAY_URL: "http://127.0.0.1:9" });
    expect(await main(["upload", images], down.io)).toBe(1);
    expect(down.err.at(-2)).toMatch(/^error: IPFS node unreachable at http:\/\/127\.0\.0\.1:9\/api\/v0\/add/);
    const chain = capture();
    expect(await main(["export", "--task", "1", "--format", "jsonl", "--out", join(dir, "x.jsonl"), "--rpc", "http://127.0.0.1:9"], chain.io)).toBe(1);
    expect(chain.err[0]).toBe("error: Cannot reach the chain at http://127.0.0.1:9.");
    const noTask = capture();
    expect(await main(["verify", "x.jsonl"], noTask.io)).toBe(1);
    expect(noTask.err[0]).toBe("error: --task <id> is required.");
  });

  it("upload ./images and images/ from the folder the user is in (INIT_CWD) keeps whole file names", async () => {
    const project = join(dir, "project");
    await mkdir(join(project, "images", "cats"), { recursive: true });
    await writeFile(join(project, "images", "a.png"), png(2, 3, 11));
    await writeFile(join(project, "images", "cats", "b.png"), png(4, 5, 12));
    const env = { IPFS_API_URL: node.apiUrl, IPFS_GATEWAY_URL: node.gatewayUrl, INIT_CWD: project };
    for (const folder of ["./images", "images/", "images"]) {
      const run = capture(env);
      expect(await main(["upload", folder], run.io)).toBe(0);
      expect(run.out.map((line) => line.split("  ")[1])).toEqual(["a.png", "cats/b.png"]);
    }
  });

  it("manifest init writes into the folder the user is in (INIT_CWD), not the CLI's own", async () => {
    const project = join(dir, "init-here");
    await mkdir(project);
    const run = capture({ INIT_CWD: project });
    expect(await main(["manifest", "init"], run.io)).toBe(0);
    expect(parseManifest(await readFile(join(project, "manifest.json"), "utf8")).title).toBe(exampleManifest().title);
  });

  it("reports bad upload input in one message, before uploading anything, without a stack", async () => {
    const images = join(dir, "images");
    await mkdir(images, { recursive: true });
    await writeFile(join(images, "a.png"), png(2, 3, 1));
    const down = { IPFS_API_URL: "http://127.0.0.1:9", IPFS_GATEWAY_URL: "http://127.0.0.1:9" };
    const badJson = join(dir, "bad.json");
    await writeFile(badJson, "{ title: ");
    const badTemplate = join(dir, "bad-template.json");
    await writeFile(badTemplate, JSON.stringify({ ...exampleManifest(), items: [], batchSize: 0 }));
    const cases: [string[], Record<string, string>, string[]][] = [
      [["upload", join(images, "a.png")], down, [`error: ${join(images, "a.png")} is not a folder.`, "  upload takes a folder of images, e.g. crowdlabel upload ./images"]],
      [["upload", join(dir, "nope")], down, [`error: ${join(dir, "nope")} does not exist.`, "  Pass the folder that holds the images."]],
      [["upload", images, "--concurrency", "0"], down, ['error: --concurrency must be a whole number of at least 1, got "0".', "  e.g. --concurrency 4"]],
      [["upload", images, "--concurrency", "abc"], down, ['error: --concurrency must be a whole number of at least 1, got "abc".', "  e.g. --concurrency 4"]],
      [["upload", images, "--manifest", badJson], down, [`error: ${badJson} is not valid JSON.`, expect.stringMatching(/^ {2}.*JSON/)]],
      [["upload", images, "--manifest", badTemplate], down, ["error: Invalid task manifest (1 issue).", expect.stringMatching(/^ {2}batchSize: /)]],
      [["upload", images], { IPFS_API_URL: "notaurl" }, ['error: IPFS_API_URL is not an http(s) URL: "notaurl".', "  Set IPFS_API_URL to a URL such as http://127.0.0.1:5001, or unset it for that default."]],
    ];
    for (const [argv, env, expected] of cases) {
      const run = capture(env);
      expect(await main(argv, run.io)).toBe(1);
      // the node at :9 is down: reaching it would print "IPFS node unreachable" instead
      expect(run.err).toEqual(expected);
      expect(hasStack(run.err)).toBe(false);
      expect(run.out).toEqual([]);
    }
  });

  it("a folder where a file is expected is named with what to do, not a stack trace", async () => {
    const run = capture();
    expect(await main(["manifest", "validate", dir], run.io)).toBe(1);
    expect(run.err).toEqual([`error: EISDIR: illegal operation on a directory, read`, "  That path is a folder: give a file name, e.g. --out ./dataset.jsonl."]);
  });

  it("export --from-block must be a number; checked before the chain is contacted", async () => {
    const run = capture();
    const argv = ["export", "--task", "1", "--format", "jsonl", "--out", join(dir, "x.jsonl"), "--rpc", "http://127.0.0.1:9", "--from-block", "abc"];
    expect(await main(argv, run.io)).toBe(1);
    expect(run.err).toEqual(['error: --from-block must be a block number, got "abc".', "  e.g. --from-block 0"]);
  });

  it("upload refuses to overwrite the template with the built manifest unless --force", async () => {
    const project = join(dir, "overwrite");
    await mkdir(join(project, "images"), { recursive: true });
    await writeFile(join(project, "images", "a.png"), png(2, 3, 21));
    const template = JSON.stringify({ ...exampleManifest(), items: [] });
    await writeFile(join(project, "manifest.json"), template);
    const env = { IPFS_API_URL: node.apiUrl, IPFS_GATEWAY_URL: node.gatewayUrl, INIT_CWD: project };
    const refused = capture(env);
    expect(await main(["upload", "./images", "--manifest", "manifest.json"], refused.io)).toBe(1);
    expect(refused.err).toEqual([
      `error: The built manifest would overwrite the template ${join(project, "manifest.json")}.`,
      "  Pass --out <file> to write it elsewhere, or --force to overwrite the template.",
    ]);
    expect(refused.out).toEqual([]);
    expect(await readFile(join(project, "manifest.json"), "utf8")).toBe(template);
    const forced = capture(env);
    expect(await main(["upload", "./images", "--manifest", "manifest.json", "--force"], forced.io)).toBe(0);
    expect(parseManifest(await readFile(join(project, "manifest.json"), "utf8")).items.map((i) => i.filename)).toEqual(["a.png"]);
  });

  it("the task-not-found hint names only options the CLI has", () => {
    const error = new TaskNotFoundError({ taskId: 7n, contract: "0x0000000000000000000000000000000000000001", chainId: 31337 });
    expect(error.details).toBe(
      "Check --task, the chain (--rpc / RPC_URL), the contract address (--contract / CROWDLABEL_ADDRESS), and that --from-block is not after the task's creation.",
    );
  });
});

describe("crowdlabel CLI entry point", () => {
  it("runs main from a path with spaces or non-ASCII letters, and through a link", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sdk cli é-"));
    try {
      const script = join(dir, "main.ts");
      await writeFile(script, "");
      await symlink(script, join(dir, "link.ts"));
      const url = pathToFileURL(script).href;
      expect(isEntryPoint(url, script)).toBe(true);
      expect(isEntryPoint(url, join(dir, "link.ts"))).toBe(true);
      expect(isEntryPoint(url, join(dir, "other.ts"))).toBe(false);
      expect(isEntryPoint(url, undefined)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("verify's format", () => {
  it("follows --format, else the extension whatever its case", () => {
    expect(["x.csv", "x.CSV", "x.Csv", "x.jsonl", "x.JSONL", "x"].map((file) => verifyFormat(file, undefined))).toEqual(["csv", "csv", "csv", "jsonl", "jsonl", "jsonl"]);
    expect(verifyFormat("x.CSV", "jsonl")).toBe("jsonl");
    expect(() => verifyFormat("x.csv", "coco")).toThrow("--format must be jsonl or csv.");
  });
});
