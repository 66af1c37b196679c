// The catalogue API (spontaneous payments): create, list, read, update and retire services with the
// entity's key; every rule of a definition refused with problem+json naming the field and nothing
// written; another entity's key gets 404; every change audited; the routes documented in OpenAPI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceDefinition } from '../src/modules/catalogue/service.ts';
import { canteenService, certificateService } from './support/catalogue.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testContext } from './support/context.ts';

let ctx: TestContext;
let asA: ReturnType<typeof api>;
let asB: ReturnType<typeof api>;
const BASE = `/api/v1/organizations/${ENTITY_A.fiscalCode}/services`;

before(async () => {
  ctx = await testContext();
  asA = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
  asB = api(ctx, (await entityWithKey(ctx, ENTITY_B)).key);
});
after(() => ctx.close());

const auditOf = (subjectId: string) =>
  ctx.services.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'subject_type'])
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
const serviceCount = async () =>
  Number(
    (
      await ctx.services.database.db
        .selectFrom('catalogue_services')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('managing the catalogue', () => {
  it('creates, lists, reads, updates and retires a service, auditing each change', async () => {
    const created = await asA({ method: 'POST', url: BASE, payload: canteenService() });
    assert.equal(created.statusCode, 201, created.body);
    const service = created.json();
    assert.match(service.id, /^[0-9a-f-]{36}$/);
    assert.equal(service.version, 1);
    assert.equal(service.title, 'Mensa scolastica - ricarica');
    assert.deepEqual(service.amount, { type: 'range', minCents: 500, maxCents: 20_000 });
    assert.equal(service.fields.length, 5);
    assert.deepEqual(service.fields[4].options[0], {
      value: 'primaria-verdi',
      label: 'Primaria G. Verdi',
      labelEn: 'G. Verdi primary school',
    });
    assert.equal(service.fields[0].minLength, 3);
    assert.equal(service.fields[1].pattern, '[0-9]{5}');
    assert.equal(service.fields[3].minDate, '2026-09-01');
    assert.equal(service.accounting.category, '9/0401104SP/');
    assert.equal(service.retiredAt, null);
    assert.equal(service.requests, 0);
    assert.equal(service.portalUrl, `/e/${ENTITY_A.fiscalCode}/servizi/${service.id}`);

    const fixed = await asA({ method: 'POST', url: BASE, payload: { ...certificateService(), fields: undefined } });
    assert.equal(fixed.statusCode, 201, fixed.body);
    assert.deepEqual(fixed.json().fields, [], 'fields default to none');

    const list = await asA({ url: BASE });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().services.map((s: { id: string }) => s.id),
      [service.id, fixed.json().id],
    );
    const one = await asA({ url: `${BASE}/${service.id}` });
    assert.deepEqual(one.json(), service);

    const changed = { ...canteenService(), title: 'Mensa - ricarica del borsellino', dueInDays: 15 };
    const updated = await asA({ method: 'PUT', url: `${BASE}/${service.id}`, payload: changed });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().version, 2);
    assert.equal(updated.json().title, 'Mensa - ricarica del borsellino');
    assert.equal(updated.json().dueInDays, 15);

    const retired = await asA({ method: 'POST', url: `${BASE}/${service.id}/retire` });
    assert.equal(retired.statusCode, 200);
    assert.ok(retired.json().retiredAt);
    const again = await asA({ method: 'POST', url: `${BASE}/${service.id}/retire` });
    assert.equal(again.json().retiredAt, retired.json().retiredAt, 'retiring twice changes nothing');
    assert.deepEqual(
      (await asA({ url: BASE })).json().services.map((s: { id: string }) => s.id),
      [fixed.json().id],
      'a retired service is not listed by default',
    );
    const all = await asA({ url: `${BASE}?include_retired=true` });
    assert.equal(all.json().services.length, 2);
    assert.equal((await asA({ url: `${BASE}/${service.id}` })).statusCode, 200, 'still readable');

    const audit = await auditOf(service.id);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['service.create', 'service.update', 'service.retire'],
      'retiring twice is audited once',
    );
    assert.ok(audit.every((a) => a.subject_type === 'catalogue_service' && /^apikey:/.test(a.actor)));
  });

  it('documents every route in the OpenAPI with its schema', async () => {
    const doc = (await ctx.app.inject({ url: '/openapi.json' })).json();
    const path = doc.paths['/api/v1/organizations/{organizationfiscalcode}/services/{serviceId}'];
    assert.ok(path.get && path.put, 'get and update');
    assert.ok(doc.paths['/api/v1/organizations/{organizationfiscalcode}/services'].post);
    assert.ok(doc.paths['/api/v1/organizations/{organizationfiscalcode}/services/{serviceId}/retire'].post);
    const create = doc.paths['/api/v1/organizations/{organizationfiscalcode}/services'].post;
    assert.equal(create.operationId, 'createService');
    assert.match(create.description, /IBAN registered for the entity/);
    const body = create.requestBody.content['application/json'].schema;
    assert.ok(body.properties.fields.items.properties.pattern.description);
  });
});

describe('definitions that are refused', () => {
  const refused = async (def: unknown, expected: { path: string; message: RegExp }[]) => {
    const before = await serviceCount();
    const res = await asA({ method: 'POST', url: BASE, payload: def as object });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const problem = res.json();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    for (const e of expected) {
      assert.ok(
        problem.errors.some((p: { path: string; message: string }) => p.path === e.path && e.message.test(p.message)),
        `${e.path} ${e.message} in ${JSON.stringify(problem.errors)}`,
      );
    }
    assert.equal(await serviceCount(), before, 'nothing written');
  };
  const withFields = (fields: unknown[]) => ({ ...canteenService(), fields }) as unknown as ServiceDefinition;

  it('amount bounds: min not below max, positive, fixed with its amount only', async () => {
    await refused({ ...canteenService(), amount: { type: 'range', minCents: 5_000, maxCents: 5_000 } }, [
      { path: 'amount.maxCents', message: /greater than minCents/ },
    ]);
    await refused({ ...canteenService(), amount: { type: 'range', minCents: 0, maxCents: 100 } }, [
      { path: 'amount.minCents', message: /euro cents/ },
    ]);
    await refused({ ...canteenService(), amount: { type: 'fixed', cents: 100, minCents: 50 } }, [
      { path: 'amount.minCents', message: /does not apply/ },
    ]);
    await refused({ ...canteenService(), amount: { type: 'fixed' } }, [{ path: 'amount.cents', message: /required/ }]);
    await refused({ ...canteenService(), amount: { type: 'range', minCents: 100 } }, [
      { path: 'amount.maxCents', message: /required/ },
    ]);
  });

  it('field keys unique and well formed; settings only for their type', async () => {
    const [text, , number] = canteenService().fields;
    await refused(withFields([text, { ...number, key: 'alunno' }]), [{ path: 'fields[1].key', message: /repeated/ }]);
    await refused(withFields([{ ...text, key: 'Alunno 1' }]), [{ path: 'fields[0].key', message: /lowercase/ }]);
    await refused(withFields([{ ...text, min: 3 }]), [{ path: 'fields[0].min', message: /only to number/ }]);
    await refused(withFields([{ ...number, options: [{ value: 'a', label: 'A' }] }]), [
      { path: 'fields[0].options', message: /only to choice/ },
    ]);
  });

  it('choice options: at least one, unique values', async () => {
    const choice = { type: 'choice', key: 'scuola', label: 'Scuola', required: true };
    await refused(withFields([{ ...choice, options: [] }]), [{ path: 'fields[0].options', message: /at least one/ }]);
    await refused(withFields([choice]), [{ path: 'fields[0].options', message: /required/ }]);
    await refused(
      withFields([
        {
          ...choice,
          options: [
            { value: 'a', label: 'A' },
            { value: 'a', label: 'B' },
          ],
        },
      ]),
      [{ path: 'fields[0].options[1].value', message: /repeated/ }],
    );
  });

  it('text lengths and pattern, number and date bounds in order', async () => {
    await refused(withFields([{ type: 'text', key: 'a', label: 'A', minLength: 10, maxLength: 5 }]), [
      { path: 'fields[0].maxLength', message: /not be less than minLength/ },
    ]);
    await refused(withFields([{ type: 'text', key: 'a', label: 'A', maxLength: 500 }]), [
      { path: 'fields[0].maxLength', message: /140/ },
    ]);
    await refused(withFields([{ type: 'text', key: 'a', label: 'A', hint: 'Cifre', pattern: '[0-9' }]), [
      { path: 'fields[0].pattern', message: /not a valid regular expression/ },
    ]);
    await refused(withFields([{ type: 'text', key: 'a', label: 'A', pattern: '[0-9]+' }]), [
      { path: 'fields[0].hint', message: /required with a pattern/ },
    ]);
    await refused(withFields([{ type: 'number', key: 'a', label: 'A', min: 10, max: 1 }]), [
      { path: 'fields[0].max', message: /not be less than min/ },
    ]);
    await refused(withFields([{ type: 'number', key: 'a', label: 'A', min: 1.5 }]), [
      { path: 'fields[0].min', message: /integer/ },
    ]);
    await refused(withFields([{ type: 'date', key: 'a', label: 'A', minDate: '2027-01-01', maxDate: '2026-01-01' }]), [
      { path: 'fields[0].maxDate', message: /not be before minDate/ },
    ]);
    await refused(withFields([{ type: 'date', key: 'a', label: 'A', minDate: '2026-02-30' }]), [
      { path: 'fields[0].minDate', message: /date/ },
    ]);
  });

  it('accounting: a valid IBAN of the entity, a taxonomy code, a template naming fields', async () => {
    const accounting = canteenService().accounting;
    await refused({ ...canteenService(), accounting: { ...accounting, iban: 'IT60X0542811101000000123457' } }, [
      { path: 'accounting.iban', message: /check digits/ },
    ]);
    await refused({ ...canteenService(), accounting: { ...accounting, iban: ENTITY_B.ibans[0] } }, [
      { path: 'accounting.iban', message: /registered IBANs/ },
    ]);
    await refused({ ...canteenService(), accounting: { ...accounting, postalIban: 'IT00' } }, [
      { path: 'accounting.postalIban', message: /IBAN/ },
    ]);
    await refused({ ...canteenService(), accounting: { ...accounting, category: '9/0401104XX/' } }, [
      { path: 'accounting.category', message: /legal reason/ },
    ]);
    await refused({ ...canteenService(), accounting: { ...accounting, remittance: 'Mensa {classe}' } }, [
      { path: 'accounting.remittance', message: /\{classe\} does not name a field/ },
    ]);
    await refused({ ...canteenService(), dueInDays: 0 }, [{ path: 'dueInDays', message: /1 to 365/ }]);
  });

  it('shape: required properties, unknown ones, every problem at once', async () => {
    await refused({ title: '', description: 'x', amount: { type: 'fixed', cents: 100 }, colour: 'red' }, [
      { path: 'accounting', message: /required/ },
      { path: 'colour', message: /not a known field/ },
    ]);
    await refused({ ...canteenService(), title: '   ' }, [{ path: 'title', message: /not be empty/ }]);
  });

  it('an update is checked the same way and changes nothing when refused', async () => {
    const { id } = (await asA({ method: 'POST', url: BASE, payload: certificateService() })).json();
    const res = await asA({
      method: 'PUT',
      url: `${BASE}/${id}`,
      payload: { ...certificateService(), amount: { type: 'fixed', cents: -1 } },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errors[0].path, 'amount.cents');
    const now = (await asA({ url: `${BASE}/${id}` })).json();
    assert.equal(now.version, 1);
    assert.equal(now.amount.cents, 1_600);
  });
});

describe('tenant isolation', () => {
  it("another entity's key gets 404 on every route, the same 404 as a missing service, and changes nothing", async () => {
    const { id } = (await asA({ method: 'POST', url: BASE, payload: certificateService() })).json();
    const before = await serviceCount();
    const missing = (await asA({ url: `${BASE}/01234567-89ab-7def-8123-456789abcdef` })).json();
    for (const [method, url, payload] of [
      ['GET', BASE],
      ['POST', BASE, certificateService()],
      ['GET', `${BASE}/${id}`],
      ['PUT', `${BASE}/${id}`, certificateService()],
      ['POST', `${BASE}/${id}/retire`],
    ] as const) {
      const res = await asB({ method, url, ...(payload && { payload }) });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.deepEqual(res.json(), missing);
    }
    // B's own URL does not reach A's service either.
    const viaOwn = await asB({ url: `/api/v1/organizations/${ENTITY_B.fiscalCode}/services/${id}` });
    assert.equal(viaOwn.statusCode, 404);
    assert.deepEqual(viaOwn.json(), missing);
    assert.equal((await asA({ url: `${BASE}/not-a-uuid` })).statusCode, 404);
    assert.equal(await serviceCount(), before);
    assert.equal((await asA({ url: `${BASE}/${id}` })).json().retiredAt, null);
  });
});
