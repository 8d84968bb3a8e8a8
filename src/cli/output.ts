/** Bytes gathered before one write to the stream. */
const CHUNK = 1 << 20;
/** The most bytes one UTF-16 code unit takes in UTF-8. */
const MAX_BYTES_PER_UNIT = 3;
/** Items made into JSON at once. */
const BATCH = 64;

/** An array written item by item, so that its items need not all exist at once. */
export class Items {
  constructor(readonly items: Iterable<unknown>) {}
}

/** A value computed when the writer reaches it (a figure measured at the end, say), or awaited then. */
export class Later {
  constructor(readonly value: () => unknown) {}
}

export type Field = readonly [key: string, value: unknown];

/**
 * Writes one JSON object and a newline to a stream, byte for byte what JSON.stringify would
 * give for the whole, in chunks: a plan at 100k people never exists as one string. Each piece
 * of text is encoded straight into the chunk's bytes (no joined string, no second copy); a piece
 * larger than a chunk goes to the stream alone. Fields may be Items or Later.
 */
export async function writeDocument(stream: NodeJS.WritableStream, fields: readonly Field[]): Promise<void> {
  let chunk = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  const send = (data: Buffer | string) =>
    new Promise<void>((resolve, reject) => {
      // The callback reports the write's outcome; waiting for it also keeps memory to one chunk.
      stream.write(data, (err) => (err ? reject(err) : resolve()));
    });
  const flush = async (): Promise<void> => {
    if (size === 0) return;
    const full = chunk.subarray(0, size);
    // A new chunk for what follows: the stream may hold on to the bytes it was given.
    chunk = Buffer.allocUnsafe(CHUNK);
    size = 0;
    await send(full);
  };
  /** Whether `text` surely fits in what is left of the chunk. */
  const fits = (text: string) => size + MAX_BYTES_PER_UNIT * text.length <= CHUNK;
  /** Adds text (awaiting only when a chunk is full: no promise per item). */
  const put = async (text: string): Promise<void> => {
    if (!fits(text)) {
      await flush();
      if (!fits(text)) return send(text);
    }
    size += chunk.write(text, size);
  };
  await put('{');
  for (const [n, [key, value]] of fields.entries()) {
    await put(`${n ? ',' : ''}${JSON.stringify(key)}:`);
    if (value instanceof Items) {
      // Items are made into JSON a batch at a time: one JSON.stringify over an array costs less
      // than one per item and gives the same text between its brackets.
      let batch: unknown[] = [];
      let first = true;
      const putBatch = async (): Promise<void> => {
        const text = JSON.stringify(batch);
        batch = [];
        // The comma put apart: joined to the slice, it would make a copy of the batch's text.
        if (!first) await put(',');
        await put(text.slice(first ? 0 : 1, -1));
        first = false;
      };
      for (const item of value.items) if (batch.push(item) === BATCH) await putBatch();
      if (batch.length || first) await putBatch();
      await put(']');
    } else await put(JSON.stringify(value instanceof Later ? await value.value() : value));
  }
  await put('}\n');
  await flush();
}
