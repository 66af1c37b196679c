// The sign-ins started towards an OpenID Connect provider (SPID/CIE), kept server-side until their
// callback: the state names the row, a random value in the browser's cookie proves it is the same
// browser, and the row is marked used by the first callback — a replayed one finds it used. Rows
// live 10 minutes. Why in the database and not in a cookie: docs/adr/0017-oidc-sign-in.md.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';

export const OIDC_TRANSACTION_TTL_MS = 10 * 60_000;

export interface OidcTransaction {
  id: string;
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

/** Why a callback's transaction was not accepted. */
export type TransactionProblem = 'unknown' | 'used' | 'expired' | 'other-browser' | 'other-provider';

export type OidcTransactionsService = ReturnType<typeof oidcTransactionsService>;

const hash = (value: string) => createHash('sha256').update(value).digest();
/** A browser binding value as this module makes them (32 random bytes, base64url). */
export const BROWSER_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function oidcTransactionsService(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /**
     * Keeps a new sign-in until its callback. The browser token is the one the browser already has
     * (so two sign-ins in two tabs both work) or a new one; it goes in the cookie only.
     */
    async begin(
      input: { provider: string; state: string; nonce: string; codeVerifier: string; next: string },
      browserToken: string | undefined,
      actor: Actor,
    ): Promise<{ transaction: OidcTransaction; browserToken: string }> {
      const token =
        browserToken && BROWSER_TOKEN.test(browserToken) ? browserToken : randomBytes(32).toString('base64url');
      const now = clock.now();
      const transaction: OidcTransaction = { id: uuidv7(now.getTime()), ...input };
      await db.transaction().execute(async (trx) => {
        // Rows past their time only ever answer "expired": no need to keep them.
        await trx.deleteFrom('oidc_transactions').where('expires_at', '<', now).execute();
        await trx
          .insertInto('oidc_transactions')
          .values({
            state: input.state,
            id: transaction.id,
            provider: input.provider,
            browser_hash: hash(token),
            nonce: input.nonce,
            code_verifier: input.codeVerifier,
            next_path: input.next,
            created_at: now,
            expires_at: new Date(now.getTime() + OIDC_TRANSACTION_TTL_MS),
          })
          .execute();
        await recordAudit(trx, actor, {
          entityId: null,
          action: 'oidc_sign_in.start',
          subjectType: 'oidc_transaction',
          subjectId: transaction.id,
          after: { provider: input.provider },
        });
      });
      return { transaction, browserToken: token };
    },

    /**
     * The transaction a callback names, marked used whatever follows: a callback works once. Refused
     * when unknown, already used, expired, started in another browser or for another provider.
     */
    async take(
      provider: string,
      state: unknown,
      browserToken: string | undefined,
    ): Promise<
      | { transaction: OidcTransaction; problem?: undefined }
      | { transaction?: undefined; problem: TransactionProblem; id?: string }
    > {
      if (typeof state !== 'string' || state.length === 0 || state.length > 200) return { problem: 'unknown' };
      const now = clock.now();
      const row = await db
        .updateTable('oidc_transactions')
        .set({ used_at: now })
        .where('state', '=', state)
        .where('used_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        const seen = await db
          .selectFrom('oidc_transactions')
          .select('id')
          .where('state', '=', state)
          .executeTakeFirst();
        return seen ? { problem: 'used', id: seen.id } : { problem: 'unknown' };
      }
      if (row.expires_at.getTime() <= now.getTime()) return { problem: 'expired', id: row.id };
      if (
        !browserToken ||
        !BROWSER_TOKEN.test(browserToken) ||
        !hash(browserToken).equals(Buffer.from(row.browser_hash))
      )
        return { problem: 'other-browser', id: row.id };
      if (row.provider !== provider) return { problem: 'other-provider', id: row.id };
      return {
        transaction: {
          id: row.id,
          provider: row.provider,
          state: row.state,
          nonce: row.nonce,
          codeVerifier: row.code_verifier,
          next: row.next_path,
        },
      };
    },

    /** Records a sign-in that did not give a session, and why (no personal data: the reason only). */
    async refused(
      input: { provider: string; transactionId: string | undefined; reason: string },
      actor: Actor,
    ): Promise<void> {
      await recordAudit(db, actor, {
        entityId: null,
        action: 'oidc_sign_in.refused',
        subjectType: 'oidc_transaction',
        subjectId: input.transactionId ?? 'none',
        after: { provider: input.provider, reason: input.reason },
      });
    },
  };
}
