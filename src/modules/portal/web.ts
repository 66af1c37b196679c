// The portal's use of the shared web kit (src/http/web): its views (this folder's views/, then the
// shared frame's), its texts and languages, and the keys of its signed cookies.
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookies } from '../../http/web/cookies.ts';
import { CSRF_COOKIE, type CsrfKeys } from '../../http/web/csrf.ts';
import { chooseLanguage } from '../../http/web/language.ts';
import { pageRenderer } from '../../http/web/page.ts';
import { mac } from '../../http/web/signing.ts';
import { viewEngine } from '../../http/web/views.ts';
import { languageLinks } from './texts/languages.ts';
import { LANGUAGES, type Language, textsFor } from './texts.ts';

export interface PortalKeys extends CsrfKeys {
  /** Signs the cookie listing a payer's payment attempts. */
  payments: Uint8Array;
}

/** Renders a portal page in the shared frame, with the page security headers (http/web/page.ts). */
export const page = pageRenderer({
  views: viewEngine([join(import.meta.dirname, 'views')]),
  texts: textsFor,
  defaultLanguage: LANGUAGES[0],
  // German where the body prints its notices in Italian and German (ADR 0034).
  languageLinks: (lang, model) => languageLinks(lang, model.offersGerman === true),
});

/**
 * The visitor's language: ?lang= (remembered in a cookie), else the cookie, else the signed-in
 * citizen's preferred one (then remembered too), else Italian.
 */
export const languageOf = (request: FastifyRequest, reply: FastifyReply, preferred?: Language): Language =>
  chooseLanguage(request, reply, LANGUAGES, preferred);

/**
 * This browser's tag for the payment attempts it starts (a keyed hash of its CSRF cookie, which every
 * form it sends carries): only the browser that started an attempt may take it up again (ADR 0034).
 */
export function browserTag(request: FastifyRequest, keys: PortalKeys): string | undefined {
  const seed = cookies(request).get(CSRF_COOKIE);
  return seed ? mac(keys.payments, `attempt-browser:${seed}`) : undefined;
}
