/** JSON.parse, after dropping a leading byte-order mark (Windows editors save UTF-8 JSON with one; JSON.parse refuses it). */
export function parseJson(text: string): unknown {
  return JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
}
