// Who is asking, and what they may do: the one permission model of Cassa. Every caller — a back
// office's API key, the installation's admin credential, an operator of the console, a signed-in
// citizen, the command line, a background job — is a Principal holding grants; services ask
// `authorize` before they act. A grant is a scope (an entity, or every entity; all of its services or
// some) × an area × read or write (write includes read).
import { AppError, notFound } from './errors.ts';

/** What a grant opens, the areas of the entity's work. */
export const AREAS = [
  'positions',
  'payments',
  'reconciliation',
  'catalogue',
  'messages',
  'settings',
  'operators',
  'audit',
] as const;
export type Area = (typeof AREAS)[number];

export type Access = 'read' | 'write';

export const EVERY_ENTITY = '*';
export const EVERY_SERVICE = '*';

/** One permission: `access` to `area` at `entityId` (or every entity), for all or some services. */
export interface Grant {
  readonly entityId: string | typeof EVERY_ENTITY;
  /** Catalogue service codes (or categories) the grant covers; `*` for all of them. */
  readonly services: typeof EVERY_SERVICE | readonly string[];
  readonly area: Area;
  readonly access: Access;
}

export type PrincipalKind = 'apikey' | 'admin' | 'operator' | 'citizen' | 'cli' | 'job';

export interface Principal {
  readonly kind: PrincipalKind;
  /** The audit actor: `apikey:<id>`, `admin:<prefix>`, `operator:<id>`, `citizen:<cf>`, `cli:<user>`, `job:<name>`. */
  readonly id: string;
  readonly grants: readonly Grant[];
}

/** What an act needs. `service` narrows it to one catalogue service (or category). */
export interface Need {
  readonly entityId: string;
  readonly area: Area;
  readonly access: Access;
  readonly service?: string | undefined;
}

const coversEntity = (grant: Grant, entityId: string) => grant.entityId === EVERY_ENTITY || grant.entityId === entityId;

const coversService = (grant: Grant, service: string | undefined) =>
  grant.services === EVERY_SERVICE || (service !== undefined && grant.services.includes(service));

const coversAccess = (grant: Grant, access: Access) => grant.access === 'write' || access === 'read';

/** Whether the principal may do what `need` describes. */
export function allows(principal: Principal, need: Need): boolean {
  return principal.grants.some(
    (grant) =>
      coversEntity(grant, need.entityId) &&
      grant.area === need.area &&
      coversAccess(grant, need.access) &&
      coversService(grant, need.service),
  );
}

/** Whether the principal holds any grant at the entity: one that does not is not told it exists. */
export function seesEntity(principal: Principal, entityId: string): boolean {
  return principal.grants.some((grant) => coversEntity(grant, entityId));
}

/**
 * Throws unless the principal may do what `need` describes: NOT_FOUND when it holds nothing at the
 * entity (the same answer as for data that does not exist), FORBIDDEN when it sees the entity but
 * not this area, access or service.
 */
export function authorize(principal: Principal, need: Need): void {
  if (allows(principal, need)) return;
  if (!seesEntity(principal, need.entityId)) throw notFound();
  throw new AppError('FORBIDDEN', `Not allowed: ${need.access} access to ${need.area}`);
}

/** Every area with the same access at one entity (or every entity), all services. */
export function grantsFor(entityId: string, access: Access, areas: readonly Area[] = AREAS): Grant[] {
  return areas.map((area) => ({ entityId, services: EVERY_SERVICE, area, access }));
}

/** The command line and Cassa's own jobs: the machine's operator, every entity, every area. */
export const systemPrincipal = (kind: 'cli' | 'job', id: string): Principal => ({
  kind,
  id,
  grants: grantsFor(EVERY_ENTITY, 'write'),
});
