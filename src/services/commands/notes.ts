/**
 * Notes staff write on a person or a tandem: a dated, signed timeline. A note names the people it
 * concerns, so it goes with them in an export and an erasure.
 */
import { z } from 'zod';
import { Id, LongText, NoteSubject, type Note } from '../../domain/index.js';
import type { Store } from '../../store/ports.js';
import { newId } from '../context.js';
import { command } from './command.js';

/** The people a note on this record concerns; NotFoundError when it is not the organisation's. */
async function peopleOf(store: Store, orgId: string, about: NoteSubject, id: string): Promise<string[]> {
  if (about === 'volunteer') return [(await store.volunteers.get(orgId, id)).id];
  if (about === 'beneficiary') return [(await store.beneficiaries.get(orgId, id)).id];
  const tandem = await store.tandems.get(orgId, id);
  return [tandem.volunteerId, tandem.beneficiaryId];
}

/** Writes a note, dated and signed by the staff member, on a volunteer, a beneficiary or a tandem. */
export const addNote = command({
  name: 'note.add',
  // Those who follow people (admins see notes in an export).
  roles: ['mediator', 'coordinator'],
  input: z.strictObject({ about: NoteSubject, aboutId: Id, text: LongText }),
  async run(ctx, input): Promise<Note> {
    const { store, clock, actor } = ctx;
    const personIds = await peopleOf(store, actor.orgId, input.about, input.aboutId);
    const at = clock.now().toISOString();
    const note = await store.notes.insert({
      id: newId('not'),
      orgId: actor.orgId,
      version: 1,
      createdAt: at,
      updatedAt: at,
      ...input,
      personIds,
      authorId: actor.userId,
    });
    ctx.raise({ type: 'NoteAdded', note });
    return note;
  },
});
