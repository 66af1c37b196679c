// The frame of every console page: the model every view gets (language, texts, the sandbox banner,
// the signed-in operator and their entity in the header), the message pages (expired form, too many
// attempts, not found), and a form page with the GOV.UK error summary and each message at its field.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CsrfKeys } from '../../http/web/csrf.ts';
import type { Entity } from '../entities/entity.ts';
import type { Operator } from '../operators/operator.ts';
import { sectionsFor, sectionUrl } from './sections.ts';
import { signedInOf } from './signed-in.ts';
import { type ConsoleTexts, consoleTexts, type Language, type TextKey } from './texts.ts';
import { consoleCsrf, languageOf, page } from './web.ts';

/** A problem of a form at one of its fields (the summary links to the field by its id). */
export interface FieldError {
  field: string;
  message: string;
}

export type MessageKind =
  | 'expiredForm'
  | 'tooMany'
  | 'notFound'
  | 'forbidden'
  | 'invitationInvalid'
  | 'serverError'
  | 'unavailable'
  | 'badRequest'
  | 'oidcRefused'
  | 'oidcUnavailable';

/** Who is signed in, for the header and the navigation (none on the sign-in pages). */
export interface SignedIn {
  operator: Operator;
  entity: Entity | undefined;
}

/** The navigation's links: the entity's sections the operator reaches (sections.ts). */
function navigation(request: FastifyRequest, lang: Language) {
  const active = signedInOf(request);
  const entity = active?.at ?? active?.entity;
  if (!active || !entity) return [];
  const t = consoleTexts(lang);
  const path = request.url.split('?')[0];
  return sectionsFor(active.principal, entity.id).map((section) => {
    const href = sectionUrl(entity.fiscalCode, section);
    const current = section.path === '' ? path === href : path === href || path?.startsWith(`${href}/`);
    return { href, label: t[section.label], current };
  });
}

export type ConsolePages = ReturnType<typeof consolePages>;

export function consolePages(options: { keys: CsrfKeys; sandbox: boolean }) {
  const { keys } = options;

  // Looked up once per request: a second CSRF cookie would not match the token already on the page.
  const ofRequest = new WeakMap<FastifyRequest, { lang: Language; csrf: string }>();

  function base(request: FastifyRequest, reply: FastifyReply, given?: SignedIn) {
    let known = ofRequest.get(request);
    if (!known) {
      known = { lang: languageOf(request, reply), csrf: consoleCsrf(request, reply, keys) };
      ofRequest.set(request, known);
    }
    const { lang, csrf } = known;
    const active = signedInOf(request);
    const signedIn = given ?? (active && { operator: active.operator, entity: active.at ?? active.entity });
    return {
      lang,
      t: consoleTexts(lang),
      sandbox: options.sandbox,
      csrf,
      ...(signedIn && {
        operator: { name: signedIn.operator.displayName, email: signedIn.operator.email },
        entityName: signedIn.entity?.name,
        nav: navigation(request, lang),
      }),
    };
  }

  /**
   * A page with its heading (a text, or one made from the page's texts) and a form's problems: the
   * error summary on top, each message at its field. Status: `options.status`, else 400 with
   * problems and 200 without.
   */
  function headedPage(
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    heading: string | ((t: ConsoleTexts) => string),
    model: Record<string, unknown>,
    errors: FieldError[] = [],
    options: { status?: number; languagePath?: string | undefined } = {},
  ) {
    const m = base(request, reply);
    const text = typeof heading === 'string' ? heading : heading(m.t);
    const fieldErrors = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    return page(
      request,
      reply,
      view,
      {
        ...m,
        heading: text,
        ...model,
        title: errors.length ? `${m.t.errorSummaryTitle}: ${text}` : text,
        errors,
        fieldErrors,
      },
      {
        status: options.status ?? (errors.length ? 400 : 200),
        ...(options.languagePath && { languagePath: options.languagePath }),
      },
    );
  }

  /** A form's page again with its problems: the summary on top, each message at its field. */
  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    model: Record<string, unknown> & { titleKey: TextKey },
    errors: FieldError[] = [],
    status = 200,
  ) {
    return headedPage(request, reply, view, (t) => t[model.titleKey], model, errors, {
      status: errors.length ? status : 200,
    });
  }

  function message(request: FastifyRequest, reply: FastifyReply, status: number, kind: MessageKind, minutes = 15) {
    const m = base(request, reply);
    const { t } = m;
    const [heading, text] = {
      expiredForm: [t.expiredFormTitle, t.expiredFormText],
      tooMany: [t.tooManyTitle, t.tooManyText.replace('{minutes}', String(minutes))],
      notFound: [t.notFoundTitle, t.notFoundText],
      forbidden: [t.forbiddenTitle, t.forbiddenText],
      invitationInvalid: [t.invitationInvalidTitle, t.invitationInvalidText],
      serverError: [t.account_errorTitle, t.account_errorText],
      unavailable: [t.account_unavailableTitle, t.account_unavailableText],
      badRequest: [t.account_badRequestTitle, t.account_badRequestText],
      oidcRefused: [t.account_oidcRefusedTitle, t.account_oidcRefusedText],
      oidcUnavailable: [t.account_oidcUnavailableTitle, t.account_oidcUnavailableText],
    }[kind];
    return page(request, reply, 'message.njk', { ...m, title: heading, heading, text }, { status });
  }

  return { keys, base, headedPage, formPage, message };
}
