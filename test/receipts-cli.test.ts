// `cassa receipts pdf` and `cassa receipts show`, run as real processes against a fresh database
// (support/cli.ts), with PUBLIC_URL set: the QR code of the PDF points there and verifies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { createServices } from '../src/services.ts';
import { type CliData, cliData, runCassa } from './support/cli.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { decodeQrCodes, pdfText } from './support/pdf.ts';
import { singlePayment } from './support/positions.ts';

const PUBLIC_URL = 'https://pagamenti.comune.example.it/cassa';
let data: CliData;
let nav: string;

const open = () => openDatabase({ databaseUrl: data.databaseUrl });

before(async () => {
  data = await cliData('cassa-receipts-cli-', async (services) => {
    const entity = await services.entities.create(ENTITY_A, testActor);
    const position = await services.positions.create(entity, singlePayment('CLI-1'), { toPublish: true }, testActor);
    nav = position.options[0]!.installments[0]!.nav;
    await services.receipts.recordPayment(
      entity,
      nav,
      { source: 'paids', channel: 'COUNTER', receiptId: 'SPORTELLO-12', paidAt: new Date('2026-06-14T09:30:00Z') },
      testActor,
    );
  });
});
after(async () => {
  await data?.close();
});

const cassa = (...args: string[]) => runCassa(data, args, { PUBLIC_URL });

describe('cassa receipts', () => {
  it('pdf writes the receipt; its QR code opens PUBLIC_URL/verify/<token> and the token verifies', async () => {
    const out = join(data.dataDir, 'ricevuta.pdf');
    const r = cassa(
      'receipts',
      'pdf',
      '--entity',
      ENTITY_A.fiscalCode,
      '--receipt',
      'SPORTELLO-12',
      '--out',
      out,
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout);
    assert.equal(printed.file, out);
    const pdf = readFileSync(out);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(pdf);
    assert.match(text, /SPORTELLO-12/);
    assert.match(text, /150,00\s€/);
    const [[url]] = (await decodeQrCodes(pdf)) as [[string]];
    assert.equal(url, printed.verificationUrl);
    assert.ok(url.startsWith(`${PUBLIC_URL}/verify/`), url);
    const database = await open();
    try {
      const verification = await createServices(database).receipts.verify(url.slice(`${PUBLIC_URL}/verify/`.length));
      assert.ok(verification.valid);
      assert.equal(verification.receipt.nav, nav);
    } finally {
      await database.close();
    }
  });

  it('show prints the receipt and the URL that verifies it', () => {
    const human = cassa('receipts', 'show', '--entity', ENTITY_A.fiscalCode, '--receipt', 'SPORTELLO-12');
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /Receipt SPORTELLO-12 \(paids\)/);
    assert.ok(human.stdout.includes(nav.replace(/(\d{4})(?=\d)/g, '$1 ')));
    assert.match(human.stdout, /150\.00 EUR/);
    assert.match(human.stdout, /14\/06\/2026 11:30:00/);
    assert.ok(human.stdout.includes(`verification:  ${PUBLIC_URL}/verify/`));
  });

  it('a missing receipt exits 1, a missing option exits 2', () => {
    const missing = cassa('receipts', 'show', '--entity', ENTITY_A.fiscalCode, '--receipt', 'NOPE');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /does not exist/);
    const usage = cassa('receipts', 'pdf', '--entity', ENTITY_A.fiscalCode, '--receipt', 'SPORTELLO-12');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--out is required/);
    assert.equal(
      cassa('receipts', 'pdf', '--entity', ENTITY_A.fiscalCode, '--receipt', 'X', '--out', 'f', '--lang', 'fr').code,
      2,
    );
  });
});
