// Citizens' sessions: started when a citizen proves who they are (SPID/CIE, a smart card, or the
// sandbox's pretend sign-in), ended by signing out, after 30 idle minutes, or 12 hours after the
// start, whatever happens. The cookie holds a random token; the database only its SHA-256. Each
// sign-in makes a new token (no session fixation).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often (reads of a page do not each cost a write). */
const TOUCH_EVERY_MS = 60_000;

export type SignInMethod = 'sandbox' | 'spid' | 'cie' | 'cns';

export interface CitizenSession {
  id: string;
  fiscalCode: string;
  fullName: string | null;
  method: SignInMethod;
  createdAt: Date;
  expiresAt: Date;
}

export type SessionsService = ReturnType<typeof sessionsService>;

const hash = (token: string) => createHash('sha256').update(token).digest();
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function sessionsService(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** A new session for a citizen who proved who they are; the token goes in the cookie only. */
    async start(identity: { fiscalCode: string; fullName?: string | undefined; method: SignInMethod }, actor: Actor) {
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const session: CitizenSession = {
        id: uuidv7(now.getTime()),
        fiscalCode: identity.fiscalCode.toUpperCase(),
        fullName: identity.fullName ?? null,
        method: identity.method,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('citizen_sessions')
          .values({
            token_hash: hash(token),
            id: session.id,
            fiscal_code: session.fiscalCode,
            full_name: session.fullName,
            method: session.method,
            created_at: now,
            last_seen_at: now,
            expires_at: session.expiresAt,
          })
          .execute();
        await recordAudit(trx, actor, {
          entityId: null,
          action: 'citizen_session.start',
          subjectType: 'citizen_session',
          subjectId: session.id,
          after: { method: session.method, fiscalCode: session.fiscalCode },
        });
      });
      return { token, session };
    },

    /** The live session of a token, or undefined (unknown, ended, idle for 30 minutes, past 12 hours). */
    async resolve(token: string | undefined): Promise<CitizenSession | undefined> {
      if (!token || !TOKEN.test(token)) return undefined;
      const row = await db
        .selectFrom('citizen_sessions')
        .selectAll()
        .where('token_hash', '=', hash(token))
        .executeTakeFirst();
      const now = clock.now().getTime();
      if (
        !row ||
        row.ended_at ||
        row.expires_at.getTime() <= now ||
        row.last_seen_at.getTime() + IDLE_TIMEOUT_MS <= now
      ) {
        return undefined;
      }
      if (now - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
        await db
          .updateTable('citizen_sessions')
          .set({ last_seen_at: new Date(now) })
          .where('token_hash', '=', row.token_hash)
          .execute();
      }
      return {
        id: row.id,
        fiscalCode: row.fiscal_code,
        fullName: row.full_name,
        method: row.method,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      };
    },

    /** Signs out: the token stops working at once. */
    async end(token: string | undefined, actor: Actor): Promise<void> {
      if (!token || !TOKEN.test(token)) return;
      await db.transaction().execute(async (trx) => {
        const ended = await trx
          .updateTable('citizen_sessions')
          .set({ ended_at: clock.now() })
          .where('token_hash', '=', hash(token))
          .where('ended_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!ended) return;
        await recordAudit(trx, actor, {
          entityId: null,
          action: 'citizen_session.end',
          subjectType: 'citizen_session',
          subjectId: ended.id,
          after: { reason: 'signed out' },
        });
      });
    },
  };
}
