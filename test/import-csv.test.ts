// D1 of the reliability battery: CSV imports through the imports service (as the CLI runs them).
// Valid files import with generated notice numbers; every malformed file changes nothing and the
// report names the row and the column of each problem.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { ImportRequest } from '../src/modules/positions/import/import.service.ts';
import type { ImportError } from '../src/modules/positions/import/import-run.ts';
import { createServices, type Services } from '../src/services.ts';
import {
  buildNoticeNumber,
  checkIssuableNoticeNumber,
  parseNoticeNumber,
} from '../src/shared/identifiers/notice-number.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
let dir: string;
let fileNo = 0;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  dir = await mkdtemp(join(tmpdir(), 'cassa-import-csv-'));
});
after(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

const HEADER = 'iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category';
const line = (iupd: string, amount = '10,00', more: { cf?: string; due?: string } = {}) =>
  `${iupd};${more.cf ?? 'RSSMRA80A01H501U'};Mario Rossi;Tassa ${iupd};${amount};${more.due ?? '30/09/2027'};9/0101101IM/`;
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
// Notice numbers supplied by a back office: bases far above the ones Cassa generates.
const nav = (n: number) => buildNoticeNumber(ENTITY_A.segregationCode, 9_000_000_000_000n + BigInt(n));

async function run(
  content: string | Uint8Array,
  request: Partial<ImportRequest> = {},
  services: Services = ctx.services,
) {
  const path = join(dir, `file-${++fileNo}.csv`);
  await writeFile(path, content);
  const full = { format: 'csv', mode: 'create', toPublish: false, fileName: 'f.csv', ...request } as const;
  return (await services.imports.importFile(entity, path, full, testActor)).result;
}

async function counts() {
  const db = ctx.db.database.db;
  const count = async (table: 'positions' | 'installments' | 'audit_log') => {
    let query = db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
    // Records of positions: the API's, and an import's creations (one record per batch, ADR 0028).
    if (table === 'audit_log')
      query = query.where((eb) => eb.or([eb('subject_type', '=', 'position'), eb('action', '=', 'import.create')]));
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  return {
    positions: await count('positions'),
    installments: await count('installments'),
    audits: await count('audit_log'),
  };
}

/** Imports a bad file: nothing may change, and every expected problem must be reported. */
async function refused(
  content: string | Uint8Array,
  expected: { row: number; field: string; message?: RegExp }[],
  request: Partial<ImportRequest> = {},
  services?: Services,
) {
  const before = await counts();
  const result = await run(content, request, services);
  assert.equal(result.ok, false, 'the import must be refused');
  assert.equal(result.created + result.updated, 0);
  assert.deepEqual(await counts(), before, 'a refused import must change nothing');
  for (const e of expected) {
    const found = result.errors.find(
      (r: ImportError) => r.row === e.row && r.field === e.field && (!e.message || e.message.test(r.message)),
    );
    assert.ok(found, `expected a problem at row ${e.row}, field ${e.field}; got ${JSON.stringify(result.errors)}`);
  }
  return result;
}

describe('valid CSV files', () => {
  test('the example file imports 3 positions with valid notice numbers, cents and due dates', async () => {
    const result = await run(await readFile('docs/examples/positions.csv'));
    assert.deepEqual([result.ok, result.created, result.submitted], [true, 3, 3], JSON.stringify(result.errors));
    const expected = [
      ['TARI-2027-000001', 18950],
      ['TARI-2027-000002', 102099],
      ['TARI-2027-000003', 234500],
    ] as const;
    const navs = new Set<string>();
    for (const [iupd, cents] of expected) {
      const position = await ctx.services.positions.get(entity, iupd);
      const inst = position.options[0]!.installments[0]!;
      assert.equal(inst.amountCents, cents);
      assert.equal(inst.dueDate, '2027-03-31');
      assert.equal(position.status, 'DRAFT');
      assert.ok(parseNoticeNumber(inst.nav).ok, inst.nav);
      assert.equal(checkIssuableNoticeNumber(inst.nav, ENTITY_A.segregationCode), null);
      navs.add(inst.nav);
    }
    assert.equal(navs.size, 3, 'notice numbers must be distinct');
  });

  test('comma and semicolon separators, BOM, CRLF and LF', async () => {
    const comma = '\uFEFFiupd,debtor_fiscal_code,debtor_name,description,amount,due_date,category\r\n';
    const r1 = await run(`${comma}SEP-1,RSSMRA80A01H501U,Mario Rossi,Tassa,"12,50",2027-09-30,9/0101101IM/\r\n`);
    const r2 = await run(`\uFEFF${csv(HEADER, line('SEP-2', '7,25'))}`.replace(/\n/g, '\r\n'));
    const r3 = await run(`${HEADER}\r\n${line('SEP-3')}\n${line('SEP-4')}\r\n`);
    assert.deepEqual([r1.created, r2.created, r3.created], [1, 1, 2], JSON.stringify([r1, r2, r3]));
    assert.equal((await ctx.services.positions.get(entity, 'SEP-1')).options[0]!.installments[0]!.amountCents, 1250);
    assert.equal((await ctx.services.positions.get(entity, 'SEP-2')).options[0]!.installments[0]!.amountCents, 725);
  });

  test('quoted fields with separators, quotes and newlines; columns in any order; row numbers stay right', async () => {
    const header = 'category;due_date;amount;"description";debtor_name;debtor_fiscal_code;iupd';
    const quoted = `9/0101101IM/;30/09/2027;5,00;"Rata; ""unica""\nseconda riga";"Rossi; Mario";RSSMRA80A01H501U;Q-1`;
    const result = await run(csv(header, quoted));
    assert.equal(result.created, 1, JSON.stringify(result.errors));
    const position = await ctx.services.positions.get(entity, 'Q-1');
    assert.equal(position.options[0]!.installments[0]!.description, 'Rata; "unica"\nseconda riga');
    assert.equal(position.options[0]!.debtor.fullName, 'Rossi; Mario');
    // The quoted record spans lines 2-3, so the next record is line 4.
    await refused(csv(header, quoted.replace('Q-1', 'Q-2'), '9/0101101IM/;30/09/2027;0;x;y;RSSMRA80A01H501U;Q-3'), [
      { row: 4, field: 'amount' },
    ]);
  });

  test('optional columns: supplied nav and iuv kept; iban and remittance default to the entity IBAN and description', async () => {
    const header = `${HEADER};nav;iuv`;
    const result = await run(csv(header, `${line('OPT-1')};${nav(1)};`, `${line('OPT-2')};;${nav(2).slice(1)}`));
    assert.equal(result.created, 2, JSON.stringify(result.errors));
    const one = (await ctx.services.positions.get(entity, 'OPT-1')).options[0]!.installments[0]!;
    const two = (await ctx.services.positions.get(entity, 'OPT-2')).options[0]!.installments[0]!;
    assert.equal(one.nav, nav(1));
    assert.equal(two.nav, nav(2));
    assert.equal(two.iuv, nav(2).slice(1));
    assert.equal(one.transfers[0]!.iban, ENTITY_A.ibans[0]);
    assert.equal(one.transfers[0]!.remittanceInformation, 'Tassa OPT-1');
  });

  test('--publish makes the positions VALID', async () => {
    const result = await run(csv(HEADER, line('PUB-1')), { toPublish: true });
    assert.equal(result.created, 1);
    assert.equal((await ctx.services.positions.get(entity, 'PUB-1')).status, 'VALID');
  });

  test('re-importing the same file changes nothing; a changed row needs upsert, which keeps the notice number', async () => {
    const file = csv(HEADER, line('RE-1'), line('RE-2'), line('RE-3'));
    assert.equal((await run(file)).created, 3);
    const beforeCounts = await counts();
    const again = await run(file);
    assert.deepEqual([again.ok, again.created, again.updated, again.unchanged], [true, 0, 0, 3]);
    assert.deepEqual(await counts(), beforeCounts, 'no new positions nor audit rows');

    const navBefore = (await ctx.services.positions.get(entity, 'RE-2')).options[0]!.installments[0]!.nav;
    const changed = csv(HEADER, line('RE-1'), line('RE-2', '11,00'), line('RE-3'));
    await refused(changed, [{ row: 3, field: 'iupd', message: /upsert/ }]);
    assert.equal((await ctx.services.positions.get(entity, 'RE-2')).options[0]!.installments[0]!.amountCents, 1000);

    const upsert = await run(changed, { mode: 'upsert' });
    assert.deepEqual([upsert.ok, upsert.created, upsert.updated, upsert.unchanged], [true, 0, 1, 2]);
    const updated = (await ctx.services.positions.get(entity, 'RE-2')).options[0]!.installments[0]!;
    assert.equal(updated.amountCents, 1100);
    assert.equal(updated.nav, navBefore);
  });
});

describe('D1: malformed CSV files change nothing and name the row and field', () => {
  test('wrong column count', async () => {
    await refused(csv(HEADER, line('BAD-1'), `${line('BAD-2')};extra`, 'BAD-3;RSSMRA80A01H501U'), [
      { row: 3, field: 'row', message: /8 fields/ },
      { row: 4, field: 'row', message: /2 fields/ },
    ]);
  });

  test('unterminated quote: the line where it opened', async () => {
    await refused(csv(HEADER, line('BAD-4'), line('BAD-5').replace('Tassa', '"Tassa'), line('BAD-6')), [
      { row: 3, field: 'file', message: /unterminated.*line 3/ },
    ]);
  });

  test('unknown and missing columns', async () => {
    await refused(csv(`${HEADER};colour`, `${line('BAD-7')};red`), [{ row: 1, field: 'file', message: /colour/ }]);
    await refused(csv(HEADER.replace(';amount', ''), 'BAD-8;RSSMRA80A01H501U;M;D;30/09/2027;9/0101101IM/'), [
      { row: 1, field: 'file', message: /Missing column.*amount/ },
    ]);
  });

  test('a supplied nav with wrong check digits', async () => {
    const wrong = nav(10).slice(0, 16) + String((Number(nav(10).slice(16)) + 1) % 93).padStart(2, '0');
    await refused(csv(`${HEADER};nav`, `${line('BAD-9')};${nav(11)}`, `${line('BAD-10')};${wrong}`), [
      { row: 3, field: 'nav', message: /check digits/ },
    ]);
  });

  test('negative, zero and three-decimal amounts; invalid dates; invalid codice fiscale', async () => {
    const result = await refused(
      csv(
        HEADER,
        line('BAD-11', '-5,00'),
        line('BAD-12', '0,00'),
        line('BAD-13', '12,505'),
        line('BAD-14', '1,00', { due: '31/02/2027' }),
        line('BAD-15', '1,00', { cf: 'RSSMRA80A01H501X' }),
        line('BAD-16'),
      ),
      [
        { row: 2, field: 'amount' },
        { row: 3, field: 'amount' },
        { row: 4, field: 'amount', message: /12,505/ },
        { row: 5, field: 'due_date', message: /31\/02\/2027/ },
        { row: 6, field: 'debtor_fiscal_code' },
      ],
    );
    assert.equal(result.errorCount, 5, JSON.stringify(result.errors));
  });

  test('duplicate iupd and duplicate nav within the file; nav already used in the database', async () => {
    await refused(csv(HEADER, line('DUP-1'), line('DUP-2'), line('DUP-1')), [
      { row: 4, field: 'iupd', message: /row 2/ },
    ]);
    await refused(csv(`${HEADER};nav`, `${line('DUP-3')};${nav(20)}`, `${line('DUP-4')};${nav(20)}`), [
      { row: 3, field: 'nav', message: /row 2/ },
    ]);
    const first = csv(`${HEADER};nav`, `${line('DUP-5')};${nav(21)}`, `${line('DUP-5B')};${nav(22)}`);
    assert.equal((await run(first)).created, 2);
    const taken = csv(
      `${HEADER};nav;iuv`,
      `${line('DUP-6')};;`,
      `${line('DUP-7')};${nav(21)};`,
      `${line('DUP-8')};;${nav(22).slice(1)}`,
    );
    await refused(taken, [
      { row: 3, field: 'nav', message: /already used/ },
      { row: 4, field: 'iuv', message: /already used/ },
    ]);
  });

  test('a Latin-1 file is refused as not UTF-8', async () => {
    const text = csv(HEADER, line('LAT-1').replace('Tassa', 'Citt\u00e0'));
    const bytes = Buffer.from(text, 'latin1');
    assert.ok(bytes.includes(0xe0));
    await refused(bytes, [{ row: 2, field: 'file', message: /UTF-8 at line 2/ }]);
  });

  test('5 bad rows among 100: all 5 are listed', async () => {
    const bad = new Set([7, 23, 50, 77, 100]);
    const rows = Array.from({ length: 100 }, (_, i) => line(`HUN-${i + 1}`, bad.has(i + 1) ? 'abc' : '3,00'));
    const result = await refused(
      csv(HEADER, ...rows),
      [...bad].map((n) => ({ row: n + 1, field: 'amount' })),
    );
    assert.equal(result.errorCount, 5);
    assert.equal(result.submitted, 100);
  });
});

describe('D2: size and row limits', () => {
  test('more rows than importMaxRows is refused; exactly the limit is accepted', async () => {
    const small = createServices(ctx.db.database, {
      clock: ctx.clock,
      config: { importMaxBytes: 1024 * 1024, importMaxRows: 10 },
    });
    const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => line(`${prefix}-${i + 1}`));
    await refused(csv(HEADER, ...rows('LIM-A', 11)), [{ row: 0, field: 'file', message: /more than 10/ }], {}, small);
    assert.equal((await run(csv(HEADER, ...rows('LIM-B', 10)), {}, small)).created, 10);
  });

  test('a file larger than importMaxBytes is refused', async () => {
    const file = csv(HEADER, line('SIZE-1'), line('SIZE-2'));
    const small = createServices(ctx.db.database, {
      clock: ctx.clock,
      config: { importMaxBytes: file.length - 10, importMaxRows: 10 },
    });
    await refused(file, [{ row: 0, field: 'file', message: /larger than the limit/ }], {}, small);
  });
});
