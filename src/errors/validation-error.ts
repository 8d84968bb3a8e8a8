import type { z } from 'zod';
import { TandemError } from './tandem-error.js';

export interface FieldIssue {
  /** Path of the offending field, e.g. `volunteers[3].availability[0].end`. */
  field: string;
  message: string;
}

/** Input that does not match its schema; each issue names the field at fault. */
export class ValidationError extends TandemError {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('\n'));
  }

  static fromZod(error: z.ZodError, prefix: (string | number)[] = []): ValidationError {
    return new ValidationError(
      error.issues.flatMap((issue) => {
        const path = [...prefix, ...issue.path] as (string | number)[];
        // An unknown key is reported on its parent object; name the key itself.
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ field: formatPath([...path, key]), message: 'unknown field' }));
        }
        return [{ field: formatPath(path), message: describe(issue) }];
      }),
    );
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * A missing field is "required"; a present one of the wrong type says what was expected. zod 4
 * leaves the input out of its issues (unless asked to report it), so which of the two it was is
 * read from its own words for the value it received.
 */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  return / received undefined$/.test(issue.message) ? 'required' : `expected ${issue.expected}`;
}
