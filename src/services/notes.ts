/**
 * Notes staff write on a person or a tandem: a dated, signed timeline. A note names the people it
 * concerns, so it goes with them in an export and an erasure.
 */
import type { Note, NoteSubject } from '../domain/index.js';
import { audit, newId, requireRole, type Actor, type ServiceDeps } from './context.js';

/** Who reads and writes notes: those who follow people (admins see them in an export). */
const WRITERS = ['mediator', 'coordinator'] as const;

export class NoteService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Adds a note; NotFoundError when the person or tandem is not the organisation's. */
  async add(actor: Actor, input: { about: NoteSubject; aboutId: string; text: string }): Promise<Note> {
    requireRole(actor, WRITERS);
    const { store, clock } = this.deps;
    const personIds = await this.peopleOf(actor.orgId, input.about, input.aboutId);
    const at = clock.now().toISOString();
    const note = await store.notes.insert({
      id: newId('not'),
      orgId: actor.orgId,
      version: 1,
      createdAt: at,
      updatedAt: at,
      about: input.about,
      aboutId: input.aboutId,
      personIds,
      authorId: actor.userId,
      text: input.text,
    });
    await audit(this.deps, actor, 'note.add', { kind: 'note', id: note.id });
    return note;
  }

  /** The notes on a person or a tandem, oldest first. */
  async list(actor: Actor, aboutId: string): Promise<Note[]> {
    requireRole(actor, WRITERS);
    return this.deps.store.notes.listAbout(actor.orgId, aboutId);
  }

  private async peopleOf(orgId: string, about: NoteSubject, id: string): Promise<string[]> {
    const { store } = this.deps;
    if (about === 'volunteer') return [(await store.volunteers.get(orgId, id)).id];
    if (about === 'beneficiary') return [(await store.beneficiaries.get(orgId, id)).id];
    const tandem = await store.tandems.get(orgId, id);
    return [tandem.volunteerId, tandem.beneficiaryId];
  }
}
