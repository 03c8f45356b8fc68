import { openAsBlob, type Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { FolderEntryError } from "./errors.ts";
import { uploadFiles, type UploadFilesOptions, type UploadedFile } from "./uploadFiles.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lossyUtf8 = new TextDecoder("utf-8");

function isUtf8(name: Buffer): boolean {
  try {
    utf8.decode(name);
    return true;
  } catch {
    return false;
  }
}

/** What `stat` (which follows links) sees at `path`; undefined for a link to nothing (or a loop of links). */
async function statOrMissing(path: string | Buffer): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if (error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "ELOOP")) return undefined;
    throw error;
  }
}

/** Why an entry that is neither a file nor a folder cannot be uploaded. */
const notAFile = (stats: Stats) => (stats.isFIFO() ? "a named pipe" : stats.isSocket() ? "a socket" : "a device, not a regular file");

/**
 * Every regular file under `folder` (dot-files and dot-folders skipped), sorted by path; links to files and folders
 * are followed. `filter` picks the files wanted; a wanted entry that cannot be read as a file (a link to nothing, a
 * pipe, a name that is not UTF-8) fails the whole listing with `FolderEntryError` rather than being left out unseen.
 */
export async function listFolder(folder: string, filter: (path: string) => boolean = () => true): Promise<string[]> {
  const out: string[] = [];
  const problems: { path: string; problem: string }[] = [];
  const walked = new Set<string>();
  const walk = async (dir: string) => {
    walked.add(await realpath(dir));
    for (const rawName of await readdir(dir, { encoding: "buffer" })) {
      const name = lossyUtf8.decode(rawName);
      if (name.startsWith(".")) continue;
      const full = join(dir, name);
      const stats = await statOrMissing(Buffer.concat([Buffer.from(join(dir, sep)), rawName]));
      const problem = (text: string) => problems.push({ path: pathInFolder(folder, full), problem: text });
      if (stats?.isDirectory()) {
        if (!isUtf8(rawName)) problem("a folder whose name is not valid UTF-8");
        else if (walked.has(await realpath(full))) problem("a link to a folder already listed");
        else await walk(full);
      } else if (!filter(full)) continue;
      else if (!isUtf8(rawName)) problem("its name is not valid UTF-8");
      else if (!stats) problem("a link to nothing");
      else if (stats.isFile()) out.push(full);
      else problem(notAFile(stats));
    }
  };
  if (!(await stat(folder)).isDirectory()) throw new Error(`${folder} is not a folder`);
  await walk(folder);
  if (problems.length > 0) throw new FolderEntryError({ folder, entries: problems.sort((a, b) => a.path.localeCompare(b.path)) });
  return out.sort();
}

/** `file`'s path inside `folder`, `/`-separated, whatever form `folder` was given in (`./images`, `images/`, absolute). */
export function pathInFolder(folder: string, file: string): string {
  return relative(folder, file).split(sep).join("/");
}

/** The files of a folder (`listFolder`, optionally filtered) as upload inputs: paths relative to it, contents read lazily. */
export async function folderFiles(folder: string, filter?: (path: string) => boolean): Promise<{ path: string; content: Blob }[]> {
  const paths = await listFolder(folder, filter);
  return Promise.all(paths.map(async (p) => ({ path: pathInFolder(folder, p), content: await openAsBlob(p) })));
}

/** Node only: uploads every file of a folder (paths relative to it, `/`-separated); files are read lazily, a few at a time. */
export async function uploadFolder(options: Omit<UploadFilesOptions, "files"> & { folder: string; filter?: (path: string) => boolean }): Promise<UploadedFile[]> {
  return uploadFiles({ ...options, files: await folderFiles(options.folder, options.filter) });
}
