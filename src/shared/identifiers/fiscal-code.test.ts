import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ANONYMOUS_DEBTOR,
  checkDebtorId,
  checkEntityFiscalCode,
  checkPartitaIva,
  checkPersonFiscalCode,
  isValidEntityFiscalCode,
  isValidPartitaIva,
  isValidPersonFiscalCode,
  normalizeFiscalCodeForComparison,
  personCheckCharacter,
} from './fiscal-code.ts';

const RUNS = { numRuns: 10_000 };
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const OMOCODIA_POSITIONS = [6, 7, 9, 10, 12, 13, 14];

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
const letters = (n: number) => fc.array(letter, { minLength: n, maxLength: n }).map((a) => a.join(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));

// Valid person codes, with 0..7 omocodia substitutions applied right to left as the Agenzia does.
const personFiscalCode = fc
  .record({
    names: letters(6),
    year: digits(2),
    month: fc.constantFrom(...'ABCDEHLMPRST'),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 41, max: 71 })),
    placeLetter: letter,
    placeDigits: digits(3),
    omocodia: fc.integer({ min: 0, max: 7 }),
  })
  .map((r) => {
    const chars =
      `${r.names}${r.year}${r.month}${String(r.day).padStart(2, '0')}${r.placeLetter}${r.placeDigits}`.split('');
    for (const i of OMOCODIA_POSITIONS.slice(7 - r.omocodia)) chars[i] = 'LMNPQRSTUV'[Number(chars[i])]!;
    const first15 = chars.join('');
    return first15 + personCheckCharacter(first15);
  });

describe('person codice fiscale (pagopa-facts §7.1)', () => {
  it('accepts the verified vectors and omocodes', () => {
    for (const cf of [
      'RCCMNL83S18D969H',
      'CNTCHR83T41D969D',
      'RSSMRA80A01H501U',
      'RSSMRA80A01H50MM',
      'RSSMRA80A01H5LMX',
      'RSSMRA80A01HRLMS',
      'RSSMRA60D20F205C',
    ]) {
      assert.equal(checkPersonFiscalCode(cf), null, cf);
    }
  });

  it('rejects the AVVISO sample with a wrong check character', () => {
    assert.equal(isValidPersonFiscalCode('RSSMRA60D20F205R'), false);
    assert.equal(checkPersonFiscalCode('RSSMRA60D20F205R'), 'The check character is R, expected C.');
  });

  it('explains what is wrong', () => {
    assert.equal(checkPersonFiscalCode('RSSMRA80A01H501'), 'A codice fiscale must be 16 characters; got 15.');
    assert.equal(checkPersonFiscalCode('rssmra80a01h501u'), 'The codice fiscale must be written in capital letters.');
    assert.match(checkPersonFiscalCode('RSSMRA80A01H5O1U') ?? '', /must be 6 letters, 2 digits/);
    assert.equal(
      checkPersonFiscalCode(`RSSMRA80F01H501${personCheckCharacter('RSSMRA80F01H501')}`),
      'The month letter F is not valid; it must be one of A B C D E H L M P R S T.',
    );
    assert.equal(
      checkPersonFiscalCode(`RSSMRA80A35H501${personCheckCharacter('RSSMRA80A35H501')}`),
      'The day of birth 35 is not valid; it must be 01–31, or 41–71 for women.',
    );
    // The day is read after undoing omocodia: "SL" is 60 (a woman born on the 20th), "TR" is 75.
    assert.equal(checkPersonFiscalCode(`RSSMRA80ASLH501${personCheckCharacter('RSSMRA80ASLH501')}`), null);
    assert.match(
      checkPersonFiscalCode(`RSSMRA80ATRH501${personCheckCharacter('RSSMRA80ATRH501')}`) ?? '',
      /day of birth 75 /,
    );
  });

  it('maps omocodes to the base code for comparison', () => {
    for (const cf of ['RSSMRA80A01H50MM', 'RSSMRA80A01H5LMX', 'RSSMRA80A01HRLMS', ' rssmra80a01h501u ']) {
      assert.equal(normalizeFiscalCodeForComparison(cf), 'RSSMRA80A01H501U', cf);
    }
    // An invalid code must not be turned into a valid-looking one.
    assert.equal(normalizeFiscalCodeForComparison('RSSMRA80A01H50MX'), 'RSSMRA80A01H50MX');
  });

  it('property: every generated code is valid and normalizes to a valid code without omocodia letters', () => {
    fc.assert(
      fc.property(personFiscalCode, (cf) => {
        assert.equal(checkPersonFiscalCode(cf), null);
        const base = normalizeFiscalCodeForComparison(cf);
        assert.equal(checkPersonFiscalCode(base), null);
        assert.match(base, /^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/);
      }),
      RUNS,
    );
  });

  it('property: any single character change is detected', () => {
    const change = fc.record({ position: fc.integer({ min: 0, max: 15 }), offset: fc.integer({ min: 1, max: 35 }) });
    fc.assert(
      fc.property(personFiscalCode, change, (cf, { position, offset }) => {
        const replacement = ALPHANUMERIC[(ALPHANUMERIC.indexOf(cf[position]!) + offset) % 36]!;
        const changed = cf.slice(0, position) + replacement + cf.slice(position + 1);
        assert.equal(isValidPersonFiscalCode(changed), false, `${cf} -> ${changed}`);
      }),
      RUNS,
    );
  });
});

describe('partita IVA and 11-digit codes (pagopa-facts §7.2)', () => {
  it('checks the published vectors', () => {
    assert.equal(isValidPartitaIva('00743110157'), true);
    assert.equal(isValidPartitaIva('01199250158'), true);
    assert.equal(isValidPartitaIva('02438750586'), true);
    assert.equal(checkPartitaIva('00743110158'), 'The check digit is 8, expected 7.');
  });

  it('accepts 11-digit codes without the partita IVA office-code rule', () => {
    assert.equal(isValidEntityFiscalCode('80016350821'), true);
    assert.equal(isValidEntityFiscalCode('80016350822'), false);
    // Synthetic code with a correct check digit but office code 500.
    assert.equal(isValidEntityFiscalCode('80012345007'), true);
    assert.equal(
      checkPartitaIva('80012345007'),
      'The office code 500 is not valid; it must be 001–100, 120, 121, 888 or 999.',
    );
  });

  it('explains what is wrong', () => {
    assert.equal(checkPartitaIva('0074311015'), 'A partita IVA must be exactly 11 digits; got 10 characters.');
    assert.equal(
      checkEntityFiscalCode('0074311015A'),
      'An 11-digit tax code must be exactly 11 digits; got a value containing "A".',
    );
    assert.equal(checkPartitaIva('00000000000'), 'The first seven digits of a partita IVA cannot all be zero.');
    assert.equal(isValidEntityFiscalCode('00000000000'), true);
  });

  it('property: any single digit change of a valid code is detected', () => {
    const code = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 10, maxLength: 10 }).map((first10) => {
      const check = [...'0123456789'].find((d) => isValidEntityFiscalCode(first10 + d));
      return first10 + check;
    });
    const change = fc.record({ position: fc.integer({ min: 0, max: 10 }), offset: fc.integer({ min: 1, max: 9 }) });
    fc.assert(
      fc.property(code, change, (cf, { position, offset }) => {
        assert.equal(isValidEntityFiscalCode(cf), true);
        const changed = cf.slice(0, position) + String((Number(cf[position]) + offset) % 10) + cf.slice(position + 1);
        assert.equal(isValidEntityFiscalCode(changed), false, `${cf} -> ${changed}`);
      }),
      RUNS,
    );
  });
});

describe('checkDebtorId', () => {
  it('accepts what pagoPA accepts for each subject type', () => {
    assert.equal(checkDebtorId('F', 'RSSMRA80A01H501U'), null);
    assert.equal(checkDebtorId('F', 'RSSMRA80A01H50MM'), null);
    assert.equal(checkDebtorId('F', '80016350821'), null);
    assert.equal(checkDebtorId('F', ANONYMOUS_DEBTOR), null);
    assert.equal(checkDebtorId('G', '01199250158'), null);
    assert.equal(checkDebtorId('G', '80016350821'), null);
    assert.equal(checkDebtorId('G', 'RSSMRA80A01H501U'), null);
  });

  it('refuses the rest with a reason', () => {
    assert.equal(ANONYMOUS_DEBTOR, 'ANONIMO');
    assert.equal(
      checkDebtorId('G', 'ANONIMO'),
      'A legal person must be identified by an 11-digit tax code or a 16-character codice fiscale; got 7 characters.',
    );
    assert.equal(
      checkDebtorId('F', 'X1234'),
      'A person must be identified by a 16-character codice fiscale, an 11-digit code or ANONIMO; got 5 characters.',
    );
    assert.equal(checkDebtorId('F', 'RSSMRA80A01H501X'), 'The check character is X, expected U.');
    assert.equal(checkDebtorId('G', '00743110158'), 'The check digit is 8, expected 7.');
    assert.equal(checkDebtorId('G', '123'), 'An 11-digit tax code must be exactly 11 digits; got 3 characters.');
    assert.equal(checkDebtorId('F', 'rssmra80a01h501u'), 'The codice fiscale must be written in capital letters.');
  });
});
