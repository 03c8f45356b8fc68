import { describe, expect, it } from "vitest";
import { isOriginAllowed, parseCorsOrigins } from "./cors.js";

describe("CORS origin rules", () => {
  it("defaults to localhost, 127.0.0.1 and [::1] on any port, http or https", () => {
    const allowed = parseCorsOrigins(undefined);
    expect(allowed).toBe("localhost");
    for (const origin of ["http://localhost", "http://localhost:5173", "https://127.0.0.1:8443", "http://[::1]:3000"]) {
      expect([origin, isOriginAllowed(origin, allowed)]).toEqual([origin, true]);
    }
    for (const origin of ["http://localhost.evil.example", "http://evil.example", "null", "http://127.0.0.2"]) {
      expect([origin, isOriginAllowed(origin, allowed)]).toEqual([origin, false]);
    }
  });

  it("parses a comma list (exact matches) and *", () => {
    const list = parseCorsOrigins("https://app.example, http://localhost:3000/");
    expect(list).toEqual(["https://app.example", "http://localhost:3000"]);
    expect(isOriginAllowed("https://app.example", list)).toBe(true);
    expect(isOriginAllowed("http://localhost:3001", list)).toBe(false);
    expect(isOriginAllowed("https://anything", parseCorsOrigins("*"))).toBe(true);
  });
});
