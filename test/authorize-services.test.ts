// The services check the principal themselves (ADR 0031), so a console route, a CLI command or a job
// that forgets to cannot act for the wrong entity or outside its grants: each write entry point is
// called for entity A by a key of entity B (NOT_FOUND, as for data that does not exist), by a key of
// A without the area (FORBIDDEN) and, where it writes, by a key of A that may only read the area
// (FORBIDDEN). Nothing changes and no audit record is written.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Actor, principalActor } from '../src/modules/audit/audit.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { AppError } from '../src/shared/errors.ts';
import type { Cents } from '../src/shared/money.ts';
import { type Access, AREAS, type Area, apiKeyPrincipal } from '../src/shared/principal.ts';
import { ctx, ids, setUpAuthz, snapshot, tearDownAuthz } from './support/authz-fixture.ts';
import { canteenService } from './support/catalogue.ts';
import { ENTITY_B } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let entityA: Entity;
let entityB: Entity;
let csv: string;

before(async () => {
  await setUpAuthz();
  entityA = (await ctx.services.entities.byFiscalCode(ids.organizationfiscalcode))!;
  entityB = (await ctx.services.entities.byFiscalCode(ENTITY_B.fiscalCode))!;
  csv = join(tmpdir(), `authorize-services-${process.pid}.csv`);
  writeFileSync(csv, 'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,category\n');
});
after(tearDownAuthz);

type Act = (s: Services, entity: Entity, actor: Actor) => Promise<unknown>;

/** Every service entry point that checks, with the area and access it needs. */
const CHECKED: { name: string; area: Area; access: Access; act: Act }[] = [
  {
    name: 'positions.create',
    area: 'positions',
    access: 'write',
    act: (s, e, a) => s.positions.create(e, singlePayment('SVC-NEW'), { toPublish: false }, a),
  },
  {
    name: 'positions.update',
    area: 'positions',
    access: 'write',
    act: (s, e, a) => s.positions.update(e, 'A-1', singlePayment('A-1'), { toPublish: false }, a),
  },
  { name: 'positions.remove', area: 'positions', access: 'write', act: (s, e, a) => s.positions.remove(e, 'A-1', a) },
  { name: 'lifecycle.publish', area: 'positions', access: 'write', act: (s, e, a) => s.lifecycle.publish(e, 'A-1', a) },
  {
    name: 'lifecycle.invalidate',
    area: 'positions',
    access: 'write',
    act: (s, e, a) => s.lifecycle.invalidate(e, 'A-1', a),
  },
  {
    name: 'receipts.recordPayment (paids)',
    area: 'payments',
    access: 'write',
    act: (s, e, a) => s.receipts.recordPayment(e, ids.nav, { source: 'paids', channel: 'BANK' }, a),
  },
  {
    name: 'overpayments.close',
    area: 'payments',
    access: 'write',
    act: (s, e, a) => s.overpayments.close(e, ids.id, { status: 'REFUNDED' }, a),
  },
  {
    name: 'refunds.addNote',
    area: 'payments',
    access: 'write',
    act: (s, e, a) => s.refunds.addNote(e, ids.id, 'a note', a),
  },
  {
    name: 'refunds.record',
    area: 'payments',
    access: 'write',
    act: (s, e, a) =>
      s.refunds.record(
        e,
        ids.id,
        {
          amountCents: 1 as Cents,
          beneficiary: 'Mario Rossi',
          iban: 'IT60X0542811101000000123456',
          refundDate: '2026-06-15',
        },
        a,
        undefined,
      ),
  },
  {
    name: 'refunds.close',
    area: 'payments',
    access: 'write',
    act: (s, e, a) => s.refunds.close(e, ids.id, 'RESOLVED', 'a reason', a),
  },
  {
    name: 'documents.send',
    area: 'messages',
    access: 'write',
    act: (s, e, a) => s.documents.send(e, { kind: 'notice', nav: ids.nav }, a),
  },
  {
    name: 'imports.importFile',
    area: 'positions',
    access: 'write',
    act: (s, e, a) =>
      s.imports.importFile(e, csv, { format: 'csv', mode: 'create', toPublish: false, fileName: 'x.csv' }, a),
  },
  {
    name: 'webhooks.create',
    area: 'settings',
    access: 'write',
    act: (s, e, a) => s.webhooks.create(e, { url: 'https://ente.example/other', events: ['installment.paid'] }, a),
  },
  { name: 'webhooks.disable', area: 'settings', access: 'write', act: (s, e, a) => s.webhooks.disable(e, ids.id, a) },
  {
    name: 'webhooks.replay',
    area: 'settings',
    access: 'write',
    act: (s, e, a) => s.webhooks.replay(e, ids.deliveryId, a),
  },
  {
    name: 'catalogue.create',
    area: 'catalogue',
    access: 'write',
    act: (s, e, a) => s.catalogue.create(e, canteenService(), a),
  },
  {
    name: 'catalogue.update',
    area: 'catalogue',
    access: 'write',
    act: (s, e, a) => s.catalogue.update(e, ids.serviceId, canteenService(), a),
  },
  {
    name: 'catalogue.retire',
    area: 'catalogue',
    access: 'write',
    act: (s, e, a) => s.catalogue.retire(e, ids.serviceId, a),
  },
  {
    name: 'printJobs.create',
    area: 'positions',
    access: 'read',
    act: (s, e, a) => s.printJobs.create(e, { format: 'pdf', all: true }, a),
  },
  {
    name: 'apiKeys.create',
    area: 'settings',
    access: 'write',
    act: (s, e, a) => s.apiKeys.create(e.fiscalCode, 'more', a),
  },
  {
    name: 'entities.update',
    area: 'settings',
    access: 'write',
    act: (s, e, a) => s.entities.update(e.fiscalCode, { name: 'Renamed' }, a),
  },
  {
    name: 'entities.setActive',
    area: 'settings',
    access: 'write',
    act: (s, e, a) => s.entities.setActive(e.fiscalCode, false, a),
  },
];

const keyActor = (entity: Entity, grants: { area: Area; access: Access }[]) =>
  principalActor(apiKeyPrincipal('test', entity.id, grants));

const everything = (except: Area) =>
  AREAS.filter((a) => a !== except).map((area) => ({ area, access: 'write' as const }));

async function refusedWith(act: () => Promise<unknown>): Promise<string> {
  const before = { state: await snapshot(), audit: await auditCount() };
  const code = await act().then(
    () => 'allowed',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
  assert.deepEqual({ state: await snapshot(), audit: await auditCount() }, before, 'something changed');
  return code;
}

async function auditCount(): Promise<number> {
  const row = await ctx.services.database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('services authorize their callers', () => {
  for (const { name, area, access, act } of CHECKED) {
    it(`${name}: a principal of another entity gets NOT_FOUND and changes nothing`, async () => {
      const other = keyActor(entityB, everything('audit'));
      assert.equal(await refusedWith(() => act(ctx.services, entityA, other)), 'NOT_FOUND');
    });

    it(`${name}: a principal of the entity without ${area} gets FORBIDDEN and changes nothing`, async () => {
      const lacking = keyActor(entityA, everything(area));
      assert.equal(await refusedWith(() => act(ctx.services, entityA, lacking)), 'FORBIDDEN');
    });

    if (access === 'write') {
      it(`${name}: a principal that may only read ${area} gets FORBIDDEN and changes nothing`, async () => {
        const reader = keyActor(entityA, [{ area, access: 'read' }]);
        assert.equal(await refusedWith(() => act(ctx.services, entityA, reader)), 'FORBIDDEN');
      });
    }
  }

  it('the same call with the grant it needs goes through (the refusals above are the check, not the data)', async () => {
    const writer = keyActor(entityA, [{ area: 'positions', access: 'write' }]);
    const created = await ctx.services.positions.create(
      entityA,
      singlePayment('SVC-ALLOWED'),
      { toPublish: false },
      writer,
    );
    assert.equal(created.iupd, 'SVC-ALLOWED');
    const row = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'position.create')
      .where('subject_id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.actor, 'apikey:test');
  });
});
