/** `/app/tandems/:id/agreement`: the charter to print for the first meeting, in both people's languages. */
import { languageName } from '../../../scoring/index.js';
import { LOCALE_TAGS } from '../../domain/index.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { agreement, agreementLocales } from '../agreement.js';
import { html } from '../html.js';
import type { T } from '../i18n.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { displayName, isolate, loadPeople } from '../people.js';

export async function agreementPage(p: StaffPage): Promise<void> {
  const { deps, req, t, locale, caller } = p;
  const tandem = await deps.store.tandems.get(caller.orgId, String(req.params.id));
  const [programme, people] = await Promise.all([
    deps.store.programmes.get(caller.orgId, tandem.programmeId),
    loadPeople(deps, caller.orgId, { volunteers: [tandem.volunteerId], beneficiaries: [tandem.beneficiaryId] }),
  ]);
  const volunteer = people.volunteers.get(tandem.volunteerId);
  const beneficiary = people.beneficiaries.get(tandem.beneficiaryId);
  // Someone erased has nothing left to sign.
  if (!volunteer || !beneficiary) throw new NotFoundError('tandem', tandem.id);
  const mediator = await deps.store.staff.find(caller.orgId, beneficiary.mediatorId ?? tandem.proposedBy);
  const locales = agreementLocales(volunteer, beneficiary, locale);
  const names = {
    volunteer: isolate(volunteer.contact.firstName),
    beneficiary: isolate(beneficiary.contact.firstName),
  };
  const languages = new Intl.ListFormat(LOCALE_TAGS[locale], { type: 'conjunction' }).format(
    locales.map((l) => languageName(l, locale)),
  );
  const meeting = tandem.firstMeeting ? { date: tandem.firstMeeting.date } : tandem.meetingPlan;
  const sheet = agreement(
    {
      organisation: p.orgName,
      programme,
      ...names,
      guardian: beneficiary.guardian && displayName({ contact: beneficiary.guardian }),
      mediator: mediator ? { name: mediator.name, email: mediator.email } : undefined,
      meeting,
    },
    locales,
    (l): T => req.i18n.getFixedT(l),
  );
  const title = t('agreement.pageTitle', { beneficiary: displayName(beneficiary), volunteer: displayName(volunteer) });
  sendStaff(p, {
    title,
    wide: true,
    here: `/app/tandems/${tandem.id}/agreement`,
    main: html`<div class="screen-only">
<p class="crumbs"><a href="/app/tandems/${tandem.id}">${t('tandem.title', { beneficiary: displayName(beneficiary), volunteer: displayName(volunteer) })}</a></p>
<h1>${title}</h1>
<p class="hint">${t('agreement.hint', { count: locales.length, languages, ...names })}</p>
<p><button type="button" class="button" data-print hidden>${t('agreement.print')}</button></p>
</div>
${sheet}`,
  });
}
