import { describe, expect, it } from 'vitest';
import { KNOWN_SKILLS, LOCALES, skillLabel } from '../../../scoring/index.js';

describe('skill labels', () => {
  it('name the project’s services in each language', () => {
    expect(skillLabel('homework_help', 'en')).toBe('homework help');
    expect(skillLabel('homework_help', 'fr')).toBe('aide aux devoirs');
    expect(skillLabel('homework_help', 'nl')).toBe('huiswerkbegeleiding');
  });

  it('show a programme’s own identifier as written, underscores as spaces', () => {
    expect(skillLabel('bike_repair_2', 'nl')).toBe('bike repair 2');
  });

  it('exist, non-empty, for every known skill in every language', () => {
    expect(KNOWN_SKILLS.length).toBeGreaterThan(10);
    for (const id of KNOWN_SKILLS) for (const l of LOCALES) expect(skillLabel(id, l)).toMatch(/\S/);
  });
});
