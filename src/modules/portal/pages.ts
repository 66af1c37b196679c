// The frame of every portal page: the model every view gets (language, texts, the sandbox banner,
// the entity), and the message pages — not found, error, expired form, too many attempts — which
// are also the app's error pages for browsers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookies } from '../../http/web/cookies.ts';
import { csrfToken } from '../../http/web/csrf.ts';
import { hasLanguageCookie } from '../../http/web/language.ts';
import type { Entity } from '../entities/entity.ts';
import { SESSION_COOKIE } from '../identity/session-cookie.ts';
import type { CitizenSession, SessionsService } from '../identity/sessions.service.ts';
import { type Language, textsFor } from './texts.ts';
import { languageOf, type PortalKeys, page } from './web.ts';

export type MessageKind = 'notFound' | 'error' | 'expiredForm' | 'tooMany' | 'unavailable';

export type PortalPages = ReturnType<typeof portalPages>;

export function portalPages(options: {
  keys: PortalKeys;
  sandbox: boolean;
  sessions: Pick<SessionsService, 'resolve'>;
  /** The language a citizen chose in their profile, for a browser that has not chosen one. */
  preferredLanguage?: (fiscalCode: string) => Promise<Language | undefined>;
}) {
  const preferredOfRequest = new WeakMap<FastifyRequest, Language>();
  // The session of each request, looked up once (by the hook below, before any page is built).
  const sessionOfRequest = new WeakMap<FastifyRequest, CitizenSession | null>();

  /** The citizen signed in on this browser, if any; looked up once per request. */
  async function sessionOf(request: FastifyRequest): Promise<CitizenSession | undefined> {
    if (!sessionOfRequest.has(request)) {
      sessionOfRequest.set(request, (await options.sessions.resolve(cookies(request).get(SESSION_COOKIE))) ?? null);
    }
    return sessionOfRequest.get(request) ?? undefined;
  }

  function base(request: FastifyRequest, reply: FastifyReply, entity?: Entity) {
    const lang = languageOf(request, reply, preferredOfRequest.get(request));
    const session = sessionOfRequest.get(request);
    return {
      lang,
      t: textsFor(lang),
      sandbox: options.sandbox,
      entityName: entity?.name,
      homeHref: entity ? `/e/${entity.fiscalCode}` : '/',
      entityHome: entity ? `/e/${entity.fiscalCode}` : undefined,
      // Pages off the entity's URLs (the profile) carry it as ?ente= to keep its navigation.
      entityFiscalCode: entity?.fiscalCode,
      // German is offered where the body prints its notices in Italian and German (ADR 0034).
      offersGerman: entity?.noticeLanguage === 'it-de',
      // Signed in: the header says who, with the way out, on every page (anonymous ones too).
      ...(session && {
        citizen: { name: session.fullName ?? session.fiscalCode, fiscalCode: session.fiscalCode },
        csrf: csrfToken(request, reply, options.keys),
      }),
    };
  }

  function message(request: FastifyRequest, reply: FastifyReply, status: number, kind: MessageKind, entity?: Entity) {
    const model = base(request, reply, entity);
    const { t } = model;
    const [heading, text] = {
      notFound: [t.notFoundTitle, t.notFoundText],
      error: [t.errorTitle, t.errorText],
      expiredForm: [t.expiredFormTitle, t.expiredFormText],
      tooMany: [t.tooManyTitle, t.tooManyText],
      unavailable: [t.unavailableTitle, t.unavailableText],
    }[kind];
    return page(request, reply, 'message.njk', { ...model, title: heading, heading, text }, { status });
  }

  return {
    keys: options.keys,
    sandbox: options.sandbox,
    sessionOf,
    /** For a Fastify hook: looks the session up when the browser sends the cookie (API calls never do). */
    async findSession(request: FastifyRequest): Promise<void> {
      if (!cookies(request).has(SESSION_COOKIE)) return;
      const session = await sessionOf(request);
      if (session && options.preferredLanguage && !hasLanguageCookie(request)) {
        const preferred = await options.preferredLanguage(session.fiscalCode);
        if (preferred) preferredOfRequest.set(request, preferred);
      }
    },
    base,
    message,
    /** The app's error pages for browsers (see http/errors.ts). */
    errorPage: (request: FastifyRequest, reply: FastifyReply, status: 404 | 429 | 500 | 503) =>
      message(
        request,
        reply,
        status,
        ({ 404: 'notFound', 429: 'tooMany', 500: 'error', 503: 'unavailable' } as const)[status],
      ),
  };
}
