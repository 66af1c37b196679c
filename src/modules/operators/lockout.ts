// Limits on failed sign-ins (ADR 0033). Per account: 5 failures (wrong password, code, recovery code or
// passkey) lock it for 15 minutes, each further lock twice as long, up to a day, until a sign-in
// succeeds. Per client address: 20 failures in 15 minutes, whatever the accounts, through the portal's
// access limiter (access_hits), so every process counts the same.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, tooManyRequests } from '../../shared/errors.ts';
import { failureLimiter } from '../access-limits/rate-limit.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { lockSignInState } from './operators.db.ts';

export const MAX_ACCOUNT_FAILURES = 5;
export const FIRST_LOCKOUT_MS = 15 * 60_000;
export const LONGEST_LOCKOUT_MS = 24 * 60 * 60_000;
export const ADDRESS_FAILURES = { limit: 20, windowMs: 15 * 60_000 };

/** How long the account is locked after its `lockouts`-th lock (counted from 0). */
export const lockoutMs = (lockouts: number) =>
  Math.min(FIRST_LOCKOUT_MS * 2 ** Math.min(lockouts, 16), LONGEST_LOCKOUT_MS);

/** The one answer to every failed sign-in: it does not say whether the account exists or is locked. */
export const signInFailed = () =>
  new AppError('SIGN_IN_FAILED', 'The e-mail, password or code is not right, or the account is locked for a while.');

export type Lockout = ReturnType<typeof lockout>;

export function lockout(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;
  const byAddress = failureLimiter({ db, clock, ...ADDRESS_FAILURES });
  const addressKey = (address: string) => `operator-sign-in:${address}`;
  return {
    /** Throws TOO_MANY_REQUESTS when the client's address has failed too often lately. */
    async checkAddress(from: { address?: string | undefined }): Promise<void> {
      if (!from.address) return;
      const check = await byAddress.check(addressKey(from.address));
      if (!check.allowed) throw tooManyRequests(check.retryAfterSeconds);
    },

    /** Counts a failure of the client's address (including failures for unknown accounts). */
    async addressFailed(from: { address?: string | undefined }): Promise<void> {
      if (from.address) await byAddress.fail(addressKey(from.address));
    },

    /** Whether the account is locked now (read in the caller's transaction, row locked). */
    async isLocked(trx: Kysely<Schema>, operatorId: string): Promise<boolean> {
      const state = await lockSignInState(trx, operatorId);
      return state.locked_until !== null && state.locked_until > clock.now();
    },

    /**
     * Counts a failure against the account in the caller's transaction, locking it at the fifth, with
     * the audit record of the failure (and of the lock). While it is locked, only records the try.
     */
    async accountFailed(
      trx: Kysely<Schema>,
      operator: { id: string; entityId: string | null },
      reason: string,
      actor: Actor,
    ): Promise<void> {
      const state = await lockSignInState(trx, operator.id);
      const now = clock.now();
      if (state.locked_until !== null && state.locked_until > now) {
        // Tries while locked are refused and recorded, not counted: they cannot make the lock longer.
        await recordAudit(trx, actor, {
          entityId: operator.entityId,
          action: 'operator.sign_in_failed',
          subjectType: 'operator',
          subjectId: operator.id,
          after: { reason: `${reason} while locked`, lockedUntil: state.locked_until.toISOString() },
        });
        return;
      }
      const failures = state.failed_attempts + 1;
      const locks = failures >= MAX_ACCOUNT_FAILURES;
      const lockedUntil = locks ? new Date(now.getTime() + lockoutMs(state.lockouts)) : state.locked_until;
      await trx
        .updateTable('operators')
        .set({
          failed_attempts: locks ? 0 : failures,
          lockouts: locks ? state.lockouts + 1 : state.lockouts,
          locked_until: lockedUntil,
        })
        .where('id', '=', operator.id)
        .execute();
      await recordAudit(trx, actor, {
        entityId: operator.entityId,
        action: 'operator.sign_in_failed',
        subjectType: 'operator',
        subjectId: operator.id,
        after: { reason, failures: locks ? MAX_ACCOUNT_FAILURES : failures },
      });
      if (locks) {
        await recordAudit(trx, actor, {
          entityId: operator.entityId,
          action: 'operator.locked',
          subjectType: 'operator',
          subjectId: operator.id,
          after: { until: lockedUntil?.toISOString(), lockouts: state.lockouts + 1 },
        });
      }
    },

    /** A sign-in succeeded: the account's failures and lock history start over. */
    async accountSucceeded(trx: Kysely<Schema>, operatorId: string): Promise<void> {
      await trx
        .updateTable('operators')
        .set({ failed_attempts: 0, lockouts: 0, locked_until: null })
        .where('id', '=', operatorId)
        .execute();
    },
  };
}
