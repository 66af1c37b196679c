// Setting up the second factor (ADR 0033): a TOTP secret, shown as an otpauth:// URI, confirmed with a
// code from the app; at the first confirmation, ten recovery codes, shown once. An operator who signed
// in with a password but has no second factor (`enrol` stage) is signed in by confirming one.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { acceptTotpStep, findTotp, putPendingTotp, replaceRecoveryCodes } from './credentials.db.ts';
import type { Lockout } from './lockout.ts';
import { actorOf, type From } from './operator.ts';
import type { OperatorSession, OperatorSessions } from './operator-sessions.ts';
import { requireFresh } from './operator-sessions.ts';
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.ts';
import type { SignIn } from './sign-in.service.ts';
import { acceptedStep, newTotpSecret, totpUri } from './totp.ts';

export type SecondFactor = ReturnType<typeof secondFactorService>;

export function secondFactorService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  sessions: OperatorSessions;
  lockout: Lockout;
  signIn: SignIn;
  /** The name authenticator apps show for the account (the installation's host). */
  issuer: string;
}) {
  const { db, clock, signIn, issuer } = deps;

  async function freshRecoveryCodes(trx: Kysely<Schema>, operatorId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await replaceRecoveryCodes(trx, operatorId, codes.map(hashRecoveryCode), clock.now());
    return codes;
  }

  return {
    /** A new TOTP secret for the operator to add to their app (enrol stage, or signed in with a fresh proof). */
    async enrolTotp(token: string, from: From): Promise<{ secret: string; uri: string }> {
      const { session, operator } = await signIn.pending(token, ['enrol', 'active']);
      // Adding a factor to a signed-in account is a sensitive act.
      if (session.stage === 'active') requireFresh(session, clock.now());
      const secret = newTotpSecret();
      const stored = await db.transaction().execute(async (trx) => {
        if (!(await putPendingTotp(trx, operator.id, secret, clock.now()))) return false;
        await recordAudit(trx, actorOf(operator.id, from), {
          entityId: operator.entityId,
          action: 'operator.totp_enrol',
          subjectType: 'operator',
          subjectId: operator.id,
        });
        return true;
      });
      if (!stored) throw new AppError('VALIDATION_FAILED', 'An authenticator app is set up already.');
      return { secret, uri: totpUri(secret, { issuer, label: operator.email }) };
    },

    /**
     * Confirms the pending secret with a code from the app; returns the recovery codes (shown once)
     * and the session, active now if it was waiting for the enrolment.
     */
    confirmTotp(
      token: string,
      code: string,
      from: From,
    ): Promise<{ session: OperatorSession; recoveryCodes: string[] }> {
      return signIn.secondFactor(
        token,
        ['enrol', 'active'],
        from,
        'TOTP confirmation code',
        async (trx, operator) => {
          const totp = await findTotp(trx, operator.id);
          if (!totp || totp.confirmed_at) return false;
          const step = await acceptedStep(totp.secret, code, clock.now(), null);
          return step !== undefined && (await acceptTotpStep(trx, operator.id, step, clock.now()));
        },
        async (trx, session, operator, actor) => {
          const recoveryCodes = await freshRecoveryCodes(trx, operator.id);
          await recordAudit(trx, actor, {
            entityId: operator.entityId,
            action: 'operator.totp_confirmed',
            subjectType: 'operator',
            subjectId: operator.id,
            after: { recoveryCodes: RECOVERY_CODE_COUNT },
          });
          const now = session.stage === 'enrol' ? await signIn.complete(trx, session, operator, actor) : session;
          return { session: now, recoveryCodes };
        },
      );
    },

    /** Ten new recovery codes replacing the old ones (a sensitive act: needs a fresh proof). */
    async newRecoveryCodes(token: string, from: From): Promise<string[]> {
      const { session, operator } = await signIn.pending(token, ['active']);
      requireFresh(session, clock.now());
      return db.transaction().execute(async (trx) => {
        const codes = await freshRecoveryCodes(trx, operator.id);
        await recordAudit(trx, actorOf(operator.id, from), {
          entityId: operator.entityId,
          action: 'operator.recovery_codes_replaced',
          subjectType: 'operator',
          subjectId: operator.id,
        });
        return codes;
      });
    },
  };
}
