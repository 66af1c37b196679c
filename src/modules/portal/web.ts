// The portal's use of the shared web kit (src/http/web): its views (this folder's views/, then the
// shared frame's), its texts and languages, and the keys of its signed cookies.
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CsrfKeys } from '../../http/web/csrf.ts';
import { chooseLanguage } from '../../http/web/language.ts';
import { pageRenderer } from '../../http/web/page.ts';
import { viewEngine } from '../../http/web/views.ts';
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
});

/**
 * The visitor's language: ?lang= (remembered in a cookie), else the cookie, else the signed-in
 * citizen's preferred one (then remembered too), else Italian.
 */
export const languageOf = (request: FastifyRequest, reply: FastifyReply, preferred?: Language): Language =>
  chooseLanguage(request, reply, LANGUAGES, preferred);
