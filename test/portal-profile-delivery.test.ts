// How the profile's one-time codes are delivered outside the sandbox's test outbox: with no SMTP
// server or SMS provider the channels say they are unavailable; a message that cannot be sent
// leaves nothing behind; and a code sent through SMTP (to a minimal local server) confirms the
// address as one read from the test outbox does. The profile itself: portal-profile.test.ts.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { smtpMailer } from '../src/modules/portal/profile/messengers.ts';
import { createServices } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { freshDatabase } from './support/db.ts';
import { signedInAtProfile } from './support/profile.ts';

const mario = DEMO_CITIZENS[0]!;

describe('outside the sandbox', () => {
  it('without an SMTP server or SMS provider the channels say they are unavailable; no test outbox', async () => {
    const db = await freshDatabase();
    const services = createServices(db.database, {
      clock: fixedClock('2026-06-15T10:00:00Z'),
      config: { importMaxBytes: 1024, importMaxRows: 10, sandbox: false },
    });
    const app = await buildApp({ services, logLevel: 'silent', sandboxSignIn: true });
    try {
      const me = await signedInAtProfile(app, mario.fiscalCode);
      const page = await me.request('GET', '/profilo');
      assert.match(page.body, /L’invio di e-mail non è configurato per questo servizio/);
      assert.match(page.body, /L’invio di SMS non è configurato per questo servizio/);
      assert.doesNotMatch(page.body, /messaggi-di-prova|Ambiente di prova: i codici/);
      const token = me.token(page.body);
      const res = await me.request('POST', '/profilo/email', { email: 'm@example.it', _csrf: token });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Questo tipo di contatto non è disponibile/);
      assert.equal((await me.request('GET', '/profilo/messaggi-di-prova')).statusCode, 404);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('a message that cannot be sent leaves no code behind and no minute to wait', async () => {
    const db = await freshDatabase();
    const services = createServices(db.database, {
      clock: fixedClock('2026-06-15T10:00:00Z'),
      messengers: {
        email: {
          kind: 'smtp',
          send: async () => {
            throw new Error('connection refused');
          },
        },
      },
    });
    const app = await buildApp({ services, logLevel: 'silent' });
    try {
      const me = await signedInAtProfile(app, mario.fiscalCode);
      const page = await me.request('GET', '/profilo');
      assert.doesNotMatch(page.body, /L’invio di e-mail non è configurato/);
      for (let i = 0; i < 2; i++) {
        const res = await me.request('POST', '/profilo/email', { email: 'm@example.it', _csrf: me.token(page.body) });
        assert.equal(res.statusCode, 502);
        assert.match(res.body, /Non siamo riusciti a inviare il messaggio/);
      }
      assert.equal((await db.database.db.selectFrom('contact_codes').selectAll().execute()).length, 0);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

/** A minimal SMTP server on a local port: it keeps each message's DATA. */
async function smtpServer() {
  const received: { from: string; to: string[]; data: string }[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
          continue;
        }
        const at = buffer.indexOf('\r\n');
        if (at < 0) return;
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
        else if (verb === 'MAIL') {
          current.from = line;
          socket.write('250 ok\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('e-mail through SMTP', () => {
  it('delivers the code to the SMTP server named by SMTP_URL, from SMTP_FROM', async () => {
    const smtp = await smtpServer();
    const db = await freshDatabase();
    const services = createServices(db.database, {
      clock: fixedClock('2026-06-15T10:00:00Z'),
      messengers: {
        email: smtpMailer({
          url: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`,
          from: 'Comune di Prova <pagamenti@comune.example.it>',
        }),
      },
    });
    const app = await buildApp({ services, logLevel: 'silent' });
    try {
      const me = await signedInAtProfile(app, mario.fiscalCode);
      const page = await me.request('GET', '/profilo');
      const sent = await me.request('POST', '/profilo/email', {
        email: 'mario@example.it',
        _csrf: me.token(page.body),
      });
      assert.equal(sent.statusCode, 303, sent.body);
      const waiting = await me.request('GET', '/profilo?fatto=codice-email');
      assert.match(waiting.body, /Ti abbiamo inviato un codice di conferma/);
      assert.doesNotMatch(waiting.body, /Ambiente di prova: il codice/);
      assert.equal(smtp.received.length, 1);
      const message = smtp.received[0]!;
      assert.match(message.from, /<pagamenti@comune\.example\.it>/);
      assert.match(message.to[0]!, /<mario@example\.it>/);
      const unfolded = message.data.replace(/=\r\n/g, '');
      const code = /è (\d{6})\./.exec(unfolded.replace(/=C3=A8/g, 'è'))?.[1];
      assert.ok(code, unfolded);
      const ok = await me.request('POST', '/profilo/email/conferma', { code, _csrf: me.token(waiting.body) });
      assert.equal(ok.statusCode, 303);
      assert.equal((await services.profiles.confirmedContacts(mario.fiscalCode)).email, 'mario@example.it');
    } finally {
      await app.close();
      await db.drop();
      await smtp.close();
    }
  });
});
