// What the operators, roles and audit pages share: dates in Europe/Rome, a role's name in the page's
// language (the shipped ones are translated by key), a role's grants in words, the look-ups of an
// entity's operator and role (another entity's is the same 404 as a missing one), and the check a
// sensitive act's POST makes of the session's freshness (stale: to /console/conferma and back).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { AppError } from '../../../shared/errors.ts';
import { EVERY_SERVICE } from '../../../shared/principal.ts';
import type { Catalogue } from '../../catalogue/catalogue.service.ts';
import { requireFresh } from '../../operators/operator-sessions.ts';
import type { OperatorsModule } from '../../operators/operators.module.ts';
import type { Role } from '../../operators/roles.ts';
import { confirmThenBack, type OperatorAt } from '../gate.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts } from '../texts.ts';

/** What the operators, roles and audit pages use. */
export interface PeopleDeps {
  db: Kysely<Schema>;
  clock: Clock;
  operators: Pick<OperatorsModule, 'accounts' | 'roles' | 'invitations'>;
  catalogue: Pick<Catalogue, 'list'>;
}

/** A date and time as the console shows them (Europe/Rome). */
export const when = (at: Date, lang: string) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
    timeZone: 'Europe/Rome',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);

/** The operators pages' root at the entity. */
export const operatorsUrl = (at: OperatorAt) => `${entityRoot(at.at.fiscalCode)}/operatori`;

/** A role's name in the page's language: the shipped roles by their key, the entity's as written. */
export const roleName = (role: Pick<Role, 'builtin' | 'name'>, t: ConsoleTexts) =>
  role.builtin ? t[`people_role_${role.builtin}`] : role.name;

/** A role's grants in words: "Posizioni debitorie: modifica; Pagamenti: consultazione". */
export const grantsText = (role: Pick<Role, 'grants'>, t: ConsoleTexts) =>
  role.grants.map((g) => `${t[`area_${g.area}`]}: ${t[`access_${g.access}`]}`).join('; ');

/** The services a role is limited to, by their titles (ids no longer in the catalogue as they are). */
export const servicesText = (role: Pick<Role, 'services'>, t: ConsoleTexts, titles: Map<string, string>) =>
  role.services === EVERY_SERVICE ? t.people_allServices : role.services.map((s) => titles.get(s) ?? s).join(', ');

/** The entity's operator with this id, or undefined (another entity's too). */
export async function operatorAt(ops: Pick<OperatorsModule, 'accounts'>, at: OperatorAt, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  try {
    const operator = await ops.accounts.get(id);
    return operator.entityId === at.at.id ? operator : undefined;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** The entity's own role (not a shipped one) with this id, or undefined. */
export async function customRoleAt(ops: Pick<OperatorsModule, 'roles'>, at: OperatorAt, id: string) {
  return (await ops.roles.list(at.at.id)).find((r) => r.id === id && r.entityId === at.at.id);
}

/**
 * Whether the session proved who the operator is recently enough for a sensitive act; if not, the
 * reply goes to the confirmation page, which brings them back to `formUrl` (the POST is not done).
 */
export function freshOrConfirm(at: OperatorAt, now: Date, reply: FastifyReply, formUrl: string): boolean {
  try {
    requireFresh(at.session, now);
    return true;
  } catch {
    reply.redirect(confirmThenBack(formUrl), 303);
    return false;
  }
}

/**
 * The ids a form's checkboxes chose: each box is its own field `<prefix><id>` (the console's form
 * parser keeps one value per name).
 */
export const chosenIds = (form: Record<string, unknown>, prefix: string): string[] =>
  Object.keys(form)
    .filter((name) => name.startsWith(prefix) && form[name] !== undefined && form[name] !== '')
    .map((name) => name.slice(prefix.length));

/** The page the request came from, without its query (a form's own address). */
export const pathOf = (request: FastifyRequest) => request.url.split('?')[0]!;
