// The profile's SQL: citizen_profiles (confirmed contacts, language), contact_codes (the code
// waiting per citizen and channel) and test_outbox (the sandbox's unsent messages).
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Language } from '../texts.ts';

export type Channel = 'email' | 'sms';

export const profileOf = (db: Kysely<Schema>, fiscalCode: string) =>
  db.selectFrom('citizen_profiles').selectAll().where('fiscal_code', '=', fiscalCode).executeTakeFirst();

/**
 * The citizen's profile row, made empty if there is none and locked until the end of the
 * transaction: what serialises two code requests of one citizen arriving together.
 */
export async function lockOrCreateProfile(trx: Kysely<Schema>, fiscalCode: string, now: Date) {
  await trx
    .insertInto('citizen_profiles')
    .values({ fiscal_code: fiscalCode, updated_at: now })
    .onConflict((oc) => oc.column('fiscal_code').doNothing())
    .execute();
  return lockProfile(trx, fiscalCode);
}

/** The profile row, locked until the end of the transaction. */
export const lockProfile = (trx: Kysely<Schema>, fiscalCode: string) =>
  trx.selectFrom('citizen_profiles').selectAll().where('fiscal_code', '=', fiscalCode).forUpdate().executeTakeFirst();

export const codesOf = (db: Kysely<Schema>, fiscalCode: string) =>
  db.selectFrom('contact_codes').selectAll().where('fiscal_code', '=', fiscalCode).execute();

/** The code waiting for a channel, locked until the end of the transaction. */
export const lockCode = (trx: Kysely<Schema>, fiscalCode: string, channel: Channel) =>
  trx
    .selectFrom('contact_codes')
    .selectAll()
    .where('fiscal_code', '=', fiscalCode)
    .where('channel', '=', channel)
    .forUpdate()
    .executeTakeFirst();

export interface CodeRow {
  fiscal_code: string;
  channel: Channel;
  address: string;
  code_hash: Uint8Array;
  expires_at: Date;
  wrong_tries: number;
  last_sent_at: Date;
  window_start: Date;
  sends_in_window: number;
}

/** Writes the channel's code, replacing the one waiting. */
export async function saveCode(trx: Kysely<Schema>, row: CodeRow): Promise<void> {
  const { fiscal_code, channel, ...values } = row;
  await trx
    .insertInto('contact_codes')
    .values(row)
    .onConflict((oc) => oc.columns(['fiscal_code', 'channel']).doUpdateSet(values))
    .execute();
}

export async function countWrongTry(trx: Kysely<Schema>, fiscalCode: string, channel: Channel, tries: number) {
  await trx
    .updateTable('contact_codes')
    .set({ wrong_tries: tries })
    .where('fiscal_code', '=', fiscalCode)
    .where('channel', '=', channel)
    .execute();
}

/** Drops the channel's code; with `sentAt`, only if it is still the one sent then. */
export async function deleteCode(trx: Kysely<Schema>, fiscalCode: string, channel: Channel, sentAt?: Date) {
  let query = trx.deleteFrom('contact_codes').where('fiscal_code', '=', fiscalCode).where('channel', '=', channel);
  if (sentAt) query = query.where('last_sent_at', '=', sentAt);
  await query.execute();
}

/** Sets (or, with null, clears) a confirmed contact, creating the profile row when needed. */
export async function setContact(
  trx: Kysely<Schema>,
  fiscalCode: string,
  channel: Channel,
  address: string | null,
  now: Date,
): Promise<void> {
  const confirmedAt = address === null ? null : now;
  const set =
    channel === 'email'
      ? { email: address, email_confirmed_at: confirmedAt, updated_at: now }
      : { mobile: address, mobile_confirmed_at: confirmedAt, updated_at: now };
  await trx
    .insertInto('citizen_profiles')
    .values({ fiscal_code: fiscalCode, ...set })
    .onConflict((oc) => oc.column('fiscal_code').doUpdateSet(set))
    .execute();
}

export async function setLanguage(trx: Kysely<Schema>, fiscalCode: string, language: Language, now: Date) {
  await trx
    .insertInto('citizen_profiles')
    .values({ fiscal_code: fiscalCode, language, updated_at: now })
    .onConflict((oc) => oc.column('fiscal_code').doUpdateSet({ language, updated_at: now }))
    .execute();
}

/** The newest messages of the test outbox for one citizen. */
export const outboxOf = (db: Kysely<Schema>, fiscalCode: string, limit = 20) =>
  db
    .selectFrom('test_outbox')
    .select(['channel', 'recipient', 'subject', 'body', 'created_at'])
    .where('fiscal_code', '=', fiscalCode)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
