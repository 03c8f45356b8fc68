import { describe, expect, it } from "vitest";
import { contentTypeOf, sniffContentType } from "./contentType.js";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe("content types", () => {
  it("prefers a known extension", () => {
    expect(contentTypeOf("a.png", text("not a png"))).toBe("image/png");
    expect(contentTypeOf("style.css", text("body{}"))).toBe("text/css; charset=utf-8");
    expect(contentTypeOf("unknown.xyz", text("hi"))).toBe("text/plain; charset=utf-8");
  });

  it("sniffs HTML, SVG (with XML prologue or comments), JSON and text", () => {
    expect(sniffContentType(text("<!DOCTYPE html><html></html>"))).toBe("text/html; charset=utf-8");
    expect(sniffContentType(text("<!-- c --><svg viewBox='0 0 1 1'/>"))).toBe("image/svg+xml");
    expect(sniffContentType(text('  {"a": 1}'))).toBe("application/json");
    expect(sniffContentType(text("{ not json"))).toBe("text/plain; charset=utf-8");
    expect(sniffContentType(text("héllo wörld"))).toBe("text/plain; charset=utf-8");
  });

  it("treats a UTF-8 character cut at the sniff window edge as text, control bytes as binary", () => {
    const cut = text("日本語").subarray(0, 7);
    expect(sniffContentType(cut)).toBe("text/plain; charset=utf-8");
    expect(sniffContentType(Uint8Array.from([104, 105, 0, 1]))).toBe("application/octet-stream");
  });
});
