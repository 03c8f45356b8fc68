/** Streaming RFC 4180 parser: yields one string[] per record; quoted fields may hold commas, quotes and line breaks. */
export async function* parseCsv(text: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string[]> {
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let pendingCr = false;
  for await (const chunk of text) {
    for (let n = 0; n < chunk.length; n++) {
      const ch = chunk[n]!;
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          afterQuote = true;
        } else field += ch;
        continue;
      }
      if (pendingCr && ch === "\n") {
        pendingCr = false;
        continue;
      }
      pendingCr = false;
      if (ch === '"') {
        if (afterQuote) field += '"';
        quoted = true;
        afterQuote = false;
      } else if (ch === ",") {
        record.push(field);
        field = "";
        afterQuote = false;
      } else if (ch === "\n" || ch === "\r") {
        record.push(field);
        yield record;
        record = [];
        field = "";
        afterQuote = false;
        pendingCr = ch === "\r";
      } else {
        field += ch;
        afterQuote = false;
      }
    }
  }
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    yield record;
  }
}
