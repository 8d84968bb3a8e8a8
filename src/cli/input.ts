import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';

/** Reads a whole file, or standard input for "-". */
export async function readInput(path: string): Promise<string> {
  if (path !== '-') {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      throw new ValidationError([
        { field: '--input', message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` },
      ]);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses JSON text; a failure is a ValidationError. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError([{ field: 'input', message: `not valid JSON: ${(err as Error).message}` }]);
  }
}

/** Validates parsed data; every failure is a ValidationError naming the field. */
export function validated<S extends z.ZodType>(data: unknown, schema: S): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}
