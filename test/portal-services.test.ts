// Spontaneous payments on the portal: the public catalogue, the form (signed-in citizens only) with
// every field type checked and the problems listed GOV.UK-style with the values kept, fixed and
// typed amounts read exactly to the cent, the position made in the citizen's name with the
// service's accounting data, one position for a form sent twice, and paying it through the sandbox.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { CatalogueService } from '../src/modules/catalogue/service.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { injectBrowser } from './support/browser.ts';
import { canteenService, certificateService } from './support/catalogue.ts';
import { ENTITY_A, ENTITY_B, testActor } from './support/context.ts';
import type { TestDatabase } from './support/db.ts';
import { IBAN_A } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let db: TestDatabase;
let services: Services;
let app: FastifyInstance;
let entity: Entity;
let other: Entity;
let canteen: CatalogueService;
let certificate: CatalogueService;
let retired: CatalogueService;
let foreign: CatalogueService;
const clock = fixedClock('2026-06-15T10:00:00Z');
const mine = DEMO_CITIZENS[0]!;
const theirs = DEMO_CITIZENS[1]!;

before(async () => {
  // Listening for real: the sandbox plays the Nodo against Cassa's station over HTTP.
  portal = await listeningPortal({ host: '127.0.0.1', clock, app: (base) => ({ publicUrl: base }) });
  ({ db, services, app } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
  other = await services.entities.create(ENTITY_B, testActor);
  canteen = await services.catalogue.create(entity, canteenService(), testActor);
  certificate = await services.catalogue.create(entity, certificateService(), testActor);
  retired = await services.catalogue.create(entity, { ...certificateService(), title: 'Servizio dismesso' }, testActor);
  await services.catalogue.retire(entity, retired.id, testActor);
  foreign = await services.catalogue.create(
    other,
    { ...certificateService(), accounting: { ...certificateService().accounting, iban: ENTITY_B.ibans[0]! } },
    testActor,
  );
});
after(async () => {
  await portal?.close();
});

const browser = () => injectBrowser(app);
const formUrl = (s: { id: string }) => `/e/${entity.fiscalCode}/servizi/${s.id}`;

async function signIn(b: ReturnType<typeof browser>, citizen = mine) {
  const form = await b.request('GET', '/accedi');
  const res = await b.request('POST', '/accedi/sandbox', { fiscalCode: citizen.fiscalCode, _csrf: b.token(form.body) });
  assert.equal(res.statusCode, 303);
}

/** The form of a service, signed in; its CSRF token and request key. */
async function openForm(b: ReturnType<typeof browser>, service: { id: string }) {
  const res = await b.request('GET', formUrl(service));
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  const requestKey = /name="requestKey" value="([0-9a-f-]{36})"/.exec(res.body)![1]!;
  return { body: res.body, _csrf: b.token(res.body), requestKey };
}

const GOOD = {
  amount: '12,50',
  'field-alunno': 'Maria Rossi',
  'field-tessera': '01234',
  'field-pasti': '10',
  'field-dal': '14/09/2026',
  'field-scuola': 'primaria-verdi',
};

const counts = async () => ({
  positions: Number(
    (
      await db.database.db
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  requests: Number(
    (
      await db.database.db
        .selectFrom('service_requests')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

describe('the catalogue', () => {
  it('is public: the offered services with their amounts, not the retired ones nor other entities’', async () => {
    const res = await browser().request('GET', `/e/${entity.fiscalCode}/servizi`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Servizi da pagare<\/h1>/);
    assert.match(res.body, /Mensa scolastica - ricarica/);
    assert.match(res.body, /da 5,00\s€ a 200,00\s€/);
    assert.match(res.body, /Certificato anagrafico/);
    assert.match(res.body, /16,00\s€/);
    assert.match(res.body, new RegExp(`href="${formUrl(canteen)}"`));
    assert.doesNotMatch(res.body, /Servizio dismesso/);
    assert.match(res.body, /ti chiederemo di accedere/);
    const english = await browser().request('GET', `/e/${entity.fiscalCode}/servizi?lang=en`);
    assert.match(english.body, /School canteen - top-up/);
    assert.match(english.body, /from €5\.00 to €200\.00/);
    assert.match(english.body, /Certificato anagrafico/, 'Italian when no English is given');
    const empty = await browser().request('GET', `/e/00000000000/servizi`);
    assert.equal(empty.statusCode, 404);
  });

  it('the entity’s home page says what can be paid there, each service linking to its form', async () => {
    const home = await browser().request('GET', `/e/${entity.fiscalCode}`);
    assert.match(home.body, /<h2 class="h3 mt-5">Servizi da pagare<\/h2>/);
    assert.match(home.body, new RegExp(`<a href="${formUrl(canteen)}">Mensa scolastica - ricarica</a>`));
    assert.doesNotMatch(home.body, /Servizio dismesso/);
    assert.match(home.body, new RegExp(`href="/e/${entity.fiscalCode}/servizi">Tutti i servizi`));
    const english = await browser().request('GET', `/e/${entity.fiscalCode}?lang=en`);
    assert.match(english.body, />School canteen - top-up</);
  });

  it('an entity without services says so', async () => {
    const b = browser();
    const thirdEntity = await services.entities.create(
      { ...ENTITY_B, fiscalCode: '00488410010', name: 'Comune Vuoto' },
      testActor,
    );
    const res = await b.request('GET', `/e/${thirdEntity.fiscalCode}/servizi`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /non offre servizi da pagare online/);
  });
});

describe('the form', () => {
  it('needs a signed-in citizen, who comes back to it after signing in', async () => {
    const b = browser();
    const anonymous = await b.request('GET', formUrl(canteen));
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, `/accedi?next=${encodeURIComponent(formUrl(canteen))}`);
    const signin = await b.request('GET', anonymous.headers.location as string);
    const done = await b.request('POST', '/accedi/sandbox', {
      fiscalCode: mine.fiscalCode,
      next: formUrl(canteen),
      _csrf: b.token(signin.body),
    });
    assert.equal(done.headers.location, formUrl(canteen));
    const { body } = await openForm(b, canteen);
    assert.match(body, new RegExp(`${mine.fullName} \\(${mine.fiscalCode}\\)`));
    assert.match(body, /30 giorni dopo la richiesta/);
    assert.match(body, /<label for="amount" class="active">Importo in euro<\/label>/);
    assert.match(body, /<label for="field-tessera" class="active">Numero di tessera \(facoltativo\)<\/label>/);
    assert.match(body, /<legend class="h6">Scuola<\/legend>/);
    assert.match(body, /id="field-scuola-1" value="infanzia-rodari"/);
  });

  it('a retired service, another entity’s and an unknown id are the same 404', async () => {
    const b = browser();
    await signIn(b);
    for (const id of [retired.id, foreign.id, '01234567-89ab-7def-8123-456789abcdef', 'nope']) {
      const res = await b.request('GET', `/e/${entity.fiscalCode}/servizi/${id}`);
      assert.equal(res.statusCode, 404, id);
      assert.match(res.body, /Pagina non trovata/);
    }
  });

  it('lists every problem in an error summary linking to its field, keeps the values, creates nothing', async () => {
    const b = browser();
    await signIn(b);
    const { _csrf, requestKey } = await openForm(b, canteen);
    const before = await counts();
    const empty = await b.request('POST', formUrl(canteen), { _csrf, requestKey });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>C’è un problema: Mensa scolastica - ricarica/);
    const links = [...empty.body.matchAll(/<li><a href="#([\w-]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(links, [
      ['amount', 'Inserisci l’importo in euro'],
      ['field-alunno', 'Compila il campo «Nome e cognome dell’alunno»'],
      ['field-pasti', 'Compila il campo «Numero di pasti»'],
      ['field-scuola-0', 'Scegli una risposta per «Scuola»'],
    ]);
    assert.match(empty.body, /id="field-alunno"[^>]*aria-describedby="field-alunno-error" aria-invalid="true"/s);
    assert.match(empty.body, /id="field-scuola-0"/);

    const cases: [Record<string, string>, string, RegExp][] = [
      [{ amount: '12,505' }, 'amount', /al massimo due decimali/],
      [{ amount: '12.5.0' }, 'amount', /al massimo due decimali/],
      [{ amount: '4,99' }, 'amount', /almeno 5,00\s€/],
      [{ amount: '200,01' }, 'amount', /al massimo 200,00\s€/],
      [{ 'field-alunno': 'Al' }, 'field-alunno', /almeno 3 caratteri/],
      [{ 'field-alunno': 'A'.repeat(61) }, 'field-alunno', /al massimo 60 caratteri/],
      [{ 'field-tessera': '1234' }, 'field-tessera', /non è nel formato richiesto/],
      [{ 'field-pasti': '2,5' }, 'field-pasti', /numero intero/],
      [{ 'field-pasti': '0' }, 'field-pasti', /almeno 1/],
      [{ 'field-pasti': '41' }, 'field-pasti', /al massimo 40/],
      [{ 'field-dal': '31/02/2026' }, 'field-dal', /data vera/],
      [{ 'field-dal': '31/08/2026' }, 'field-dal', /il 01\/09\/2026 o dopo/],
      [{ 'field-dal': '2027-07-01' }, 'field-dal', /il 30\/06\/2027 o prima/],
      [{ 'field-scuola': 'liceo' }, 'field-scuola-0', /Scegli una risposta/],
    ];
    for (const [change, target, message] of cases) {
      const res = await b.request('POST', formUrl(canteen), { ...GOOD, ...change, _csrf, requestKey });
      assert.equal(res.statusCode, 400, JSON.stringify(change));
      const summary = [...res.body.matchAll(/<li><a href="#([\w-]+)">([^<]+)<\/a><\/li>/g)];
      assert.equal(summary.length, 1, `${JSON.stringify(change)}: ${summary.map((m) => m[2]).join(' | ')}`);
      assert.equal(summary[0]![1], target);
      assert.match(summary[0]![2]!, message);
      // What was typed stays in the form.
      for (const [name, value] of Object.entries({ ...GOOD, ...change })) {
        if (name === 'field-scuola') continue;
        assert.ok(res.body.includes(`value="${value.replace(/'/g, '&#39;')}"`), `${name} kept as ${value}`);
      }
    }
    const kept = await b.request('POST', formUrl(canteen), { ...GOOD, amount: '', _csrf, requestKey });
    assert.match(kept.body, /value="primaria-verdi" checked/);
    assert.deepEqual(await counts(), before);
  });

  it('in English, the problems are in English', async () => {
    const b = browser();
    await signIn(b);
    await b.request('GET', `/e/${entity.fiscalCode}/servizi?lang=en`);
    const { _csrf, requestKey } = await openForm(b, canteen);
    const res = await b.request('POST', formUrl(canteen), { ...GOOD, 'field-alunno': '', _csrf, requestKey });
    assert.match(res.body, /<h2 class="h4" id="error-summary-title">There is a problem<\/h2>/);
    assert.match(res.body, /Enter “Pupil’s full name”/);
  });

  it('refuses a form without its CSRF token or request key, creating nothing', async () => {
    const b = browser();
    await signIn(b);
    const { _csrf, requestKey } = await openForm(b, canteen);
    const before = await counts();
    assert.equal((await b.request('POST', formUrl(canteen), { ...GOOD, requestKey })).statusCode, 400);
    assert.equal((await b.request('POST', formUrl(canteen), { ...GOOD, _csrf })).statusCode, 400);
    const bad = await b.request('POST', formUrl(canteen), { ...GOOD, _csrf, requestKey: 'x' });
    assert.match(bad.body, /La pagina è scaduta/);
    assert.deepEqual(await counts(), before);
  });
});

describe('sending the form', () => {
  let confirmation: string;
  let requestKey: string;

  it('makes a published position in the citizen’s name, with the amount read exactly and the service’s accounting', async () => {
    const b = browser();
    await signIn(b);
    const form = await openForm(b, canteen);
    requestKey = form.requestKey;
    const before = await counts();
    const sent = await b.request('POST', formUrl(canteen), { ...GOOD, _csrf: form._csrf, requestKey });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    confirmation = `${formUrl(canteen)}/richieste/${requestKey}`;
    assert.equal(sent.headers.location, confirmation);
    assert.deepEqual(await counts(), { positions: before.positions + 1, requests: before.requests + 1 });

    const position = await services.positions.get(entity, `SRV-${requestKey}`);
    assert.equal(position.status, 'VALID');
    assert.equal(position.options.length, 1);
    const option = position.options[0]!;
    assert.deepEqual(
      { type: option.debtor.type, fiscalCode: option.debtor.fiscalCode, fullName: option.debtor.fullName },
      { type: 'F', fiscalCode: mine.fiscalCode, fullName: mine.fullName },
    );
    assert.equal(option.switchToExpired, false);
    const installment = option.installments[0]!;
    assert.equal(installment.amountCents, 1_250, '12,50 is 1250 cents');
    assert.equal(installment.description, 'Mensa scolastica - ricarica');
    assert.equal(installment.dueDate, '2026-07-15', '30 days after 15 June');
    assert.match(installment.nav, /^302\d{15}$/, 'a notice number of the entity’s segregation code');
    assert.deepEqual(installment.metadata, [
      { key: 'alunno', value: 'Maria Rossi' },
      { key: 'tessera', value: '01234' },
      { key: 'pasti', value: '10' },
      { key: 'dal', value: '2026-09-14' },
      { key: 'scuola', value: 'primaria-verdi' },
    ]);
    const transfer = installment.transfers[0]!;
    assert.equal(transfer.amountCents, 1_250);
    assert.equal(transfer.iban, IBAN_A);
    assert.equal(transfer.category, '9/0401104SP/');
    assert.equal(transfer.remittanceInformation, 'Mensa Maria Rossi - Primaria G. Verdi');
    assert.deepEqual(transfer.metadata, [
      { key: 'cassaService', value: canteen.id },
      { key: 'cassaServiceVersion', value: '1' },
    ]);

    const audit = await db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'in', ['service.request', 'position.create'])
      .where('actor', '=', `citizen:${mine.fiscalCode}`)
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['position.create', 'service.request']);
    const listed = await services.catalogue.get(entity, canteen.id);
    assert.equal(listed.requests, 1);

    const page = await b.request('GET', confirmation);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Avviso di pagamento creato/);
    assert.match(page.body, /12,50\s€/);
    assert.match(page.body, /15\/07\/2026/);
    assert.match(page.body, new RegExp(`action="/e/${entity.fiscalCode}/avviso/${installment.nav}/paga"`));
    assert.match(page.body, new RegExp(`href="/e/${entity.fiscalCode}/avviso/${installment.nav}/pdf"`));
    // Pay later: it is in the statement.
    const statement = await b.request('GET', `/e/${entity.fiscalCode}/estratto`);
    assert.match(statement.body, /Mensa scolastica - ricarica/);
    const pdf = await b.request('GET', `/e/${entity.fiscalCode}/avviso/${installment.nav}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  it('sent twice (or a concurrent double click), it is still one position', async () => {
    const b = browser();
    await signIn(b);
    const form = await openForm(b, canteen);
    const before = await counts();
    const send = () => b.request('POST', formUrl(canteen), { ...GOOD, _csrf: form._csrf, requestKey: form.requestKey });
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    for (const res of [first, second, third]) {
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, `${formUrl(canteen)}/richieste/${form.requestKey}`);
    }
    assert.deepEqual(await counts(), { positions: before.positions + 1, requests: before.requests + 1 });
  });

  it('a fixed amount is the service’s, whatever the form sends', async () => {
    const b = browser();
    await signIn(b);
    const form = await openForm(b, certificate);
    assert.doesNotMatch(form.body, /id="amount"/);
    assert.match(form.body, /16,00\s€/);
    const sent = await b.request('POST', formUrl(certificate), {
      amount: '0,01',
      _csrf: form._csrf,
      requestKey: form.requestKey,
    });
    assert.equal(sent.statusCode, 303);
    const position = await services.positions.get(entity, `SRV-${form.requestKey}`);
    const installment = position.options[0]!.installments[0]!;
    assert.equal(installment.amountCents, 1_600);
    assert.equal(installment.dueDate, '2026-06-25');
    assert.equal(installment.transfers[0]!.remittanceInformation, 'Diritti di segreteria certificato');
  });

  it('only its citizen sees the confirmation; a key someone else used is refused and changes nothing', async () => {
    const b = browser();
    await signIn(b, theirs);
    const seen = await b.request('GET', confirmation);
    assert.equal(seen.statusCode, 404);
    const wrongService = browser();
    await signIn(wrongService);
    assert.equal(
      (await wrongService.request('GET', `${formUrl(certificate)}/richieste/${requestKey}`)).statusCode,
      404,
    );
    const form = await openForm(b, canteen);
    const before = await counts();
    const reused = await b.request('POST', formUrl(canteen), { ...GOOD, _csrf: form._csrf, requestKey });
    assert.equal(reused.statusCode, 400);
    assert.deepEqual(await counts(), before);
    const position = await services.positions.get(entity, `SRV-${requestKey}`);
    assert.equal(position.options[0]!.debtor.fiscalCode, mine.fiscalCode);
  });

  it('the key of one service’s form sent to another service is refused too', async () => {
    const b = browser();
    await signIn(b);
    const form = await openForm(b, certificate);
    const before = await counts();
    const res = await b.request('POST', formUrl(certificate), { _csrf: form._csrf, requestKey });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /La pagina è scaduta/);
    assert.deepEqual(await counts(), before);
  });

  it('a position left without its request row (a crash in between) gets it back when the form is sent again', async () => {
    const b = browser();
    await signIn(b);
    const form = await openForm(b, canteen);
    const send = () => b.request('POST', formUrl(canteen), { ...GOOD, _csrf: form._csrf, requestKey: form.requestKey });
    assert.equal((await send()).statusCode, 303);
    await db.database.db.deleteFrom('service_requests').where('request_key', '=', form.requestKey).execute();
    const before = await counts();
    const again = await send();
    assert.equal(again.statusCode, 303);
    assert.deepEqual(await counts(), { positions: before.positions, requests: before.requests + 1 });
    assert.equal((await b.request('GET', again.headers.location as string)).statusCode, 200);
  });

  it('"pay now" goes through the existing payment and the sandbox: paid, and the confirmation says so', async () => {
    const b = browser();
    await signIn(b);
    const page = await b.request('GET', confirmation);
    const nav = /avviso\/(\d{18})\/paga/.exec(page.body)![1]!;
    const started = await b.request('POST', `/e/${entity.fiscalCode}/avviso/${nav}/paga`, {
      _csrf: b.token(page.body),
    });
    assert.equal(started.statusCode, 303);
    const result = started.headers.location as string;
    const shown = await b.request('GET', result);
    const checkout = /content="0;url=([^"]+)"/.exec(shown.body)![1]!;
    const paid = await fetch(checkout, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method: 'card', card: '4242 4242 4242 4242' }).toString(),
    });
    assert.equal(paid.status, 303);
    const back = await fetch(paid.headers.get('location')!, { redirect: 'manual' });
    assert.equal(back.status, 303);
    const final = await b.request('GET', result);
    assert.match(final.body, /Pagamento riuscito/);
    assert.equal((await services.positions.get(entity, `SRV-${requestKey}`)).status, 'PAID');
    const after = await b.request('GET', confirmation);
    assert.match(after.body, /Questo avviso è già stato pagato/);
    assert.doesNotMatch(after.body, /Paga ora con pagoPA/);
  });
});
