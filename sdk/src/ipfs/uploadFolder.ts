import { openAsBlob } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { uploadFiles, type UploadFilesOptions, type UploadedFile } from "./uploadFiles.ts";

/** Every regular file under `folder` (dot-files and dot-folders skipped), sorted by path. */
export async function listFolder(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  if (!(await stat(folder)).isDirectory()) throw new Error(`${folder} is not a folder`);
  await walk(folder);
  return out.sort();
}

/** `file`'s path inside `folder`, `/`-separated, whatever form `folder` was given in (`./images`, `images/`, absolute). */
export function pathInFolder(folder: string, file: string): string {
  return relative(folder, file).split(sep).join("/");
}

/** The files of a folder (`listFolder`, optionally filtered) as upload inputs: paths relative to it, contents read lazily. */
export async function folderFiles(folder: string, filter?: (path: string) => boolean): Promise<{ path: string; content: Blob }[]> {
  const paths = (await listFolder(folder)).filter((p) => filter?.(p) ?? true);
  return Promise.all(paths.map(async (p) => ({ path: pathInFolder(folder, p), content: await openAsBlob(p) })));
}

/** Node only: uploads every file of a folder (paths relative to it, `/`-separated); files are read lazily, a few at a time. */
export async function uploadFolder(options: Omit<UploadFilesOptions, "files"> & { folder: string; filter?: (path: string) => boolean }): Promise<UploadedFile[]> {
  return uploadFiles({ ...options, files: await folderFiles(options.folder, options.filter) });
}
