/**
 * A demo programme's past two years (seeds/<slug>.history.json, written by the simulator): past
 * beneficiaries and their tandems, first meetings, check-ins, lapses, closings with outcomes and
 * rematches, as store records. Ids derive from the file, so loading twice changes nothing.
 */
import { z } from 'zod';
import { Breakdown, Gender, type Beneficiary as ScoredBeneficiary } from '../../scoring/index.js';
import { capacityUnits, Outcome, unitsOf, type Programme, type Tandem, type Volunteer } from '../domain/index.js';
import type { Store } from '../store/ports.js';

const Side = z.enum(['volunteer', 'beneficiary', 'mediator']);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const HistoryFile = z.object({
  slug: z.string(),
  from: Day,
  to: Day,
  beneficiaries: z.record(
    z.string(),
    z.object({
      /** The scoring core's record, checked by the loader's own mapping. */
      scored: z.looseObject({ id: z.string() }),
      details: z.looseObject({ municipality: z.string(), gender: Gender.optional() }),
      status: z.enum(['active', 'left']),
    }),
  ),
  tandems: z.array(
    z.object({
      volunteerId: z.string(),
      beneficiaryId: z.string(),
      proposedOn: Day,
      criteria: Breakdown,
      status: z.enum(['proposed', 'active', 'declined', 'lapsed', 'closed']),
      firstMeeting: Day.optional(),
      declined: z.object({ on: Day, by: Side }).optional(),
      checkIns: z.array(z.object({ date: Day, who: Side, mood: z.number().int().min(1).max(5) })),
      lapsedOn: Day.optional(),
      closed: z.object({ on: Day, outcome: Outcome }).optional(),
    }),
  ),
});
export type HistoryFile = z.infer<typeof HistoryFile>;

export interface HistoryIds {
  volunteer(seedId: string): string;
  beneficiary(seedId: string): string;
  /** The demo mediator, who proposed the pairs and wrote the check-ins down. */
  mediator: string;
}

/** The scored beneficiaries of the history, for the loader to map as it maps the seed's own. */
export function historyPeople(history: HistoryFile): { scored: ScoredBeneficiary[]; details: Record<string, unknown> } {
  const entries = Object.entries(history.beneficiaries);
  return {
    scored: entries.map(([, b]) => b.scored as unknown as ScoredBeneficiary),
    details: Object.fromEntries(entries.map(([id, b]) => [id, b.details])),
  };
}

const at = (day: string, hour: string) => `${day}T${hour}:00.000Z`;

/** The history's tandems as records of a programme. */
export function historyTandems(history: HistoryFile, orgId: string, programmeId: string, ids: HistoryIds): Tandem[] {
  return history.tandems.map((t): Tandem => {
    const proposedAt = at(t.proposedOn, '10:00');
    const last = t.checkIns.at(-1)?.date ?? t.firstMeeting;
    const end = t.closed?.on ?? t.lapsedOn ?? t.declined?.on;
    return {
      id: `tan_${history.slug}_${t.volunteerId}_${t.beneficiaryId}`,
      orgId,
      version: 1,
      createdAt: proposedAt,
      updatedAt: end ? at(end, '16:00') : last ? at(last, '16:00') : proposedAt,
      programmeId,
      volunteerId: ids.volunteer(t.volunteerId),
      beneficiaryId: ids.beneficiary(t.beneficiaryId),
      criteria: t.criteria,
      status: t.status,
      proposedAt,
      proposedBy: ids.mediator,
      ...(t.firstMeeting && { firstMeeting: { date: t.firstMeeting, charterSigned: true as const } }),
      ...(t.declined && {
        declined: {
          by: t.declined.by,
          reason: 'No time in common found at the first meeting.',
          at: at(t.declined.on, '16:00'),
        },
      }),
      checkIns: t.checkIns.map((c) => ({ date: c.date, who: c.who, recordedBy: ids.mediator, mood: c.mood })),
      ...(last && { lastContactOn: last }),
      ...(t.lapsedOn && { lapsedAt: at(t.lapsedOn, '03:00') }),
      ...(t.closed && { closed: { at: at(t.closed.on, '16:00'), outcome: t.closed.outcome } }),
    };
  });
}

/**
 * Inserts the tandems not there yet. An open one (proposed or active) first takes its
 * reservations, as a confirm does, after giving back any an interrupted earlier load took.
 */
export async function insertHistoryTandems(
  store: Store,
  programme: Programme,
  tandems: readonly Tandem[],
  volunteers: ReadonlyMap<string, Volunteer>,
  report: { created: number; unchanged: number },
): Promise<void> {
  for (const t of tandems) {
    if (await store.tandems.find(t.orgId, t.id)) {
      report.unchanged++;
      continue;
    }
    if (t.status === 'proposed' || t.status === 'active') {
      const volunteer = volunteers.get(t.volunteerId);
      if (!volunteer) throw new Error(`history: tandem ${t.id} names an unknown volunteer`);
      const now = new Date(t.proposedAt);
      await store.reservations.releaseTandem(t.orgId, t.id);
      const claimed = await store.reservations.claimBeneficiary(t.orgId, t.beneficiaryId, t.id, now);
      const units = claimed
        ? await store.reservations.takeVolunteerUnits(
            t.orgId,
            volunteer.id,
            capacityUnits(volunteer),
            unitsOf(programme),
            t.id,
            now,
          )
        : null;
      if (units === null) {
        await store.reservations.releaseTandem(t.orgId, t.id);
        throw new Error(`history: tandem ${t.id} finds no free place (beneficiary or volunteer already taken)`);
      }
    }
    await store.tandems.insert(t);
    report.created++;
  }
}
