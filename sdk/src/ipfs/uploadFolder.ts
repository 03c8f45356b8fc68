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

/** Node only: uploads every file of a folder (paths relative to it, `/`-separated); files are read lazily, a few at a time. */
export async function uploadFolder(options: Omit<UploadFilesOptions, "files"> & { folder: string; filter?: (path: string) => boolean }): Promise<UploadedFile[]> {
  const paths = (await listFolder(options.folder)).filter((p) => options.filter?.(p) ?? true);
  const files = await Promise.all(
    paths.map(async (p) => ({ path: relative(options.folder, p).split(sep).join("/"), content: await openAsBlob(p) })),
  );
  return uploadFiles({ ...options, files });
}
