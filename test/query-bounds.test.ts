// Every numeric query parameter of every route is bounded (issue 10, defect 7): the routes are taken
// from the running app's OpenAPI document, so a new list route is covered without being listed here.
// A huge, negative, fractional or non-numeric value gets 400 problem+json, never a 5xx; the largest
// value allowed is answered. The portal's page numbers (HTML pages, not in the API document) fall back
// to the first page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_PAGE } from '../src/http/paging.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { ctx, fill, ids, keyA, setUpAuthz, tearDownAuthz } from './support/authz-fixture.ts';
import { testActor } from './support/context.ts';

before(setUpAuthz);
after(tearDownAuthz);

interface Parameter {
  in: string;
  name: string;
  schema?: { type?: string; minimum?: number; maximum?: number };
}
interface NumericParameter {
  method: string;
  url: string;
  name: string;
  minimum: number | undefined;
  maximum: number | undefined;
}

const HOSTILE = {
  huge: '99999999999999999999',
  'beyond 2^63': '9223372036854775808',
  negative: '-1',
  'very negative': '-99999999999999999999',
  'non-numeric': 'abc',
  fractional: '1.5',
  exponent: '1e30',
  empty: '',
};

/** Every query parameter of type integer or number in the app's OpenAPI document. */
async function numericParameters(): Promise<NumericParameter[]> {
  await ctx.app.ready();
  const doc = ctx.app.swagger() as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };
  const found: NumericParameter[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const p of operation.parameters ?? []) {
        if (p.in !== 'query' || (p.schema?.type !== 'integer' && p.schema?.type !== 'number')) continue;
        found.push({
          method: method.toUpperCase(),
          url: path.replace(/\{(\w+)\}/g, ':$1'),
          name: p.name,
          minimum: p.schema.minimum,
          maximum: p.schema.maximum,
        });
      }
    }
  }
  return found;
}

describe('numeric query parameters', () => {
  it('are found: the four paged lists at least (positions, receipts, over-payments, webhook deliveries)', async () => {
    const params = await numericParameters();
    const pages = params.filter((p) => p.name === 'page').map((p) => p.url);
    for (const list of ['/debtpositions', '/receipts', '/overpayments', '/deliveries']) {
      assert.ok(
        pages.some((url) => url.endsWith(list)),
        `no page parameter on …${list}: ${pages.join(', ')}`,
      );
    }
  });

  it('every one declares a minimum and a maximum', async () => {
    for (const p of await numericParameters()) {
      assert.equal(typeof p.minimum, 'number', `${p.method} ${p.url} ?${p.name} has no minimum`);
      assert.equal(typeof p.maximum, 'number', `${p.method} ${p.url} ?${p.name} has no maximum`);
    }
  });

  it('a huge, negative, fractional or non-numeric value: 400 problem+json; the largest allowed: answered', async () => {
    const params = await numericParameters();
    assert.ok(params.length > 0);
    for (const p of params) {
      const send = (value: string) =>
        ctx.app.inject({
          method: p.method as 'GET',
          url: `${fill(p.url, ids)}?${p.name}=${encodeURIComponent(value)}`,
          headers: { authorization: `Bearer ${keyA}` },
        });
      for (const [label, value] of Object.entries(HOSTILE)) {
        const res = await send(value);
        const where = `${p.method} ${p.url} ?${p.name}=${value} (${label})`;
        assert.equal(res.statusCode, 400, `${where}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/, where);
        assert.equal(res.json().code, 'VALIDATION_FAILED', where);
      }
      for (const value of [p.minimum, p.maximum]) {
        const res = await send(String(value));
        assert.equal(res.statusCode, 200, `${p.method} ${p.url} ?${p.name}=${value}: ${res.body.slice(0, 300)}`);
      }
      const over = await send(String(p.maximum! + 1));
      assert.equal(over.statusCode, 400, `${p.method} ${p.url} ?${p.name}=${p.maximum! + 1}`);
    }
  });
});

describe("the portal's page numbers", () => {
  it('a huge, negative, fractional or non-numeric page shows the first page, never a 5xx', async () => {
    const citizen = DEMO_CITIZENS[0]!.fiscalCode;
    const { token } = await ctx.services.sessions.start({ fiscalCode: citizen, method: 'sandbox' }, testActor);
    const url = `/e/${ids.organizationfiscalcode}/pagamenti`;
    for (const value of [...Object.values(HOSTILE), String(MAX_PAGE), String(MAX_PAGE + 1), '9007199254740991']) {
      const res = await ctx.app.inject({
        url: `${url}?pagina=${encodeURIComponent(value)}`,
        headers: { accept: 'text/html', cookie: `__Host-cassa-session=${token}` },
      });
      assert.equal(res.statusCode, 200, `?pagina=${value}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
  });
});
