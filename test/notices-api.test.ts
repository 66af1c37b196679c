// GET /api/v1/organizations/:cf/debtpositions/:iupd/notice: the payment notice PDF through the API,
// with the entity's key; ?nav for one notice number, ?lang for the bilingual variants.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Position } from '../src/modules/positions/position.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { freshDatabase } from './support/db.ts';
import { decodeQrCodes, pdfInfo, pdfText } from './support/pdf.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entityA: Entity;
let keyA: string;
let keyB: string;
let plan: Position;
const CF = ENTITY_A.fiscalCode;
const url = (iupd: string, query = '') =>
  `/api/v1/organizations/${CF}/debtpositions/${encodeURIComponent(iupd)}/notice${query}`;
const qr = (nav: string, cents: number) => `PAGOPA|002|${nav}|${CF}|${String(cents).padStart(10, '0')}`;

before(async () => {
  ctx = await testContext();
  const a = await entityWithKey(ctx, ENTITY_A);
  entityA = a.entity;
  keyA = a.key;
  keyB = (await entityWithKey(ctx, ENTITY_B)).key;
  plan = await ctx.services.positions.create(
    entityA,
    fullOrInstalments('TARI:2026.7', 3, 30_000),
    { toPublish: true },
    testActor,
  );
  await ctx.services.positions.create(entityA, singlePayment('DRAFT-1'), { toPublish: false }, testActor);
});
after(() => ctx.close());

describe('GET …/debtpositions/:iupd/notice', () => {
  it('answers 200 with the whole notice as a PDF attachment', async () => {
    const res = await api(ctx, keyA)({ method: 'GET', url: url('TARI:2026.7') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="avviso-TARI_2026.7.pdf"');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal((await pdfInfo(pdf))['Author'], 'Comune di Prova');
    const expected = [
      qr(plan.options[0]!.installments[0]!.nav, 30_000),
      ...plan.options[1]!.installments.map((i) => qr(i.nav, 10_000)),
    ];
    assert.deepEqual((await decodeQrCodes(pdf)).flat().sort(), expected.sort());
  });

  it('?nav= prints only that instalment', async () => {
    const second = plan.options[1]!.installments[1]!;
    const res = await api(ctx, keyA)({ method: 'GET', url: url('TARI:2026.7', `?nav=${second.nav}`) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-disposition'], `attachment; filename="avviso-${second.nav}.pdf"`);
    assert.deepEqual(await decodeQrCodes(res.rawPayload), [[qr(second.nav, 10_000)]]);
    const text = (await pdfText(res.rawPayload)).replace(/\u00a0/g, ' ');
    assert.ok(text.includes('Rata 2 di 3 entro il 30/10/2026'), text);
    assert.ok(!text.includes('Rata 1 di 3'));
  });

  it('?lang=it-en adds English; a language Cassa does not print is a 400', async () => {
    const en = await api(ctx, keyA)({ method: 'GET', url: url('TARI:2026.7', '?lang=it-en') });
    assert.equal(en.statusCode, 200);
    assert.ok((await pdfText(en.rawPayload)).includes('PAYMENT NOTICE'));
    for (const query of ['?lang=fr', '?lang=', '?nav=123', '?nav=3020%200000%200000%200017%2012', '?page=2']) {
      const res = await api(ctx, keyA)({ method: 'GET', url: url('TARI:2026.7', query) });
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'VALIDATION_FAILED');
    }
  });

  it("404 for an unknown iupd, an unknown nav and another entity's key, all alike", async () => {
    const unknown = await api(ctx, keyA)({ method: 'GET', url: url('NOPE') });
    const unknownNav = await api(ctx, keyA)({ method: 'GET', url: url('TARI:2026.7', '?nav=302999999999999966') });
    const foreign = await api(ctx, keyB)({ method: 'GET', url: url('TARI:2026.7') });
    for (const res of [unknown, unknownNav, foreign]) {
      assert.equal(res.statusCode, 404, res.body);
      assert.deepEqual(res.json(), unknown.json());
    }
    // A notice number of another position of the same entity is not this position's either.
    const other = await ctx.services.positions.create(
      entityA,
      singlePayment('OTHER-1'),
      { toPublish: true },
      testActor,
    );
    const navOfOther = other.options[0]!.installments[0]!.nav;
    const res = await api(ctx, keyA)({ method: 'GET', url: url('TARI:2026.7', `?nav=${navOfOther}`) });
    assert.equal(res.statusCode, 404);
  });

  it('409 problem+json for a draft', async () => {
    const res = await api(ctx, keyA)({ method: 'GET', url: url('DRAFT-1') });
    assert.equal(res.statusCode, 409);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, 'NOTICE_NOT_PRINTABLE');
    assert.match(res.json().detail, /DRAFT/);
  });

  it('401 without a key', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: url('TARI:2026.7') });
    assert.equal(res.statusCode, 401);
  });

  it('is documented in OpenAPI under Documents, answering application/pdf', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = spec.paths['/api/v1/organizations/{organizationfiscalcode}/debtpositions/{iupd}/notice'].get;
    assert.deepEqual(op.tags, ['Documents']);
    assert.equal(op.operationId, 'getPaymentNotice');
    assert.ok(op.summary && op.description);
    assert.ok(op.responses['200'].content['application/pdf']);
    assert.ok(op.responses['409']);
    const lang = op.parameters.find((p: { name: string }) => p.name === 'lang');
    assert.deepEqual(lang.schema.enum, ['it', 'it-en', 'it-de']);
  });
});

describe('entity notice settings', () => {
  const B2 = { ...ENTITY_B, fiscalCode: '03012345678', segregationCode: '09' };

  it('default to Italian without a Poste authorisation, and are validated', async () => {
    assert.equal(entityA.noticeLanguage, 'it');
    assert.equal(entityA.postalAuthorization, null);
    await assert.rejects(ctx.services.entities.create({ ...B2, noticeLanguage: 'fr' }, testActor), (e: unknown) => {
      const problems = (e as { problems: { path: string }[] }).problems;
      return (e as { code: string }).code === 'VALIDATION_FAILED' && problems.some((p) => p.path === 'noticeLanguage');
    });
    await assert.rejects(
      ctx.services.entities.create({ ...B2, postalAccount: '123', postalAuthorization: 'A'.repeat(71) }, testActor),
      { code: 'VALIDATION_FAILED' },
    );
    await assert.rejects(ctx.services.entities.create({ ...B2, postalAuthorization: 'AUT. DB/1' }, testActor), {
      code: 'VALIDATION_FAILED',
    });
    assert.equal(await ctx.services.entities.byFiscalCode(B2.fiscalCode), undefined, 'nothing was created');
  });

  it("are stored, and the entity's language is the notice's default", async () => {
    const { entity, key } = await entityWithKey(ctx, {
      ...B2,
      postalAccount: '1234567',
      noticeLanguage: 'it-de',
      postalAuthorization: '  AUT. DB/SSIC/E 12345   DEL 01/01/2026 ',
    });
    assert.equal(entity.noticeLanguage, 'it-de');
    assert.equal(entity.postalAuthorization, 'AUT. DB/SSIC/E 12345 DEL 01/01/2026');
    await ctx.services.positions.create(
      entity,
      singlePayment('DE-1', 15_000, '2026-12-31', ENTITY_B.ibans[0]),
      { toPublish: true },
      testActor,
    );
    const res = await api(
      ctx,
      key,
    )({ method: 'GET', url: `/api/v1/organizations/${B2.fiscalCode}/debtpositions/DE-1/notice` });
    assert.equal(res.statusCode, 200, res.body);
    const text = await pdfText(res.rawPayload);
    assert.ok(text.includes('ZAHLUNGSAVIS'));
    assert.ok(text.includes('AUT. DB/SSIC/E 12345 DEL 01/01/2026'));
    assert.ok(text.includes('sul C/C n.'));
  });

  it('cassa entity create --notice-language --postal-authorization, shown by entity show', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cassa-notice-cli-'));
    const pg = process.env.DATABASE_URL ? await freshDatabase() : undefined;
    try {
      const cassa = (...args: string[]) => {
        const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: pg?.url ?? '' };
        const cli = join(import.meta.dirname, '..', 'src/cli.ts');
        return spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
      };
      const created = cassa(
        'entity',
        'create',
        '--fiscal-code',
        '80016350821',
        '--name',
        'Comune di Esempio',
        '--segregation-code',
        '02',
        '--iban',
        'IT60X0542811101000000123456',
        '--postal-account',
        '001234567890',
        '--notice-language',
        'it-de',
        '--postal-authorization',
        'AUT. DB/SSIC/E 12345 DEL 01/01/2026',
      );
      assert.equal(created.status, 0, created.stderr);
      const shown = cassa('entity', 'show', '80016350821');
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /notice language:\s+it-de/);
      assert.match(shown.stdout, /Poste auth\.:\s+AUT\. DB\/SSIC\/E 12345 DEL 01\/01\/2026/);
      const json = JSON.parse(cassa('entity', 'show', '80016350821', '--json').stdout);
      assert.equal(json.noticeLanguage, 'it-de');
      const bad = cassa(
        'entity',
        'create',
        '--fiscal-code',
        '01199250158',
        '--name',
        'X',
        '--segregation-code',
        '07',
        '--iban',
        'IT13L0306909606100000012345',
        '--notice-language',
        'en',
      );
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /noticeLanguage/);
    } finally {
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
