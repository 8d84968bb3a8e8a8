import { html } from '../html.js';
import { send, type Page } from '../layout.js';

/** `/`: the two doors, volunteering and the staff's sign-in. */
export async function landing(p: Page): Promise<void> {
  const { t } = p;
  send(p, {
    title: t('landing.title'),
    main: html`<h1>${t('landing.title')}</h1>
<p class="lead">${t('landing.lead')}</p>
<ul class="cards cards--two">
  <li class="card"><h2><a href="/signup">${t('landing.volunteer')}</a></h2><p>${t('landing.volunteerText')}</p></li>
  <li class="card"><h2><a href="/app">${t('landing.staff')}</a></h2><p>${t('landing.staffText')}</p></li>
</ul>`,
  });
}
