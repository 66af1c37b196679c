// The citizen's profile pages: /profilo with the contact e-mail, the mobile number (each confirmed
// by a one-time code) and the language; /profilo/messaggi-di-prova, the test outbox, where codes
// go in the sandbox. Every form needs the session and the page's CSRF token; bad input is the page
// again with an error summary, the values kept, status 400, nothing changed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptForms } from '../../../http/forms.ts';
import { cookies } from '../../../http/web/cookies.ts';
import { csrfValid } from '../../../http/web/csrf.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import { citizenActor } from '../../identity/citizen-actor.ts';
import { SESSION_COOKIE } from '../../identity/session-cookie.ts';
import type { CitizenSession, SessionsService } from '../../identity/sessions.service.ts';
import { citizenGate } from '../citizen.ts';
import type { PortalPages } from '../pages.ts';
import { LANGUAGES, type Language, type TextKey } from '../texts.ts';
import { page } from '../web.ts';
import { type ContactError, normalizeEmail, normalizeMobile } from './contacts.ts';
import type { Channel, ConfirmOutcome, Profile, ProfilesService, RequestOutcome } from './profile.service.ts';

export interface ProfileDeps {
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  sessions: Pick<SessionsService, 'resolve'>;
  profiles: ProfilesService;
}

/** The two contact channels as the URLs, forms and texts name them. */
const CHANNELS = {
  email: {
    path: 'email',
    field: 'email',
    heading: 'profileEmailHeading',
    label: 'profileEmailLabel',
    hint: 'profileEmailHint',
    remove: 'profileRemoveEmail',
    unavailable: 'profileEmailUnavailable',
    inputType: 'email',
    normalize: normalizeEmail,
    errors: { empty: 'errorEmailEmpty', format: 'errorEmailFormat', tooLong: 'errorEmailTooLong' },
  },
  sms: {
    path: 'cellulare',
    field: 'mobile',
    heading: 'profileMobileHeading',
    label: 'profileMobileLabel',
    hint: 'profileMobileHint',
    remove: 'profileRemoveMobile',
    unavailable: 'profileSmsUnavailable',
    inputType: 'tel',
    normalize: normalizeMobile,
    errors: { empty: 'errorMobileEmpty', format: 'errorMobileFormat', tooLong: 'errorMobileFormat' },
  },
} as const satisfies Record<
  Channel,
  {
    path: string;
    field: string;
    heading: TextKey;
    label: TextKey;
    hint: TextKey;
    remove: TextKey;
    unavailable: TextKey;
    /** The input's type, also its autocomplete token. */
    inputType: 'email' | 'tel';
    normalize: (raw: string) => { value: string } | { error: ContactError };
    errors: Record<ContactError, TextKey>;
  }
>;

const REQUEST_ERRORS: Record<Exclude<RequestOutcome, { sent: true }>['reason'], TextKey> = {
  unavailable: 'errorChannelUnavailable',
  tooSoon: 'errorTooSoon',
  tooMany: 'errorTooMany',
  sameAsConfirmed: 'errorSameAsConfirmed',
  sendFailed: 'errorSendFailed',
};

const CONFIRM_ERRORS: Record<Exclude<ConfirmOutcome, { confirmed: true }>['reason'], TextKey> = {
  none: 'errorCodeNone',
  expired: 'errorCodeExpired',
  exhausted: 'errorCodeExhausted',
  wrong: 'errorCodeWrong',
  format: 'errorCodeFormat',
};

const DONE = {
  email: 'profileDoneEmail',
  sms: 'profileDoneSms',
  lingua: 'profileDoneLanguage',
  rimosso: 'profileDoneRemoved',
  'codice-email': 'profileCodeSent',
  'codice-sms': 'profileCodeSent',
} as const satisfies Record<string, TextKey>;

interface FormState {
  errors: { field: string; message: string }[];
  /** What the citizen typed, per field id, shown again on an error. */
  values: Record<string, string>;
}

const when = (date: Date, lang: Language, part: 'date' | 'time' | 'both') =>
  new Intl.DateTimeFormat({ it: 'it-IT', en: 'en-GB', de: 'de-DE' }[lang], {
    timeZone: 'Europe/Rome',
    ...(part !== 'time' && { day: 'numeric', month: 'long', year: 'numeric' }),
    ...(part !== 'date' && { hour: '2-digit', minute: '2-digit' }),
  }).format(date);

export function registerProfileRoutes(app: FastifyInstance, deps: ProfileDeps, portal: PortalPages) {
  const gate = citizenGate(deps, portal);
  const { profiles } = deps;
  // Fixed at start-up: whether codes here only reach the test outbox (then its page exists).
  const usesTestOutbox = Object.values(profiles.channels).includes('test-outbox');

  app.register(async (scope) => {
    acceptForms(scope);
    routes(scope);
  });

  /** The entity whose pages led here (?ente=, kept by every link and form of the profile), if any. */
  const entityOfQuery = (request: FastifyRequest) => {
    const ente = (request.query as { ente?: string } | undefined)?.ente;
    return ente ? gate.entityOf(ente) : Promise.resolve(undefined);
  };
  /** The profile's URL with `params`, keeping the entity. */
  const profileUrl = async (request: FastifyRequest, params: string) => {
    const entity = await entityOfQuery(request);
    return `/profilo?${params}${entity ? `&ente=${entity.fiscalCode}` : ''}`;
  };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    session: CitizenSession,
    state: FormState = { errors: [], values: {} },
    status = 200,
  ) {
    const entity = await entityOfQuery(request);
    const model = gate.model(request, reply, session, entity);
    const { t, lang } = model;
    const profile: Profile = await profiles.profile(session.fiscalCode);
    const errorOf = (field: string) => state.errors.find((e) => e.field === field)?.message;
    const section = (channel: Channel) => {
      const c = CHANNELS[channel];
      const confirmed = channel === 'email' ? profile.email : profile.mobile;
      const pending = profile.pending[channel];
      return {
        channel,
        path: c.path,
        field: c.field,
        heading: t[c.heading],
        label: t[c.label],
        hint: t[c.hint],
        remove: t[c.remove],
        unavailableText: t[c.unavailable],
        inputType: c.inputType,
        available: profiles.channels[channel] !== undefined,
        testOutbox: profiles.channels[channel] === 'test-outbox',
        confirmed: confirmed && { address: confirmed.address, on: when(confirmed.confirmedAt, lang, 'date') },
        pending: pending && { address: pending.address, until: when(pending.expiresAt, lang, 'time') },
        value: state.values[c.field] ?? '',
        error: errorOf(c.field),
        codeError: errorOf(`${c.field}-code`),
        codeValue: state.values[`${c.field}-code`] ?? '',
      };
    };
    const done = (request.query as { fatto?: string }).fatto;
    const doneKey = done && done in DONE ? DONE[done as keyof typeof DONE] : undefined;
    return page(
      request,
      reply,
      'profile.njk',
      {
        ...model,
        title: state.errors.length > 0 ? `${t.errorSummaryTitle}: ${t.profileTitle}` : t.profileTitle,
        errors: state.errors,
        done: doneKey && t[doneKey],
        doneInOutbox: done?.startsWith('codice-') && profiles.channels[done.slice(7) as Channel] === 'test-outbox',
        sections: [section('email'), section('sms')],
        language: state.values.language ?? profile.language ?? lang,
        languageError: errorOf('language-it'),
        testOutbox: usesTestOutbox,
        enteQuery: entity ? `?ente=${entity.fiscalCode}` : '',
      },
      { status },
    );
  }

  /** The session of a form's sender, checked before the CSRF token; or the answer to send instead. */
  async function signedInForm(request: FastifyRequest<{ Body: { _csrf?: string } }>, reply: FastifyReply) {
    // Not signed in at all: sign in, then come back to the profile page (not to this form's URL).
    if (!cookies(request).get(SESSION_COOKIE)) return { answer: reply.redirect('/accedi?next=%2Fprofilo', 303) };
    const signedIn = await gate.citizen(request, reply);
    if (!signedIn.session) return { answer: signedIn.answer };
    if (!csrfValid(request, portal.keys, request.body?._csrf)) {
      return { answer: portal.message(request, reply, 400, 'expiredForm') };
    }
    return { session: signedIn.session };
  }

  function routes(app: FastifyInstance) {
    const html = { hide: true } as const;

    app.get('/profilo', { schema: html }, async (request, reply) => {
      const signedIn = await gate.citizen(request, reply);
      if (!signedIn.session) return signedIn.answer;
      return render(request, reply, signedIn.session);
    });

    app.get('/profilo/messaggi-di-prova', { schema: html }, async (request, reply) => {
      const signedIn = await gate.citizen(request, reply);
      if (!signedIn.session) return signedIn.answer;
      // Only where the test outbox is what "sending" means: elsewhere this page does not exist.
      if (!usesTestOutbox) return portal.message(request, reply, 404, 'notFound');
      const model = gate.model(request, reply, signedIn.session, await entityOfQuery(request));
      const messages = await profiles.testOutbox(signedIn.session.fiscalCode);
      return page(request, reply, 'test-outbox.njk', {
        ...model,
        title: model.t.testOutboxTitle,
        messages: messages.map((m) => ({
          when: when(m.created_at, model.lang, 'both'),
          to: m.recipient,
          subject: m.subject,
          body: m.body,
        })),
      });
    });

    for (const channel of ['email', 'sms'] as const) {
      const c = CHANNELS[channel];

      app.post<{ Body: Record<string, string | undefined> }>(
        `/profilo/${c.path}`,
        { schema: html },
        async (request, reply) => {
          const form = await signedInForm(request, reply);
          if (!form.session) return form.answer;
          const { t, lang } = portal.base(request, reply);
          const typed = request.body?.[c.field] ?? '';
          const normalized = c.normalize(typed);
          if ('error' in normalized) {
            const state = {
              errors: [{ field: c.field, message: t[c.errors[normalized.error]] }],
              values: { [c.field]: typed },
            };
            return render(request, reply, form.session, state, 400);
          }
          const fiscalCode = form.session.fiscalCode;
          const preferred = (await profiles.confirmedContacts(fiscalCode)).language ?? lang;
          const outcome = await profiles.requestCode(
            fiscalCode,
            channel,
            normalized.value,
            preferred,
            citizenActor(request, form.session),
          );
          if (!outcome.sent) {
            const state = {
              errors: [{ field: c.field, message: t[REQUEST_ERRORS[outcome.reason]] }],
              values: { [c.field]: typed },
            };
            return render(request, reply, form.session, state, outcome.reason === 'sendFailed' ? 502 : 400);
          }
          return reply.redirect(`${await profileUrl(request, `fatto=codice-${channel}`)}#${c.field}-code`, 303);
        },
      );

      app.post<{ Body: Record<string, string | undefined> }>(
        `/profilo/${c.path}/conferma`,
        { schema: html },
        async (request, reply) => {
          const form = await signedInForm(request, reply);
          if (!form.session) return form.answer;
          const { t } = portal.base(request, reply);
          const typed = request.body?.code ?? '';
          const outcome = await profiles.confirmCode(
            form.session.fiscalCode,
            channel,
            typed,
            citizenActor(request, form.session),
          );
          if (!outcome.confirmed) {
            const message =
              outcome.reason === 'wrong'
                ? `${t.errorCodeWrong}${outcome.triesLeft}`
                : t[CONFIRM_ERRORS[outcome.reason]];
            // After "no code", "expired" or "exhausted" the code box is gone: point at the address box.
            const field = ['wrong', 'format'].includes(outcome.reason) ? `${c.field}-code` : c.field;
            const state = { errors: [{ field, message }], values: { [`${c.field}-code`]: typed } };
            return render(request, reply, form.session, state, 400);
          }
          return reply.redirect(await profileUrl(request, `fatto=${channel}`), 303);
        },
      );

      app.post<{ Body: Record<string, string | undefined> }>(
        `/profilo/${c.path}/rimuovi`,
        { schema: html },
        async (request, reply) => {
          const form = await signedInForm(request, reply);
          if (!form.session) return form.answer;
          await profiles.removeContact(form.session.fiscalCode, channel, citizenActor(request, form.session));
          return reply.redirect(await profileUrl(request, 'fatto=rimosso'), 303);
        },
      );
    }

    app.post<{ Body: { language?: string; _csrf?: string } }>(
      '/profilo/lingua',
      { schema: html },
      async (request, reply) => {
        const form = await signedInForm(request, reply);
        if (!form.session) return form.answer;
        const chosen = request.body?.language;
        if (!chosen || !(LANGUAGES as readonly string[]).includes(chosen)) {
          const { t } = portal.base(request, reply);
          return render(
            request,
            reply,
            form.session,
            { errors: [{ field: 'language-it', message: t.errorChooseLanguage }], values: {} },
            400,
          );
        }
        await profiles.setLanguage(form.session.fiscalCode, chosen as Language, citizenActor(request, form.session));
        // ?lang= sets this browser's language cookie (web.ts): the choice applies at once, here.
        return reply.redirect(await profileUrl(request, `lang=${chosen}&fatto=lingua`), 303);
      },
    );
  }
}
