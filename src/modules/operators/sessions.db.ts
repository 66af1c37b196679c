// The SQL of operators' sessions (migration 022): looked up by the SHA-256 of the cookie's token.
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { OperatorSessionsTable, Schema } from '../../db/schema.ts';

export type SessionRow = Omit<Selectable<OperatorSessionsTable>, 'token_hash'>;

const COLUMNS = [
  'id',
  'operator_id',
  'method',
  'stage',
  'created_at',
  'last_seen_at',
  'expires_at',
  'second_factor_at',
  'reauthenticated_at',
  'address',
  'challenge',
  'ended_at',
] as const;

export async function insertSession(db: Kysely<Schema>, tokenHash: Buffer, row: SessionRow): Promise<void> {
  await db
    .insertInto('operator_sessions')
    .values({ token_hash: tokenHash, ...row })
    .execute();
}

export function findSession(db: Kysely<Schema>, tokenHash: Buffer): Promise<SessionRow | undefined> {
  return db.selectFrom('operator_sessions').select(COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Changes a session that has not ended; returns it as it is now, or undefined. */
export function updateSession(
  db: Kysely<Schema>,
  id: string,
  changes: Updateable<OperatorSessionsTable>,
): Promise<SessionRow | undefined> {
  return db
    .updateTable('operator_sessions')
    .set(changes)
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst();
}

/** Takes the session's WebAuthn challenge: it serves once, even to two requests at the same time. */
export async function takeChallenge(db: Kysely<Schema>, id: string): Promise<string | undefined> {
  const { rows } = await sql<{ challenge: string }>`
    UPDATE operator_sessions s SET challenge = NULL
    FROM (SELECT id, challenge FROM operator_sessions WHERE id = ${id} FOR UPDATE) old
    WHERE s.id = old.id AND old.challenge IS NOT NULL
    RETURNING old.challenge`.execute(db);
  return rows[0]?.challenge;
}

/** Ends every live session of the operator (disabled, password changed); returns their ids. */
export async function endSessionsOf(db: Kysely<Schema>, operatorId: string, at: Date): Promise<string[]> {
  const rows = await db
    .updateTable('operator_sessions')
    .set({ ended_at: at })
    .where('operator_id', '=', operatorId)
    .where('ended_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
