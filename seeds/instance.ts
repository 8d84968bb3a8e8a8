/**
 * A generated instance (seeds/generator.ts) as store records of one programme, for tests and
 * benchmarks that need many people in a store: screened active volunteers and waiting
 * beneficiaries with placeholder names, places coarsened as the store requires.
 */
import { coarsen, type RankInput } from '../scoring/index.js';
import type { Beneficiary, Volunteer } from '../src/domain/index.js';

const AT = '2026-01-05T09:00:00.000Z';

export function instanceRecords(
  instance: RankInput,
  orgId: string,
  programmeId: string,
): { volunteers: Volunteer[]; beneficiaries: Beneficiary[] } {
  const meta = (id: string) => ({ id, orgId, version: 1, createdAt: AT, updatedAt: AT });
  const place = (location: { lat: number; lon: number }) => ({ location: coarsen(location) });
  return {
    volunteers: instance.volunteers.map((v) => ({
      ...meta(`vol_${v.id}`),
      kind: 'person',
      contact: { firstName: `Volunteer ${v.id}` },
      consent: { textVersion: 'generated', at: AT },
      languages: v.languages.length ? v.languages : ['fr'],
      skills: v.skills,
      availability: v.availability,
      place: place(v.location),
      maxDistanceKm: v.maxDistanceKm ?? instance.programme.maxDistanceKm,
      capacity: Math.min(v.capacity, 100),
      ...(v.gender && { gender: v.gender }),
      ...(v.ageRange && { ageRange: v.ageRange }),
      programmeIds: [programmeId],
      status: 'active',
      screening: { interview: { date: '2026-01-02', by: 'usr_generated' }, training: { date: '2026-01-03' } },
    })),
    beneficiaries: instance.beneficiaries.map((b) => ({
      ...meta(`ben_${b.id}`),
      kind: 'person',
      contact: { firstName: `Beneficiary ${b.id}` },
      members: [],
      needs: b.needs,
      languages: b.languages.length ? b.languages : ['fr'],
      availability: b.availability,
      place: place(b.location),
      ...(b.age !== undefined && { age: b.age }),
      waitingSince: b.waitingSince ?? '2026-01-05',
      preferences: {
        ...(b.volunteerGender && { volunteerGender: b.volunteerGender }),
        ...(b.maxDistanceKm !== undefined && { maxDistanceKm: b.maxDistanceKm }),
      },
      excludedVolunteerIds: (b.excludedVolunteerIds ?? []).map((id) => `vol_${id}`),
      programmeIds: [programmeId],
      status: 'active',
    })),
  };
}
