/**
 * What the pages show of a person's or a tandem's past: staff notes (a dated, signed timeline,
 * with a form to add one) and the history of what was done (the audit trail, in words).
 */
import type { AuditEvent, Note, NoteSubject } from '../domain/index.js';
import { ValidationError } from '../errors/validation-error.js';
import { CSRF_FIELD } from './csrf.js';
import { formatDateTime } from './format.js';
import { emptyForm, hidden, one, textarea, type FormState } from './forms.js';
import { html, type SafeHtml } from './html.js';
import type { StaffPage } from './layout.js';
import { perform } from './operations.js';
import { isolate } from './people.js';

/** Actions the history names in words; any other shows as its code. */
export const HISTORY_ACTIONS = [
  'volunteer.sign_up',
  'volunteer.sign_up_again',
  'volunteer.confirm_email',
  'volunteer.update',
  'volunteer.status',
  'volunteer.decline',
  'beneficiary.create',
  'beneficiary.update',
  'beneficiary.lift_exclusion',
  'proposal.reject',
  'tandem.confirm',
  'tandem.manual_pair',
  'tandem.approve',
  'tandem.refuse',
  'tandem.plan_meeting',
  'tandem.start',
  'tandem.decline',
  'tandem.check_in',
  'tandem.stage',
  'tandem.lapse',
  'tandem.close',
  'note.add',
] as const;

/** Where notes come back to once posted: the pages that show them. */
const BACK: Record<NoteSubject, string> = {
  volunteer: '/app/volunteers',
  beneficiary: '/app/beneficiaries',
  tandem: '/app/tandems',
};

/** A name for an author or an actor: a staff member, the system, or someone erased. */
export type WhoIs = (id: string) => string;

export function notesSection(
  p: StaffPage,
  about: NoteSubject,
  aboutId: string,
  notes: readonly Note[],
  who: WhoIs,
  form: FormState = emptyForm(),
): SafeHtml {
  const { t, locale, caller } = p;
  const newest = [...notes].reverse();
  return html`<section class="section" aria-labelledby="h-notes" id="notes"><h2 id="h-notes">${t('notes.title', { count: notes.length })}</h2>
${
  newest.length === 0
    ? html`<p class="empty">${t('notes.none')}</p>`
    : html`<ol class="timeline">${newest.map((n) => html`<li><p class="timeline__head"><strong>${formatDateTime(n.createdAt, locale)}</strong> · ${who(n.authorId)}</p><p class="note">${n.text}</p></li>`)}</ol>`
}
<form method="post" action="/app/notes" class="form" novalidate>
  ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('about', about)}${hidden('aboutId', aboutId)}
  ${textarea({ name: 'text', id: 'f-note-text', label: t('notes.add'), hint: t('notes.hint'), form, maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('notes.save')}</button></div>
</form>
</section>`;
}

/** `POST /app/notes`: adds a note, then back to the page it was written on. */
export async function addNote(p: StaffPage): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const about = one(values, 'about') as NoteSubject;
  const aboutId = one(values, 'aboutId');
  const back = `${BACK[about] ?? '/app'}/${encodeURIComponent(aboutId)}`;
  try {
    await perform(deps, req, res, locale, 'post', '/notes', {
      caller,
      body: { about, aboutId, text: one(values, 'text') },
    });
  } catch (err) {
    // An empty or too long note: back to the page, which says so next to the field.
    if (err instanceof ValidationError && err.issues.every((i) => i.field === 'body.text'))
      return res.redirect(303, `${back}?note=invalid#notes`);
    throw err;
  }
  res.redirect(303, `${back}?done=note#notes`);
}

/** The form of a page's notes: in error when the last post was refused. */
export function noteForm(p: StaffPage): FormState {
  return p.req.query.note === 'invalid' ? { values: {}, errors: { text: p.t('notes.invalid') } } : emptyForm();
}

export function historySection(p: StaffPage, events: readonly AuditEvent[], who: WhoIs): SafeHtml {
  const { t, locale } = p;
  const newest = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const known = new Set<string>(HISTORY_ACTIONS);
  return html`<section class="section" aria-labelledby="h-history"><h2 id="h-history">${t('history.title')}</h2>
${
  newest.length === 0
    ? html`<p class="empty">${t('history.none')}</p>`
    : html`<ol class="history">${newest.map((e) => html`<li><span class="history__when">${formatDateTime(e.at, locale)}</span> ${t(known.has(e.action) ? `history.${e.action}` : 'history.other')} <span class="muted">(${who(e.actor)})</span></li>`)}</ol>`
}
</section>`;
}

/** Names the staff of `staff` by id, the system as such, anyone else (erased) as a dash. */
export function whoIs(staff: ReadonlyMap<string, { name: string }>, t: StaffPage['t']): WhoIs {
  return (id) => {
    const s = staff.get(id);
    if (s) return isolate(s.name);
    return id.startsWith('system:') || id === 'seed' ? t('history.system') : '—';
  };
}
