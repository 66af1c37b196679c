import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { noticeQrPayload, type PostalSlip, posteDataMatrixPayload, toPostalAscii } from './notice-payloads.ts';

// The DataMatrix decoded from pagoPA's own sample notice scenario_ft_03.pdf (pagopa-facts §2.4).
const POSTE_EXAMPLE =
  'codfase=NBPA;184700000088009990511200000012345610000015000038961P199999000013FFFCST83A15L113VMario Rossi                             Avviso Pagamento di TEST                                                                                                  A';
const EXAMPLE_SLIP: PostalSlip = {
  nav: '470000008800999051',
  postalAccount: '123456',
  amountCents: 150_000,
  entityFiscalCode: '99999000013',
  debtorFiscalCode: 'FFFCST83A15L113V',
  debtorName: 'Mario Rossi',
  subject: 'Avviso Pagamento di TEST',
};

describe('noticeQrPayload', () => {
  it('writes PAGOPA|002|nav|CF|cents with the amount padded to 10 digits (the 52-character form)', () => {
    const payload = noticeQrPayload('000000000000000000', '01199250158', 15_000);
    assert.equal(payload, 'PAGOPA|002|000000000000000000|01199250158|0000015000');
    assert.equal(payload.length, 52);
    assert.equal(
      noticeQrPayload('302000000000001712', '80016350821', 102_099),
      'PAGOPA|002|302000000000001712|80016350821|0000102099',
    );
  });

  it("carries pagoPA's largest amount in 11 digits, the most the field allows", () => {
    assert.equal(noticeQrPayload('302000000000001712', '80016350821', 99_999_999_999).split('|')[4], '99999999999');
  });

  it('refuses what a reader could not parse', () => {
    assert.throws(() => noticeQrPayload('30200000000000171', '80016350821', 100), RangeError);
    assert.throws(() => noticeQrPayload('3020 0000 0000 0017 12', '80016350821', 100), RangeError);
    assert.throws(() => noticeQrPayload('302000000000001712', 'RSSMRA80A01H501U', 100), RangeError);
    assert.throws(() => noticeQrPayload('302000000000001712', '80016350821', 0), RangeError);
    assert.throws(() => noticeQrPayload('302000000000001712', '80016350821', 12.5), RangeError);
    assert.throws(() => noticeQrPayload('302000000000001712', '80016350821', 100_000_000_000), RangeError);
  });
});

describe('posteDataMatrixPayload', () => {
  it("reproduces byte for byte the DataMatrix of pagoPA's sample notice", () => {
    assert.equal(posteDataMatrixPayload(EXAMPLE_SLIP), POSTE_EXAMPLE);
  });

  it('puts each field at the offset readers cut it from', () => {
    const p = posteDataMatrixPayload({ ...EXAMPLE_SLIP, nav: '302000000000001712', amountCents: 102_099 });
    assert.equal(p.length, 256);
    assert.equal(p.slice(0, 13), 'codfase=NBPA;');
    assert.equal(p.slice(13, 15), '18');
    assert.equal(p.slice(15, 33), '302000000000001712');
    assert.equal(p.slice(33, 35), '12');
    assert.equal(p.slice(35, 47), '000000123456');
    assert.equal(p.slice(47, 49), '10');
    assert.equal(p.slice(49, 59), '0000102099');
    assert.equal(p.slice(59, 66), '38961P1');
    assert.equal(p.slice(66, 77), '99999000013');
    assert.equal(p.slice(77, 93), 'FFFCST83A15L113V');
    assert.equal(p.slice(93, 133), 'Mario Rossi'.padEnd(40));
    assert.equal(p.slice(133, 243), 'Avviso Pagamento di TEST'.padEnd(110));
    assert.equal(p.slice(243, 255), ' '.repeat(12));
    assert.equal(p[255], 'A');
  });

  it('writes accented and foreign letters in ASCII, so no field moves', () => {
    const p = posteDataMatrixPayload({
      ...EXAMPLE_SLIP,
      debtorName: 'Nicolò Čapek-Straße Łódź',
      subject: 'Canone d’uso – più “servizi” €',
    });
    assert.equal(p.length, 256);
    assert.equal(Buffer.byteLength(p, 'utf8'), 256);
    assert.equal(p.slice(93, 133).trimEnd(), 'Nicolo Capek-Strasse Lodz');
    assert.equal(p.slice(133, 243).trimEnd(), 'Canone d\'uso - piu "servizi" EUR');
  });

  it('cuts over-long texts to their field', () => {
    const p = posteDataMatrixPayload({ ...EXAMPLE_SLIP, debtorName: 'N'.repeat(60), subject: 'S'.repeat(200) });
    assert.equal(p.length, 256);
    assert.equal(p.slice(93, 133), 'N'.repeat(40));
    assert.equal(p.slice(133, 243), 'S'.repeat(110));
    assert.equal(p.slice(243), `${' '.repeat(12)}A`);
  });

  it('leaves the fiscal code blank for an anonymous debtor, and upper-cases a given one', () => {
    for (const debtorFiscalCode of [undefined, 'ANONIMO', 'anonimo', '']) {
      const p = posteDataMatrixPayload({ ...EXAMPLE_SLIP, debtorFiscalCode });
      assert.equal(p.slice(77, 93), ' '.repeat(16), String(debtorFiscalCode));
      assert.equal(p.length, 256);
    }
    const lower = posteDataMatrixPayload({ ...EXAMPLE_SLIP, debtorFiscalCode: 'fffcst83a15l113v' });
    assert.equal(lower, POSTE_EXAMPLE);
  });

  it('refuses values that do not fit their numeric field', () => {
    assert.throws(() => posteDataMatrixPayload({ ...EXAMPLE_SLIP, postalAccount: '1234567890123' }), RangeError);
    assert.throws(() => posteDataMatrixPayload({ ...EXAMPLE_SLIP, postalAccount: '12 34' }), RangeError);
    assert.throws(() => posteDataMatrixPayload({ ...EXAMPLE_SLIP, amountCents: 10_000_000_000 }), RangeError);
    assert.throws(() => posteDataMatrixPayload({ ...EXAMPLE_SLIP, amountCents: 0 }), RangeError);
    assert.throws(() => posteDataMatrixPayload({ ...EXAMPLE_SLIP, nav: '47000000880099905' }), RangeError);
    assert.throws(() => posteDataMatrixPayload({ ...EXAMPLE_SLIP, entityFiscalCode: '9999900001' }), RangeError);
  });

  it('is always 256 printable ASCII characters, whatever the texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ maxLength: 200 }), (name, subject) => {
        const p = posteDataMatrixPayload({ ...EXAMPLE_SLIP, debtorName: name, subject });
        assert.equal(p.length, 256);
        assert.match(p, /^[ -~]{256}$/);
        assert.equal(p.slice(0, 93), POSTE_EXAMPLE.slice(0, 93));
      }),
    );
  });
});

describe('toPostalAscii', () => {
  it('keeps ASCII, drops accents, spells out ß and friends, marks the rest', () => {
    assert.equal(toPostalAscii('Però  già\tfatto'), 'Pero gia fatto');
    assert.equal(toPostalAscii('Ærø Œuvre Þór'), 'AEro OEuvre THor');
    assert.equal(toPostalAscii('東京'), '??');
  });
});
