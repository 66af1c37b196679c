import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkIban, ibanCheckDigits, isItalianIban, normalizeIban, parseIban } from './iban.ts';

const MISTYPED = 'The IBAN check digits do not match: a character is probably mistyped.';

describe('checkIban', () => {
  it('accepts valid IBANs from several countries', () => {
    for (const iban of [
      'IT60X0542811101000000123456',
      'DE89370400440532013000',
      'GB82WEST12345698765432',
      'FR1420041010050500013M02606',
    ]) {
      assert.equal(checkIban(iban), null, iban);
    }
  });

  it('detects a changed digit', () => {
    assert.equal(checkIban('IT60X0542811101000000123457'), MISTYPED);
    assert.equal(checkIban('IT61X0542811101000000123456'), MISTYPED);
    assert.equal(checkIban('DE89370400440532013001'), MISTYPED);
  });

  it('normalizes lowercase and spaced input', () => {
    assert.equal(normalizeIban(' it60 x054 2811 1010 0000 0123 456 '), 'IT60X0542811101000000123456');
    assert.equal(checkIban('it60 x054 2811 1010 0000 0123 456'), null);
    assert.deepEqual(parseIban('it60 x054 2811 1010 0000 0123 456'), {
      ok: true,
      value: 'IT60X0542811101000000123456',
    });
  });

  it('explains wrong lengths, countries and characters', () => {
    assert.equal(checkIban('IT60X054281110100000012345'), 'An IBAN from IT must be 27 characters; got 26.');
    assert.equal(checkIban('DE8937040044053201300000'), 'An IBAN from DE must be 22 characters; got 24.');
    assert.equal(checkIban(''), 'The IBAN is empty.');
    assert.equal(
      checkIban('6012X0542811101000000123456'),
      'An IBAN must start with a two-letter country code, such as IT.',
    );
    assert.equal(checkIban('ZZ60X0542811101000000123456'), 'IBANs from country ZZ are not supported.');
    assert.equal(
      checkIban('ITX0X0542811101000000123456'),
      'The country code of an IBAN must be followed by two check digits.',
    );
    assert.equal(checkIban('IT60X05428111010000001234-6'), 'An IBAN may contain only letters and digits.');
    assert.equal(
      checkIban('IT6000542811101000000123456'),
      'After the check digits, an IBAN from IT must be a letter, 10 digits and 12 letters or digits.',
    );
    assert.deepEqual(parseIban('IT60X0542811101000000123457'), { ok: false, reason: MISTYPED });
  });

  it('refuses check digits 99, which pass mod 97 like 02 but are never issued', () => {
    const bban = 'X0542811101000000123456';
    const valid = `IT${ibanCheckDigits('IT', bban)}${bban}`;
    assert.equal(checkIban(valid), null);
    // Find a BBAN whose check digits are 02, so that 99 (≡ 02 mod 97) also satisfies the remainder.
    const account = [...Array(200).keys()]
      .map((n) => `X05428111010000001${String(n).padStart(5, '0')}`)
      .find((b) => ibanCheckDigits('IT', b) === '02');
    assert.ok(account);
    assert.equal(checkIban(`IT02${account}`), null);
    assert.equal(checkIban(`IT99${account}`), MISTYPED);
  });

  it('tells Italian accounts apart', () => {
    assert.equal(isItalianIban('IT60X0542811101000000123456'), true);
    assert.equal(isItalianIban('it60x0542811101000000123456'), true);
    assert.equal(isItalianIban('IT60X0542811101000000123457'), false);
    assert.equal(isItalianIban('DE89370400440532013000'), false);
  });

  it('property: every single digit change of a valid IBAN is detected', () => {
    // 97 is prime and a substitution changes the number by d · 10^k with 1 ≤ |d| ≤ 9.
    const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const iban = fc.oneof(
      fc
        .record({
          cin: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
          rest: digits(22),
          country: fc.constantFrom('IT', 'SM'),
        })
        .map(({ cin, rest, country }) => ({ country, bban: cin + rest })),
      fc
        .constantFrom(['DE', 18] as const, ['ES', 20] as const, ['VA', 18] as const, ['BE', 12] as const)
        .chain(([country, length]) => digits(length).map((bban) => ({ country, bban }))),
    );
    const change = fc.record({ position: fc.nat(), offset: fc.integer({ min: 1, max: 9 }) });
    fc.assert(
      fc.property(iban, change, ({ country, bban }, { position, offset }) => {
        const valid = `${country}${ibanCheckDigits(country, bban)}${bban}`;
        assert.equal(checkIban(valid), null, valid);
        const digitPositions = [...valid].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
        const i = digitPositions[position % digitPositions.length]!;
        const changed = valid.slice(0, i) + String((Number(valid[i]) + offset) % 10) + valid.slice(i + 1);
        assert.notEqual(checkIban(changed), null, `${valid} -> ${changed}`);
      }),
      { numRuns: 10_000 },
    );
  });
});
