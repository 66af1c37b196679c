// `cassa statement`, run as a real process against a fresh database (support/cli.ts):
// writes the PDF or CSV file, prints the totals with --json, and reports bad input on stderr.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliData, cliData, runCassa } from './support/cli.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { pdfText } from './support/pdf.ts';
import { DEBTOR, fullOrInstalments, singlePayment } from './support/positions.ts';

let data: CliData;

before(async () => {
  data = await cliData('cassa-statement-cli-', async (services) => {
    const entity = await services.entities.create(ENTITY_A, testActor);
    await services.positions.create(
      entity,
      singlePayment('CLI-1', 12_345, '2099-12-31'),
      { toPublish: true },
      testActor,
    );
    // Far-future due dates: the CLI runs on the real clock, and nothing here may become overdue.
    const plan = fullOrInstalments('CLI-2');
    for (const option of plan.paymentOption) {
      for (const i of option.installments) i.dueDate = i.dueDate.replace('2026-', '2099-');
    }
    await services.positions.create(entity, plan, { toPublish: true }, testActor);
  });
});
after(async () => {
  await data?.close();
});

const cassa = (...args: string[]) => runCassa(data, args);

const base = ['statement', '--entity', ENTITY_A.fiscalCode, '--debtor', DEBTOR.fiscalCode];

describe('cassa statement', () => {
  it('writes the PDF and prints the totals as JSON', async () => {
    const out = join(data.dataDir, 'statement.pdf');
    const result = cassa(...base, '--out', out, '--json');
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout);
    assert.equal(printed.file, out);
    assert.equal(printed.format, 'pdf');
    assert.equal(printed.positions, 2);
    // CLI-1 123,45 € + CLI-2 counted once, through its pay-in-full option: 300,00 €.
    assert.deepEqual(printed.totals, { dueCents: 42_345, overdueCents: 0, paidCents: 0, expiredCents: 0 });
    const pdf = readFileSync(out);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match((await pdfText(pdf)).replace(/\u00a0/g, ' '), /Totale da pagare\s+423,45 €/);
  });

  it('writes the CSV in English with --format csv --lang en, and says what it wrote', () => {
    const out = join(data.dataDir, 'statement.txt');
    const result = cassa(...base, '--out', out, '--format', 'csv', '--lang', 'en');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wrote .*statement\.txt: 2 position\(s\)/);
    assert.match(result.stdout, /to pay: {2}423\.45 EUR/);
    const csv = readFileSync(out, 'utf8');
    assert.ok(csv.startsWith('\uFEFFrow_type;iupd;'));
    assert.match(csv, /\r\ntotal;;Total to pay;;;;;;423\.45;42345;;;\r\n/);
  });

  it('reports an invalid fiscal code, an unknown entity and missing options', () => {
    const out = join(data.dataDir, 'x.pdf');
    const invalid = cassa('statement', '--entity', ENTITY_A.fiscalCode, '--debtor', 'RSSMRA80A01H501X', '--out', out);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /check character/);
    const unknown = cassa('statement', '--entity', '01199250158', '--debtor', DEBTOR.fiscalCode, '--out', out);
    assert.equal(unknown.code, 1);
    const missing = cassa('statement', '--entity', ENTITY_A.fiscalCode, '--debtor', DEBTOR.fiscalCode);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--out is required/);
    const format = cassa(...base, '--out', join(data.dataDir, 'x.xlsx'));
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be pdf or csv/);
  });
});
