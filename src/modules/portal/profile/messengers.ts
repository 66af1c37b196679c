// How one-time codes reach the citizen: e-mail through the configured SMTP server (nodemailer), or —
// only in the sandbox, when nothing real is configured — the test outbox, a table the citizen reads
// on a page of the portal that says plainly the message was not sent. SMS has no real provider yet:
// the interface is here for one, and the sandbox uses the test outbox.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { uuidv7 } from '../../../shared/ids.ts';

export interface Message {
  /** Whose message it is (the test outbox shows each citizen only theirs). */
  fiscalCode: string;
  to: string;
  subject: string;
  text: string;
  /** Files sent with it (a receipt's or a notice's PDF, resent by the help desk). */
  attachments?: readonly Attachment[];
}

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

const attachmentsOf = (message: Message) =>
  message.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType }));

/** `make` run once, on first use: nodemailer (≈ 40 modules) loads with the first message, not with the services. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

const nodemailer = () => import('nodemailer').then((m) => m.default);

export interface Messenger {
  /** 'test-outbox': nothing leaves Cassa, and the pages must say so. */
  readonly kind: 'smtp' | 'sms-provider' | 'test-outbox';
  send(message: Message): Promise<void>;
}

/**
 * E-mail through an SMTP server: SMTP_URL (smtp:// or smtps://, credentials in the URL) and SMTP_FROM.
 * The citizen's request waits for it, so a server that hangs fails the send in `timeoutMs` (15 s),
 * not in nodemailer's default minutes.
 */
export function smtpMailer(options: { url: string; from: string; timeoutMs?: number }): Messenger {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = once(async () =>
    (await nodemailer()).createTransport({
      url: options.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    }),
  );
  return {
    kind: 'smtp',
    async send(message) {
      await (await transport()).sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.attachments && { attachments: attachmentsOf(message) }),
      });
    },
  };
}

/** E-mail composed by nodemailer (as it would be sent) and kept in the test outbox instead. */
export function outboxMailer(deps: { db: Kysely<Schema>; clock: Clock }): Messenger {
  const transport = once(async () => (await nodemailer()).createTransport({ jsonTransport: true }));
  return {
    kind: 'test-outbox',
    async send(message) {
      const info = await (await transport()).sendMail({
        from: 'Cassa sandbox <sandbox@cassa.invalid>',
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.attachments && { attachments: attachmentsOf(message) }),
      });
      const composed = JSON.parse(String(info.message)) as {
        subject?: string;
        text?: string;
        attachments?: { filename?: string; content?: string }[];
      };
      // The outbox keeps the text; each file it carried is named at its end, with its size.
      const files = (composed.attachments ?? []).map(
        (a) => `\n[${a.filename ?? 'file'}: ${Buffer.from(a.content ?? '', 'base64').length} byte]`,
      );
      await keep(deps, 'email', {
        ...message,
        subject: composed.subject ?? message.subject,
        text: (composed.text ?? '') + files.join(''),
      });
    },
  };
}

/** Text messages kept in the test outbox (no SMS provider is wired in yet). */
export function outboxSms(deps: { db: Kysely<Schema>; clock: Clock }): Messenger {
  return {
    kind: 'test-outbox',
    send: (message) => keep(deps, 'sms', message),
  };
}

async function keep(deps: { db: Kysely<Schema>; clock: Clock }, channel: 'email' | 'sms', message: Message) {
  const now = deps.clock.now();
  await deps.db
    .insertInto('test_outbox')
    .values({
      id: uuidv7(now.getTime()),
      fiscal_code: message.fiscalCode,
      channel,
      recipient: message.to,
      subject: channel === 'email' ? message.subject : null,
      body: message.text,
      created_at: now,
    })
    .execute();
}

export interface ProfileMessengers {
  email: Messenger | undefined;
  sms: Messenger | undefined;
}

/**
 * The configured way for each channel: e-mail through SMTP_URL when set; otherwise, in the sandbox
 * only, the test outbox — never on real data, where a code nobody receives would confirm nothing.
 */
export function profileMessengers(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  smtp: { url: string; from: string } | undefined;
  sandbox: boolean;
}): ProfileMessengers {
  return {
    email: deps.smtp ? smtpMailer(deps.smtp) : deps.sandbox ? outboxMailer(deps) : undefined,
    sms: deps.sandbox ? outboxSms(deps) : undefined,
  };
}
