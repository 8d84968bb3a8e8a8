import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../../../src/errors/validation-error.js';

const Volunteer = z.strictObject({ capacity: z.number().int().min(0), languages: z.array(z.string()) });
const issues = (input: unknown) => ValidationError.fromZod(Volunteer.safeParse(input).error!, ['volunteers', 0]).issues;

describe('ValidationError.fromZod', () => {
  it('calls a missing field required', () => {
    expect(issues({ languages: [] })).toEqual([{ field: 'volunteers[0].capacity', message: 'required' }]);
  });

  it('says what was expected of a field of the wrong type, rather than call it missing', () => {
    expect(issues({ capacity: '3', languages: 'fr' })).toEqual([
      { field: 'volunteers[0].capacity', message: 'expected number' },
      { field: 'volunteers[0].languages', message: 'expected array' },
    ]);
    expect(issues({ capacity: null, languages: [] })).toEqual([
      { field: 'volunteers[0].capacity', message: 'expected number' },
    ]);
    expect(issues({ capacity: 1.5, languages: [] })).toEqual([
      { field: 'volunteers[0].capacity', message: 'expected int' },
    ]);
  });

  it('names an unknown field itself, and keeps the schema’s own words for other faults', () => {
    expect(issues({ capacity: -1, languages: [], age: 3 })).toEqual([
      { field: 'volunteers[0].capacity', message: 'Too small: expected number to be >=0' },
      { field: 'volunteers[0].age', message: 'unknown field' },
    ]);
  });
});
