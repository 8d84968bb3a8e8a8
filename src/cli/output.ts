/** Characters gathered before one write to the stream. */
const CHUNK = 1 << 20;

/** An array written item by item, so that its items need not all exist at once. */
export class Items {
  constructor(readonly items: Iterable<unknown>) {}
}

/** A value computed when the writer reaches it (a figure measured at the end, say). */
export class Later {
  constructor(readonly value: () => unknown) {}
}

export type Field = readonly [key: string, value: unknown];

/**
 * Writes one JSON object and a newline to a stream, byte for byte what JSON.stringify would
 * give for the whole, in chunks: a plan at 100k people never exists as one string. Fields may
 * be Items or Later.
 */
export async function writeDocument(stream: NodeJS.WritableStream, fields: readonly Field[]): Promise<void> {
  let parts: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const text = parts.join('');
    parts = [];
    size = 0;
    await new Promise<void>((resolve, reject) => {
      // The callback reports the write's outcome; waiting for it also keeps memory to one chunk.
      stream.write(text, (err) => (err ? reject(err) : resolve()));
    });
  };
  /** Adds text; true when a chunk is ready to be flushed (awaited only then: no promise per item). */
  const put = (text: string): boolean => {
    parts.push(text);
    size += text.length;
    return size >= CHUNK;
  };
  put('{');
  for (const [n, [key, value]] of fields.entries()) {
    put(`${n ? ',' : ''}${JSON.stringify(key)}:`);
    if (value instanceof Items) {
      put('[');
      let first = true;
      for (const item of value.items) {
        if (put((first ? '' : ',') + JSON.stringify(item))) await flush();
        first = false;
      }
      put(']');
    } else if (put(JSON.stringify(value instanceof Later ? value.value() : value))) await flush();
  }
  put('}\n');
  await flush();
}
