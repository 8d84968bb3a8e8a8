/**
 * Tandems after the choice: proposed (waiting for the first meeting), active, lapsing soon,
 * lapsed, declined, closed, each tab with its count; and one tandem's page: both people and how
 * to reach them, the deadline before it lapses, what happened so far, then the forms in the order
 * of its life (approval, first meeting planned, first meeting, stage, check-in, end). Every form
 * carries the version it was drawn from: a change made meanwhile by someone else is reported,
 * not overwritten.
 */
import {
  currentStage,
  dayOf,
  OUTCOMES,
  SIDES,
  STAGES,
  type Beneficiary,
  type Contact,
  type Tandem,
  type Volunteer,
} from '../../domain/index.js';
import { lapseDeadline } from '../../services/lapse.js';
import { CSRF_FIELD } from '../csrf.js';
import { formAction } from '../form-action.js';
import { formatDate, formatDateTime } from '../format.js';
import {
  checkbox,
  choices,
  emptyForm,
  errorSummary,
  hidden,
  input,
  one,
  select,
  textarea,
  type FormState,
} from '../forms.js';
import { attrs, html, type Renderable, type SafeHtml } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { displayName, loadPeople, nameIn } from '../people.js';
import { historySection, noteForm, notesSection, whoIs } from '../timeline.js';
import { facts, programmesOf } from './beneficiaries/shared.js';
import { notices } from './notices.js';

export const VIEWS = ['proposed', 'active', 'lapsing', 'lapsed', 'declined', 'closed'] as const;
type View = (typeof VIEWS)[number];

const MOODS = [1, 2, 3, 4, 5] as const;
/** Days before the deadline from which a tandem's page warns that it is about to lapse. */
const LAPSE_WARNING_DAYS = 14;

export async function tandemList(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const view: View = VIEWS.find((v) => v === req.query.view) ?? 'proposed';
  const list = (query: Record<string, string>) =>
    perform<{ items: Tandem[]; total: number }>(deps, req, res, locale, 'get', '/tandems', { caller, query });
  const [page, counts, lapsing] = await Promise.all([
    list(view === 'lapsing' ? { lapsingSoon: 'true', limit: '200' } : { status: view, limit: '200' }),
    deps.store.tandems.countByStatus(caller.orgId),
    view === 'lapsing' ? undefined : list({ lapsingSoon: 'true', limit: '1' }),
  ]);
  const count = (v: View) => (v === 'lapsing' ? (lapsing ?? page).total : (counts[v] ?? 0));
  const [programmes, people] = await Promise.all([
    programmesOf(p),
    loadPeople(deps, caller.orgId, {
      volunteers: page.items.map((x) => x.volunteerId),
      beneficiaries: page.items.map((x) => x.beneficiaryId),
    }),
  ]);
  const programmeName = new Map(programmes.map((prog) => [prog.id, prog.name[locale]]));
  const when = (x: Tandem): string => {
    if (view === 'proposed') return formatDate(x.proposedAt, locale);
    if (view === 'lapsed') return x.lapsedAt ? formatDate(x.lapsedAt, locale) : '—';
    if (view === 'declined') return x.declined ? formatDate(x.declined.at, locale) : '—';
    if (view === 'closed')
      return x.closed ? `${formatDate(x.closed.at, locale)} · ${t(`outcome.${x.closed.outcome}`)}` : '—';
    return x.lastContactOn ? formatDate(x.lastContactOn, locale) : '—';
  };
  sendStaff(p, {
    title: t('tandems.title'),
    wide: true,
    main: html`${await notices(p)}
<h1>${t('tandems.title')}</h1>
<nav class="tabs" aria-label="${t('tandems.views')}"><ul>
  ${VIEWS.map((v) => html`<li><a${attrs({ href: `/app/tandems?view=${v}`, 'aria-current': v === view ? 'page' : undefined })}>${t(`tandems.view.${v}`)} <span class="tabs__count">${count(v)}</span></a></li>`)}
</ul></nav>
<p class="hint">${t(`tandems.about.${view}`)}</p>
${
  page.items.length === 0
    ? html`<p class="empty">${t('tandems.empty')}</p>`
    : html`<table class="table">
  <caption class="visually-hidden">${t(`tandems.view.${view}`)}</caption>
  <thead><tr><th scope="col">${t('tandems.beneficiary')}</th><th scope="col">${t('tandems.volunteer')}</th><th scope="col">${t('waiting.programme')}</th><th scope="col">${t(`tandems.when.${view}`)}</th></tr></thead>
  <tbody>${page.items.map(
    (x) => html`<tr>
    <th scope="row" data-label="${t('tandems.beneficiary')}"><a href="/app/tandems/${x.id}">${nameIn(people.beneficiaries, x.beneficiaryId)}</a>${x.approval?.status === 'pending' && html` <span class="badge badge--warn">${t('tandem.awaitingApproval')}</span>`}</th>
    <td data-label="${t('tandems.volunteer')}">${nameIn(people.volunteers, x.volunteerId)}</td>
    <td data-label="${t('waiting.programme')}">${programmeName.get(x.programmeId) ?? ''}</td>
    <td data-label="${t(`tandems.when.${view}`)}">${when(x)}</td>
  </tr>`,
  )}</tbody>
</table>`
}`,
  });
}

type FormName = 'approve' | 'refuse' | 'plan' | 'meeting' | 'stage' | 'checkin' | 'close';

/** A person with how to reach them, or their contact person (a minor's guardian). */
function reach(p: StaffPage, person: Volunteer | Beneficiary | undefined, href: string): SafeHtml {
  if (!person) return html`—`;
  const guardian = 'guardian' in person ? person.guardian : undefined;
  const ways = (c: Contact) => [c.phone, c.email].filter(Boolean).join(' · ');
  return html`<a href="${href}">${displayName(person)}</a>${ways(person.contact) && html` · ${ways(person.contact)}`}${
    guardian &&
    html`<br><span class="muted">${p.t('tandem.contactPerson', { name: displayName({ contact: guardian }) })}</span>${ways(guardian) && html` · ${ways(guardian)}`}`
  }`;
}

async function tandemPage(
  p: StaffPage,
  tandem: Tandem,
  forms: Partial<Record<FormName, FormState>> = {},
  banner?: string,
): Promise<void> {
  const { deps, t, locale, caller } = p;
  const { store } = deps;
  const [programme, notes, events] = await Promise.all([
    store.programmes.get(caller.orgId, tandem.programmeId),
    store.notes.listAbout(caller.orgId, tandem.id),
    store.audit.list(caller.orgId, { targetId: tandem.id }),
  ]);
  const people = await loadPeople(deps, caller.orgId, {
    volunteers: [tandem.volunteerId],
    beneficiaries: [tandem.beneficiaryId],
    staff: [
      tandem.proposedBy,
      ...tandem.checkIns.map((c) => c.recordedBy),
      ...notes.map((n) => n.authorId),
      ...events.map((e) => e.actor),
      ...(tandem.approval?.by ? [tandem.approval.by] : []),
    ],
  });
  const today = dayOf(deps.clock.now());
  const beneficiary = people.beneficiaries.get(tandem.beneficiaryId);
  const volunteer = people.volunteers.get(tandem.volunteerId);
  const who = whoIs(people.staff, t);
  const csrf = hidden(CSRF_FIELD, caller.csrfToken);
  const version = hidden('version', tandem.version);
  const action = (name: string) => `/app/tandems/${tandem.id}/${name}`;
  const form = (name: FormName, values: FormState['values'] = {}) => forms[name] ?? emptyForm(values);
  const allErrors: FormState = {
    values: {},
    errors: Object.assign({}, ...Object.values(forms).map((f) => f?.errors ?? {})) as FormState['errors'],
  };
  const pending = tandem.approval?.status === 'pending';
  const stage = currentStage(tandem);
  const deadline = lapseDeadline(tandem, programme);
  const title = t('tandem.title', {
    beneficiary: nameIn(people.beneficiaries, tandem.beneficiaryId),
    volunteer: nameIn(people.volunteers, tandem.volunteerId),
  });
  const meetingPlan = tandem.meetingPlan;
  const planText =
    meetingPlan &&
    [formatDate(meetingPlan.date, locale), meetingPlan.time, meetingPlan.place].filter(Boolean).join(' · ');

  const lifeForms: Renderable[] = [];
  if (pending && caller.role === 'coordinator') {
    const refuse = form('refuse');
    lifeForms.push(html`<section class="section" aria-labelledby="h-approval"><h2 id="h-approval">${t('tandem.approvalTitle')}</h2>
<p class="hint">${t('tandem.approvalHint')}</p>
<form method="post" action="${action('approve')}" class="form form--inline">${csrf}${version}
  <div class="actions"><button type="submit" class="button">${t('tandem.approve')}</button></div>
</form>
<details${attrs({ open: Object.keys(refuse.errors).length > 0 })}><summary>${t('tandem.refuseOpen')}</summary>
<form method="post" action="${action('refuse')}" class="form" novalidate>${csrf}${version}
  ${textarea({ name: 'reason', id: 'f-refuse-reason', label: t('tandem.refuseReason'), form: refuse, maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('tandem.refuse')}</button></div>
</form></details></section>`);
  }
  if (tandem.status === 'proposed') {
    const plan = form('plan', {
      date: meetingPlan?.date ?? '',
      time: meetingPlan?.time ?? '',
      place: meetingPlan?.place ?? '',
    });
    lifeForms.push(html`<section class="section" aria-labelledby="h-plan"><h2 id="h-plan">${t('tandem.planTitle')}</h2>
<p class="hint">${t('tandem.planHint')}</p>
<form method="post" action="${action('meeting-plan')}" class="form form--inline" novalidate>${csrf}${version}
  ${input({ name: 'date', id: 'f-plan-date', label: t('tandem.date'), form: plan, type: 'date', min: today, size: 'medium', required: true })}
  ${input({ name: 'time', id: 'f-plan-time', label: t('tandem.time'), hint: t('form.optional'), form: plan, type: 'time', size: 'medium' })}
  ${input({ name: 'place', id: 'f-plan-place', label: t('tandem.place'), hint: t('tandem.placeHint'), form: plan, maxlength: 200 })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('tandem.savePlan')}</button></div>
</form>
<p><a class="button button--secondary" href="/app/tandems/${tandem.id}/agreement">${t('agreement.open')}</a></p></section>`);
    if (!pending) {
      const meeting = form('meeting', { outcome: 'accepted', date: today });
      lifeForms.push(html`<section class="section" aria-labelledby="h-meeting"><h2 id="h-meeting">${t('tandem.meetingTitle')}</h2>
<p class="hint">${t('tandem.meetingHint')}</p>
<form method="post" action="${action('first-meeting')}" class="form" novalidate>${csrf}${version}
  ${choices({
    name: 'outcome',
    label: t('tandem.meetingOutcome'),
    form: meeting,
    kind: 'radio',
    choices: [
      { value: 'accepted', label: t('tandem.accepted') },
      { value: 'declined', label: t('tandem.declined') },
    ],
  })}
  ${input({ name: 'date', label: t('tandem.date'), form: meeting, type: 'date', required: true, max: today, size: 'medium' })}
  ${checkbox({ name: 'charter', label: t('tandem.charter'), form: meeting })}
  <fieldset class="field subtle"><legend>${t('tandem.ifDeclined')}</legend>
  ${select({ name: 'by', label: t('tandem.declinedBy'), form: meeting, choices: SIDES.map((s) => ({ value: s, label: t(`side.${s}`) })) })}
  ${textarea({ name: 'reason', label: t('tandem.reason'), hint: t('tandem.declinePermanent'), form: meeting, maxlength: 4000 })}
  </fieldset>
  <div class="actions"><button type="submit" class="button">${t('tandem.saveMeeting')}</button></div>
</form></section>`);
    }
  }
  const nextStage = stage && STAGES[STAGES.indexOf(stage) + 1];
  if (programme.stages && nextStage && (tandem.status === 'active' || tandem.status === 'proposed')) {
    const stageForm = form('stage', { from: today });
    lifeForms.push(html`<section class="section" aria-labelledby="h-stage"><h2 id="h-stage">${t('tandem.stageTitle')}</h2>
<form method="post" action="${action('stage')}" class="form form--inline" novalidate>${csrf}${version}${hidden('stage', nextStage)}
  ${input({ name: 'from', id: 'f-stage-from', label: t('tandem.stageFrom', { stage: t(`stage.${nextStage}`) }), form: stageForm, type: 'date', max: today, size: 'medium' })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('tandem.stageNext', { stage: t(`stage.${nextStage}`) })}</button></div>
</form></section>`);
  }
  if (tandem.status === 'active') {
    const checkin = form('checkin', { date: today, who: 'volunteer', mood: '4' });
    lifeForms.push(html`<section class="section" aria-labelledby="h-checkin"><h2 id="h-checkin">${t('tandem.checkinTitle')}</h2>
<form method="post" action="${action('check-ins')}" class="form" novalidate>${csrf}${version}
  ${input({ name: 'date', label: t('tandem.date'), form: checkin, type: 'date', required: true, max: today, size: 'medium' })}
  ${choices({ name: 'who', label: t('tandem.who'), form: checkin, kind: 'radio', choices: SIDES.map((s) => ({ value: s, label: t(`side.${s}`) })) })}
  ${choices({ name: 'mood', label: t('tandem.mood'), hint: t('tandem.moodHint'), form: checkin, kind: 'radio', choices: MOODS.map((m) => ({ value: String(m), label: t(`mood.${m}`) })) })}
  ${textarea({ name: 'note', label: t('tandem.note'), hint: t('form.optional'), form: checkin, maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button">${t('tandem.saveCheckin')}</button></div>
</form></section>`);
  }
  if (tandem.status === 'active' || tandem.status === 'lapsed') {
    const close = form('close', { outcome: 'endured' });
    lifeForms.push(html`<section class="section" aria-labelledby="h-close"><h2 id="h-close">${t('tandem.closeTitle')}</h2>
<details${attrs({ open: Object.keys(close.errors).length > 0 })}><summary>${t('tandem.closeOpen')}</summary>
<form method="post" action="${action('close')}" class="form" novalidate>${csrf}${version}
  ${select({ name: 'outcome', id: 'f-close-outcome', label: t('tandem.outcome'), form: close, choices: OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) })) })}
  ${textarea({ name: 'note', id: 'f-close-note', label: t('tandem.note'), hint: t('form.optional'), form: close, maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('tandem.close')}</button></div>
</form></details></section>`);
  }

  const checkIns = [...tandem.checkIns].reverse();
  const soon = deadline !== undefined && deadline <= addDays(today, LAPSE_WARNING_DAYS);
  sendStaff(p, {
    title,
    status: banner ? 409 : Object.keys(allErrors.errors).length ? 400 : 200,
    here: `/app/tandems/${tandem.id}`,
    main: html`${await notices(p)}
${banner && html`<div class="notice notice--alert" role="alert"><p>${banner}</p></div>`}
<p class="crumbs"><a href="/app/tandems?view=${tandem.status}">${t('tandems.title')}</a></p>
<h1>${title}</h1>
<p class="lead"><span class="badge badge--${pending ? 'warn' : tandem.status}">${pending ? t('tandem.awaitingApproval') : t(`tandemStatus.${tandem.status}`)}</span> ${programme.name[locale]}${tandem.intensity && html` · ${t(`intensity.${tandem.intensity}`)}`}${stage && html` · ${t('tandem.stageNow', { stage: t(`stage.${stage}`) })}`}</p>
${soon && html`<div class="notice notice--warn"><p>${t('tandem.lapsesSoon', { date: formatDate(deadline, locale) })}</p></div>`}
${errorSummary(allErrors, t('form.errorsTitle'))}
<dl class="facts">
  <div class="facts__row"><dt>${t('tandems.beneficiary')}</dt><dd>${reach(p, beneficiary, `/app/beneficiaries/${tandem.beneficiaryId}`)}</dd></div>
  <div class="facts__row"><dt>${t('tandems.volunteer')}</dt><dd>${reach(p, volunteer, `/app/volunteers/${tandem.volunteerId}`)}</dd></div>
  ${facts([
    [
      t('tandem.proposed'),
      t('tandem.proposedBy', { date: formatDateTime(tandem.proposedAt, locale), who: who(tandem.proposedBy) }),
    ],
    [t('tandem.byHand'), tandem.manual?.reason],
    [
      t('tandem.approval'),
      tandem.approval &&
        (tandem.approval.status === 'pending'
          ? t('tandem.approvalPending')
          : t('tandem.approvedBy', {
              who: who(tandem.approval.by ?? ''),
              date: tandem.approval.at ? formatDate(tandem.approval.at, locale) : '',
            })),
    ],
    [t('tandem.plannedMeeting'), tandem.firstMeeting ? undefined : planText],
    [
      t('tandem.firstMeeting'),
      tandem.firstMeeting && t('tandem.firstMeetingDone', { date: formatDate(tandem.firstMeeting.date, locale) }),
    ],
    [t('tandem.lastContact'), tandem.lastContactOn && formatDate(tandem.lastContactOn, locale)],
    [t('tandem.lapseDeadline'), deadline && formatDate(deadline, locale)],
    [t('tandem.declinedInfo'), tandem.declined && `${t(`side.${tandem.declined.by}`)} — ${tandem.declined.reason}`],
    [
      t('tandem.closedInfo'),
      tandem.closed &&
        [formatDate(tandem.closed.at, locale), t(`outcome.${tandem.closed.outcome}`), tandem.closed.note]
          .filter(Boolean)
          .join(' — '),
    ],
  ])}
</dl>
${tandem.status === 'active' && html`<p><a class="button button--secondary" href="/app/tandems/${tandem.id}/agreement">${t('agreement.open')}</a></p>`}
<section class="section" aria-labelledby="h-checkins"><h2 id="h-checkins">${t('tandem.history')}</h2>
${
  checkIns.length === 0
    ? html`<p class="empty">${t('tandem.noCheckins')}</p>`
    : html`<ol class="timeline">${checkIns.map((c) => html`<li><p class="timeline__head"><strong>${formatDate(c.date, locale)}</strong> · ${t(`side.${c.who}`)} · ${t(`mood.${c.mood}`)}${c.stage && html` · ${t(`stage.${c.stage}`)}`} <span class="muted">(${who(c.recordedBy)})</span></p>${c.note && html`<p class="note">${c.note}</p>`}</li>`)}</ol>`
}
</section>
${historySection(p, events, who)}
${lifeForms}
${notesSection(p, 'tandem', tandem.id, notes, who, noteForm(p))}`,
  });
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function showTandem(p: StaffPage): Promise<void> {
  await tandemPage(p, await p.deps.store.tandems.get(p.caller.orgId, String(p.req.params.id)));
}

const PATHS: Record<FormName, Record<string, string>> = {
  approve: { '': 'form' },
  refuse: { reason: 'reason' },
  plan: { date: 'date', time: 'time', place: 'place' },
  meeting: { outcome: 'outcome', date: 'date', charterSigned: 'charter', by: 'by', reason: 'reason' },
  stage: { from: 'from', stage: 'from' },
  checkin: { date: 'date', who: 'who', mood: 'mood', note: 'note' },
  close: { outcome: 'outcome', note: 'note' },
};

/** Runs one of the tandem's operations from its form; errors come back next to the fields. */
function act(
  p: StaffPage,
  name: FormName,
  path: string,
  body: ((values: FormState['values']) => Record<string, unknown>) | undefined,
  done: string,
): Promise<void> {
  const { deps, req, t, caller } = p;
  const id = String(req.params.id);
  return formAction(p, {
    method: 'post',
    path,
    params: { id },
    body: body?.((req.body ?? {}) as FormState['values']),
    done: `/app/tandems/${encodeURIComponent(id)}?done=${done}`,
    again: async (form, banner) =>
      tandemPage(p, await deps.store.tandems.get(caller.orgId, id), { [name]: form }, banner),
    invalid: { paths: PATHS[name], message: (f) => t(`tandem.errors.${f}`) },
    changed: t('tandem.changed'),
    refused: () => t('tandem.refused'),
  });
}

export const firstMeeting = (p: StaffPage) =>
  act(
    p,
    'meeting',
    '/tandems/{id}/first-meeting',
    (v) =>
      one(v, 'outcome') === 'declined'
        ? { outcome: 'declined', date: one(v, 'date'), by: one(v, 'by'), reason: one(v, 'reason') }
        : { outcome: 'accepted', date: one(v, 'date'), charterSigned: one(v, 'charter') === 'yes' },
    one((p.req.body ?? {}) as FormState['values'], 'outcome') === 'declined' ? 'declined' : 'started',
  );

export const checkIn = (p: StaffPage) =>
  act(
    p,
    'checkin',
    '/tandems/{id}/check-ins',
    (v) => ({
      date: one(v, 'date'),
      who: one(v, 'who'),
      mood: Number(one(v, 'mood')),
      note: one(v, 'note') || undefined,
    }),
    'checkin',
  );

export const closeTandem = (p: StaffPage) =>
  act(
    p,
    'close',
    '/tandems/{id}/close',
    (v) => ({ outcome: one(v, 'outcome'), note: one(v, 'note') || undefined }),
    'closed',
  );

export const approveTandem = (p: StaffPage) => act(p, 'approve', '/tandems/{id}/approve', undefined, 'approved');

export const refuseTandem = (p: StaffPage) =>
  act(p, 'refuse', '/tandems/{id}/refuse', (v) => ({ reason: one(v, 'reason') }), 'refusedPair');

export const planMeeting = (p: StaffPage) =>
  act(
    p,
    'plan',
    '/tandems/{id}/meeting-plan',
    (v) => ({ date: one(v, 'date'), time: one(v, 'time') || undefined, place: one(v, 'place') || undefined }),
    'planned',
  );

export const nextStage = (p: StaffPage) =>
  act(p, 'stage', '/tandems/{id}/stage', (v) => ({ stage: one(v, 'stage'), from: one(v, 'from') }), 'stage');
