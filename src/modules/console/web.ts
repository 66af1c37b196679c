// The console's use of the shared web kit (src/http/web): its views (this folder's views/, then the
// shared frame's), its texts and languages, its own CSRF key and cookie (a portal token is no console
// token), and the cookie naming the operator's session.
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { appSecret } from '../../db/app-secrets.ts';
import type { Schema } from '../../db/schema.ts';
import { addCookie, cookies, hostCookie } from '../../http/web/cookies.ts';
import { type CsrfKeys, csrfToken, csrfValid } from '../../http/web/csrf.ts';
import { chooseLanguage } from '../../http/web/language.ts';
import { pageRenderer } from '../../http/web/page.ts';
import { viewEngine } from '../../http/web/views.ts';
import { consoleTexts, LANGUAGES, type Language } from './texts.ts';

/** The cookie naming an operator's session (only its SHA-256 is stored: operator-sessions.ts). */
export const CONSOLE_SESSION_COOKIE = '__Host-cassa-console';
const CONSOLE_CSRF_COOKIE = '__Host-cassa-console-csrf';

/** The operator's session cookie: `__Host-`, HttpOnly, SameSite=Lax, for the browser's session. */
export const sessionCookie = (token: string) => hostCookie(CONSOLE_SESSION_COOKIE, token);
export const clearedSessionCookie = hostCookie(CONSOLE_SESSION_COOKIE, '', 0);

/** The session token this browser sends, if any. */
export const sessionToken = (request: FastifyRequest) => cookies(request).get(CONSOLE_SESSION_COOKIE);

/** Sets (or clears, with '') the operator's session cookie on the reply. */
export const setSession = (reply: FastifyReply, token: string) =>
  addCookie(reply, token ? sessionCookie(token) : clearedSessionCookie);

/** The key that signs the console's CSRF tokens (src/db/app-secrets.ts keeps it). */
export const consoleKeys = async (db: Kysely<Schema>): Promise<CsrfKeys> => ({
  csrf: await appSecret(db, 'console.csrf'),
});

/** The CSRF token of the console's forms for this browser (setting its cookie when needed). */
export const consoleCsrf = (request: FastifyRequest, reply: FastifyReply, keys: CsrfKeys) =>
  csrfToken(request, reply, keys, CONSOLE_CSRF_COOKIE);

/** Whether a console form carries this browser's token and came from this site. */
export const consoleCsrfValid = (request: FastifyRequest, keys: CsrfKeys, token: unknown) =>
  csrfValid(request, keys, token, CONSOLE_CSRF_COOKIE);

/** Renders a console page in the shared frame, with the page security headers (http/web/page.ts). */
export const page = pageRenderer<Language>({
  views: viewEngine([join(import.meta.dirname, 'views')]),
  texts: consoleTexts,
  defaultLanguage: LANGUAGES[0],
  languageLinks: (lang) =>
    lang === 'it'
      ? [{ code: 'en', name: 'English', label: 'Read in English' }]
      : [{ code: 'it', name: 'Italiano', label: 'Leggi in italiano' }],
});

/** The visitor's language: ?lang= (remembered in a cookie), else the cookie, else Italian. */
export const languageOf = (request: FastifyRequest, reply: FastifyReply): Language =>
  chooseLanguage(request, reply, LANGUAGES);
