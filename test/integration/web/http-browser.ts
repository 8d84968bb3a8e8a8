/** A browser without JavaScript over plain HTTP, for the pages' tests on either store: a cookie jar over fetch, redirects not followed. */
import { PASSWORD, type Api } from '../api/harness.js';

export interface Visit {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

export type Form = Record<string, string | string[]>;

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The text a person reads in a piece of markup (the Unicode isolates around names are not read). */
export const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/[\u2068\u2069]/g, '')
    .replace(/[\s\u00a0\u202f]+/g, ' ');

/** Forms go urlencoded (a repeated name for a list), or as multipart when given as FormData (a file). */
export function browser(api: Api, acceptLanguage = 'fr-BE,fr;q=0.9') {
  const jar = new Map<string, string>();
  const request = async (
    method: 'GET' | 'POST',
    path: string,
    form?: Form | FormData,
    headers: Record<string, string> = {},
  ): Promise<Visit> => {
    const body =
      form instanceof FormData
        ? form
        : form &&
          new URLSearchParams(
            Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])),
          );
    const res = await fetch(`${api.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        'accept-language': acceptLanguage,
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body instanceof URLSearchParams && { 'content-type': 'application/x-www-form-urlencoded' }),
        ...headers,
      },
      ...(body && { body }),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => request('GET', path, undefined, headers),
    post: (path: string, form: Form, headers?: Record<string, string>) => request('POST', path, form, headers),
    /** Posts a form as multipart, as a browser does with a file (`file`). */
    upload: (path: string, fields: Record<string, string>, file?: { name: string; content: string | Uint8Array }) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (file) form.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
      return request('POST', path, form);
    },
    jar,
  };
}

/** The browser of a staff member, signed in. */
export async function staffBrowser(api: Api, email: string, acceptLanguage: string) {
  const b = browser(api, acceptLanguage);
  const login = await b.get('/app/login');
  await b.post('/app/login', { _csrf: csrfOf(login.html), email, password: PASSWORD });
  return b;
}
