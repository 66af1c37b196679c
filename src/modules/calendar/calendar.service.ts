// Use cases of the due-date calendar: a citizen's due dates at one entity or at all of them, the
// private iCalendar feed (made, replaced, revoked; read by its token), the single-event file, and
// the reminder preferences. Positions are read through the statements service only.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import type { StatementsService } from '../statements/statements.service.ts';
import { deleteFeed, feedOfCitizen, feedOfTokenHash, putFeed, putReminders, remindersOf } from './calendar.db.ts';
import {
  type DueDate,
  dueDatesOf,
  NO_REMINDERS,
  type ReminderPreferences,
  samePreferences,
  sortDueDates,
} from './calendar.ts';
import { type CalendarLanguage, type CalendarTexts, calendarTexts } from './calendar-texts.ts';
import { type IcsEvent, writeCalendar } from './icalendar.ts';

export type CalendarService = ReturnType<typeof calendarService>;

/** 256 random bits, base64url: the secret part of a feed address. */
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hash = (token: string) => createHash('sha256').update(token).digest();
const PROD_ID = '-//Cassa//Scadenziere pagoPA//IT';

export function calendarService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  entities: Pick<EntitiesService, 'list'>;
  statements: Pick<StatementsService, 'statement'>;
  publicUrl: string;
}) {
  const { db, clock } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const host = new URL(publicUrl).host;

  async function dueDates(entity: Entity, fiscalCode: string): Promise<DueDate[]> {
    return dueDatesOf(await deps.statements.statement(entity, fiscalCode));
  }

  /** Every entity's due dates of the citizen: the feed is one calendar, wherever they owe. */
  async function allDueDates(fiscalCode: string): Promise<DueDate[]> {
    const all: DueDate[] = [];
    for (const entity of await deps.entities.list()) all.push(...(await dueDates(entity, fiscalCode)));
    return sortDueDates(all);
  }

  async function reminders(fiscalCode: string): Promise<ReminderPreferences> {
    return (await remindersOf(db, fiscalCode)) ?? NO_REMINDERS;
  }

  function events(dates: readonly DueDate[], t: CalendarTexts, prefs: ReminderPreferences): IcsEvent[] {
    return dates.map((d) => ({
      // The notice number is unique at its entity, and stays the same while the debt does.
      uid: `${d.entity.fiscalCode}-${d.nav}@${host}`,
      date: d.dueDate,
      summary: t.summary(d),
      description: t.description(d),
      url: `${publicUrl}/e/${d.entity.fiscalCode}/posizioni/${encodeURIComponent(d.iupd)}`,
      alarms: prefs.daysBefore.map((days) => ({ daysBefore: days, description: t.alarm(days, d) })),
    }));
  }

  function calendar(dates: readonly DueDate[], lang: CalendarLanguage, prefs: ReminderPreferences): string {
    const t = calendarTexts(lang);
    return writeCalendar({
      prodId: PROD_ID,
      name: t.calendarName,
      description: t.calendarDescription,
      stamp: clock.now(),
      refreshHours: 6,
      events: events(dates, t, prefs),
    });
  }

  return {
    dueDates,
    reminders,

    /** Whether the citizen has a feed address, and since when (the address itself is not kept). */
    feed: (fiscalCode: string) => feedOfCitizen(db, fiscalCode),

    /** A new feed address for the citizen; an earlier one stops working in the same transaction. */
    async newFeed(fiscalCode: string, language: CalendarLanguage, actor: Actor): Promise<{ url: string }> {
      const token = randomBytes(32).toString('base64url');
      const feed = { id: uuidv7(clock.now().getTime()), fiscalCode, language, createdAt: clock.now() };
      await db.transaction().execute(async (trx) => {
        const earlier = await feedOfCitizen(trx, fiscalCode);
        await putFeed(trx, feed, hash(token));
        await recordAudit(trx, actor, {
          entityId: null,
          action: earlier ? 'calendar_feed.replace' : 'calendar_feed.create',
          subjectType: 'calendar_feed',
          subjectId: feed.id,
          before: earlier && { id: earlier.id },
          after: { language },
        });
      });
      return { url: `${publicUrl}/calendario/${token}.ics` };
    },

    /** Revokes the citizen's feed address: it answers 404 from now on. False when there was none. */
    async revokeFeed(fiscalCode: string, actor: Actor): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const id = await deleteFeed(trx, fiscalCode);
        if (!id) return false;
        await recordAudit(trx, actor, {
          entityId: null,
          action: 'calendar_feed.revoke',
          subjectType: 'calendar_feed',
          subjectId: id,
        });
        return true;
      });
    },

    /** The feed named by a token, as iCalendar text; undefined for an unknown or revoked token. */
    async feedCalendar(token: string): Promise<string | undefined> {
      if (!FEED_TOKEN.test(token)) return undefined;
      const feed = await feedOfTokenHash(db, hash(token));
      if (!feed) return undefined;
      return calendar(await allDueDates(feed.fiscalCode), feed.language, await reminders(feed.fiscalCode));
    },

    /** One due date of the citizen as an iCalendar file (same UID as in the feed); undefined if not theirs. */
    async eventCalendar(
      entity: Entity,
      fiscalCode: string,
      nav: string,
      lang: CalendarLanguage,
    ): Promise<string | undefined> {
      const date = (await dueDates(entity, fiscalCode)).find((d) => d.nav === nav);
      return date && calendar([date], lang, await reminders(fiscalCode));
    },

    /** Saves the citizen's reminder preferences; audited when they change. Returns whether they did. */
    async setReminders(fiscalCode: string, preferences: ReminderPreferences, actor: Actor): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const before = (await remindersOf(trx, fiscalCode)) ?? NO_REMINDERS;
        if (samePreferences(before, preferences)) return false;
        await putReminders(trx, fiscalCode, preferences, clock.now());
        await recordAudit(trx, actor, {
          entityId: null,
          action: 'reminder_preferences.update',
          subjectType: 'reminder_preferences',
          subjectId: fiscalCode,
          before,
          after: preferences,
        });
        return true;
      });
    },
  };
}
