import { formatBytes } from "../errors.js";

export interface ListingEntry {
  name: string;
  cid: string;
  size: number;
  isDirectory: boolean;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A plain HTML index of a UnixFS directory, links relative to the (slash-terminated) page URL. */
export function renderDirectoryListing(path: string, entries: ListingEntry[]): string {
  const rows = entries
    .map((entry) => {
      const href = encodeURIComponent(entry.name) + (entry.isDirectory ? "/" : "");
      const size = entry.isDirectory ? "-" : formatBytes(entry.size);
      return `<tr><td><a href="${href}">${escapeHtml(entry.name)}${entry.isDirectory ? "/" : ""}</a></td><td><code>${entry.cid}</code></td><td>${size}</td></tr>`;
    })
    .join("\n");
  const title = escapeHtml(path);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Index of ${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}td{padding:.2rem 1rem .2rem 0}code{font-size:.8rem;color:#555}</style>
</head><body><h1>Index of ${title}</h1>
<table><thead><tr><th align="left">Name</th><th align="left">CID</th><th align="left">Size</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
