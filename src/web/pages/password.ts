/** `/app/password`: a staff member changes their own password (the current one first). */
import { CSRF_FIELD } from '../csrf.js';
import { formAction } from '../form-action.js';
import { emptyForm, errorSummary, hidden, input, one, type FormState } from '../forms.js';
import { html } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { homeOf } from './session.js';

const FIELDS = { currentPassword: 'currentPassword', newPassword: 'newPassword', confirmPassword: 'confirmPassword' };

function passwordPage(p: StaffPage, form: FormState = emptyForm({})): void {
  const { t, caller } = p;
  // Passwords are never sent back into the form.
  const blank = { ...form, values: {} };
  sendStaff(p, {
    title: t('password.title'),
    here: '/app/password',
    status: Object.keys(form.errors).length ? 400 : 200,
    main: html`<h1>${t('password.title')}</h1>
<p class="lead">${t('password.lead')}</p>
${errorSummary(form, t('form.errorsTitle'))}
<form method="post" action="/app/password" class="form form--small" novalidate>
  ${hidden(CSRF_FIELD, caller.csrfToken)}
  ${input({ name: 'currentPassword', label: t('password.current'), form: blank, type: 'password', required: true, autocomplete: 'current-password', maxlength: 200 })}
  ${input({ name: 'newPassword', label: t('password.new'), hint: t('password.newHint'), form: blank, type: 'password', required: true, autocomplete: 'new-password', maxlength: 200 })}
  ${input({ name: 'confirmPassword', label: t('password.confirm'), form: blank, type: 'password', required: true, autocomplete: 'new-password', maxlength: 200 })}
  <div class="actions"><button type="submit" class="button">${t('password.submit')}</button></div>
</form>`,
  });
}

export const passwordForm = async (p: StaffPage): Promise<void> => passwordPage(p);

export async function changePassword(p: StaffPage): Promise<void> {
  const { req, t, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const message = (field: string) => t(`password.errors.${field}`);
  if (one(values, 'newPassword') !== one(values, 'confirmPassword'))
    return passwordPage(p, { values, errors: { confirmPassword: message('confirmPassword') } });
  await formAction(p, {
    method: 'post',
    path: '/session/password',
    body: { currentPassword: one(values, 'currentPassword'), newPassword: one(values, 'newPassword') },
    done: `${homeOf(caller.role)}?done=password`,
    again: (form) => passwordPage(p, form),
    invalid: { paths: FIELDS, message, fallback: 'currentPassword' },
  });
}
