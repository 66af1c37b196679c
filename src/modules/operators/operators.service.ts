// Operators' accounts (ADR 0033): create (with roles), list, disable and enable, set a password.
// Every change writes an audit record in its transaction. Who may do it (area `operators`, write, at
// the operator's entity) and the fresh re-authentication a new operator needs are checked by the
// caller (the console's pages: authorize + requireFresh; the command line is the machine's operator).
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { checkOperatorInput, type Operator, type OperatorInput, operatorActorId } from './operator.ts';
import {
  ensureRoleRow,
  findOperator,
  findOperatorByEmail,
  findRoleByName,
  listOperators,
  rolesOf,
} from './operators.db.ts';
import { checkPassword, hashPassword } from './password.ts';
import type { Role } from './roles.ts';
import { endSessionsOf } from './sessions.db.ts';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export type OperatorsService = ReturnType<typeof operatorsService>;

export interface OperatorWithRoles extends Operator {
  readonly roles: readonly Pick<Role, 'id' | 'name' | 'builtin'>[];
}

export function operatorsService(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;

  const withRoles = async (operator: Operator, trx: Kysely<Schema> = db): Promise<OperatorWithRoles> => ({
    ...operator,
    roles: (await rolesOf(trx, operator.id)).map(({ id, name, builtin }) => ({ id, name, builtin })),
  });

  /** The roles named (shipped keys or the entity's own names); VALIDATION_FAILED naming the unknown ones. */
  async function resolveRoles(trx: Kysely<Schema>, entityId: string | null, names: readonly string[]) {
    const roles: Role[] = [];
    const problems = [];
    for (const [i, name] of names.entries()) {
      const role = await findRoleByName(trx, entityId, name.trim());
      if (role) roles.push(role);
      else problems.push({ path: `roles[${i}]`, message: `no role "${name}" here` });
    }
    if (problems.length > 0) throw invalid(problems);
    return roles;
  }

  return {
    resolveRoles,

    /** A new operator with these roles (no password yet: an invitation or OIDC signs them in); in the caller's transaction when given. */
    async create(
      raw: OperatorInput & { roles?: readonly string[] },
      actor: Actor,
      inTransaction?: Kysely<Schema>,
    ): Promise<OperatorWithRoles> {
      const input = checkOperatorInput(raw);
      try {
        const run = async (trx: Kysely<Schema>) => {
          if (await findOperatorByEmail(trx, input.entityId, input.email)) throw operatorExists(input.email);
          const roles = await resolveRoles(trx, input.entityId, raw.roles ?? []);
          const now = clock.now();
          const id = uuidv7(now.getTime());
          await trx
            .insertInto('operators')
            .values({
              id,
              entity_id: input.entityId,
              email: input.email,
              display_name: input.displayName,
              fiscal_code: input.fiscalCode ?? null,
              created_at: now,
              updated_at: now,
            })
            .execute();
          if (roles.length > 0) {
            for (const role of roles) await ensureRoleRow(trx, role);
            await trx
              .insertInto('operator_roles')
              .values(roles.map((r) => ({ operator_id: id, role_id: r.id, granted_at: now })))
              .execute();
          }
          await recordAudit(trx, actor, {
            entityId: input.entityId,
            action: 'operator.create',
            subjectType: 'operator',
            subjectId: id,
            after: {
              email: input.email,
              displayName: input.displayName,
              fiscalCode: input.fiscalCode ?? null,
              roles: roles.map((r) => r.builtin ?? r.name),
            },
          });
          return withRoles((await findOperator(trx, id))!, trx);
        };
        return await (inTransaction ? run(inTransaction) : db.transaction().execute(run));
      } catch (error) {
        if (isUniqueViolation(error)) throw operatorExists(input.email);
        throw error;
      }
    },

    async get(id: string): Promise<OperatorWithRoles> {
      const operator = await findOperator(db, id);
      if (!operator) throw notFound();
      return withRoles(operator);
    },

    /** The operator with this e-mail at the entity (null: installation administrators), or NOT_FOUND. */
    async byEmail(entityId: string | null, email: string): Promise<OperatorWithRoles> {
      const operator = await findOperatorByEmail(db, entityId, email.trim().toLowerCase());
      if (!operator) throw notFound();
      return withRoles(operator);
    },

    /** Operators of an entity, of the installation (null), or every one (undefined), with their roles. */
    async list(entityId: string | null | undefined): Promise<OperatorWithRoles[]> {
      return Promise.all((await listOperators(db, entityId)).map((o) => withRoles(o)));
    },

    /** Disables (their sessions end at once) or enables an operator. */
    async setStatus(id: string, status: 'active' | 'disabled', actor: Actor): Promise<OperatorWithRoles> {
      return db.transaction().execute(async (trx) => {
        const before = await findOperator(trx, id);
        if (!before) throw notFound();
        if (before.status === status) return withRoles(before, trx);
        if (status === 'disabled' && actor.id === operatorActorId(id)) throw ownAdministration();
        const now = clock.now();
        await trx.updateTable('operators').set({ status, updated_at: now }).where('id', '=', id).execute();
        const ended = status === 'disabled' ? await endSessionsOf(trx, id, now) : [];
        await recordAudit(trx, actor, {
          entityId: before.entityId,
          action: status === 'disabled' ? 'operator.disable' : 'operator.enable',
          subjectType: 'operator',
          subjectId: id,
          before: { status: before.status },
          after: { status, sessionsEnded: ended.length },
        });
        return withRoles((await findOperator(trx, id))!, trx);
      });
    },

    /**
     * Sets the operator's password (checked against the policy), in the caller's transaction when
     * given; their other sessions end.
     */
    async setPassword(id: string, password: string, actor: Actor, trx: Kysely<Schema> = db): Promise<void> {
      const operator = await findOperator(trx, id);
      if (!operator) throw notFound();
      checkPassword(password, operator);
      const hash = await hashPassword(password);
      const write = async (t: Kysely<Schema>) => {
        const now = clock.now();
        await t.updateTable('operators').set({ password_hash: hash, updated_at: now }).where('id', '=', id).execute();
        const ended = await endSessionsOf(t, id, now);
        await recordAudit(t, actor, {
          entityId: operator.entityId,
          action: 'operator.set_password',
          subjectType: 'operator',
          subjectId: id,
          after: { sessionsEnded: ended.length },
        });
      };
      if (trx === db) await db.transaction().execute(write);
      else await write(trx);
    },
  };
}

/** An operator may not disable themselves nor drop their own last role managing operators. */
export const ownAdministration = () =>
  new AppError(
    'OWN_ADMINISTRATION',
    'You cannot disable yourself or give up your own last role that manages operators: ask another administrator.',
  );

const operatorExists = (email: string) =>
  new AppError('OPERATOR_EXISTS', `An operator with the e-mail ${email} exists here already.`, [
    { path: 'email', message: 'is in use' },
  ]);
