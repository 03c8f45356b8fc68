import { describe, expect, it } from "vitest";
import { parseGoldAnswers } from "./goldAnswers.ts";

const manifest = {
  items: [{ filename: "a.png" }, { filename: "b.png" }, {}] as { filename?: string }[],
  classes: [{ name: "cat" }, { name: "dog" }],
} as unknown as Parameters<typeof parseGoldAnswers>[1];

describe("gold answers for create --gold", () => {
  it("takes images by index or filename and classes by name or index (2 = cannot label)", () => {
    expect([...parseGoldAnswers('{"b.png": "dog", "2": 0, "0": "2"}', manifest, "g.json")].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 2],
      [1, 1],
      [2, 0],
    ]);
  });

  it("names what is wrong: an unknown image, an image answered twice, not an object", () => {
    expect(() => parseGoldAnswers('{"c.png": "cat"}', manifest, "g.json")).toThrow('g.json: "c.png" is not an image of the manifest.');
    expect(() => parseGoldAnswers('{"3": "cat"}', manifest, "g.json")).toThrow('g.json: "3" is not an image of the manifest.');
    expect(() => parseGoldAnswers('{"0": "cat", "a.png": "dog"}', manifest, "g.json")).toThrow("g.json: image 0 is answered twice.");
    expect(() => parseGoldAnswers('["cat"]', manifest, "g.json")).toThrow("g.json must be a JSON object of image -> class.");
    expect(() => parseGoldAnswers("{}", manifest, "g.json")).toThrow("g.json holds no answers.");
  });
});
