// Roles an entity's administrators define, and who holds which (ADR 0033). A role change is
// effective at once: a session's grants are read from the roles on every request. Shipped roles
// cannot be changed or removed. Who may do it (area `operators`, write) and the fresh
// re-authentication a role change needs are checked by the caller, as for operators.service.ts.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { operatorActorId } from './operator.ts';
import { ensureRoleRow, findOperator, findRole, listRoles, rolesOf } from './operators.db.ts';
import { ownAdministration } from './operators.service.ts';
import { checkRoleInput, type Role, type RoleInput } from './roles.ts';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

const roleExists = (name: string) =>
  new AppError('ROLE_EXISTS', `A role named "${name}" exists here already.`, [{ path: 'name', message: 'is in use' }]);

const describe = (role: Role) => ({ name: role.name, grants: role.grants, services: role.services });

export type RolesService = ReturnType<typeof rolesService>;

export function rolesService(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;

  /** A role the entity defined (not a shipped one), else NOT_FOUND. */
  async function ownRole(trx: Kysely<Schema>, entityId: string, id: string): Promise<Role> {
    const role = await findRole(trx, id);
    if (!role || role.entityId !== entityId) throw notFound();
    return role;
  }

  async function uniquely<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw roleExists(name);
      throw error;
    }
  }

  return {
    /** The shipped roles and the entity's own (null: the shipped ones only). */
    list: (entityId: string | null) => listRoles(db, entityId),

    async define(entityId: string, raw: RoleInput, actor: Actor): Promise<Role> {
      const input = checkRoleInput(raw);
      return uniquely(input.name, () =>
        db.transaction().execute(async (trx) => {
          const now = clock.now();
          const id = uuidv7(now.getTime());
          await trx
            .insertInto('roles')
            .values({
              id,
              entity_id: entityId,
              name: input.name,
              grants: JSON.stringify(input.grants),
              services: input.services,
              created_at: now,
              updated_at: now,
            })
            .execute();
          const role = (await findRole(trx, id))!;
          await recordAudit(trx, actor, {
            entityId,
            action: 'role.create',
            subjectType: 'role',
            subjectId: id,
            after: describe(role),
          });
          return role;
        }),
      );
    },

    async update(entityId: string, id: string, raw: RoleInput, actor: Actor): Promise<Role> {
      const input = checkRoleInput(raw);
      return uniquely(input.name, () =>
        db.transaction().execute(async (trx) => {
          const before = await ownRole(trx, entityId, id);
          await keepOwnAdministration(trx, actor, (held) =>
            held.map((r) => (r.id === id ? { ...r, grants: input.grants } : r)),
          );
          await trx
            .updateTable('roles')
            .set({
              name: input.name,
              grants: JSON.stringify(input.grants),
              services: input.services,
              updated_at: clock.now(),
            })
            .where('id', '=', id)
            .execute();
          const after = (await findRole(trx, id))!;
          await recordAudit(trx, actor, {
            entityId,
            action: 'role.update',
            subjectType: 'role',
            subjectId: id,
            before: describe(before),
            after: describe(after),
          });
          return after;
        }),
      );
    },

    /** Removes a defined role; the operators holding it lose it (recorded in the audit record). */
    async remove(entityId: string, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await ownRole(trx, entityId, id);
        await keepOwnAdministration(trx, actor, (held) => held.filter((r) => r.id !== id));
        const holders = await trx
          .deleteFrom('operator_roles')
          .where('role_id', '=', id)
          .returning('operator_id')
          .execute();
        await trx.deleteFrom('roles').where('id', '=', id).execute();
        await recordAudit(trx, actor, {
          entityId,
          action: 'role.delete',
          subjectType: 'role',
          subjectId: id,
          before: { ...describe(before), holders: holders.map((h) => h.operator_id) },
        });
      });
    },

    /** Grants a role (shipped, or the operator's entity's) to an operator; nothing when held already. */
    async grant(operatorId: string, roleId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { operator, role } = await pair(trx, operatorId, roleId);
        await ensureRoleRow(trx, role);
        const added = await trx
          .insertInto('operator_roles')
          .values({ operator_id: operatorId, role_id: roleId, granted_at: clock.now() })
          .onConflict((oc) => oc.doNothing())
          .returning('role_id')
          .executeTakeFirst();
        if (!added) return;
        await recordAudit(trx, actor, {
          entityId: operator.entityId,
          action: 'operator.grant_role',
          subjectType: 'operator',
          subjectId: operatorId,
          after: { role: role.builtin ?? role.name, roleId },
        });
      });
    },

    /**
     * Sets an operator's roles to exactly these (shipped, or of the operator's entity; else
     * VALIDATION_FAILED). An operator may not leave themselves without a role that manages operators
     * (OWN_ADMINISTRATION): nobody could then give it back to them but another administrator.
     */
    async setRoles(operatorId: string, roleIds: readonly string[], actor: Actor): Promise<Role[]> {
      return db.transaction().execute(async (trx) => {
        const operator = await findOperator(trx, operatorId);
        if (!operator) throw notFound();
        const wanted: Role[] = [];
        for (const [i, id] of [...new Set(roleIds)].entries()) {
          const role = await findRole(trx, id);
          if (!role || (role.entityId !== null && role.entityId !== operator.entityId)) {
            throw invalid([{ path: `roles[${i}]`, message: 'is not a role here' }]);
          }
          wanted.push(role);
        }
        const held = await rolesOf(trx, operatorId);
        if (actor.id === operatorActorId(operatorId)) await keepOwnAdministration(trx, actor, () => wanted);
        const now = clock.now();
        const removed = held.filter((r) => !wanted.some((w) => w.id === r.id));
        const added = wanted.filter((w) => !held.some((r) => r.id === w.id));
        if (removed.length === 0 && added.length === 0) return held;
        if (removed.length > 0) {
          await trx
            .deleteFrom('operator_roles')
            .where('operator_id', '=', operatorId)
            .where(
              'role_id',
              'in',
              removed.map((r) => r.id),
            )
            .execute();
        }
        for (const role of added) {
          await ensureRoleRow(trx, role);
          await trx
            .insertInto('operator_roles')
            .values({ operator_id: operatorId, role_id: role.id, granted_at: now })
            .execute();
        }
        const name = (r: Role) => r.builtin ?? r.name;
        await recordAudit(trx, actor, {
          entityId: operator.entityId,
          action: 'operator.set_roles',
          subjectType: 'operator',
          subjectId: operatorId,
          before: { roles: held.map(name) },
          after: { roles: wanted.map(name) },
        });
        return wanted;
      });
    },

    /** Takes a role from an operator; nothing when not held. */
    async revoke(operatorId: string, roleId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { operator, role } = await pair(trx, operatorId, roleId);
        const removed = await trx
          .deleteFrom('operator_roles')
          .where('operator_id', '=', operatorId)
          .where('role_id', '=', roleId)
          .returning('role_id')
          .executeTakeFirst();
        if (!removed) return;
        await recordAudit(trx, actor, {
          entityId: operator.entityId,
          action: 'operator.revoke_role',
          subjectType: 'operator',
          subjectId: operatorId,
          before: { role: role.builtin ?? role.name, roleId },
        });
      });
    },
  };
}

const managesOperators = (roles: readonly Role[]) =>
  roles.some((r) => r.grants.some((g) => g.area === 'operators' && g.access === 'write'));

/**
 * Refuses (OWN_ADMINISTRATION) a change after which the acting operator would hold no role managing
 * operators any more, when they hold one now: `after` gives their roles once the change is made.
 */
async function keepOwnAdministration(trx: Kysely<Schema>, actor: Actor, after: (held: Role[]) => readonly Role[]) {
  const id = /^operator:([0-9a-f-]{36})$/.exec(actor.id)?.[1];
  if (!id) return;
  const held = await rolesOf(trx, id);
  if (managesOperators(held) && !managesOperators(after(held))) throw ownAdministration();
}

/** The operator and a role they may hold (shipped, or of their entity), else NOT_FOUND. */
async function pair(trx: Kysely<Schema>, operatorId: string, roleId: string) {
  const operator = await findOperator(trx, operatorId);
  const role = await findRole(trx, roleId);
  if (!operator || !role || (role.entityId !== null && role.entityId !== operator.entityId)) throw notFound();
  return { operator, role };
}
