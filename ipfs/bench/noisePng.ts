import { randomBytes } from "node:crypto";
import { PNG } from "pngjs";

/**
 * A real PNG of random noise, w x h in 32..64. Noise does not compress, so the file size
 * follows the pixel count: RGB while that stays under ~8 KB, grey + alpha above, which
 * keeps every image between ~2 and ~8 KB like small labeling thumbnails.
 */
export function noisePng(seed: number): Uint8Array {
  const width = 32 + (seed * 7919) % 33;
  const height = 32 + (seed * 104_729) % 33;
  const rgb = width * height * 3 <= 8000;
  const image = new PNG({ width, height, colorType: rgb ? 2 : 4, inputColorType: 6 });
  image.data.set(randomBytes(width * height * 4));
  return PNG.sync.write(image, { colorType: rgb ? 2 : 4, inputColorType: 6 });
}
