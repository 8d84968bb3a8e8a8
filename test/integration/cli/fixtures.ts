import type { RankInput } from '../../../scoring/index.js';

const slot = (day: 'mon' | 'sat', start: string, end: string) => ({ day, start, end });

/** Liège: four volunteers and three beneficiaries; b3 has nobody in reach. */
export const RANK_INPUT: RankInput = {
  programme: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 2 },
  referenceDate: '2026-11-22',
  volunteers: [
    {
      id: 'v1',
      location: { lat: 50.6326, lon: 5.5797 },
      languages: ['fr', 'ar'],
      skills: ['job_search'],
      availability: [slot('sat', '10:00', '12:30')],
      capacity: 1,
      gender: 'female',
    },
    {
      id: 'v2',
      location: { lat: 50.645, lon: 5.573 },
      languages: ['fr'],
      skills: ['cv_writing', 'job_search'],
      availability: [slot('sat', '09:00', '12:00')],
      capacity: 1,
    },
    {
      id: 'v3',
      location: { lat: 50.61, lon: 5.6 },
      languages: ['nl'],
      skills: [],
      availability: [slot('mon', '18:00', '20:00')],
      capacity: 1,
    },
    {
      id: 'v4',
      location: { lat: 50.64, lon: 5.57 },
      languages: ['fr'],
      skills: ['job_search'],
      availability: [slot('sat', '10:00', '12:00')],
      capacity: 0,
    },
  ],
  beneficiaries: [
    {
      id: 'b1',
      location: { lat: 50.64, lon: 5.57 },
      languages: ['ar', 'fr'],
      needs: ['job_search', 'cv_writing'],
      availability: [slot('sat', '10:00', '12:30')],
      waitingSince: '2026-06-01',
    },
    {
      id: 'b2',
      location: { lat: 50.62, lon: 5.59 },
      languages: ['fr'],
      needs: ['cv_writing'],
      availability: [slot('sat', '09:30', '11:30'), slot('sat', '11:00', '12:00')],
    },
    {
      id: 'b3',
      location: { lat: 51.2194, lon: 4.4025 },
      languages: ['nl'],
      needs: [],
      availability: [slot('mon', '18:00', '20:00')],
    },
  ],
};
