// Roles: named sets of (area × read/write), granted to operators (ADR 0033). Cassa ships five, whose
// grants live here (the migration's rows only name them); an entity's administrators define more,
// possibly limited to some catalogue services. An operator's Principal is the union of their roles'
// grants, scoped to their entity, or to every entity for an installation administrator.
import { type FieldProblem, invalid } from '../../shared/errors.ts';
import {
  type Access,
  AREAS,
  type Area,
  EVERY_ENTITY,
  EVERY_SERVICE,
  type Grant,
  type Principal,
} from '../../shared/principal.ts';
import { operatorActorId } from './operator.ts';

/** One line of a role: an area and the access to it (write includes read). */
export interface RoleGrant {
  readonly area: Area;
  readonly access: Access;
}

export interface Role {
  readonly id: string;
  /** null: shipped with Cassa, usable at every entity. */
  readonly entityId: string | null;
  /** The shipped role's key (`administrator`…); null for a role an entity defined. */
  readonly builtin: ShippedRoleKey | null;
  readonly name: string;
  readonly grants: readonly RoleGrant[];
  /** Catalogue services (or categories) the role is limited to; `*` for all. */
  readonly services: typeof EVERY_SERVICE | readonly string[];
}

const all = (access: Access): RoleGrant[] => AREAS.map((area) => ({ area, access }));

/** The roles Cassa ships (the table in ADR 0033). */
export const SHIPPED_ROLES = {
  administrator: all('write'),
  'finance-office': [
    { area: 'positions', access: 'read' },
    { area: 'payments', access: 'write' },
    { area: 'reconciliation', access: 'write' },
    { area: 'catalogue', access: 'read' },
    { area: 'messages', access: 'read' },
    { area: 'audit', access: 'read' },
  ],
  operator: [
    { area: 'positions', access: 'write' },
    { area: 'payments', access: 'read' },
    { area: 'catalogue', access: 'read' },
    { area: 'messages', access: 'write' },
  ],
  'help-desk': [
    { area: 'positions', access: 'read' },
    { area: 'payments', access: 'read' },
    { area: 'catalogue', access: 'read' },
    { area: 'messages', access: 'write' },
  ],
  auditor: all('read'),
} as const satisfies Record<string, readonly RoleGrant[]>;

export type ShippedRoleKey = keyof typeof SHIPPED_ROLES;

export const isShippedRole = (key: string): key is ShippedRoleKey => Object.hasOwn(SHIPPED_ROLES, key);

/** The shipped roles' fixed ids and names (their rows in `roles` are written when first granted). */
const SHIPPED: Record<ShippedRoleKey, { id: string; name: string }> = {
  administrator: { id: '00000000-0000-7000-8000-000000000001', name: 'Administrator' },
  'finance-office': { id: '00000000-0000-7000-8000-000000000002', name: 'Finance office' },
  operator: { id: '00000000-0000-7000-8000-000000000003', name: 'Operator' },
  'help-desk': { id: '00000000-0000-7000-8000-000000000004', name: 'Help desk' },
  auditor: { id: '00000000-0000-7000-8000-000000000005', name: 'Auditor (read-only)' },
};

/** A shipped role. */
export const shippedRole = (key: ShippedRoleKey): Role => ({
  ...SHIPPED[key],
  entityId: null,
  builtin: key,
  grants: SHIPPED_ROLES[key],
  services: EVERY_SERVICE,
});

/** Every shipped role, by key. */
export const shippedRoles = (): Role[] => (Object.keys(SHIPPED) as ShippedRoleKey[]).sort().map(shippedRole);

/** The shipped role with this id, if it is one. */
export const shippedRoleById = (id: string): Role | undefined => shippedRoles().find((r) => r.id === id);

/** An operator's Principal: every grant of every role, at their entity (or every entity). */
export function principalOf(operator: { id: string; entityId: string | null }, roles: readonly Role[]): Principal {
  const entityId = operator.entityId ?? EVERY_ENTITY;
  const grants: Grant[] = roles.flatMap((role) =>
    role.grants.map((g) => ({ entityId, services: role.services, area: g.area, access: g.access })),
  );
  return { kind: 'operator', id: operatorActorId(operator.id), grants };
}

export interface RoleInput {
  name: string;
  grants: readonly RoleGrant[];
  /** Omitted or empty: all services. */
  services?: readonly string[] | undefined;
}

/** Checks a role an administrator defines; throws VALIDATION_FAILED listing every problem. */
export function checkRoleInput(input: RoleInput): { name: string; grants: RoleGrant[]; services: string[] | null } {
  const problems: FieldProblem[] = [];
  const name = (input.name ?? '').trim();
  if (name.length === 0 || name.length > 100) problems.push({ path: 'name', message: 'must be 1 to 100 characters' });
  const byArea = new Map<Area, Access>();
  (input.grants ?? []).forEach((g, i) => {
    if (!(AREAS as readonly string[]).includes(g.area)) {
      problems.push({ path: `grants[${i}].area`, message: `must be one of ${AREAS.join(', ')}` });
    } else if (g.access !== 'read' && g.access !== 'write') {
      problems.push({ path: `grants[${i}].access`, message: 'must be read or write' });
    } else if (byArea.has(g.area)) {
      problems.push({ path: `grants[${i}].area`, message: `${g.area} is granted twice` });
    } else {
      byArea.set(g.area, g.access);
    }
  });
  if ((input.grants ?? []).length === 0) problems.push({ path: 'grants', message: 'a role grants at least one area' });
  const services = [...new Set((input.services ?? []).map((s) => s.trim()))];
  services.forEach((s, i) => {
    if (s.length === 0 || s.length > 100 || s === EVERY_SERVICE) {
      problems.push({ path: `services[${i}]`, message: 'must be a catalogue service code or category' });
    }
  });
  if (problems.length > 0) throw invalid(problems);
  return {
    name,
    grants: [...byArea].map(([area, access]) => ({ area, access })),
    services: services.length > 0 ? services : null,
  };
}
