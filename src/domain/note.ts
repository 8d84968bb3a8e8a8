import { z } from 'zod';
import { Id, LongText, RecordMeta } from './common.js';

export const NOTE_SUBJECTS = ['volunteer', 'beneficiary', 'tandem'] as const;
export const NoteSubject = z.enum(NOTE_SUBJECTS);
export type NoteSubject = z.infer<typeof NoteSubject>;

/**
 * What a staff member wrote down about a person or a tandem, dated (`createdAt`) and signed.
 * Personal data: exported with the people it concerns and erased with any of them.
 */
export const Note = z.strictObject({
  ...RecordMeta,
  about: NoteSubject,
  aboutId: Id,
  /** The people it concerns: the person, or both people of the tandem. */
  personIds: z.array(Id).min(1).max(2),
  authorId: Id,
  text: LongText,
});
export type Note = z.infer<typeof Note>;
