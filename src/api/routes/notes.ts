import { z } from 'zod';
import { Id, Note } from '../../domain/index.js';
import { addNote } from '../../services/commands/notes.js';
import { route } from '../../http/route.js';
import { MEDIATORS } from './volunteers.js';

export const noteRoutes = [
  route({
    method: 'get',
    path: '/notes',
    summary: 'The notes on a volunteer, a beneficiary or a tandem, oldest first',
    tag: 'notes',
    access: MEDIATORS,
    query: z.strictObject({ about: Id }),
    status: 200,
    response: z.strictObject({ items: z.array(Note) }),
    handler: async ({ deps, caller, query }) => ({
      items: await deps.store.notes.listAbout(caller.orgId, query.about),
    }),
  }),
  route({
    method: 'post',
    path: '/notes',
    summary: 'Writes a dated note, signed by the caller, on a volunteer, a beneficiary or a tandem',
    tag: 'notes',
    access: MEDIATORS,
    body: addNote.input,
    status: 201,
    response: Note,
    handler: ({ commands, caller, body }) => commands.run(addNote, caller.actor, body),
  }),
];
