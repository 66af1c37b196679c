// The SQL of operators' second factors (migration 022): the TOTP secret, recovery codes, passkeys.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';

export function findTotp(db: Kysely<Schema>, operatorId: string) {
  return db
    .selectFrom('operator_totp')
    .select(['secret', 'confirmed_at', 'last_time_step', 'created_at', 'pending_secret', 'pending_created_at'])
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
}

/** A new, unconfirmed secret, replacing one that was never confirmed (a confirmed one stays). */
export async function putPendingTotp(db: Kysely<Schema>, operatorId: string, secret: string, at: Date) {
  const row = await db
    .insertInto('operator_totp')
    .values({ operator_id: operatorId, secret, created_at: at })
    .onConflict((oc) =>
      oc.column('operator_id').doUpdateSet({ secret, created_at: at }).where('operator_totp.confirmed_at', 'is', null),
    )
    .returning('operator_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A new key waiting beside the confirmed one (the operator is setting up another app). */
export async function putReplacementTotp(db: Kysely<Schema>, operatorId: string, secret: string, at: Date) {
  const row = await db
    .updateTable('operator_totp')
    .set({ pending_secret: secret, pending_created_at: at })
    .where('operator_id', '=', operatorId)
    .where('confirmed_at', 'is not', null)
    .returning('operator_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The waiting key `secret` replaces the confirmed one, confirmed by a code of step `step`: only if it
 * is still the one waiting (of two requests with one code, one wins).
 */
export async function acceptReplacementTotp(
  db: Kysely<Schema>,
  operatorId: string,
  secret: string,
  step: number,
  at: Date,
) {
  const row = await db
    .updateTable('operator_totp')
    .set({
      secret,
      last_time_step: step,
      confirmed_at: at,
      created_at: at,
      pending_secret: null,
      pending_created_at: null,
    })
    .where('operator_id', '=', operatorId)
    .where('pending_secret', '=', secret)
    .returning('operator_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves the last accepted step forward to `step` (and confirms the secret), only if no code of that
 * step or a later one was accepted: of two requests with one code, one wins.
 */
export async function acceptTotpStep(db: Kysely<Schema>, operatorId: string, step: number, at: Date) {
  const row = await db
    .updateTable('operator_totp')
    .set({ last_time_step: step, confirmed_at: sql`coalesce(confirmed_at, ${at})` })
    .where('operator_id', '=', operatorId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', step)]))
    .returning('operator_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Replaces the operator's recovery codes with these hashes. */
export async function replaceRecoveryCodes(db: Kysely<Schema>, operatorId: string, hashes: Buffer[], at: Date) {
  await db.deleteFrom('operator_recovery_codes').where('operator_id', '=', operatorId).execute();
  await db
    .insertInto('operator_recovery_codes')
    .values(hashes.map((code_hash) => ({ operator_id: operatorId, code_hash, created_at: at })))
    .execute();
}

/** Marks an unused recovery code used; false when there is none with this hash. */
export async function useRecoveryCode(db: Kysely<Schema>, operatorId: string, hash: Buffer, at: Date) {
  const row = await db
    .updateTable('operator_recovery_codes')
    .set({ used_at: at })
    .where('operator_id', '=', operatorId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .returning('operator_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function unusedRecoveryCodes(db: Kysely<Schema>, operatorId: string): Promise<number> {
  const row = await db
    .selectFrom('operator_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A passkey of the operator, renamed; false when the operator has none with this id. */
export async function renamePasskey(db: Kysely<Schema>, operatorId: string, credentialId: string, name: string) {
  const row = await db
    .updateTable('operator_passkeys')
    .set({ name })
    .where('operator_id', '=', operatorId)
    .where('credential_id', '=', credentialId)
    .returning('credential_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a passkey of the operator; false when the operator has none with this id. */
export async function removePasskey(db: Kysely<Schema>, operatorId: string, credentialId: string) {
  const row = await db
    .deleteFrom('operator_passkeys')
    .where('operator_id', '=', operatorId)
    .where('credential_id', '=', credentialId)
    .returning('credential_id')
    .executeTakeFirst();
  return row !== undefined;
}

export function passkeysOf(db: Kysely<Schema>, operatorId: string) {
  return db
    .selectFrom('operator_passkeys')
    .select(['credential_id', 'public_key', 'counter', 'transports', 'name', 'created_at', 'last_used_at'])
    .where('operator_id', '=', operatorId)
    .orderBy('created_at')
    .execute();
}

/** Whether the operator has a second factor: a confirmed TOTP secret or a passkey. */
export async function hasSecondFactor(db: Kysely<Schema>, operatorId: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('operator_totp')
              .select('operator_id')
              .where('operator_id', '=', operatorId)
              .where('confirmed_at', 'is not', null),
          ),
          eb.exists(eb.selectFrom('operator_passkeys').select('operator_id').where('operator_id', '=', operatorId)),
        ])
        .as('has'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.has);
}
