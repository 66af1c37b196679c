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

export type PrincipalKind = 'apikey' | 'admin' | 'operator' | 'citizen' | 'cli' | 'job' | 'pagopa' | 'system';

export interface Principal {
  readonly kind: PrincipalKind;
  /** The audit actor: `apikey:<id>`, `admin:<prefix>`, `operator:<id>`, `citizen:<cf>`, `cli:<user>`, `job:<name>`, `pagopa:nodo`, `system:<what>`. */
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

/**
 * Whether the principal may enter the area at the entity at all — for some services at least (a role
 * limited to some services): a list then shows only what servicesOf() names.
 */
export function reachesArea(principal: Principal, entityId: string, area: Area, access: Access): boolean {
  return principal.grants.some(
    (grant) => coversEntity(grant, entityId) && grant.area === area && coversAccess(grant, access),
  );
}

/** The services whose data of the area the principal may see or change at the entity: `*` for all. */
export function servicesOf(
  principal: Principal,
  entityId: string,
  area: Area,
  access: Access,
): typeof EVERY_SERVICE | string[] {
  const services = new Set<string>();
  for (const grant of principal.grants) {
    if (!coversEntity(grant, entityId) || grant.area !== area || !coversAccess(grant, access)) continue;
    if (grant.services === EVERY_SERVICE) return EVERY_SERVICE;
    for (const service of grant.services) services.add(service);
  }
  return [...services];
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
export const systemPrincipal = (kind: 'cli' | 'job' | 'system', id: string): Principal => ({
  kind,
  id,
  grants: grantsFor(EVERY_ENTITY, 'write'),
});

/** What one API key may do at its entity: an area and read or write (ADR 0031). */
export interface KeyGrant {
  readonly area: Area;
  readonly access: Access;
}

/**
 * What a back office's API key holds when it was created without a list (ADR 0031's table): the
 * debt positions with their notices and imports, the payments (paids, attempts, receipts,
 * over-payments, help desk), the services catalogue and the settings (webhooks), all read and write.
 */
export const API_KEY_AREAS: readonly Area[] = ['positions', 'payments', 'catalogue', 'settings'];

export const DEFAULT_KEY_GRANTS: readonly KeyGrant[] = API_KEY_AREAS.map((area) => ({ area, access: 'write' }));

/** A back office's API key (`apikey:<key id>`): its grants, at its one entity and for every service. */
export const apiKeyPrincipal = (
  keyId: string,
  entityId: string,
  grants: readonly KeyGrant[] = DEFAULT_KEY_GRANTS,
): Principal => ({
  kind: 'apikey',
  id: `apikey:${keyId}`,
  grants: grants.map(({ area, access }) => ({ entityId, services: EVERY_SERVICE, area, access })),
});

/** The installation's admin credential (`admin:<prefix>`): every entity's settings and operators. */
export const adminPrincipal = (prefix: string): Principal => ({
  kind: 'admin',
  id: `admin:${prefix}`,
  grants: grantsFor(EVERY_ENTITY, 'write', ['settings', 'operators']),
});

/**
 * A citizen on the portal (`citizen:<fiscal code>`, or `citizen:anonymous` before signing in): no
 * grant at any entity; the portal's pages check the citizen's own fiscal code themselves.
 */
export const citizenPrincipal = (fiscalCode?: string): Principal => ({
  kind: 'citizen',
  id: `citizen:${fiscalCode ?? 'anonymous'}`,
  grants: [],
});

/** The pagoPA Nodo calling the station: it brings payments to every entity, nothing else. */
export const PAGOPA_PRINCIPAL: Principal = {
  kind: 'pagopa',
  id: 'pagopa:nodo',
  grants: grantsFor(EVERY_ENTITY, 'write', ['payments']),
};

/** The same principal holding one grant more, for one act done on its behalf (see ADR 0031). */
export const withGrant = (principal: Principal, grant: Grant): Principal => ({
  ...principal,
  grants: [...principal.grants, grant],
});

/** `area:access` (e.g. `positions:read`) as a key grant; undefined for anything else. */
export function parseKeyGrant(text: string): KeyGrant | undefined {
  const [area, access, ...rest] = text.split(':');
  if (rest.length > 0 || !AREAS.includes(area as Area) || (access !== 'read' && access !== 'write')) return undefined;
  return { area: area as Area, access };
}

/** A key grant as `area:access`, the form stored with the key and shown by the admin API. */
export const keyGrantText = (grant: KeyGrant): string => `${grant.area}:${grant.access}`;
