// The calendar's SQL: the citizens' feed addresses (by the hash of their token) and reminder
// preferences. The token hash is selected only to find a feed, never returned.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { ReminderPreferences } from './calendar.ts';
import type { CalendarLanguage } from './calendar-texts.ts';

export interface FeedRow {
  id: string;
  fiscalCode: string;
  language: CalendarLanguage;
  createdAt: Date;
}

const feedColumns = ['id', 'fiscal_code', 'language', 'created_at'] as const;
const toFeed = (row: { id: string; fiscal_code: string; language: CalendarLanguage; created_at: Date }): FeedRow => ({
  id: row.id,
  fiscalCode: row.fiscal_code,
  language: row.language,
  createdAt: row.created_at,
});

export async function feedOfCitizen(db: Kysely<Schema>, fiscalCode: string): Promise<FeedRow | undefined> {
  const row = await db
    .selectFrom('calendar_feeds')
    .select(feedColumns)
    .where('fiscal_code', '=', fiscalCode)
    .executeTakeFirst();
  return row && toFeed(row);
}

export async function feedOfTokenHash(db: Kysely<Schema>, tokenHash: Uint8Array): Promise<FeedRow | undefined> {
  const row = await db
    .selectFrom('calendar_feeds')
    .select(feedColumns)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && toFeed(row);
}

/** The citizen's one feed, replacing any earlier one (whose address then stops working). */
export async function putFeed(db: Kysely<Schema>, feed: FeedRow, tokenHash: Uint8Array): Promise<void> {
  const { fiscal_code, ...replaced } = {
    fiscal_code: feed.fiscalCode,
    id: feed.id,
    token_hash: tokenHash,
    language: feed.language,
    created_at: feed.createdAt,
  };
  await db
    .insertInto('calendar_feeds')
    .values({ fiscal_code, ...replaced })
    .onConflict((c) => c.column('fiscal_code').doUpdateSet(replaced))
    .execute();
}

export async function deleteFeed(db: Kysely<Schema>, fiscalCode: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('calendar_feeds')
    .where('fiscal_code', '=', fiscalCode)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function remindersOf(db: Kysely<Schema>, fiscalCode: string): Promise<ReminderPreferences | undefined> {
  const row = await db
    .selectFrom('reminder_preferences')
    .select(['days_before', 'by_email', 'by_sms'])
    .where('fiscal_code', '=', fiscalCode)
    .executeTakeFirst();
  return row && { daysBefore: row.days_before.map(Number), byEmail: row.by_email, bySms: row.by_sms };
}

export async function putReminders(
  db: Kysely<Schema>,
  fiscalCode: string,
  preferences: ReminderPreferences,
  now: Date,
): Promise<void> {
  const values = {
    days_before: preferences.daysBefore,
    by_email: preferences.byEmail,
    by_sms: preferences.bySms,
    updated_at: now,
  };
  await db
    .insertInto('reminder_preferences')
    .values({ fiscal_code: fiscalCode, ...values })
    .onConflict((c) => c.column('fiscal_code').doUpdateSet(values))
    .execute();
}
