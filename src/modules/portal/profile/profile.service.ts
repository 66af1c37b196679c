// The citizen's profile: a contact e-mail and a mobile number, each used only once confirmed by a
// six-digit code sent to it, and the preferred language. Only a hash of a code is stored; a code
// lasts ten minutes and allows five wrong tries, after which a new one is needed; a new code can
// be asked for once a minute and five times an hour. See docs/adr/0020-smartcard-and-contacts.md.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import { type Language, textsFor } from '../texts.ts';
import { maskContact } from './contacts.ts';
import type { Messenger, ProfileMessengers } from './messengers.ts';
import * as store from './profile.db.ts';

export type Channel = store.Channel;

export const CODE_LIFETIME_MS = 10 * 60_000;
export const MAX_WRONG_TRIES = 5;
export const RESEND_AFTER_MS = 60_000;
export const MAX_SENDS_PER_HOUR = 5;
const HOUR_MS = 60 * 60_000;

export interface PendingCode {
  address: string;
  expiresAt: Date;
  /** When a new code may be asked for. */
  resendAt: Date;
  triesLeft: number;
}

export interface Profile {
  email: { address: string; confirmedAt: Date } | undefined;
  mobile: { address: string; confirmedAt: Date } | undefined;
  language: Language | undefined;
  pending: { email: PendingCode | undefined; sms: PendingCode | undefined };
}

export type RequestOutcome =
  | { sent: true; to: Messenger['kind'] }
  | { sent: false; reason: 'unavailable' | 'tooSoon' | 'tooMany' | 'sameAsConfirmed' | 'sendFailed'; retryAt?: Date };

export type ConfirmOutcome =
  | { confirmed: true; address: string }
  | { confirmed: false; reason: 'none' | 'expired' | 'exhausted' | 'wrong' | 'format'; triesLeft?: number };

export type ProfilesService = ReturnType<typeof profilesService>;

const contactColumn = { email: 'email', sms: 'mobile' } as const;
const codeHash = (fiscalCode: string, channel: Channel, address: string, code: string) =>
  createHash('sha256').update(`${fiscalCode}\n${channel}\n${address}\n${code}`).digest();

/** The words of a code message, in the citizen's language. */
function codeMessage(channel: Channel, code: string, lang: Language) {
  const t = textsFor(lang);
  const text = (channel === 'email' ? t.codeEmailText : t.codeSmsText).replace('{code}', code);
  return { subject: t.codeEmailSubject, text };
}

export function profilesService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  /** Where codes go; undefined: the channel is not available on this installation. */
  messengers: ProfileMessengers;
}) {
  const { db, clock, messengers } = deps;

  const audit = (trx: Kysely<Schema>, actor: Actor, fiscalCode: string, action: string, change: object) =>
    recordAudit(trx, actor, {
      entityId: null,
      action: `citizen_profile.${action}`,
      subjectType: 'citizen_profile',
      subjectId: fiscalCode,
      ...change,
    });

  return {
    /** Which channels can send codes here, and whether they only reach the test outbox. */
    channels: { email: messengers.email?.kind, sms: messengers.sms?.kind },

    async profile(fiscalCode: string): Promise<Profile> {
      const row = await store.profileOf(db, fiscalCode);
      const codes = await store.codesOf(db, fiscalCode);
      const now = clock.now().getTime();
      const pending = (channel: Channel): PendingCode | undefined => {
        const code = codes.find((c) => c.channel === channel);
        if (!code || code.expires_at.getTime() <= now || code.wrong_tries >= MAX_WRONG_TRIES) return undefined;
        return {
          address: code.address,
          expiresAt: code.expires_at,
          resendAt: new Date(code.last_sent_at.getTime() + RESEND_AFTER_MS),
          triesLeft: MAX_WRONG_TRIES - code.wrong_tries,
        };
      };
      const confirmed = (address: string | null | undefined, at: Date | null | undefined) =>
        address && at ? { address, confirmedAt: at } : undefined;
      return {
        email: confirmed(row?.email, row?.email_confirmed_at),
        mobile: confirmed(row?.mobile, row?.mobile_confirmed_at),
        language: row?.language ?? undefined,
        pending: { email: pending('email'), sms: pending('sms') },
      };
    },

    /**
     * The contacts other parts of Cassa may use (reminders, notifications): confirmed ones only —
     * an address waiting for its code is never returned.
     */
    async confirmedContacts(
      fiscalCode: string,
    ): Promise<{ email: string | undefined; mobile: string | undefined; language: Language | undefined }> {
      const row = await store.profileOf(db, fiscalCode.toUpperCase());
      return {
        email: row?.email_confirmed_at ? (row.email ?? undefined) : undefined,
        mobile: row?.mobile_confirmed_at ? (row.mobile ?? undefined) : undefined,
        language: row?.language ?? undefined,
      };
    },

    /** Sends a new code to `address` (already normalised), replacing any earlier one for the channel. */
    async requestCode(
      fiscalCode: string,
      channel: Channel,
      address: string,
      lang: Language,
      actor: Actor,
    ): Promise<RequestOutcome> {
      const messenger = messengers[channel];
      if (!messenger) return { sent: false, reason: 'unavailable' };
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = clock.now();
      const refused = await db.transaction().execute(async (trx): Promise<RequestOutcome | undefined> => {
        const profile = await store.lockOrCreateProfile(trx, fiscalCode, now);
        if (profile?.[contactColumn[channel]] === address) return { sent: false, reason: 'sameAsConfirmed' };
        const earlier = await store.lockCode(trx, fiscalCode, channel);
        let windowStart = now;
        let sends = 1;
        if (earlier) {
          const resendAt = earlier.last_sent_at.getTime() + RESEND_AFTER_MS;
          if (now.getTime() < resendAt) return { sent: false, reason: 'tooSoon', retryAt: new Date(resendAt) };
          const windowEnd = earlier.window_start.getTime() + HOUR_MS;
          if (now.getTime() < windowEnd) {
            if (earlier.sends_in_window >= MAX_SENDS_PER_HOUR)
              return { sent: false, reason: 'tooMany', retryAt: new Date(windowEnd) };
            windowStart = earlier.window_start;
            sends = earlier.sends_in_window + 1;
          }
        }
        await store.saveCode(trx, {
          fiscal_code: fiscalCode,
          channel,
          address,
          code_hash: codeHash(fiscalCode, channel, address, code),
          expires_at: new Date(now.getTime() + CODE_LIFETIME_MS),
          wrong_tries: 0,
          last_sent_at: now,
          window_start: windowStart,
          sends_in_window: sends,
        });
        await audit(trx, actor, fiscalCode, `${channel}_code_sent`, {
          after: { to: maskContact(address), via: messenger.kind },
        });
        return undefined;
      });
      if (refused) return refused;
      // Sent after the commit: a slow mail server holds no lock.
      try {
        await messenger.send({ fiscalCode, to: address, ...codeMessage(channel, code, lang) });
      } catch {
        // Nothing reached the citizen: the code goes, and so does the minute they would have to wait.
        await db.transaction().execute(async (trx) => {
          await store.deleteCode(trx, fiscalCode, channel, now);
          await audit(trx, actor, fiscalCode, `${channel}_code_not_sent`, { after: { to: maskContact(address) } });
        });
        return { sent: false, reason: 'sendFailed' };
      }
      return { sent: true, to: messenger.kind };
    },

    /** Checks a code the citizen typed; the right one confirms the address it was sent to. */
    async confirmCode(fiscalCode: string, channel: Channel, typed: string, actor: Actor): Promise<ConfirmOutcome> {
      const code = typed.replace(/\s/g, '');
      if (!/^\d{6}$/.test(code)) return { confirmed: false, reason: 'format' };
      const now = clock.now();
      return db.transaction().execute(async (trx): Promise<ConfirmOutcome> => {
        const pending = await store.lockCode(trx, fiscalCode, channel);
        if (!pending) return { confirmed: false, reason: 'none' };
        if (pending.wrong_tries >= MAX_WRONG_TRIES) return { confirmed: false, reason: 'exhausted' };
        if (pending.expires_at.getTime() <= now.getTime()) return { confirmed: false, reason: 'expired' };
        const expected = codeHash(fiscalCode, channel, pending.address, code);
        if (!timingSafeEqual(Buffer.from(pending.code_hash), expected)) {
          const tries = pending.wrong_tries + 1;
          await store.countWrongTry(trx, fiscalCode, channel, tries);
          await audit(trx, actor, fiscalCode, `${channel}_code_wrong`, { after: { tries } });
          return tries >= MAX_WRONG_TRIES
            ? { confirmed: false, reason: 'exhausted' }
            : { confirmed: false, reason: 'wrong', triesLeft: MAX_WRONG_TRIES - tries };
        }
        const column = contactColumn[channel];
        const previous = (await store.lockProfile(trx, fiscalCode))?.[column];
        await store.setContact(trx, fiscalCode, channel, pending.address, now);
        await store.deleteCode(trx, fiscalCode, channel);
        await audit(trx, actor, fiscalCode, `${channel}_confirmed`, {
          before: { [column]: previous ? maskContact(previous) : null },
          after: { [column]: maskContact(pending.address) },
        });
        return { confirmed: true, address: pending.address };
      });
    },

    /** Forgets a confirmed contact (and any code waiting for that channel). */
    async removeContact(fiscalCode: string, channel: Channel, actor: Actor): Promise<boolean> {
      const now = clock.now();
      const column = contactColumn[channel];
      return db.transaction().execute(async (trx) => {
        await store.deleteCode(trx, fiscalCode, channel);
        const previous = (await store.lockProfile(trx, fiscalCode))?.[column];
        if (!previous) return false;
        await store.setContact(trx, fiscalCode, channel, null, now);
        await audit(trx, actor, fiscalCode, `${channel}_removed`, {
          before: { [column]: maskContact(previous) },
          after: { [column]: null },
        });
        return true;
      });
    },

    async setLanguage(fiscalCode: string, language: Language, actor: Actor): Promise<void> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const before = (await store.lockProfile(trx, fiscalCode))?.language ?? null;
        if (before === language) return;
        await store.setLanguage(trx, fiscalCode, language, now);
        await audit(trx, actor, fiscalCode, 'language_set', { before: { language: before }, after: { language } });
      });
    },

    /** The test outbox's messages to this citizen, newest first (only where the outbox is in use). */
    testOutbox: (fiscalCode: string) => store.outboxOf(db, fiscalCode),
  };
}
