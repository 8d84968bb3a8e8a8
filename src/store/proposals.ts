/**
 * Proposals as sets: a beneficiary's proposals in a programme are one document per computation,
 * numbered 1, 2, 3… Writing set n+1 is inserting the document keyed by that number, the one
 * write both servers make atomic: of two computations racing for the same beneficiary exactly one
 * wins, and the new set replaces the old in that one step (no insert-then-supersede in which both
 * stack). The set it replaces moves to the history collection, so the hot collection holds one
 * document per beneficiary and programme however many recomputes there were.
 *
 * A wire server may push down nothing but a lookup by `_id` (FerretDB 1.x on SQLite scans the
 * collection for any other filter, and these documents are large), so the hot reads go by `_id`:
 * a head per beneficiary and programme records the last version written, a hint that may lag
 * (written after the set, by a plain update); the current set is found from it by looking at the
 * next versions until one is missing. Replaced sets leave oldest first, so a present version
 * followed by a missing one is the newest.
 */
import { z } from 'zod';
import { Id, Proposal, Timestamp } from '../domain/index.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { EXPIRES_AT, RETENTION_MS } from './collections.js';
import { validate } from './collection.js';
import { DuplicateKeyError, type CollectionDriver, type Doc, type Filter } from './driver.js';
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

type Slot = Pick<ProposalSet, 'orgId' | 'programmeId' | 'beneficiaryId'>;
const headId = (s: Slot) => `${s.orgId}:${s.programmeId}:${s.beneficiaryId}`;
const setId = (s: Slot & Pick<ProposalSet, 'version'>) => `${headId(s)}:${s.version}`;
/** Versions looked at past a head before the slot is read by a query instead (a head far behind is rare). */
const PROBES = 8;
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
    /** The last version written per beneficiary and programme: where reads by `_id` start. */
    private readonly heads: CollectionDriver,
  ) {}

  async currentSets(orgId: string, programmeId: string, beneficiaryIds?: string[]): Promise<Map<string, ProposalSet>> {
    if (!beneficiaryIds)
      return new Map(newest(await this.sets.find({ orgId, programmeId })).map((s) => [s.beneficiaryId, s]));
    const found = await Promise.all(
      [...new Set(beneficiaryIds)].map((beneficiaryId) => this.currentDoc({ orgId, programmeId, beneficiaryId })),
    );
    return new Map(found.filter((d) => d !== null).map((d) => [d.beneficiaryId as string, toSet(d)]));
  }

  /** The current set's document of one slot, by `_id`: from its head, the next versions until one is missing. */
  private async currentDoc(slot: Slot): Promise<Doc | null> {
    const head = await this.heads.findOne({ _id: headId(slot) });
    const from = typeof head?.version === 'number' ? head.version : 1;
    let found: Doc | null = null;
    for (let version = from; version < from + PROBES; version += 2) {
      // Two at a time: a head is most often right, and its successor then missing.
      const [a, b] = await Promise.all(
        [version, version + 1].map((v) => this.sets.findOne({ _id: setId({ ...slot, version: v }) })),
      );
      if (b) found = b;
      else if (a) return a;
      else if (found) return found;
      // Neither present past a head: its set was replaced (a lagging head) or erased; a query settles it.
      else if (head) break;
      else return null;
    }
    const all = newest(
      await this.sets.find({ orgId: slot.orgId, programmeId: slot.programmeId, beneficiaryId: slot.beneficiaryId }),
    );
    return all[0] ? { _id: setId(all[0]), ...all[0] } : null;
  }

  async publish(sets: ProposalSet[], at: Date): Promise<boolean[]> {
    if (sets.length === 0) return [];
    const docs = sets.map((s, i) => ({ _id: setId(s), ...validate(ProposalSetSchema, s, [i]) }));
    const won = await this.sets.insertEach(docs);
    await this.retire(
      sets.filter((_, i) => won[i]),
      at,
    );
    return won;
  }

  async listForBeneficiary(
    orgId: string,
    beneficiaryId: string,
    programmeIds?: readonly string[],
  ): Promise<Proposal[]> {
    const sets = programmeIds
      ? (await Promise.all(programmeIds.map((programmeId) => this.currentDoc({ orgId, programmeId, beneficiaryId }))))
          .filter((d) => d !== null)
          .map(toSet)
      : newest(await this.sets.find({ orgId, beneficiaryId }));
    return sets.flatMap((s) => itemsOf(s)).sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1));
  }

  async listForVolunteer(orgId: string, volunteerId: string): Promise<Proposal[]> {
    const current = await this.current(await this.sets.find({ orgId, 'proposals.volunteerId': volunteerId }));
    return current
      .flatMap((s) => itemsOf(s).filter((p) => p.volunteerId === volunteerId))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
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
    const current = await this.current(found);
    const set = current.find((s) => s.proposals.some((p) => p.id === id));
    if (set) return itemsOf(set).find((p) => p.id === id)!;
    const old = await this.history.findOne({ orgId, 'proposals.id': id });
    if (!old) throw new NotFoundError('proposal', id);
    return itemsOf(toSet(old), old.supersededAt as string).find((p) => p.id === id)!;
  }

  async withdraw(orgId: string, id: string, at: Date): Promise<boolean> {
    for (let tries = 0; tries < 5; tries++) {
      const found = await this.current(await this.sets.find({ orgId, 'proposals.id': id }));
      const set = found.find((s) => s.proposals.some((p) => p.id === id));
      if (!set) return false;
      const next = { ...set, version: set.version + 1, proposals: set.proposals.filter((p) => p.id !== id) };
      if ((await this.publish([next], at))[0]) return true;
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
    await this.heads.deleteMany({ orgId, beneficiaryId: personId });
    // Another person's set naming them goes on without them.
    for (let tries = 0; tries < 5; tries++) {
      const naming = await this.current(await this.sets.find({ orgId, 'proposals.volunteerId': personId }));
      if (naming.length === 0) break;
      const next = naming.map((s) => ({
        ...s,
        version: s.version + 1,
        proposals: s.proposals.filter((p) => p.volunteerId !== personId),
      }));
      const won = await this.publish(next, new Date());
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
    const old = all.filter((d) => !latest.has(d._id)).sort((a, b) => (a.version as number) - (b.version as number));
    await this.moveToHistory(old, now);
    return old.length;
  }

  /** Of `docs`, the sets that are still the current one of their beneficiary. */
  private async current(docs: Doc[]): Promise<ProposalSet[]> {
    const found = newest(docs);
    const latest = await Promise.all(found.map((s) => this.currentDoc(s)));
    return found.filter((s, i) => latest[i]?.version === s.version);
  }

  /**
   * After a set won its version: moves its head forward, then the sets it replaced (the one before
   * it, and any older left by an interruption) out of the hot collection, oldest first.
   */
  private async retire(written: ProposalSet[], at: Date): Promise<void> {
    await Promise.all(
      written.map(async (set) => {
        await this.advanceHead(set);
        const replaced: Doc[] = [];
        for (let version = set.version - 1; version >= 1; version--) {
          const doc = await this.sets.findOne({ _id: setId({ ...set, version }) });
          if (!doc) break;
          replaced.unshift(doc);
        }
        await this.moveToHistory(replaced, at);
      }),
    );
  }

  /** A plain update, so two writers may leave the lower version: a head is where reads start, not the answer. */
  private async advanceHead(set: ProposalSet): Promise<void> {
    const _id = headId(set);
    const head = await this.heads.findOne({ _id });
    if (head && (head.version as number) >= set.version) return;
    if (head) await this.heads.updateOne({ _id }, { $set: { version: set.version } });
    else
      try {
        await this.heads.insertOne({
          _id,
          orgId: set.orgId,
          programmeId: set.programmeId,
          beneficiaryId: set.beneficiaryId,
          version: set.version,
        });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
  }

  /** Copies `docs` (oldest first) to the history, then removes them one by one by `_id` in that order. */
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
    // Oldest first, so that a present version followed by a missing one is the newest (see currentDoc).
    for (const d of docs) await this.sets.deleteMany({ _id: d._id });
  }
}
