/**
 * Proposals as sets: a beneficiary's proposals in a programme are one document per computation,
 * numbered 1, 2, 3… Writing set n+1 is inserting the document keyed by that number, the one
 * write both servers make atomic: of two computations racing for the same beneficiary exactly one
 * wins, and the new set replaces the old in that one step (no insert-then-supersede in which both
 * stack). The set it replaces moves to the history collection, so the hot collection holds one
 * document per beneficiary and programme however many recomputes there were.
 */
import { z } from 'zod';
import { Id, Proposal, Timestamp } from '../domain/index.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { EXPIRES_AT, RETENTION_MS } from './collections.js';
import { validate } from './collection.js';
import type { CollectionDriver, Doc, Filter } from './driver.js';
import type { ProposalRepository, ProposalSet } from './ports.js';

export const ProposalSetSchema = z.strictObject({
  orgId: Id,
  programmeId: Id,
  beneficiaryId: Id,
  version: z.number().int().min(1),
  computedAt: Timestamp,
  runId: Id.optional(),
  proposals: z.array(Proposal).max(1000),
});

const setId = (s: Pick<ProposalSet, 'orgId' | 'programmeId' | 'beneficiaryId' | 'version'>) =>
  `${s.orgId}:${s.programmeId}:${s.beneficiaryId}:${s.version}`;
const slot = (s: { programmeId: string; beneficiaryId: string }) => `${s.programmeId}\u0000${s.beneficiaryId}`;

function toSet(doc: Doc): ProposalSet {
  const { _id, supersededAt: _s, [EXPIRES_AT]: _e, ...set } = doc;
  return set as unknown as ProposalSet;
}

/** The newest set of each (programme, beneficiary) among `docs`. */
function newest(docs: Doc[]): ProposalSet[] {
  const best = new Map<string, ProposalSet>();
  for (const set of docs.map(toSet)) {
    const seen = best.get(slot(set));
    if (!seen || set.version > seen.version) best.set(slot(set), set);
  }
  return [...best.values()];
}

/** A set's proposals as records, marked superseded when the set no longer is current. */
const itemsOf = (set: ProposalSet, supersededAt: string | null = null): Proposal[] =>
  set.proposals.map((p) => ({ ...p, supersededAt }));

export class ProposalSets implements ProposalRepository {
  constructor(
    /** The current sets (and, for a moment, the one each replaced). */
    private readonly sets: CollectionDriver,
    /** Replaced sets, kept a while for the record; no current read looks here. */
    private readonly history: CollectionDriver,
  ) {}

  async currentSets(orgId: string, programmeId: string, beneficiaryIds?: string[]): Promise<Map<string, ProposalSet>> {
    if (beneficiaryIds?.length === 0) return new Map();
    const filter: Filter = { orgId, programmeId, ...(beneficiaryIds && { beneficiaryId: { $in: beneficiaryIds } }) };
    return new Map(newest(await this.sets.find(filter)).map((s) => [s.beneficiaryId, s]));
  }

  async publish(sets: ProposalSet[], at: Date, replacing: readonly (ProposalSet | undefined)[]): Promise<boolean[]> {
    if (sets.length === 0) return [];
    const docs = sets.map((s, i) => ({ _id: setId(s), ...validate(ProposalSetSchema, s, [i]) }));
    const won = await this.sets.insertEach(docs);
    const replaced = replacing.filter(
      (r, i): r is ProposalSet =>
        won[i]! && r !== undefined && slot(r) === slot(sets[i]!) && r.version < sets[i]!.version,
    );
    await this.moveToHistory(
      replaced.map((r) => ({ _id: setId(r), ...r })),
      at,
    );
    return won;
  }

  async listForBeneficiary(orgId: string, beneficiaryId: string): Promise<Proposal[]> {
    const sets = newest(await this.sets.find({ orgId, beneficiaryId }));
    return sets.flatMap((s) => itemsOf(s)).sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1));
  }

  async heldBy(orgId: string, programmeId: string, volunteerId: string): Promise<string[]> {
    const docs = await this.sets.find({ orgId, programmeId, 'proposals.volunteerId': volunteerId });
    return [...new Set(docs.map((d) => d.beneficiaryId as string))];
  }

  async listCurrent(orgId: string, where: { programmeId?: string; beneficiaryIds?: string[] }): Promise<Proposal[]> {
    if (where.beneficiaryIds?.length === 0) return [];
    const filter: Filter = {
      orgId,
      ...(where.programmeId && { programmeId: where.programmeId }),
      ...(where.beneficiaryIds && { beneficiaryId: { $in: where.beneficiaryIds } }),
    };
    return newest(await this.sets.find(filter)).flatMap((s) => itemsOf(s));
  }

  async get(orgId: string, id: string): Promise<Proposal> {
    const found = await this.sets.find({ orgId, 'proposals.id': id });
    const current = await this.current(orgId, found);
    const set = current.find((s) => s.proposals.some((p) => p.id === id));
    if (set) return itemsOf(set).find((p) => p.id === id)!;
    const old = await this.history.findOne({ orgId, 'proposals.id': id });
    if (!old) throw new NotFoundError('proposal', id);
    return itemsOf(toSet(old), old.supersededAt as string).find((p) => p.id === id)!;
  }

  async withdraw(orgId: string, id: string, at: Date): Promise<boolean> {
    for (let tries = 0; tries < 5; tries++) {
      const found = await this.current(orgId, await this.sets.find({ orgId, 'proposals.id': id }));
      const set = found.find((s) => s.proposals.some((p) => p.id === id));
      if (!set) return false;
      const next = { ...set, version: set.version + 1, proposals: set.proposals.filter((p) => p.id !== id) };
      if ((await this.publish([next], at, [set]))[0]) return true;
    }
    return false;
  }

  async listForPerson(orgId: string, personId: string): Promise<Proposal[]> {
    const out: Proposal[] = [];
    for (const [col, replaced] of [
      [this.sets, false],
      [this.history, true],
    ] as const) {
      for (const filter of [
        { orgId, beneficiaryId: personId },
        { orgId, 'proposals.volunteerId': personId },
      ])
        for (const doc of await col.find(filter))
          out.push(
            ...itemsOf(toSet(doc), replaced ? (doc.supersededAt as string) : null).filter(
              (p) => p.beneficiaryId === personId || p.volunteerId === personId,
            ),
          );
    }
    // A set read from the hot collection may have been replaced by a newer one already there.
    return [...new Map(out.map((p) => [p.id, p])).values()];
  }

  async deleteForPerson(orgId: string, personId: string): Promise<number> {
    let removed = 0;
    for (const set of newest(await this.sets.find({ orgId, beneficiaryId: personId }))) removed += set.proposals.length;
    await this.sets.deleteMany({ orgId, beneficiaryId: personId });
    // Another person's set naming them goes on without them.
    for (let tries = 0; tries < 5; tries++) {
      const found = await this.sets.find({ orgId, 'proposals.volunteerId': personId });
      const naming = await this.current(orgId, found);
      // A replaced set that an interrupted move left among the current ones may still name them.
      const current = new Set(naming.map(setId));
      await this.sets.deleteMany({ _id: { $in: found.map((d) => d._id).filter((id) => !current.has(id)) } });
      if (naming.length === 0) break;
      const next = naming.map((s) => ({
        ...s,
        version: s.version + 1,
        proposals: s.proposals.filter((p) => p.volunteerId !== personId),
      }));
      const won = await this.publish(next, new Date(), naming);
      naming.forEach((s, i) => (removed += won[i] ? s.proposals.length - next[i]!.proposals.length : 0));
    }
    for (const filter of [
      { orgId, beneficiaryId: personId },
      { orgId, 'proposals.volunteerId': personId },
    ])
      await this.history.deleteMany(filter);
    return removed;
  }

  async pruneSuperseded(now: Date): Promise<number> {
    const all = await this.sets.find({});
    const latest = new Set(newest(all).map((s) => setId(s)));
    const old = all.filter((d) => !latest.has(d._id));
    await this.moveToHistory(old, now);
    return old.length;
  }

  /** Of `docs`, the sets that are still the current one of their beneficiary. */
  private async current(orgId: string, docs: Doc[]): Promise<ProposalSet[]> {
    const found = newest(docs);
    if (found.length === 0) return [];
    const latest = new Map(
      newest(
        await this.sets.find({ orgId, beneficiaryId: { $in: [...new Set(found.map((s) => s.beneficiaryId))] } }),
      ).map((s) => [slot(s), s.version]),
    );
    return found.filter((s) => latest.get(slot(s)) === s.version);
  }

  private async moveToHistory(docs: Doc[], at: Date): Promise<void> {
    if (docs.length === 0) return;
    const supersededAt = at.toISOString();
    // Copied first: a move cut short leaves a set in both, never in neither.
    await this.history.insertEach(
      docs.map((d) => ({
        ...d,
        supersededAt,
        [EXPIRES_AT]: new Date(at.getTime() + RETENTION_MS.proposal),
      })),
    );
    await this.sets.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
  }
}
