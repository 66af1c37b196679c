// Operators' sessions (ADR 0033). A sign-in starts one at the stage it reached: `second-factor` (the
// password was right; a code or passkey is awaited), `enrol` (no second factor yet: the operator may
// only set one up) or `active`. Pending stages last 10 minutes; an active session ends after 30 idle
// minutes or 12 hours, whatever happens, or on sign-out. Sensitive acts need the operator to have
// proved who they are in the last 5 minutes (requireFresh). The cookie holds a random token; the
// database only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OperatorSessionStage, Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { Principal } from '../../shared/principal.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { actorOf, type From, type Operator } from './operator.ts';
import { findOperator, rolesOf } from './operators.db.ts';
import { principalOf } from './roles.ts';
import { findSession, insertSession, type SessionRow, updateSession } from './sessions.db.ts';

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** How long a sign-in may wait at the second factor or its enrolment. */
export const PENDING_TIMEOUT_MS = 10 * 60_000;
/** How recent the last proof of identity must be for a sensitive act. */
export const FRESHNESS_MS = 5 * 60_000;
const TOUCH_EVERY_MS = 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface OperatorSession {
  readonly id: string;
  readonly operatorId: string;
  readonly method: 'password' | 'oidc';
  readonly stage: OperatorSessionStage;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** When the operator last proved who they are: the second factor (or OIDC), or a re-authentication. */
  readonly provedAt: Date | null;
}

/** A live session, its operator, and (when active) what they may do. */
export interface ResolvedSession {
  readonly session: OperatorSession;
  readonly operator: Operator;
  /** The operator's grants when the session is active; none while a sign-in is pending. */
  readonly principal: Principal;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

const later = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));

export const toSession = (r: SessionRow): OperatorSession => ({
  id: r.id,
  operatorId: r.operator_id,
  method: r.method,
  stage: r.stage,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  provedAt: later(r.second_factor_at, r.reauthenticated_at),
});

/** Whether the session's last proof of identity is recent enough for a sensitive act; throws if not. */
export function requireFresh(session: OperatorSession, now: Date, maxAgeMs = FRESHNESS_MS): void {
  if (session.stage === 'active' && session.provedAt && now.getTime() - session.provedAt.getTime() <= maxAgeMs) return;
  throw new AppError('REAUTHENTICATION_REQUIRED', 'Confirm who you are (second factor) to do this.');
}

export type OperatorSessions = ReturnType<typeof operatorSessions>;

export function operatorSessions(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;

  /** The session row of a token if it is live at `now` (any stage). */
  async function live(token: string | undefined): Promise<SessionRow | undefined> {
    if (!token || !TOKEN.test(token)) return undefined;
    const row = await findSession(db, hashToken(token));
    const now = clock.now().getTime();
    if (!row || row.ended_at || row.expires_at.getTime() <= now) return undefined;
    if (row.stage === 'active' && row.last_seen_at.getTime() + IDLE_TIMEOUT_MS <= now) return undefined;
    return row;
  }

  return {
    live,

    /**
     * Starts a session at `stage` in the caller's transaction (the sign-in's), with its audit record.
     * Returns the token, which goes in the cookie only.
     */
    async start(
      trx: Kysely<Schema>,
      operator: Operator,
      start: { method: 'password' | 'oidc'; stage: OperatorSessionStage },
      actor: Actor,
    ): Promise<{ token: string; session: OperatorSession }> {
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const row: SessionRow = {
        id: uuidv7(now.getTime()),
        operator_id: operator.id,
        method: start.method,
        stage: start.stage,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + (start.stage === 'active' ? ABSOLUTE_TIMEOUT_MS : PENDING_TIMEOUT_MS)),
        second_factor_at: start.stage === 'active' ? now : null,
        reauthenticated_at: null,
        address: actor.address ?? null,
        challenge: null,
        ended_at: null,
      };
      await insertSession(trx, hashToken(token), row);
      await recordAudit(trx, actor, {
        entityId: operator.entityId,
        action: 'operator_session.start',
        subjectType: 'operator_session',
        subjectId: row.id,
        after: { operatorId: operator.id, method: start.method, stage: start.stage },
      });
      return { token, session: toSession(row) };
    },

    /** The pending sign-in becomes an active session (second factor done), from now for 12 hours. */
    async activate(trx: Kysely<Schema>, session: OperatorSession, entityId: string | null, actor: Actor) {
      const now = clock.now();
      const row = await updateSession(trx, session.id, {
        stage: 'active',
        second_factor_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      });
      await recordAudit(trx, actor, {
        entityId,
        action: 'operator_session.second_factor',
        subjectType: 'operator_session',
        subjectId: session.id,
        after: { stage: 'active' },
      });
      return row && toSession(row);
    },

    /** Records a re-authentication of an active session (for requireFresh). */
    async markFresh(trx: Kysely<Schema>, session: OperatorSession, entityId: string | null, actor: Actor) {
      const row = await updateSession(trx, session.id, { reauthenticated_at: clock.now() });
      await recordAudit(trx, actor, {
        entityId,
        action: 'operator_session.reauthenticate',
        subjectType: 'operator_session',
        subjectId: session.id,
      });
      return row && toSession(row);
    },

    /** The live session of a token with its operator (active, not disabled), or undefined. */
    async resolve(token: string | undefined): Promise<ResolvedSession | undefined> {
      const row = await live(token);
      if (!row) return undefined;
      const operator = await findOperator(db, row.operator_id);
      if (operator?.status !== 'active') return undefined;
      const now = clock.now();
      if (row.stage === 'active' && now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
        await updateSession(db, row.id, { last_seen_at: now });
      }
      const principal =
        row.stage === 'active' ? principalOf(operator, await rolesOf(db, operator.id)) : principalOf(operator, []);
      return { session: toSession(row), operator, principal };
    },

    /** Signs out: the token stops working at once. */
    async end(token: string | undefined, from: From): Promise<void> {
      const row = await live(token);
      if (!row) return;
      await db.transaction().execute(async (trx) => {
        const ended = await updateSession(trx, row.id, { ended_at: clock.now() });
        if (!ended) return;
        const operator = await findOperator(trx, row.operator_id);
        await recordAudit(trx, actorOf(row.operator_id, from), {
          entityId: operator?.entityId ?? null,
          action: 'operator_session.end',
          subjectType: 'operator_session',
          subjectId: row.id,
          after: { reason: 'signed out' },
        });
      });
    },
  };
}
