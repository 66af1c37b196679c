// CSRF protection of every area's forms: a token that is the HMAC of a random seed kept in a
// `__Host-` cookie, and a refusal of any form the browser says (Sec-Fetch-Site) or shows (Origin)
// was sent from another site, whatever its token.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addCookie, cookies, hostCookie } from './cookies.ts';
import { mac, sameText } from './signing.ts';

/** The key that signs an area's CSRF tokens (one per area: a portal token is no console token). */
export interface CsrfKeys {
  csrf: Uint8Array;
}

/** The cookie that holds the seed; an area may name its own. */
export const CSRF_COOKIE = '__Host-cassa-csrf';

/** The CSRF token for this visitor's forms, setting the cookie it is bound to when there is none. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, keys: CsrfKeys, cookie = CSRF_COOKIE): string {
  let seed = cookies(request).get(cookie);
  if (!seed || !/^[A-Za-z0-9_-]{43}$/.test(seed)) {
    seed = randomBytes(32).toString('base64url');
    addCookie(reply, hostCookie(cookie, seed));
  }
  return mac(keys.csrf, seed);
}

/** Whether a form was sent from another site: the browser says so (Sec-Fetch-Site), or its Origin is another host. */
function crossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    // Both through URL, so that a default port reads the same on either side.
    return new URL(origin).host !== new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return true;
  }
}

/** Whether a form's token matches the visitor's CSRF cookie, and the form came from this site. */
export function csrfValid(request: FastifyRequest, keys: CsrfKeys, token: unknown, cookie = CSRF_COOKIE): boolean {
  if (crossSite(request)) return false;
  const seed = cookies(request).get(cookie);
  return typeof token === 'string' && seed !== undefined && sameText(token, mac(keys.csrf, seed));
}
