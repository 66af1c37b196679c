import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type Cents,
  formatEuro,
  formatEuroIt,
  formatSoapAmount,
  isCents,
  isNonNegativeCents,
  MAX_CENTS,
  parseEuroAmount,
  parseSoapAmount,
} from './money.ts';

const cents = (n: number) => n as Cents;
const anyCents = fc.integer({ min: 1, max: MAX_CENTS });

/** Groups the integer digits of a euro amount by three, e.g. 1234567 → 1.234.567. */
function grouped(euros: number, separator: string): string {
  return String(euros).replace(/\B(?=(\d{3})+$)/g, separator);
}

describe('parseEuroAmount', () => {
  const valid: [string, number][] = [
    ['12,50', 1250],
    ['12.50', 1250],
    ['12', 1200],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1234,5', 123450],
    ['0,01', 1],
    ['0.5', 50],
    ['  7,00  ', 700],
    ['€ 12,50', 1250],
    ['€12,50', 1250],
    ['12,50 €', 1250],
    ['1.020,99\u00a0€', 102099],
    ['1.234.567,89', 123456789],
    ['1,234,567.89', 123456789],
    ['1.234.567', 123456700],
    ['12.505,1', 1250510],
    ['999.999.999,99', MAX_CENTS],
    ['000012,50', 1250],
  ];
  for (const [text, expected] of valid) {
    it(`reads ${JSON.stringify(text)} as ${expected} cents`, () => {
      assert.equal(parseEuroAmount(text), expected);
    });
  }

  it('reads "." followed by exactly three digits as a thousands separator', () => {
    assert.equal(parseEuroAmount('1.234'), 123400);
    assert.equal(parseEuroAmount('12.345'), 1234500);
  });

  it('rejects "," followed by exactly three digits (three decimals in Italian, thousands in English)', () => {
    assert.equal(parseEuroAmount('1,234'), null);
    assert.equal(parseEuroAmount('12,345'), null);
  });

  const invalid = [
    '',
    '   ',
    '€',
    '12,505',
    '1,234.567',
    '-12,50',
    '+12',
    '0',
    '0,00',
    '12,',
    ',50',
    '.5',
    '1..2',
    '1.,2',
    '12,5,0',
    '1.23.456',
    '1234.567',
    '0.123',
    '1 234,56',
    '12a',
    '12e3',
    '€12€',
    '1.000.000.000,00',
    '1000000000',
    '99999999999999999999',
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(parseEuroAmount(text), null);
    });
  }

  it('parses "e,cc", "e.cc" and grouped forms back to the same cents (property)', () => {
    fc.assert(
      fc.property(anyCents, (value) => {
        const euros = Math.floor(value / 100);
        const cc = String(value % 100).padStart(2, '0');
        assert.equal(parseEuroAmount(`${euros},${cc}`), value);
        assert.equal(parseEuroAmount(`${euros}.${cc}`), value);
        assert.equal(parseEuroAmount(`${grouped(euros, '.')},${cc}`), value);
        assert.equal(parseEuroAmount(`${grouped(euros, ',')}.${cc}`), value);
        assert.equal(parseEuroAmount(`€ ${grouped(euros, '.')},${cc}`), value);
      }),
      { numRuns: 10_000 },
    );
  });

  it('parses whole euros written with "." thousands separators (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Math.floor(MAX_CENTS / 100) }), (euros) => {
        assert.equal(parseEuroAmount(grouped(euros, '.')), euros * 100);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('formatSoapAmount / parseSoapAmount', () => {
  it('formats with a dot and exactly two decimals', () => {
    assert.equal(formatSoapAmount(cents(150000)), '1500.00');
    assert.equal(formatSoapAmount(cents(1)), '0.01');
    assert.equal(formatSoapAmount(cents(1010)), '10.10');
    assert.equal(formatSoapAmount(cents(MAX_CENTS)), '999999999.99');
  });

  it('parses the stAmount pattern only', () => {
    assert.equal(parseSoapAmount('1500.00'), 150000);
    assert.equal(parseSoapAmount('0.01'), 1);
    assert.equal(parseSoapAmount('0.00'), 0);
    assert.equal(parseSoapAmount('999999999.99'), MAX_CENTS);
    for (const text of ['1000000000.00', '1500', '1500.0', '1500.000', '1,500.00', ' 1.00', '-1.00', '1.00 ', '']) {
      assert.equal(parseSoapAmount(text), null, text);
    }
  });

  it('round-trips every amount (property)', () => {
    fc.assert(
      fc.property(anyCents, (value) => {
        const text = formatSoapAmount(cents(value));
        assert.match(text, /^\d+\.\d{2}$/);
        assert.equal(parseSoapAmount(text), value);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('formatEuroIt', () => {
  it('uses Italian separators, thousands grouping and a non-breaking space before €', () => {
    assert.equal(formatEuroIt(cents(102099)), '1.020,99\u00a0€');
    assert.equal(formatEuroIt(cents(50)), '0,50\u00a0€');
    assert.equal(formatEuroIt(cents(MAX_CENTS)), '999.999.999,99\u00a0€');
  });

  it('is read back by parseEuroAmount (property)', () => {
    fc.assert(
      fc.property(anyCents, (value) => {
        assert.equal(parseEuroAmount(formatEuroIt(cents(value))), value);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('formatEuro', () => {
  it('writes amounts as each language does: 528,00 € (it, de), €528.00 (en)', () => {
    assert.equal(formatEuro(52_800, 'it'), '528,00\u00a0€');
    assert.equal(formatEuro(52_800, 'en'), '€528.00');
    assert.equal(formatEuro(52_800, 'de'), '528,00\u00a0€');
    assert.equal(formatEuro(102_099, 'en'), '€1,020.99');
    assert.equal(formatEuro(102_099, 'de'), '1.020,99\u00a0€');
    assert.equal(formatEuro(5, 'en'), '€0.05');
    assert.equal(formatEuro(0, 'it'), '0,00\u00a0€');
    assert.equal(formatEuro(-1_050, 'en'), '-€10.50');
  });

  it('is exact for every amount: the English digits are the SOAP amount’s, grouped (property)', () => {
    fc.assert(
      fc.property(anyCents, (value) => {
        assert.equal(formatEuro(value, 'en').replace('€', '').replaceAll(',', ''), formatSoapAmount(cents(value)));
        assert.equal(formatEuro(value, 'it'), formatEuroIt(cents(value)));
        assert.equal(parseEuroAmount(formatEuro(value, 'de')), value);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('isCents / isNonNegativeCents', () => {
  it('accepts positive safe integers up to MAX_CENTS', () => {
    assert.equal(isCents(1), true);
    assert.equal(isCents(MAX_CENTS), true);
    for (const n of [0, -1, 1.5, MAX_CENTS + 1, Number.NaN, Number.POSITIVE_INFINITY, '100', 100n, null]) {
      assert.equal(isCents(n), false, String(n));
    }
  });

  it('also accepts zero in the non-negative variant', () => {
    assert.equal(isNonNegativeCents(0), true);
    assert.equal(isNonNegativeCents(MAX_CENTS), true);
    assert.equal(isNonNegativeCents(-1), false);
    assert.equal(isNonNegativeCents(0.5), false);
    assert.equal(isNonNegativeCents(MAX_CENTS + 1), false);
  });
});
