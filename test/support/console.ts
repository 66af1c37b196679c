// A browser for the console's tests over app.inject: it keeps the cookies the app sets (dropping the
// ones cleared), sends them back, and fills each form's CSRF token from the last page it saw.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export function consoleBrowser(app: FastifyInstance, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  let lastToken = '';

  function keep(res: LightMyRequestResponse) {
    const set = res.headers['set-cookie'];
    for (const line of [set ?? []].flat()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      if (/Max-Age=0/i.test(line)) jar.delete(name);
      else jar.set(name, pair.slice(at + 1));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) lastToken = token;
    return res;
  }

  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  return {
    jar,
    cookie,
    get: async (url: string) => keep(await app.inject({ url, headers: { ...headers, cookie: cookie() } })),
    /** Sends a form with the CSRF token of the last page (unless `_csrf` is given, '' for none). */
    post: async (url: string, fields: Record<string, string>) =>
      keep(
        await app.inject({
          method: 'POST',
          url,
          headers: { ...headers, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: lastToken, ...fields }).toString(),
        }),
      ),
  };
}

/** The messages of a page's error summary. */
export const summary = (body: string) =>
  [...(/id="error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(/<a href="#[^"]+">([^<]+)<\/a>/g)].map(
    (m) => m[1],
  );
