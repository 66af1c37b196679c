// One-time invitation links (ADR 0033): 256 random bits in the URL, only their SHA-256 stored, valid
// 24 hours, used once. An operator's link lets them set their password; the first administrator's
// link (printed at start-up while no operator exists) creates the installation's first
// administrator. Accepting one signs the operator in at the `enrol` stage: they set up their second
// factor next.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { hashSecret, newSecret } from '../../shared/secrets.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { actorOf, checkOperatorInput, type From } from './operator.ts';
import type { OperatorSessions } from './operator-sessions.ts';
import { anyOperatorExists, findOperator } from './operators.db.ts';
import type { OperatorsService } from './operators.service.ts';
import { checkPassword } from './password.ts';
import type { Started } from './sign-in.service.ts';

export const INVITATION_TTL_MS = 24 * 60 * 60_000;
/** Where the console's page for an invitation will live (its token follows). */
export const INVITATION_PATH = '/console/invito/';

const invalidInvitation = () =>
  new AppError(
    'INVITATION_INVALID',
    'This invitation link is not valid: it was used, it expired, or it never existed.',
  );

export interface Invitation {
  readonly token: string;
  readonly url: string;
  readonly expiresAt: Date;
}

export type Invitations = ReturnType<typeof invitationsService>;

export function invitationsService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  operators: OperatorsService;
  sessions: OperatorSessions;
  publicUrl: string;
}) {
  const { db, clock, operators, sessions } = deps;
  const base = deps.publicUrl.replace(/\/$/, '');

  async function issue(trx: Kysely<Schema>, operator: { id: string; entityId: string | null } | null, actor: Actor) {
    const token = newSecret('');
    const now = clock.now();
    const id = uuidv7(now.getTime());
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    await trx
      .insertInto('operator_invitations')
      .values({
        token_hash: hashSecret(token),
        id,
        operator_id: operator?.id ?? null,
        created_by: actor.id,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    await recordAudit(trx, actor, {
      entityId: operator?.entityId ?? null,
      action: 'operator_invitation.create',
      subjectType: 'operator_invitation',
      subjectId: id,
      after: { operatorId: operator?.id ?? null, firstAdministrator: operator === null, expiresAt },
    });
    return { token, url: `${base}${INVITATION_PATH}${token}`, expiresAt };
  }

  /** Takes an unused, unexpired invitation (row locked): marks it used in the caller's transaction. */
  async function take(trx: Kysely<Schema>, token: string) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw invalidInvitation();
    const row = await trx
      .updateTable('operator_invitations')
      .set({ used_at: clock.now() })
      .where('token_hash', '=', hashSecret(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', clock.now())
      .returning(['id', 'operator_id'])
      .executeTakeFirst();
    if (!row) throw invalidInvitation();
    return row;
  }

  return {
    /** A link for an operator to set their password (and then their second factor). */
    async invite(operatorId: string, actor: Actor): Promise<Invitation> {
      return db.transaction().execute(async (trx) => {
        const operator = await findOperator(trx, operatorId);
        if (!operator) throw invalidInvitation();
        return issue(trx, operator, actor);
      });
    },

    /** A link to create the first administrator, while no operator exists; undefined once one does. */
    async inviteFirstAdministrator(actor: Actor): Promise<Invitation | undefined> {
      return db.transaction().execute(async (trx) => {
        if (await anyOperatorExists(trx)) return undefined;
        return issue(trx, null, actor);
      });
    },

    /** What an invitation is for (the page shows it), or INVITATION_INVALID. Uses nothing. */
    async describe(token: string): Promise<{ firstAdministrator: boolean; email: string | null }> {
      const row = await db
        .selectFrom('operator_invitations')
        .select(['operator_id', 'used_at', 'expires_at'])
        .where('token_hash', '=', hashSecret(token))
        .executeTakeFirst();
      if (!row || row.used_at || row.expires_at <= clock.now()) throw invalidInvitation();
      if (row.operator_id === null) {
        if (await anyOperatorExists(db)) throw invalidInvitation();
        return { firstAdministrator: true, email: null };
      }
      return { firstAdministrator: false, email: (await findOperator(db, row.operator_id))?.email ?? null };
    },

    /**
     * Uses an invitation: sets the operator's password — creating the first administrator (e-mail and
     * name required) for that kind of link — and signs them in at the `enrol` stage.
     */
    async accept(
      token: string,
      input: { password: string; email?: string; displayName?: string },
      from: From,
    ): Promise<Started> {
      return db.transaction().execute(async (trx) => {
        const row = await take(trx, token);
        let operatorId = row.operator_id;
        if (operatorId === null) {
          // Two first-administrator links accepted at once: the second waits here, then finds one.
          await sql`SELECT pg_advisory_xact_lock(hashtext('cassa.first-administrator'))`.execute(trx);
          if (await anyOperatorExists(trx)) throw invalidInvitation();
          const details = checkOperatorInput({
            entityId: null,
            email: input.email ?? '',
            displayName: input.displayName ?? '',
          });
          checkPassword(input.password, { email: details.email, displayName: details.displayName });
          const created = await operators.create(
            { ...details, roles: ['administrator'] },
            {
              ...from,
              id: 'operator:invitation',
              principal: { kind: 'operator', id: 'operator:invitation', grants: [] },
            },
            trx,
          );
          operatorId = created.id;
        }
        const operator = await findOperator(trx, operatorId);
        if (operator?.status !== 'active') throw invalidInvitation();
        const actor = actorOf(operator.id, from);
        await operators.setPassword(operator.id, input.password, actor, trx);
        await recordAudit(trx, actor, {
          entityId: operator.entityId,
          action: 'operator_invitation.accept',
          subjectType: 'operator_invitation',
          subjectId: row.id,
          after: { operatorId: operator.id },
        });
        return sessions.start(trx, operator, { method: 'password', stage: 'enrol' }, actor);
      });
    },
  };
}
