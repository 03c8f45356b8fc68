import DOMPurify from "dompurify";
import { marked } from "marked";

/** Markdown to safe HTML: marked renders, DOMPurify removes scripts, handlers and anything active. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "iframe", "form", "input", "button", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
}
