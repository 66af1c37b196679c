// Signing operators in (ADR 0033), a small state machine on the session's stage:
//   password right ─► second-factor ─(TOTP code | recovery code | passkey)─► active
//                 └─► enrol (no second factor yet) ─(confirm TOTP | register passkey)─► active
//   OpenID Connect (the entity's provider, by fiscal code) ─► active
// Every failure counts against the account and the client's address (lockout.ts) and is audited;
// every answer to a failure is the same SIGN_IN_FAILED.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { acceptTotpStep, findTotp, hasSecondFactor, useRecoveryCode } from './credentials.db.ts';
import { type Lockout, signInFailed } from './lockout.ts';
import { actorOf, type From, normaliseEmail, type Operator } from './operator.ts';
import type { OperatorSession, OperatorSessions } from './operator-sessions.ts';
import { toSession } from './operator-sessions.ts';
import { findOperator, findOperatorByEmail, findOperatorByFiscalCode, lockSignInState } from './operators.db.ts';
import { verifyPassword } from './password.ts';
import { hashRecoveryCode } from './recovery-codes.ts';
import { acceptedStep } from './totp.ts';

export interface Started {
  token: string;
  session: OperatorSession;
}

export type SignIn = ReturnType<typeof signInService>;

export function signInService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  sessions: OperatorSessions;
  lockout: Lockout;
}) {
  const { db, clock, sessions, lockout } = deps;

  /** The live session of a token at `stage`, with its operator (active); else SIGN_IN_FAILED. */
  async function pending(token: string, stages: readonly OperatorSession['stage'][]) {
    const row = await sessions.live(token);
    if (!row || !stages.includes(row.stage)) throw signInFailed();
    const operator = await findOperator(db, row.operator_id);
    if (operator?.status !== 'active') throw signInFailed();
    return { session: toSession(row), operator };
  }

  /**
   * Checks a second-factor proof for a session at `stages`; on success runs `onSuccess` in the same
   * transaction; on failure counts it, commits that, then throws SIGN_IN_FAILED.
   */
  async function secondFactor<T>(
    token: string,
    stages: readonly OperatorSession['stage'][],
    from: From,
    kind: string,
    prove: (trx: Kysely<Schema>, operator: Operator, session: OperatorSession) => Promise<boolean>,
    onSuccess: (trx: Kysely<Schema>, session: OperatorSession, operator: Operator, actor: Actor) => Promise<T>,
  ): Promise<T> {
    await lockout.checkAddress(from);
    const { session, operator } = await pending(token, stages);
    const actor = actorOf(operator.id, from);
    const outcome = await db.transaction().execute(async (trx) => {
      if (await lockout.isLocked(trx, operator.id)) {
        await lockout.accountFailed(trx, operator, kind, actor);
        return { ok: false as const };
      }
      if (!(await prove(trx, operator, session))) {
        await lockout.accountFailed(trx, operator, `wrong ${kind}`, actor);
        return { ok: false as const };
      }
      return { ok: true as const, value: await onSuccess(trx, session, operator, actor) };
    });
    if (!outcome.ok) {
      await lockout.addressFailed(from);
      throw signInFailed();
    }
    return outcome.value;
  }

  /** Completes a pending sign-in: the session becomes active and the account's failures start over. */
  const complete = async (trx: Kysely<Schema>, session: OperatorSession, operator: Operator, actor: Actor) => {
    await lockout.accountSucceeded(trx, operator.id);
    const active = await sessions.activate(trx, session, operator.entityId, actor);
    if (!active) throw signInFailed();
    return active;
  };

  /** The audit record of a sign-in refused before any account's state is touched (unknown, disabled). */
  const unknownOrInactive = (entityId: string | null, operatorId: string | undefined, from: From, after: object) =>
    recordAudit(db, actorOf(operatorId, from), {
      entityId,
      action: 'operator.sign_in_failed',
      subjectType: 'operator',
      subjectId: operatorId ?? 'unknown',
      after,
    });

  const totpProof = (code: string) => async (trx: Kysely<Schema>, operator: Operator) => {
    const totp = await findTotp(trx, operator.id);
    if (!totp?.confirmed_at) return false;
    const step = await acceptedStep(totp.secret, code, clock.now(), totp.last_time_step);
    return step !== undefined && (await acceptTotpStep(trx, operator.id, step, clock.now()));
  };

  return {
    totpProof,
    secondFactor,
    complete,
    pending,

    /**
     * The first step: e-mail and password at an entity (null: the installation's administrators).
     * Starts a session waiting for the second factor (or its enrolment).
     */
    async password(input: { entityId: string | null; email: string; password: string }, from: From): Promise<Started> {
      await lockout.checkAddress(from);
      const operator = await findOperatorByEmail(db, input.entityId, normaliseEmail(input.email));
      if (operator?.status !== 'active' || !operator.hasPassword) {
        await verifyPassword(null, input.password);
        await lockout.addressFailed(from);
        await unknownOrInactive(input.entityId, operator?.id, from, {
          reason: operator
            ? `account ${operator.status}${operator.hasPassword ? '' : ', no password'}`
            : 'unknown e-mail',
        });
        throw signInFailed();
      }
      const actor = actorOf(operator.id, from);
      const outcome = await db.transaction().execute(async (trx) => {
        const state = await lockSignInState(trx, operator.id);
        const right = await verifyPassword(state.password_hash, input.password);
        if (state.locked_until !== null && state.locked_until > clock.now()) {
          await lockout.accountFailed(trx, operator, 'password', actor);
          return undefined;
        }
        if (!right) {
          await lockout.accountFailed(trx, operator, 'wrong password', actor);
          return undefined;
        }
        const stage = (await hasSecondFactor(trx, operator.id)) ? 'second-factor' : 'enrol';
        return sessions.start(trx, operator, { method: 'password', stage }, actor);
      });
      if (!outcome) {
        await lockout.addressFailed(from);
        throw signInFailed();
      }
      return outcome;
    },

    /** The second step with a code of the operator's authenticator app (each code serves once). */
    totp: (token: string, code: string, from: From): Promise<OperatorSession> =>
      secondFactor(token, ['second-factor'], from, 'TOTP code', totpProof(code), complete),

    /** The second step with one of the operator's recovery codes (each serves once). */
    recoveryCode: (token: string, code: string, from: From): Promise<OperatorSession> =>
      secondFactor(
        token,
        ['second-factor'],
        from,
        'recovery code',
        (trx, operator) => useRecoveryCode(trx, operator.id, hashRecoveryCode(code), clock.now()),
        async (trx, session, operator, actor) => {
          await recordAudit(trx, actor, {
            entityId: operator.entityId,
            action: 'operator.recovery_code_used',
            subjectType: 'operator',
            subjectId: operator.id,
          });
          return complete(trx, session, operator, actor);
        },
      ),

    /** Proves who the operator is again, for a sensitive act (requireFresh), with a TOTP code. */
    reauthenticate: (token: string, code: string, from: From): Promise<OperatorSession> =>
      secondFactor(token, ['active'], from, 'TOTP code', totpProof(code), async (trx, session, operator, actor) => {
        const fresh = await sessions.markFresh(trx, session, operator.entityId, actor);
        if (!fresh) throw signInFailed();
        return fresh;
      }),

    /**
     * A sign-in through the entity's OpenID Connect provider (identity/oidc.ts checked it): the
     * operator of the entity with that fiscal code, signed in at once (the provider's level of
     * assurance — SPID/CIE level 2 or more — is the second factor).
     */
    async oidc(input: { entityId: string; fiscalCode: string }, from: From): Promise<Started> {
      await lockout.checkAddress(from);
      const operator = await findOperatorByFiscalCode(db, input.entityId, input.fiscalCode.toUpperCase());
      if (operator?.status !== 'active') {
        await lockout.addressFailed(from);
        await unknownOrInactive(input.entityId, operator?.id, from, {
          reason: operator ? 'account disabled' : 'no operator with this fiscal code',
          method: 'oidc',
        });
        throw new AppError('SIGN_IN_FAILED', 'No active operator of this entity has this identity.');
      }
      return db.transaction().execute(async (trx) => {
        await lockout.accountSucceeded(trx, operator.id);
        return sessions.start(trx, operator, { method: 'oidc', stage: 'active' }, actorOf(operator.id, from));
      });
    },
  };
}
