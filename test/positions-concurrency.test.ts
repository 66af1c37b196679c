// Concurrency: notice numbers stay unique under parallel creates, and parallel payments never settle
// one debt twice (same notice, or the single payment against the instalments).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildNoticeNumber, checkIssuableNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';

let ctx: TestContext;
let call: ReturnType<typeof api>;
let org: string;

before(async () => {
  ctx = await testContext();
  const { entity, key } = await entityWithKey(ctx, ENTITY_A);
  call = api(ctx, key);
  org = `/api/gpd/v3/organizations/${entity.fiscalCode}`;
});
after(() => ctx.close());

const navsOf = (body: { paymentOption: { installments: { nav: string }[] }[] }) =>
  body.paymentOption.flatMap((o) => o.installments.map((i) => i.nav));

describe('notice numbers under concurrency', () => {
  it('100 concurrent creates yield 100 distinct valid notice numbers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call({ method: 'POST', url: `${org}/debtpositions`, payload: singlePayment(`PAR-${i}`) }),
      ),
    );
    for (const res of responses) assert.equal(res.statusCode, 201, res.body);
    const navs = responses.flatMap((r) => navsOf(r.json()));
    assert.equal(navs.length, 100);
    assert.equal(new Set(navs).size, 100);
    for (const nav of navs) assert.equal(checkIssuableNoticeNumber(nav, ENTITY_A.segregationCode), null, nav);
  });

  it('20 concurrent creates of the same iupd create exactly one position', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call({ method: 'POST', url: `${org}/debtpositions`, payload: singlePayment('SAME') }),
      ),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [201, ...Array(19).fill(409)]);
    const count = await ctx.services.database.db
      .selectFrom('positions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('iupd', '=', 'SAME')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  it('never hands out a number that a back office supplied itself', async () => {
    const next = await ctx.services.database.db
      .selectFrom('notice_counters')
      .select('next_base')
      .executeTakeFirstOrThrow();
    const supplied = buildNoticeNumber(ENTITY_A.segregationCode, BigInt(next.next_base));
    const body = singlePayment('SUPPLIED');
    body.paymentOption[0]!.installments[0]!.nav = supplied;
    assert.equal((await call({ method: 'POST', url: `${org}/debtpositions`, payload: body })).statusCode, 201);
    const generated = await call({ method: 'POST', url: `${org}/debtpositions`, payload: singlePayment('GENERATED') });
    assert.equal(generated.statusCode, 201, generated.body);
    assert.notEqual(navsOf(generated.json())[0], supplied);
  });
});

describe('payments under concurrency', () => {
  it('20 concurrent payments of one notice: exactly one succeeds', async () => {
    const created = await call({
      method: 'POST',
      url: `${org}/debtpositions?toPublish=true`,
      payload: singlePayment('PAY-ONE'),
    });
    const [nav] = navsOf(created.json());
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call({ method: 'POST', url: `${org}/paymentoptions/paids/${nav}`, payload: {} }),
      ),
    );
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, ...Array(19).fill(409)]);
  });

  it('racing the single payment against the instalments never settles the debt twice (20 rounds)', async () => {
    const db = ctx.services.database.db;
    for (let round = 0; round < 20; round++) {
      const iupd = `RACE-${round}`;
      const created = await call({
        method: 'POST',
        url: `${org}/debtpositions?toPublish=true`,
        payload: fullOrInstalments(iupd),
      });
      const navs = navsOf(created.json());
      const attempts = [...navs, ...navs].map((nav) =>
        call({ method: 'POST', url: `${org}/paymentoptions/paids/${nav}`, payload: {} }),
      );
      const codes = (await Promise.all(attempts)).map((r) => r.statusCode);
      assert.ok(
        codes.every((c) => c === 200 || c === 409),
        String(codes),
      );
      const paid = await db
        .selectFrom('installments as i')
        .innerJoin('positions as p', 'p.id', 'i.position_id')
        .select(['i.option_index', 'i.amount_cents', 'i.nav'])
        .where('p.iupd', '=', iupd)
        .where('i.status', '=', 'PAID')
        .execute();
      const options = new Set(paid.map((r) => r.option_index));
      assert.equal(options.size, 1, `round ${round}: paid options ${[...options]}`);
      assert.equal(new Set(paid.map((r) => r.nav)).size, paid.length, 'no notice paid twice');
      const total = paid.reduce((sum, r) => sum + r.amount_cents, 0);
      assert.ok(total <= 30_000, `round ${round}: paid ${total} of 30000`);
      assert.equal(codes.filter((c) => c === 200).length, paid.length);
    }
  });
});
