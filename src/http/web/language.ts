// The language of a visitor of any area: ?lang= (remembered in a cookie), else the cookie, else the
// language the signed-in person chose (then remembered too), else the area's first one (Italian).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addCookie, cookies, hostCookie } from './cookies.ts';

const LANGUAGE_COOKIE = '__Host-cassa-lang';
const ONE_YEAR = 365 * 24 * 3600;

/** Whether this browser has chosen a language already (the cookie). */
export const hasLanguageCookie = (request: FastifyRequest) => cookies(request).has(LANGUAGE_COOKIE);

/** The visitor's language among `supported` (the first is the default). */
export function chooseLanguage<L extends string>(
  request: FastifyRequest,
  reply: FastifyReply,
  supported: readonly [L, ...L[]],
  preferred?: L,
): L {
  const known = (value: string | undefined): value is L => value !== undefined && supported.includes(value as L);
  const asked = (request.query as { lang?: string } | undefined)?.lang;
  if (known(asked)) {
    addCookie(reply, hostCookie(LANGUAGE_COOKIE, asked, ONE_YEAR));
    return asked;
  }
  const remembered = cookies(request).get(LANGUAGE_COOKIE);
  if (known(remembered)) return remembered;
  if (preferred) {
    addCookie(reply, hostCookie(LANGUAGE_COOKIE, preferred, ONE_YEAR));
    return preferred;
  }
  return supported[0];
}
