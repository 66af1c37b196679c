// Setting up the second factor (ADR 0033): a TOTP secret, shown as an otpauth:// URI, confirmed with a
// code from the app; at the first confirmation, ten recovery codes, shown once. An operator who signed
// in with a password but has no second factor (`enrol` stage) is signed in by confirming one. A key
// not confirmed yet is shown again for the rest of the session (a reload does not replace it); an
// operator with an app may set up another, which replaces it once confirmed (ADR 0042).
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import {
  acceptReplacementTotp,
  acceptTotpStep,
  findTotp,
  passkeysOf,
  putPendingTotp,
  putReplacementTotp,
  replaceRecoveryCodes,
  unusedRecoveryCodes,
} from './credentials.db.ts';
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
    /**
     * The TOTP key for the operator to add to their app (enrol stage, or signed in with a fresh proof):
     * the one shown earlier in this session and not confirmed yet, else a new one — beside the
     * confirmed key, which keeps working until the new one is confirmed.
     */
    async enrolTotp(token: string, from: From): Promise<{ secret: string; uri: string }> {
      const { session, operator } = await signIn.pending(token, ['enrol', 'active']);
      // Adding a factor to a signed-in account is a sensitive act.
      if (session.stage === 'active') requireFresh(session, clock.now());
      const uri = (secret: string) => ({ secret, uri: totpUri(secret, { issuer, label: operator.email }) });
      const current = await findTotp(db, operator.id);
      const waiting = current?.confirmed_at
        ? current.pending_secret !== null && current.pending_created_at! >= session.createdAt
          ? current.pending_secret
          : undefined
        : current && current.created_at >= session.createdAt
          ? current.secret
          : undefined;
      if (waiting) return uri(waiting);
      const secret = newTotpSecret();
      await db.transaction().execute(async (trx) => {
        const stored = current?.confirmed_at
          ? await putReplacementTotp(trx, operator.id, secret, clock.now())
          : await putPendingTotp(trx, operator.id, secret, clock.now());
        if (!stored) throw new AppError('VALIDATION_FAILED', 'The authenticator app changed meanwhile; try again.');
        await recordAudit(trx, actorOf(operator.id, from), {
          entityId: operator.entityId,
          action: 'operator.totp_enrol',
          subjectType: 'operator',
          subjectId: operator.id,
          ...(current?.confirmed_at && { after: { replacing: true } }),
        });
      });
      return uri(secret);
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
        async (trx, operator, session) => {
          const totp = await findTotp(trx, operator.id);
          if (!totp) return false;
          if (!totp.confirmed_at) {
            const step = await acceptedStep(totp.secret, code, clock.now(), null);
            return step !== undefined && (await acceptTotpStep(trx, operator.id, step, clock.now()));
          }
          // A new app replacing the confirmed one: only from a signed-in session that set it up.
          const waiting = totp.pending_secret;
          if (session.stage !== 'active' || !waiting) return false;
          const step = await acceptedStep(waiting, code, clock.now(), null);
          return step !== undefined && (await acceptReplacementTotp(trx, operator.id, waiting, step, clock.now()));
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

    /** What the operator's account page shows: since when the app works, codes left, passkeys. */
    async summary(operatorId: string) {
      const totp = await findTotp(db, operatorId);
      return {
        totpSince: totp?.confirmed_at ?? null,
        recoveryCodesLeft: await unusedRecoveryCodes(db, operatorId),
        passkeys: (await passkeysOf(db, operatorId)).map((p) => ({
          id: p.credential_id,
          name: p.name,
          createdAt: p.created_at,
          lastUsedAt: p.last_used_at,
        })),
      };
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
