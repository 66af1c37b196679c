// The console's home (issue 12): who is signed in, at which entity, with which roles, and what their
// grants let them do — the principal the gate set, area by area; an installation administrator also
// chooses the body to work on. Behind the operator gate.
import type { FastifyInstance } from 'fastify';
import { EVERY_ENTITY, EVERY_SERVICE, type Grant, seesEntity } from '../../shared/principal.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { OperatorsModule } from '../operators/operators.module.ts';
import type { ConsoleGate } from './gate.ts';
import type { ConsolePages } from './pages.ts';
import { entityRoot } from './sections.ts';
import type { ConsoleTexts } from './texts.ts';
import { page } from './web.ts';

export interface HomeDeps {
  operators: Pick<OperatorsModule, 'accounts'>;
  entities: Pick<EntitiesService, 'list'>;
}

const when = (at: Date, lang: string) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
    timeZone: 'Europe/Rome',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(at);

/** A grant as the home page lists it: the area, the access, and where it holds. */
function grantRow(grant: Grant, t: ConsoleTexts, entityName: string | undefined) {
  const scope = grant.entityId === EVERY_ENTITY ? t.everyEntity : (entityName ?? grant.entityId);
  const services =
    grant.services === EVERY_SERVICE ? t.everyService : `${t.servicesPrefix}${grant.services.join(', ')}`;
  return {
    area: t[`area_${grant.area}`],
    access: t[`access_${grant.access}`],
    scope: `${scope} · ${services}`,
  };
}

export function registerHomeRoutes(app: FastifyInstance, deps: HomeDeps, pages: ConsolePages, gate: ConsoleGate) {
  app.get('/console', { schema: { hide: true }, preHandler: gate.requireOperator }, async (request, reply) => {
    const { operator, entity, session, principal } = gate.operatorOf(request);
    const model = pages.base(request, reply, { operator, entity });
    const { t, lang } = model;
    const { roles } = await deps.operators.accounts.get(operator.id);
    return page(request, reply, 'home.njk', {
      ...model,
      title: t.homeTitle,
      welcome: t.homeIntro.replace('{name}', operator.displayName),
      email: operator.email,
      entity: entity ? { name: entity.name, fiscalCode: entity.fiscalCode } : undefined,
      roles: roles.map((r) => r.name),
      since: t.sessionSince
        .replace('{when}', when(session.createdAt, lang))
        .replace('{until}', when(session.expiresAt, lang)),
      grants: principal.grants.map((g) => grantRow(g, t, entity?.name)),
      // An installation administrator chooses the body to work on (an entity's operator has its
      // sections in the navigation).
      entities: entity
        ? undefined
        : (await deps.entities.list())
            .filter((e) => seesEntity(principal, e.id))
            .map((e) => ({ name: e.name, fiscalCode: e.fiscalCode, href: entityRoot(e.fiscalCode) })),
    });
  });
}
