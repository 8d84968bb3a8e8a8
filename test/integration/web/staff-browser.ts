/** A staff member's browser over plain HTTP, for the pages' tests on either store. */
import { PASSWORD, type Api } from '../api/harness.js';

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** The text a person reads in a piece of markup. */
export const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/[\u2068\u2069]/g, '')
    .replace(/[\s\u00a0\u202f]+/g, ' ');

/** A signed-in staff member's browser: a cookie jar over fetch, redirects not followed. */
export async function staffBrowser(api: Api, email: string, acceptLanguage: string) {
  const jar = new Map<string, string>();
  const request = async (method: 'GET' | 'POST', path: string, body?: URLSearchParams | FormData) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        'accept-language': acceptLanguage,
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
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
  const login = await request('GET', '/app/login');
  await request('POST', '/app/login', new URLSearchParams({ _csrf: csrfOf(login.html), email, password: PASSWORD }));
  return {
    get: (path: string) => request('GET', path),
    /** Posts a form urlencoded, as a browser does without a file. */
    post: (path: string, fields: Record<string, string>) => request('POST', path, new URLSearchParams(fields)),
    /** Posts a form as multipart, as a browser does with a file (`file`). */
    upload: (path: string, fields: Record<string, string>, file?: { name: string; content: string | Uint8Array }) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (file) form.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
      return request('POST', path, form);
    },
  };
}
