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

  it("refuses a filename several images share (cats/001.jpg and dogs/001.jpg) and takes their indexes", () => {
    const twins = { ...manifest, items: [{ filename: "001.jpg" }, { filename: "001.jpg" }, { filename: "002.jpg" }] } as typeof manifest;
    expect(() => parseGoldAnswers('{"001.jpg": "cat"}', twins, "g.json")).toThrow('g.json: "001.jpg" is the filename of several images of the manifest.');
    expect([...parseGoldAnswers('{"1": "dog", "002.jpg": "cat"}', twins, "g.json")]).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it("reads a file saved with a UTF-8 byte-order mark", () => {
    expect([...parseGoldAnswers('\uFEFF{"a.png": "cat"}', manifest, "g.json")]).toEqual([[0, 0]]);
  });
});
