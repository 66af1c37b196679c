// A pretend browser for app.inject tests of the portal: it keeps the cookies the app sets (and
// forgets the ones it clears), asks for HTML, sends forms, and reads a page's CSRF token.
import type { FastifyInstance } from 'fastify';

export const setCookies = (res: { headers: Record<string, unknown> }) =>
  [res.headers['set-cookie'] ?? []].flat().map(String);

export function injectBrowser(app: FastifyInstance, remoteAddress = '198.51.100.7') {
  const jar = new Map<string, string>();
  return {
    async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
      const res = await app.inject({
        method,
        url,
        remoteAddress,
        headers: {
          accept: 'text/html',
          cookie: [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(form && { payload: new URLSearchParams(form).toString() }),
      });
      for (const c of setCookies(res)) {
        const [pair] = c.split(';');
        const at = pair!.indexOf('=');
        const value = pair!.slice(at + 1);
        if (value === '') jar.delete(pair!.slice(0, at));
        else jar.set(pair!.slice(0, at), value);
      }
      return res;
    },
    cookie: (name: string) => jar.get(name),
    token: (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!,
  };
}
