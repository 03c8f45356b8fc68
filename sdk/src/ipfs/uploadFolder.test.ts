import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listFolder } from "./uploadFolder.ts";
import { FolderEntryError } from "./errors.ts";

const isImage = (path: string) => path.endsWith(".png");

describe("listFolder", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sdk-list-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("follows links to files and folders, listed under the link's name", async () => {
    await mkdir(join(dir, "images"));
    await mkdir(join(dir, "elsewhere"));
    await writeFile(join(dir, "images", "a.png"), "a");
    await writeFile(join(dir, "elsewhere", "b.png"), "b");
    await symlink(join(dir, "elsewhere", "b.png"), join(dir, "images", "b.png"));
    await symlink(join(dir, "elsewhere"), join(dir, "images", "more"));
    expect(await listFolder(join(dir, "images"))).toEqual(["a.png", "b.png", "more/b.png"].map((p) => join(dir, "images", p)));
  });

  it("refuses, naming them, wanted entries it cannot read as files instead of leaving them out", async () => {
    await writeFile(join(dir, "a.png"), "a");
    await symlink(join(dir, "gone.png"), join(dir, "b.png"));
    await symlink(join(dir, "gone.txt"), join(dir, "notes.txt")); // not wanted: no reason to refuse
    execFileSync("mkfifo", [join(dir, "c.png")]);
    await writeFile(Buffer.from(join(dir, "bad\xff.png"), "latin1"), "d");
    await symlink(dir, join(dir, "loop"));
    const error = await listFolder(dir, isImage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolderEntryError);
    expect((error as FolderEntryError).shortMessage).toBe(
      `4 entries of ${dir} cannot be uploaded: b.png (a link to nothing), bad\uFFFD.png (its name is not valid UTF-8), c.png (a named pipe), loop (a link to a folder already listed).`,
    );
  });
});
