// What every portal page needs: the view engine (Nunjucks, autoescaping), a Content-Security-Policy
// with a fresh nonce per response and no inline script otherwise, the page's security headers (HSTS and
// nosniff are every response's: http/security-headers.ts), signed
// cookies with the __Host- prefix (without it over plain HTTP on the network: transport.ts), CSRF tokens bound to a cookie, and the language of the visitor.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { languageLinks } from './texts/languages.ts';
import { LANGUAGES, type Language, textsFor } from './texts.ts';
import { plainHttpOnNetwork, trustedCookieName } from './transport.ts';

const views = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(import.meta.dirname, 'views')), {
  autoescape: true,
  trimBlocks: true,
  lstripBlocks: true,
  throwOnUndefined: false,
});

export interface PortalKeys {
  /** Signs the CSRF tokens. */
  csrf: Uint8Array;
  /** Signs the cookie listing a payer's payment attempts. */
  payments: Uint8Array;
}

const COOKIE = { csrf: '__Host-cassa-csrf', payments: '__Host-cassa-payments', lang: '__Host-cassa-lang' } as const;
const ONE_YEAR = 365 * 24 * 3600;

const mac = (key: Uint8Array, value: string) => createHmac('sha256', key).update(value).digest('base64url');
const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The cookies of a request, by their `__Host-` name (first value wins): over plain HTTP on the network
 * the unprefixed ones stand in for them, and only there (transport.ts).
 */
export function cookies(request: FastifyRequest): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = trustedCookieName(request, part.slice(0, at).trim());
    if (name !== undefined && !jar.has(name)) jar.set(name, decodeURIComponent(part.slice(at + 1).trim()));
  }
  return jar;
}

/** A Set-Cookie value: __Host- (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax. */
function cookie(name: string, value: string, maxAgeSeconds?: number): string {
  const age = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${encodeURIComponent(value)}; Path=/; Secure; HttpOnly; SameSite=Lax${age}`;
}

/** Adds a cookie to the reply (Fastify appends Set-Cookie headers; it never replaces one). */
function addCookie(reply: FastifyReply, value: string): void {
  reply.header('set-cookie', value);
}

/** Whether this browser has chosen a language already (the cookie). */
export const hasLanguageCookie = (request: FastifyRequest) => cookies(request).has(COOKIE.lang);

/**
 * The visitor's language: ?lang= (remembered in a cookie), else the cookie, else the signed-in
 * citizen's preferred one (then remembered too), else Italian.
 */
export function languageOf(request: FastifyRequest, reply: FastifyReply, preferred?: Language): Language {
  const asked = (request.query as { lang?: string } | undefined)?.lang;
  if (asked && (LANGUAGES as readonly string[]).includes(asked)) {
    addCookie(reply, cookie(COOKIE.lang, asked, ONE_YEAR));
    return asked as Language;
  }
  const remembered = cookies(request).get(COOKIE.lang);
  if (remembered && (LANGUAGES as readonly string[]).includes(remembered)) return remembered as Language;
  if (preferred) {
    addCookie(reply, cookie(COOKIE.lang, preferred, ONE_YEAR));
    return preferred;
  }
  return 'it';
}

/** The CSRF token for this visitor's forms, setting the cookie it is bound to when there is none. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, keys: PortalKeys): string {
  let seed = cookies(request).get(COOKIE.csrf);
  if (!seed || !/^[A-Za-z0-9_-]{43}$/.test(seed)) {
    seed = randomBytes(32).toString('base64url');
    addCookie(reply, cookie(COOKIE.csrf, seed));
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
export function csrfValid(request: FastifyRequest, keys: PortalKeys, token: unknown): boolean {
  if (crossSite(request)) return false;
  const seed = cookies(request).get(COOKIE.csrf);
  return typeof token === 'string' && seed !== undefined && sameText(token, mac(keys.csrf, seed));
}

/**
 * This browser's tag for the payment attempts it starts (a keyed hash of its CSRF cookie, which every
 * form it sends carries): only the browser that started an attempt may take it up again.
 */
export function browserTag(request: FastifyRequest, keys: PortalKeys): string | undefined {
  const seed = cookies(request).get(COOKIE.csrf);
  return seed ? mac(keys.payments, `attempt-browser:${seed}`) : undefined;
}

const MAX_REMEMBERED = 10;

/** The payment attempts this browser started (a signed cookie), newest first. */
export function rememberedPayments(request: FastifyRequest, keys: PortalKeys): string[] {
  const raw = cookies(request).get(COOKIE.payments);
  if (!raw) return [];
  const at = raw.lastIndexOf('~');
  if (at < 0) return [];
  const list = raw.slice(0, at);
  if (!sameText(raw.slice(at + 1), mac(keys.payments, list))) return [];
  return list.split('.').filter((id) => /^[0-9a-f-]{36}$/.test(id));
}

/** Adds an attempt to the browser's signed list (so that only this browser sees its result page). */
export function rememberPayment(
  request: FastifyRequest,
  reply: FastifyReply,
  keys: PortalKeys,
  attemptId: string,
): void {
  const ids = [attemptId, ...rememberedPayments(request, keys).filter((id) => id !== attemptId)].slice(
    0,
    MAX_REMEMBERED,
  );
  const list = ids.join('.');
  addCookie(reply, cookie(COOKIE.payments, `${list}~${mac(keys.payments, list)}`, 7 * 24 * 3600));
}

export interface PageOptions {
  status?: number;
  /** Extra origins pages may send forms to or be refreshed towards (none by default). */
  noStore?: boolean;
  /** Where the language switch leads, when not this page again (a sign-in callback works once). */
  languagePath?: string;
}

/**
 * Renders a page with the security headers: a CSP whose only script is Bootstrap Italia's bundle
 * from this origin, run with this response's nonce; no inline style or script otherwise.
 */
export function page(
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  model: Record<string, unknown>,
  options: PageOptions = {},
) {
  const nonce = randomBytes(16).toString('base64');
  const lang = (model.lang as Language | undefined) ?? 'it';
  const [here, query = ''] = request.url.split('?') as [string, string?];
  const path = options.languagePath ?? here;
  // The language switch keeps the page's other parameters (a month of the calendar, a filter).
  const kept = new URLSearchParams(options.languagePath ? '' : query);
  kept.delete('lang');
  const rest = kept.toString();
  const html = views.render(view, {
    ...model,
    t: textsFor(lang),
    lang,
    nonce,
    path,
    insecureConnection: plainHttpOnNetwork(request),
    languageLinks: languageLinks(lang, model.offersGerman === true),
    langQuery: rest ? `${rest}&` : '',
  });
  return reply
    .status(options.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    )
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=()')
    .header('cache-control', options.noStore === false ? 'public, max-age=300' : 'no-store')
    .send(html);
}
