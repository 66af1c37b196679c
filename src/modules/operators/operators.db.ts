// The SQL of operators, roles and who holds which (migration 022). Column lists never include the
// password hash except where a sign-in reads it.
import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { OperatorsTable, RolesTable, Schema } from '../../db/schema.ts';
import { EVERY_SERVICE } from '../../shared/principal.ts';
import type { Operator } from './operator.ts';
import { isShippedRole, type Role, type RoleGrant, shippedRole, shippedRoleById, shippedRoles } from './roles.ts';

const OPERATOR_COLUMNS = [
  'id',
  'entity_id',
  'email',
  'display_name',
  'fiscal_code',
  'status',
  'created_at',
  'updated_at',
] as const;

type OperatorRow = Pick<Selectable<OperatorsTable>, (typeof OPERATOR_COLUMNS)[number]> & { has_password: SqlBool };

const toOperator = (r: OperatorRow): Operator => ({
  id: r.id,
  entityId: r.entity_id,
  email: r.email,
  displayName: r.display_name,
  fiscalCode: r.fiscal_code,
  status: r.status,
  hasPassword: Boolean(r.has_password),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const selectOperators = (db: Kysely<Schema>) =>
  db
    .selectFrom('operators')
    .select(OPERATOR_COLUMNS)
    .select((eb) => eb('password_hash', 'is not', null).as('has_password'));

export async function findOperator(db: Kysely<Schema>, id: string): Promise<Operator | undefined> {
  const row = await selectOperators(db).where('id', '=', id).executeTakeFirst();
  return row && toOperator(row);
}

/** The operator with this (normalised) e-mail at the entity, or among installation administrators (null). */
export async function findOperatorByEmail(
  db: Kysely<Schema>,
  entityId: string | null,
  email: string,
): Promise<Operator | undefined> {
  let query = selectOperators(db).where('email', '=', email);
  query = entityId === null ? query.where('entity_id', 'is', null) : query.where('entity_id', '=', entityId);
  const row = await query.executeTakeFirst();
  return row && toOperator(row);
}

export async function findOperatorByFiscalCode(
  db: Kysely<Schema>,
  entityId: string,
  fiscalCode: string,
): Promise<Operator | undefined> {
  const row = await selectOperators(db)
    .where('entity_id', '=', entityId)
    .where('fiscal_code', '=', fiscalCode)
    .executeTakeFirst();
  return row && toOperator(row);
}

/** Operators of an entity, of the installation (null), or all (undefined); by e-mail. */
export async function listOperators(db: Kysely<Schema>, entityId: string | null | undefined): Promise<Operator[]> {
  let query = selectOperators(db).orderBy('email').orderBy('id');
  if (entityId === null) query = query.where('entity_id', 'is', null);
  else if (entityId !== undefined) query = query.where('entity_id', '=', entityId);
  return (await query.execute()).map(toOperator);
}

export async function anyOperatorExists(db: Kysely<Schema>): Promise<boolean> {
  return (await db.selectFrom('operators').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** What the password step needs: the hash and the lockout counters, locked for the update that follows. */
export function lockSignInState(db: Kysely<Schema>, id: string) {
  return db
    .selectFrom('operators')
    .select(['id', 'status', 'password_hash', 'failed_attempts', 'lockouts', 'locked_until'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

// ---- Roles

const toRole = (r: Selectable<RolesTable>): Role =>
  r.builtin !== null && isShippedRole(r.builtin)
    ? shippedRole(r.builtin)
    : {
        id: r.id,
        entityId: r.entity_id,
        builtin: null,
        name: r.name,
        grants: r.grants === null ? [] : (JSON.parse(r.grants) as RoleGrant[]),
        services: r.services ?? EVERY_SERVICE,
      };

export async function findRole(db: Kysely<Schema>, id: string): Promise<Role | undefined> {
  const shipped = shippedRoleById(id);
  if (shipped) return shipped;
  const row = await db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRole(row);
}

/** The role called `name` at the entity: a shipped key, or a name the entity defined (any case). */
export async function findRoleByName(db: Kysely<Schema>, entityId: string | null, name: string) {
  if (isShippedRole(name)) return shippedRole(name);
  if (entityId === null) return undefined;
  const row = await db
    .selectFrom('roles')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return row && toRole(row);
}

/** The shipped roles, then the entity's own by name (null: the shipped ones only). */
export async function listRoles(db: Kysely<Schema>, entityId: string | null): Promise<Role[]> {
  if (entityId === null) return shippedRoles();
  const rows = await db.selectFrom('roles').selectAll().where('entity_id', '=', entityId).orderBy('name').execute();
  return [...shippedRoles(), ...rows.map(toRole)];
}

/** Writes a shipped role's row if it is not there yet (operator_roles points at it). */
export async function ensureRoleRow(db: Kysely<Schema>, role: Role): Promise<void> {
  if (role.builtin === null) return;
  await db
    .insertInto('roles')
    .values({ id: role.id, builtin: role.builtin, name: role.name })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function rolesOf(db: Kysely<Schema>, operatorId: string): Promise<Role[]> {
  const rows = await db
    .selectFrom('operator_roles')
    .innerJoin('roles', 'roles.id', 'operator_roles.role_id')
    .selectAll('roles')
    .where('operator_roles.operator_id', '=', operatorId)
    .orderBy('roles.name')
    .execute();
  return rows.map(toRole);
}
