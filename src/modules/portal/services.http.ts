// Spontaneous payments on the portal: an entity's catalogue of services (public), the form of one
// (for a signed-in citizen, who becomes the debtor), and the page after sending it, with "pay now"
// and the notice to download. A form carries a key of its own, so sending it twice makes one position.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptForms } from '../../http/forms.ts';
import { cookies } from '../../http/web/cookies.ts';
import { csrfValid } from '../../http/web/csrf.ts';
import { formatItalianDate, type IsoDate } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { formatEuro } from '../../shared/money.ts';
import { AMOUNT_INPUT, type AnswerProblem, checkAnswers, inputName } from '../catalogue/answers.ts';
import type { Catalogue } from '../catalogue/catalogue.service.ts';
import { isRequestKey } from '../catalogue/requests.service.ts';
import type { CatalogueService, ServiceField } from '../catalogue/service.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { citizenActor } from '../identity/citizen-actor.ts';
import { SESSION_COOKIE } from '../identity/session-cookie.ts';
import type { CitizenSession, SessionsService } from '../identity/sessions.service.ts';
import { citizenGate } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import type { Language, TextKey } from './texts.ts';
import { page } from './web.ts';

export interface ServicesPortalDeps {
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  sessions: Pick<SessionsService, 'resolve'>;
  catalogue: Pick<Catalogue, 'offered' | 'offeredOne' | 'request' | 'requestedPosition'>;
}

type Texts = Record<TextKey, string>;
type Params = { fiscalCode: string; id: string };

const fill = (text: string, values: Record<string, string | number | undefined>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));

const PROBLEM_TEXT: Record<AnswerProblem['code'], TextKey> = {
  required: 'answerRequired',
  tooShort: 'answerTooShort',
  tooLong: 'answerTooLong',
  pattern: 'answerPattern',
  notWhole: 'answerNotWhole',
  belowMin: 'answerBelowMin',
  aboveMax: 'answerAboveMax',
  notDate: 'answerNotDate',
  beforeMin: 'answerBeforeMin',
  afterMax: 'answerAfterMax',
  notChoice: 'answerNotChoice',
  amountRequired: 'amountRequired',
  amountFormat: 'amountFormat',
  amountBelowMin: 'amountBelowMin',
  amountAboveMax: 'amountAboveMax',
};

/** An entity-supplied text in the visitor's language: the English one when given, else the Italian. */
const local = (lang: Language, it: string, en: string | undefined) => (lang === 'en' && en ? en : it);

export function registerServicesPortalRoutes(app: FastifyInstance, deps: ServicesPortalDeps, portal: PortalPages) {
  const { keys, base, message } = portal;
  const gate = citizenGate(deps, portal);

  app.register(async (scope) => {
    acceptForms(scope);
    routes(scope);
  });

  function amountText(service: CatalogueService, t: Texts, lang: Language) {
    const rule = service.amount;
    return rule.type === 'fixed'
      ? formatEuro(rule.cents, lang)
      : fill(t.serviceAmountRange, { min: formatEuro(rule.minCents, lang), max: formatEuro(rule.maxCents, lang) });
  }

  function summaryView(service: CatalogueService, entity: Entity, lang: Language, t: Texts) {
    return {
      id: service.id,
      title: local(lang, service.title, service.titleEn),
      description: local(lang, service.description, service.descriptionEn),
      amount: amountText(service, t, lang),
      href: `/e/${entity.fiscalCode}/servizi/${service.id}`,
    };
  }

  function fieldView(field: ServiceField, lang: Language, t: Texts, typed: string, error?: string) {
    const label = local(lang, field.label, field.labelEn);
    const hints = [field.hint && local(lang, field.hint, field.hintEn)];
    if (field.type === 'date') hints.push(t.serviceDateHint);
    if (field.type === 'number') hints.push(t.serviceNumberHint);
    const hint = hints.filter(Boolean).join(' ');
    const name = inputName(field);
    return {
      type: field.type,
      name,
      label,
      optional: !field.required,
      hint,
      value: typed,
      error,
      describedBy: [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' '),
      options:
        field.type === 'choice'
          ? field.options.map((o, i) => ({
              id: `${name}-${i}`,
              value: o.value,
              label: local(lang, o.label, o.labelEn),
              checked: o.value === typed,
            }))
          : undefined,
    };
  }

  /** The form page: blank, or with what was typed and the problems found. */
  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    entity: Entity,
    service: CatalogueService,
    session: CitizenSession,
    state: { requestKey: string; typed: Record<string, string>; problems: AnswerProblem[] },
  ) {
    const model = gate.model(request, reply, session, entity);
    const { t, lang } = model;
    const rule = service.amount;
    // The amount's bounds in the page's language (the catalogue words them in Italian).
    const amountBounds =
      rule.type === 'range' ? { min: formatEuro(rule.minCents, lang), max: formatEuro(rule.maxCents, lang) } : {};
    const words = (p: AnswerProblem) =>
      fill(t[PROBLEM_TEXT[p.code]], {
        label: p.field ? local(lang, p.field.label, p.field.labelEn) : t.serviceAmountLabel,
        ...(p.field ? { min: p.min, max: p.max } : { min: amountBounds.min ?? p.min, max: amountBounds.max ?? p.max }),
      });
    const errorOf = new Map(state.problems.map((p) => [p.field ? inputName(p.field) : AMOUNT_INPUT, words(p)]));
    const title = local(lang, service.title, service.titleEn);
    return page(
      request,
      reply,
      'service-form.njk',
      {
        ...model,
        title: state.problems.length > 0 ? `${t.errorSummaryTitle}: ${title}` : title,
        entity,
        service: summaryView(service, entity, lang, t),
        action: `/e/${entity.fiscalCode}/servizi/${service.id}`,
        requestKey: state.requestKey,
        debtor: `${session.fullName ?? session.fiscalCode} (${session.fiscalCode})`,
        due: fill(t.serviceDueDays, { days: service.dueInDays }),
        fixedAmount: rule.type === 'fixed' ? formatEuro(rule.cents, lang) : undefined,
        amountInput:
          rule.type === 'range'
            ? {
                value: state.typed[AMOUNT_INPUT] ?? '',
                hint: fill(t.serviceAmountHint, amountBounds),
                error: errorOf.get(AMOUNT_INPUT),
              }
            : undefined,
        fields: service.fields.map((f) =>
          fieldView(f, lang, t, state.typed[inputName(f)] ?? '', errorOf.get(inputName(f))),
        ),
        errors: state.problems.map((p) => ({ field: p.input, message: words(p) })),
      },
      { status: state.problems.length > 0 ? 400 : 200 },
    );
  }

  function routes(app: FastifyInstance) {
    const html = { hide: true } as const;

    app.get<{ Params: { fiscalCode: string } }>('/e/:fiscalCode/servizi', { schema: html }, async (request, reply) => {
      const entity = await gate.entityOf(request.params.fiscalCode);
      if (!entity) return message(request, reply, 404, 'notFound');
      // Public; a signed-in citizen keeps their header and menu.
      const session = await deps.sessions.resolve(cookies(request).get(SESSION_COOKIE));
      const model = session ? gate.model(request, reply, session, entity) : base(request, reply, entity);
      const services = await deps.catalogue.offered(entity);
      return page(request, reply, 'services.njk', {
        ...model,
        title: model.t.servicesTitle,
        entity,
        signedIn: session !== undefined,
        services: services.map((s) => summaryView(s, entity, model.lang, model.t)),
      });
    });

    app.get<{ Params: Params }>('/e/:fiscalCode/servizi/:id', { schema: html }, async (request, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const service = await deps.catalogue.offeredOne(who.entity, request.params.id);
      if (!service) return message(request, reply, 404, 'notFound', who.entity);
      return formPage(request, reply, who.entity, service, who.session, {
        requestKey: uuidv7(),
        typed: {},
        problems: [],
      });
    });

    app.post<{ Params: Params; Body: Record<string, string | undefined> }>(
      '/e/:fiscalCode/servizi/:id',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        const body = request.body ?? {};
        if (!csrfValid(request, keys, body._csrf)) return message(request, reply, 400, 'expiredForm', entity);
        const service = await deps.catalogue.offeredOne(entity, request.params.id);
        if (!service) return message(request, reply, 404, 'notFound', entity);
        const requestKey = body.requestKey;
        if (!isRequestKey(requestKey)) return message(request, reply, 400, 'expiredForm', entity);
        const checked = checkAnswers(service, body);
        if (checked.problems.length > 0 || checked.amountCents === null) {
          const typed = Object.fromEntries(
            [AMOUNT_INPUT, ...service.fields.map(inputName)].map((name) => [name, String(body[name] ?? '')]),
          );
          return formPage(request, reply, entity, service, session, { requestKey, typed, problems: checked.problems });
        }
        try {
          await deps.catalogue.request(
            entity,
            service,
            session,
            requestKey,
            { values: checked.values, readable: checked.readable, amountCents: checked.amountCents },
            citizenActor(request, session),
          );
        } catch (error) {
          // A key someone else's request used: not this citizen's to see.
          if (error instanceof AppError && error.code === 'NOT_FOUND') {
            return message(request, reply, 400, 'expiredForm', entity);
          }
          throw error;
        }
        return reply.redirect(`/e/${entity.fiscalCode}/servizi/${service.id}/richieste/${requestKey}`, 303);
      },
    );

    app.get<{ Params: Params & { key: string } }>(
      '/e/:fiscalCode/servizi/:id/richieste/:key',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        const { id, key } = request.params;
        const position = await deps.catalogue.requestedPosition(entity, id, key, session.fiscalCode);
        const installment = position?.options[0]?.installments[0];
        if (!position || !installment) return message(request, reply, 404, 'notFound', entity);
        const model = gate.model(request, reply, session, entity);
        const paid = installment.status !== 'UNPAID';
        return page(request, reply, 'service-done.njk', {
          ...model,
          title: model.t.serviceDoneTitle,
          entity,
          notice: {
            nav: installment.nav,
            navFormatted: formatNoticeNumber(installment.nav),
            description: installment.description,
            remittance: installment.transfers[0]?.remittanceInformation,
            amount: formatEuro(installment.amountCents, model.lang),
            dueDate: formatItalianDate(installment.dueDate as IsoDate),
          },
          payable: !paid && (position.status === 'VALID' || position.status === 'PARTIALLY_PAID'),
          paid,
        });
      },
    );
  }
}
