/**
 * What a page says after a change (post, then redirect, then this): `?done=` for a success,
 * `?outcome=` for a confirm that lost a race or broke a rule, named plainly with who was faster.
 */
import { html, type Renderable } from '../html.js';
import { formatDateTime } from '../format.js';
import type { StaffPage } from '../layout.js';
import { displayName } from '../people.js';

export const DONE = [
  'confirmed',
  'rejected',
  'created',
  'saved',
  'checkin',
  'closed',
  'started',
  'declined',
  'screened',
  'activated',
  'account',
  'password',
  'recompute',
  'adopted',
  'note',
  'paused',
  'resumed',
  'volunteerDeclined',
  'approved',
  'refusedPair',
  'planned',
  'stage',
  'widened',
  'lifted',
  'handPending',
] as const;

/** Rules a refused confirm can name, each with its own sentence. */
export const REFUSALS = [
  'volunteer_not_active',
  'screening_incomplete',
  'pair_excluded',
  'programme_closed',
  'beneficiary_not_active',
  'volunteer_not_in_programme',
  'beneficiary_not_in_programme',
  'idempotency_key_in_flight',
] as const;

const queryText = (value: unknown) =>
  typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(value) ? value : undefined;

export async function notices(p: StaffPage): Promise<Renderable> {
  const { t, req, deps, caller, locale } = p;
  const done = queryText(req.query.done);
  const outcome = queryText(req.query.outcome);
  const out: Renderable[] = [];
  if (done && (DONE as readonly string[]).includes(done))
    out.push(html`<div class="notice notice--ok" role="status"><p>${t(`done.${done}`)}</p></div>`);
  if (!outcome) return out;
  let text: string | undefined;
  let link: Renderable = null;
  if (outcome === 'taken') {
    const tandemId = queryText(req.query.tandem);
    const tandem = tandemId ? await deps.store.tandems.find(caller.orgId, tandemId) : null;
    if (tandem) {
      const [volunteer, beneficiary, by] = await Promise.all([
        deps.store.volunteers.find(caller.orgId, tandem.volunteerId),
        deps.store.beneficiaries.find(caller.orgId, tandem.beneficiaryId),
        deps.store.staff.find(caller.orgId, tandem.proposedBy),
      ]);
      text = t(by?.id === caller.staff.id ? 'race.takenYou' : 'race.taken', {
        who: by?.name ?? t('race.someone'),
        beneficiary: beneficiary ? displayName(beneficiary) : '—',
        volunteer: volunteer ? displayName(volunteer) : '—',
        at: formatDateTime(tandem.proposedAt, locale),
      });
      link = html`<a href="/app/tandems/${tandem.id}">${t('race.see')}</a>`;
    } else text = t('race.takenUnknown');
  } else if (outcome === 'full') {
    const volunteerId = queryText(req.query.volunteer);
    const volunteer = volunteerId ? await deps.store.volunteers.find(caller.orgId, volunteerId) : null;
    text = t('race.full', { volunteer: volunteer ? displayName(volunteer) : '—' });
  } else if (outcome === 'stale' || outcome === 'changed') text = t(`race.${outcome}`);
  else if (outcome === 'refused') {
    const rule = queryText(req.query.rule);
    text = t(`race.refused.${rule && (REFUSALS as readonly string[]).includes(rule) ? rule : 'other'}`);
  }
  if (text) {
    out.push(
      html`<div class="notice notice--alert" role="alert"><h2>${t('race.title')}</h2><p>${text}</p>${link && html`<p>${link}</p>`}</div>`,
    );
  }
  return out;
}
