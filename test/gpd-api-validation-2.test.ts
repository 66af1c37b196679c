// The GPD v3 API and notice numbers a back office supplies: kept as given, refused with 409 when in use,
// never clashing with the ones Cassa assigns; and a refused request leaves the database as it was.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';

const URL = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}/debtpositions`;
const SEG = ENTITY_A.segregationCode;
const nav = (base: number) => buildNoticeNumber(SEG, BigInt(base));
const NAV_PATH = 'paymentOption[0].installments[0].nav';
const IUV_PATH = 'paymentOption[0].installments[0].iuv';

/** A valid body of one €15.00 instalment; `ids` sets its nav and/or iuv. */
function body(iupd: string, ids: { nav?: string; iuv?: string } = {}, amount = 1500) {
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        debtor: { type: 'F', fiscalCode: 'RSSMRA85T10A562S', fullName: 'Mario Rossi' },
        installments: [
          {
            ...ids,
            amount,
            description: 'TARI 2026',
            dueDate: '2026-12-31',
            transfer: [
              {
                idTransfer: '1',
                amount,
                remittanceInformation: 'TARI 2026',
                category: '9/0101101IM/',
                iban: ENTITY_A.ibans[0]!,
              },
            ],
          },
        ],
      },
    ],
  };
}

function assertProblem(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.code, code);
  assert.equal(problem.status, status);
  return problem as { errors?: { path: string; message: string }[] };
}

const firstInstallment = (res: LightMyRequestResponse) => res.json().paymentOption[0].installments[0];

describe('GPD v3 API: supplied notice numbers and conflicts', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;
  const post = (payload: object) => call({ method: 'POST', url: URL, payload });
  const get = (iupd: string) => call({ method: 'GET', url: `${URL}/${iupd}` });

  /** Rows that any write would change. */
  async function counts() {
    const { db } = ctx.services.database;
    const n = async (table: 'positions' | 'installments' | 'audit_log') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { positions: await n('positions'), installments: await n('installments'), audit: await n('audit_log') };
  }

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
  });
  after(() => ctx.close());

  it('keeps a supplied nav and iuv as given, and reads them back the same', async () => {
    const res = await post(body('KEEP-1', { nav: nav(500), iuv: nav(500).slice(1) }));
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(
      { nav: firstInstallment(res).nav, iuv: firstInstallment(res).iuv },
      { nav: nav(500), iuv: nav(500).slice(1) },
    );
    assert.equal(firstInstallment(await get('KEEP-1')).nav, nav(500));
  });

  it('accepts a nav without its iuv, and an iuv without its nav, deriving the other', async () => {
    const onlyNav = await post(body('NAV-ONLY', { nav: nav(501) }));
    assert.equal(onlyNav.statusCode, 201, onlyNav.body);
    assert.equal(firstInstallment(onlyNav).iuv, nav(501).slice(1));
    const onlyIuv = await post(body('IUV-ONLY', { iuv: nav(502).slice(1) }));
    assert.equal(onlyIuv.statusCode, 201, onlyIuv.body);
    assert.equal(firstInstallment(onlyIuv).nav, nav(502));
  });

  it('assigns a fresh aux-3 notice number when none is supplied', async () => {
    const res = await post(body('AUTO-1'));
    assert.equal(res.statusCode, 201, res.body);
    const { nav: assigned, iuv } = firstInstallment(res);
    assert.match(assigned, new RegExp(`^3${SEG}\\d{15}$`));
    assert.equal(assigned, buildNoticeNumber(SEG, BigInt(assigned.slice(3, 16))), 'valid check digits');
    assert.equal(iuv, assigned.slice(1));
  });

  it('never assigns a number a back office already supplied', async () => {
    // The next numbers of the entity's sequence, taken by hand before Cassa reaches them.
    const next = Number(firstInstallment(await get('AUTO-1')).nav.slice(3, 16)) + 1;
    for (const [i, base] of [next, next + 1].entries()) {
      assert.equal((await post(body(`HAND-${i}`, { nav: nav(base) }))).statusCode, 201);
    }
    const res = await post(body('AUTO-2'));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(firstInstallment(res).nav, nav(next + 2));
  });

  it('answers 409 POSITION_EXISTS to a duplicate iupd and keeps the original', async () => {
    assert.equal((await post(body('DUP-1', {}, 1500))).statusCode, 201);
    const before = await counts();
    assertProblem(await post(body('DUP-1', {}, 9900)), 409, 'POSITION_EXISTS');
    assert.equal(firstInstallment(await get('DUP-1')).amount, 1500);
    assert.deepEqual(await counts(), before);
  });

  it('answers 409 NOTICE_NUMBER_TAKEN to a nav or iuv already used, naming the field', async () => {
    const taken = firstInstallment(await get('KEEP-1')).nav as string;
    const autoAssigned = firstInstallment(await get('AUTO-1')).nav as string;
    const before = await counts();
    const cases = [
      [{ nav: taken }, NAV_PATH],
      [{ iuv: taken.slice(1) }, IUV_PATH],
      [{ nav: autoAssigned, iuv: autoAssigned.slice(1) }, NAV_PATH],
    ] as const;
    for (const [i, [ids, path]] of cases.entries()) {
      const problem = assertProblem(await post(body(`TAKEN-${i}`, ids)), 409, 'NOTICE_NUMBER_TAKEN');
      assert.deepEqual(
        problem.errors?.map((e) => e.path),
        [path],
      );
    }
    assert.deepEqual(await counts(), before);
    assert.equal((await get('TAKEN-0')).statusCode, 404);
  });

  it('refuses an update that takes another position’s nav, and leaves both positions unchanged', async () => {
    const other = firstInstallment(await get('NAV-ONLY')).nav as string;
    const mine = firstInstallment(await get('KEEP-1')).nav as string;
    const res = await call({ method: 'PUT', url: `${URL}/KEEP-1`, payload: body('KEEP-1', { nav: other }, 2000) });
    assertProblem(res, 409, 'NOTICE_NUMBER_TAKEN');
    const kept = firstInstallment(await get('KEEP-1'));
    assert.deepEqual({ nav: kept.nav, amount: kept.amount }, { nav: mine, amount: 1500 });
    // Its own nav is of course not "taken" by itself.
    const same = await call({ method: 'PUT', url: `${URL}/KEEP-1`, payload: body('KEEP-1', { nav: mine }, 2000) });
    assert.equal(same.statusCode, 200, same.body);
    assert.equal(firstInstallment(same).amount, 2000);
  });

  it('refuses a nav with another entity’s segregation code or wrong check digits', async () => {
    const foreign = buildNoticeNumber('07', 600n);
    const mistyped = `${nav(601).slice(0, 16)}${nav(601).endsWith('00') ? '01' : '00'}`;
    for (const supplied of [foreign, mistyped]) {
      const problem = assertProblem(await post(body(`BAD-${supplied}`, { nav: supplied })), 400, 'VALIDATION_FAILED');
      assert.deepEqual(
        problem.errors?.map((e) => e.path),
        [NAV_PATH],
      );
    }
  });

  it('writes nothing at all for any refused request', async () => {
    const before = await counts();
    const broken = body('REFUSED-1') as ReturnType<typeof body> & Record<string, unknown>;
    broken['extra'] = true;
    const attempts: LightMyRequestResponse[] = [
      await post(broken),
      await post(body('REFUSED-2', {}, 0)),
      await post({ ...body('REFUSED-3'), companyName: '' }),
      await call({
        method: 'POST',
        url: URL,
        payload: '{"iupd": "REFUSED-4",',
        headers: { 'content-type': 'application/json' },
      }),
      await call({ method: 'POST', url: URL, payload: '<iupd/>', headers: { 'content-type': 'application/xml' } }),
      await post(body('DUP-1')),
      await call({ method: 'PUT', url: `${URL}/DUP-1`, payload: body('DUP-1', {}, 0) }),
    ];
    assert.deepEqual(
      attempts.map((r) => r.statusCode),
      [400, 400, 400, 400, 415, 409, 400],
    );
    assert.deepEqual(await counts(), before);
    assert.equal(firstInstallment(await get('DUP-1')).amount, 1500);
  });
});
