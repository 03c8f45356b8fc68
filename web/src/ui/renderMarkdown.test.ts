import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./renderMarkdown.ts";

describe("renderMarkdown", () => {
  it("renders markdown", () => {
    const html = renderMarkdown("# Title\n\nPress **7**.");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>7</strong>");
  });

  it("shows raw HTML as text and never runs it", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\nok <iframe src="https://e.com"></iframe>');
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("drops javascript: links", () => {
    const html = renderMarkdown("[click](javascript:alert(3)) and [docs](https://example.com)");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('href="https://example.com"');
  });
});
