// Imports longer than one batch (1000 rows): the look-ups of a batch run while the one before it is
// written, and the creations are audited 100 to a record (ADR 0028). Problems anywhere in the file
// keep their row numbers and change nothing; rows matching stored positions are unchanged or updated.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { ImportRequest } from '../src/modules/positions/import/import.service.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
let dir: string;
let fileNo = 0;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  dir = await mkdtemp(join(tmpdir(), 'cassa-import-batches-'));
});
after(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

const HEADER = 'iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category';
const line = (iupd: string, amount = '10,00') =>
  `${iupd};RSSMRA80A01H501U;Mario Rossi;Tassa ${iupd};${amount};30/09/2027;9/0101101IM/`;
/** A file of `n` rows named `${prefix}-0`…; `change(i)` may replace row i's line. Row i is line i + 2. */
const file = (prefix: string, n: number, change: (i: number) => string | undefined = () => undefined) =>
  `${[HEADER, ...Array.from({ length: n }, (_, i) => change(i) ?? line(`${prefix}-${i}`))].join('\n')}\n`;

async function run(content: string, request: Partial<ImportRequest> = {}) {
  const path = join(dir, `file-${++fileNo}.csv`);
  await writeFile(path, content);
  const full = { format: 'csv', mode: 'create', toPublish: false, fileName: 'f.csv', ...request } as const;
  return ctx.services.imports.importFile(entity, path, full, testActor);
}

const db = () => ctx.services.database.db;
const positionCount = async () =>
  Number(
    (
      await db()
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const auditCount = async () =>
  Number(
    (
      await db()
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('imports of several batches', () => {
  test('invalid rows and a duplicate in later batches: each reported by its row, nothing written', async () => {
    const positions = await positionCount();
    const audits = await auditCount();
    const { result } = await run(
      file('BAD', 2500, (i) => {
        if (i === 1200) return line('BAD-1200', '0'); // amount zero, in the second batch
        if (i === 1800) return line('BAD-3'); // the iupd of row 5, in the first batch
        if (i === 2450) return line('BAD-2450', 'dieci'); // not an amount, in the last batch
        return undefined;
      }),
    );
    assert.equal(result.ok, false);
    assert.equal(result.submitted, 2500);
    assert.deepEqual([result.created, result.updated, result.unchanged], [0, 0, 0]);
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.field]),
      [
        [1202, 'amount'],
        [1802, 'iupd'],
        [2452, 'amount'],
      ],
      JSON.stringify(result.errors),
    );
    assert.match(result.errors[1]!.message, /first at row 5/);
    assert.equal(await positionCount(), positions, 'a refused import writes no position');
    // Only the import's own start and rejection are recorded.
    assert.equal(await auditCount(), audits + 2);
  });

  test('2500 new positions: 25 creation records of 100 naming every position', async () => {
    const { importId, result } = await run(file('NEW', 2500), { toPublish: true });
    assert.deepEqual([result.ok, result.created], [true, 2500], JSON.stringify(result.errors.slice(0, 3)));
    const records = await db()
      .selectFrom('audit_log')
      .select(['after', 'seq'])
      .where('action', '=', 'import.create')
      .where('subject_id', '=', importId)
      .orderBy('seq')
      .execute();
    type Entry = { id: string; iupd: string; status: string; navs: string[]; contentHash: string };
    const batches = records.map((r) => (JSON.parse(r.after!) as { positions: Entry[] }).positions);
    assert.deepEqual(
      batches.map((b) => b.length),
      Array(25).fill(100),
    );
    const entries = batches.flat();
    assert.deepEqual(
      entries.map((e) => e.iupd),
      Array.from({ length: 2500 }, (_, i) => `NEW-${i}`),
    );
    const stored = await db()
      .selectFrom('positions as p')
      .innerJoin('installments as i', 'i.position_id', 'p.id')
      .select(['p.id', 'p.iupd', 'p.status', 'p.content_hash', 'i.nav'])
      .where('p.iupd', 'like', 'NEW-%')
      .execute();
    const byIupd = new Map(stored.map((s) => [s.iupd, s]));
    for (const e of entries) {
      const s = byIupd.get(e.iupd)!;
      assert.deepEqual([e.id, e.status, e.contentHash, e.navs], [s.id, s.status, s.content_hash, [s.nav]]);
    }
    assert.equal(new Set(stored.map((s) => s.nav)).size, 2500, 'distinct notice numbers');
    const report = await verifyAuditChains(db(), { entityId: entity.id });
    assert.equal(report.ok, true, JSON.stringify(report.breaks));
  });

  test('upsert over stored positions: identical rows unchanged, changed rows updated keeping their notices', async () => {
    const before = await db()
      .selectFrom('positions as p')
      .innerJoin('installments as i', 'i.position_id', 'p.id')
      .select(['p.iupd', 'i.id', 'i.nav'])
      .where('p.iupd', 'in', ['NEW-1500', 'NEW-2100'])
      .execute();
    // In the file's second and third batches: NEW-1500 as stored, NEW-2100 with another amount.
    const { importId, result } = await run(
      file('UPS', 2200, (i) => {
        if (i === 1500) return line('NEW-1500');
        if (i === 2100) return line('NEW-2100', '12,00');
        return undefined;
      }),
      { mode: 'upsert' },
    );
    assert.deepEqual(
      [result.ok, result.created, result.updated, result.unchanged],
      [true, 2198, 1, 1],
      JSON.stringify(result.errors.slice(0, 3)),
    );
    const after = await ctx.services.positions.get(entity, 'NEW-2100');
    const inst = after.options[0]!.installments[0]!;
    const kept = before.find((b) => b.iupd === 'NEW-2100')!;
    assert.equal(inst.amountCents, 1200);
    assert.deepEqual([inst.id, inst.nav], [kept.id, kept.nav], 'the updated instalment keeps its id and notice');
    const updates = await db()
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'position.update')
      .where('subject_id', '=', after.id)
      .execute();
    assert.equal(updates.length, 1);
    const created = await db()
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'import.create')
      .where('subject_id', '=', importId)
      .execute();
    const iupds = created.flatMap((r) => (JSON.parse(r.after!) as { positions: { iupd: string }[] }).positions);
    assert.equal(iupds.length, 2198);
    assert.ok(!iupds.some((p) => p.iupd.startsWith('NEW-')), 'the updated and unchanged ones are not creations');
  });
});
