// Signed-in citizens on the portal: the sandbox's pretend sign-in (demo citizens only), sessions
// (new token at sign-in, 30 idle minutes, 12 hours, sign-out), the account statement with its PDF and
// CSV, and position details — only the citizen's own; anything else is the same 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { injectBrowser } from './support/browser.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
const mine = DEMO_CITIZENS[0]!;
const theirs = DEMO_CITIZENS[1]!;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  const body = (iupd: string, fiscalCode: string, fullName: string, cents: number) => {
    const b = singlePayment(iupd, cents);
    b.paymentOption[0]!.debtor = { type: 'F', fiscalCode, fullName };
    return b;
  };
  await ctx.services.positions.create(
    entity,
    body('MINE-1', mine.fiscalCode, mine.fullName, 4_200),
    { toPublish: true },
    testActor,
  );
  await ctx.services.positions.create(
    entity,
    body('MINE-2', mine.fiscalCode, mine.fullName, 1_000),
    { toPublish: true },
    testActor,
  );
  await ctx.services.positions.create(
    entity,
    body('THEIRS-1', theirs.fiscalCode, theirs.fullName, 9_999),
    { toPublish: true },
    testActor,
  );
});
after(() => ctx.close());

const browser = () => injectBrowser(ctx.app);

async function signIn(b: ReturnType<typeof browser>, fiscalCode: string, next = `/e/${entity.fiscalCode}/estratto`) {
  const form = await b.request('GET', `/accedi?next=${encodeURIComponent(next)}`);
  return b.request('POST', '/accedi/sandbox', { fiscalCode, next, _csrf: b.token(form.body) });
}

describe('signing in', () => {
  it('the statement needs a signed-in citizen: sign in, come back, see only one’s own positions', async () => {
    const b = browser();
    const anonymous = await b.request('GET', `/e/${entity.fiscalCode}/estratto`);
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, `/accedi?next=${encodeURIComponent(`/e/${entity.fiscalCode}/estratto`)}`);
    const signin = await b.request('GET', anonymous.headers.location as string);
    assert.match(signin.body, /Accesso di prova \(sandbox\)/);
    const done = await signIn(b, mine.fiscalCode);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/e/${entity.fiscalCode}/estratto`);
    assert.match(
      String(done.headers['set-cookie']),
      /^__Host-cassa-session=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax$/,
    );
    const statement = await b.request('GET', `/e/${entity.fiscalCode}/estratto`);
    assert.equal(statement.statusCode, 200);
    assert.match(statement.body, /52,00/, 'the two positions: 42 + 10 euro to pay');
    assert.match(statement.body, new RegExp(`Accesso effettuato come ${mine.fullName}`));
    assert.doesNotMatch(statement.body, /99,99/);
  });

  it('the header names the signed-in citizen on every page, the anonymous ones too', async () => {
    const b = browser();
    assert.doesNotMatch((await b.request('GET', `/e/${entity.fiscalCode}`)).body, /Accesso effettuato come/);
    await signIn(b, mine.fiscalCode);
    const home = await b.request('GET', `/e/${entity.fiscalCode}`);
    assert.match(home.body, new RegExp(`Accesso effettuato come ${mine.fullName}`));
    assert.match(home.body, /<form method="post" action="\/esci"/);
    assert.match(home.body, /href="\/e\/\d{11}\/carrello"/, 'and the personal area’s navigation');
    assert.match(home.body, /l’accesso termina dopo 30 minuti senza attività/, 'the time limit said beforehand');
  });

  it('a new session token at every sign-in, and sign-out ends it at once', async () => {
    const b = browser();
    await signIn(b, mine.fiscalCode);
    const first = b.cookie('__Host-cassa-session');
    await signIn(b, mine.fiscalCode);
    const second = b.cookie('__Host-cassa-session');
    assert.notEqual(first, second);
    const page = await b.request('GET', `/e/${entity.fiscalCode}/estratto`);
    const out = await b.request('POST', '/esci', { _csrf: b.token(page.body) });
    assert.equal(out.statusCode, 303);
    // Replaying the old cookie after signing out: signed out.
    const replay = await ctx.app.inject({
      url: `/e/${entity.fiscalCode}/estratto`,
      headers: { cookie: `__Host-cassa-session=${second}` },
    });
    assert.equal(replay.statusCode, 401);
    assert.match(replay.body, /Sessione scaduta/);
  });

  it('sessions end after 30 idle minutes and 12 hours in all', async () => {
    const b = browser();
    await signIn(b, mine.fiscalCode);
    ctx.clock.advance(29 * 60_000);
    assert.equal((await b.request('GET', `/e/${entity.fiscalCode}/estratto`)).statusCode, 200);
    ctx.clock.advance(29 * 60_000);
    assert.equal(
      (await b.request('GET', `/e/${entity.fiscalCode}/estratto`)).statusCode,
      200,
      'still active: it was used',
    );
    ctx.clock.advance(31 * 60_000);
    assert.equal((await b.request('GET', `/e/${entity.fiscalCode}/estratto`)).statusCode, 401, 'idle for 31 minutes');
    const c = browser();
    await signIn(c, mine.fiscalCode);
    const start = ctx.clock.now().getTime();
    let status = 200;
    while (status === 200) {
      ctx.clock.advance(29 * 60_000);
      status = (await c.request('GET', `/e/${entity.fiscalCode}/estratto`)).statusCode;
    }
    const hours = (ctx.clock.now().getTime() - start) / 3_600_000;
    assert.equal(status, 401, 'session expired');
    assert.ok(hours >= 12 && hours < 12.5, `ended after ${hours} hours of activity`);
    ctx.clock.set('2026-06-15T10:00:00Z');
  });

  it('only the demo’s citizens, with the form’s token', async () => {
    const b = browser();
    const form = await b.request('GET', '/accedi');
    const stranger = await b.request('POST', '/accedi/sandbox', {
      fiscalCode: 'XXXXXX00A00X000X',
      _csrf: b.token(form.body),
    });
    assert.equal(stranger.statusCode, 400);
    assert.match(stranger.body, /Scegli un cittadino di prova/);
    const noToken = await b.request('POST', '/accedi/sandbox', { fiscalCode: mine.fiscalCode });
    assert.equal(noToken.statusCode, 400);
    const elsewhere = await b.request('POST', '/accedi/sandbox', {
      fiscalCode: mine.fiscalCode,
      next: 'https://evil.example/',
      _csrf: b.token(form.body),
    });
    assert.equal(elsewhere.headers.location, '/', 'no open redirect');
  });
});

describe('the signed-in citizen’s documents', () => {
  it('statement PDF and CSV of one’s own positions', async () => {
    const b = browser();
    await signIn(b, mine.fiscalCode);
    const pdf = await b.request('GET', `/e/${entity.fiscalCode}/estratto.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const csv = await b.request('GET', `/e/${entity.fiscalCode}/estratto.csv`);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /MINE-1/);
    assert.doesNotMatch(csv.body, /THEIRS-1/);
  });

  it('a position of one’s own shows its notices; another citizen’s is the same 404 as one that does not exist', async () => {
    const b = browser();
    await signIn(b, mine.fiscalCode);
    const own = await b.request('GET', `/e/${entity.fiscalCode}/posizioni/MINE-1`);
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /42,00/);
    assert.match(own.body, /\/avviso\/\d{18}\/paga/);
    const other = await b.request('GET', `/e/${entity.fiscalCode}/posizioni/THEIRS-1`);
    const missing = await b.request('GET', `/e/${entity.fiscalCode}/posizioni/NOPE`);
    assert.equal(other.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    const strip = (html: string) =>
      html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/href="[^"]*\?lang=en"/g, '');
    assert.equal(strip(other.body), strip(missing.body));
  });

  it('a position says what the money is for: each transfer with its beneficiary and amount', async () => {
    const b = browser();
    await signIn(b, mine.fiscalCode);
    const own = await b.request('GET', `/e/${entity.fiscalCode}/posizioni/MINE-1`);
    assert.match(own.body, /Cosa paghi/);
    assert.match(own.body, /<td>TARI 2026<\/td><td>Comune di Prova<\/td><td class="text-end">42,00/);
  });

  it('the statement filters: to pay, paid, expired or cancelled, all', async () => {
    const b = browser();
    await signIn(b, mine.fiscalCode);
    const paidNav = (await ctx.services.positions.get(entity, 'MINE-2')).options[0]!.installments[0]!.nav;
    await ctx.services.receipts.recordPayment(entity, paidNav, { source: 'paids', channel: 'BANK' }, testActor);
    const rows = async (stato?: string) => {
      const res = await b.request('GET', `/e/${entity.fiscalCode}/estratto${stato ? `?stato=${stato}` : ''}`);
      assert.equal(res.statusCode, 200);
      return [...res.body.matchAll(/\/posizioni\/([\w-]+)"/g)].map((m) => m[1]).sort();
    };
    assert.deepEqual(await rows(), ['MINE-1', 'MINE-2']);
    assert.deepEqual(await rows('da-pagare'), ['MINE-1']);
    assert.deepEqual(await rows('pagate'), ['MINE-2']);
    assert.deepEqual(await rows('scadute'), []);
    assert.deepEqual(await rows('nonsense'), ['MINE-1', 'MINE-2'], 'an unknown filter shows everything');
    const none = await b.request('GET', `/e/${entity.fiscalCode}/estratto?stato=scadute`);
    assert.match(none.body, /Nessuna posizione con questo filtro/);
    assert.match(none.body, /id="stato-scadute" value="scadute" checked/);
  });
});
