import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  baseFromNoticeNumber,
  buildNoticeNumber,
  checkIssuableIuv,
  checkIssuableNoticeNumber,
  formatNoticeNumber,
  iuvFromNoticeNumber,
  iuvInNoticeNumber,
  normalizeNoticeNumberInput,
  noticeCheckDigits,
  noticeNumberFromIuv,
  parseNoticeNumber,
} from './notice-number.ts';

const RUNS = { numRuns: 10_000 };
const segregationCode = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const base13 = fc.bigInt({ min: 0n, max: 10n ** 13n - 1n });

function parsedValue(text: string) {
  const result = parseNoticeNumber(text);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.value;
}

function reasonOf(text: string): string {
  const result = parseNoticeNumber(text);
  assert.equal(result.ok, false, `${text} should be rejected`);
  return result.ok ? '' : result.reason;
}

describe('published vectors (pagopa-facts §1.2)', () => {
  it('aux 3, segregation 02, base 12345', () => {
    assert.equal(noticeCheckDigits('3020000000012345'), '59');
    assert.equal(buildNoticeNumber('02', 12345n), '302000000001234559');
    assert.equal(buildNoticeNumber('02', '0000000012345'), '302000000001234559');
    assert.deepEqual(parsedValue('302000000001234559'), {
      noticeNumber: '302000000001234559',
      auxDigit: 3,
      iuv: '02000000001234559',
      segregationCode: '02',
    });
    assert.equal(formatNoticeNumber('302000000001234559'), '3020 0000 0001 2345 59');
    assert.equal(baseFromNoticeNumber('302000000001234559'), 12345n);
  });

  it('aux 3, segregation 47', () => {
    assert.equal(buildNoticeNumber('47', '1234567890123'), '347123456789012389');
    assert.equal(iuvFromNoticeNumber('347123456789012389'), '47123456789012389');
    assert.equal(formatNoticeNumber('347123456789012389'), '3471 2345 6789 0123 89');
  });

  it('the IUV a notice number carries, by layout alone (for checking creditorReferenceId)', () => {
    assert.equal(iuvInNoticeNumber('302000000001234559'), '02000000001234559');
    assert.equal(iuvInNoticeNumber('001000000001234516'), '000000001234516');
    assert.equal(iuvInNoticeNumber('200000000001234571'), '00000000001234571');
    assert.equal(iuvInNoticeNumber('100000000000012345'), '00000000000012345');
    // Check digits are the notice's business, not this comparison's.
    assert.equal(iuvInNoticeNumber('302000000001234558'), '02000000001234558');
  });

  it('aux 0 keeps the application code out of the 15-digit IUV', () => {
    assert.deepEqual(parsedValue('001000000001234516'), {
      noticeNumber: '001000000001234516',
      auxDigit: 0,
      iuv: '000000001234516',
      applicationCode: '01',
    });
    assert.equal(noticeNumberFromIuv('000000001234516', 0, '01'), '001000000001234516');
  });

  it('aux 2 has a 15-digit base and check digits', () => {
    assert.deepEqual(parsedValue('200000000001234571'), {
      noticeNumber: '200000000001234571',
      auxDigit: 2,
      iuv: '00000000001234571',
    });
    assert.equal(reasonOf('200000000001234572'), 'The check digits are 72, expected 71.');
  });

  it('aux 1 has no check digits', () => {
    assert.deepEqual(parsedValue('100000000000012345'), {
      noticeNumber: '100000000000012345',
      auxDigit: 1,
      iuv: '00000000000012345',
    });
  });

  it('accepts the IO-app RptId notice (aux 0, application code 02)', () => {
    assert.equal(parsedValue('002721253546529490').applicationCode, '02');
    assert.equal(parsedValue('002721253546529490').iuv, '721253546529490');
  });

  it('rejects pagoPA sample numbers whose check digits are wrong', () => {
    assert.equal(reasonOf('311111111112222222'), 'The check digits are 22, expected 47.');
    assert.equal(reasonOf('302012387654312384'), 'The check digits are 84, expected 86.');
  });
});

describe('parseNoticeNumber reasons', () => {
  it('explains length, characters and aux digit problems', () => {
    assert.equal(reasonOf('30200000000123455'), 'The notice number must be 18 digits; got 17 digits.');
    assert.equal(reasonOf(''), 'The notice number must be 18 digits; got an empty value.');
    assert.equal(
      reasonOf('3020 0000 0001 2345 59'),
      'The notice number must be 18 digits; got a value containing " ".',
    );
    assert.equal(reasonOf('402000000001234559'), 'The aux digit 4 is not valid; it must be 0, 1, 2 or 3.');
    assert.equal(reasonOf('302000000001234512'), 'The check digits are 12, expected 59.');
  });

  it('normalizes typed separators', () => {
    assert.equal(normalizeNoticeNumberInput(' 3020 0000-0001.2345 59 '), '302000000001234559');
  });
});

describe('issuable numbers', () => {
  it('accepts an aux-3 number of the entity and says why others are refused', () => {
    assert.equal(checkIssuableNoticeNumber('302000000001234559', '02'), null);
    assert.equal(
      checkIssuableNoticeNumber('302000000001234559', '03'),
      'The notice number has segregation code 02, but this entity uses 03.',
    );
    assert.equal(
      checkIssuableNoticeNumber('200000000001234571', '02'),
      'The aux digit is 2; new notice numbers must start with 3.',
    );
    assert.equal(
      checkIssuableNoticeNumber('302000000001234558', '02'),
      'The check digits of the notice number are 58, expected 59.',
    );
    assert.equal(
      checkIssuableNoticeNumber('3020000000012345', '02'),
      'The notice number must be 18 digits; got 16 digits.',
    );
  });

  it('checks a 17-digit IUV over "3" + its first 15 digits', () => {
    assert.equal(checkIssuableIuv('02000000001234559', '02'), null);
    assert.equal(checkIssuableIuv('02000000001234560', '02'), 'The check digits of the IUV are 60, expected 59.');
    assert.equal(
      checkIssuableIuv('02000000001234559', '05'),
      'The IUV has segregation code 02, but this entity uses 05.',
    );
    assert.equal(checkIssuableIuv('000000001234516', '00'), 'The IUV must be 17 digits; got 15 digits.');
  });

  it('treats a malformed segregation code as a programming error', () => {
    assert.throws(() => checkIssuableNoticeNumber('302000000001234559', '2'), RangeError);
    assert.throws(() => buildNoticeNumber('2', 1n), RangeError);
  });
});

describe('buildNoticeNumber limits', () => {
  it('refuses bases that do not fit in 13 digits', () => {
    assert.equal(buildNoticeNumber('00', 10n ** 13n - 1n).slice(3, 16), '9999999999999');
    assert.throws(() => buildNoticeNumber('00', 10n ** 13n), RangeError);
    assert.throws(() => buildNoticeNumber('00', -1n), RangeError);
    assert.throws(() => buildNoticeNumber('00', '12345678901234'), RangeError);
    assert.throws(() => buildNoticeNumber('00', '12a'), RangeError);
  });

  it('conversions refuse invalid input', () => {
    assert.throws(() => iuvFromNoticeNumber('302000000001234558'), /check digits are 58, expected 59/);
    assert.throws(() => noticeNumberFromIuv('000000001234516', 0), RangeError);
    assert.throws(() => noticeNumberFromIuv('0200000000123455'), RangeError);
    assert.throws(() => baseFromNoticeNumber('100000000000012345'), RangeError);
  });
});

describe('properties', () => {
  it('every built notice number parses and is issuable by its entity', () => {
    fc.assert(
      fc.property(segregationCode, base13, (seg, base) => {
        const nav = buildNoticeNumber(seg, base);
        const parsed = parsedValue(nav);
        assert.equal(parsed.auxDigit, 3);
        assert.equal(parsed.segregationCode, seg);
        assert.equal(checkIssuableNoticeNumber(nav, seg), null);
        assert.equal(checkIssuableIuv(parsed.iuv, seg), null);
        assert.equal(baseFromNoticeNumber(nav), base);
      }),
      RUNS,
    );
  });

  // 93 = 3 · 31 and a substitution adds d · 10^k with 1 ≤ |d| ≤ 9: 31 never divides that, so the
  // remainder always changes; a changed check digit no longer equals the (unchanged) remainder.
  it('detects every single-digit substitution', () => {
    const position = fc.integer({ min: 0, max: 17 });
    const delta = fc.integer({ min: 1, max: 9 });
    fc.assert(
      fc.property(segregationCode, base13, position, delta, (seg, base, i, d) => {
        const nav = buildNoticeNumber(seg, base);
        const digit = String((Number(nav[i]) + d) % 10);
        const changed = nav.slice(0, i) + digit + nav.slice(i + 1);
        assert.notEqual(checkIssuableNoticeNumber(changed, seg), null);
        // Turning the aux digit into 1 yields a legacy number without check digits: parseable, not issuable.
        const parseOk = parseNoticeNumber(changed).ok;
        assert.equal(parseOk, i === 0 && digit === '1', `${nav} -> ${changed}`);
      }),
      RUNS,
    );
  });

  it('round-trips IUV and notice number for every aux digit', () => {
    const aux = fc.constantFrom(0, 1, 2, 3);
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 17, maxLength: 17 });
    fc.assert(
      fc.property(aux, digits, (auxDigit, d17) => {
        const first16 = `${auxDigit}${d17.slice(0, 15)}`;
        const nav = auxDigit === 1 ? `1${d17}` : first16 + noticeCheckDigits(first16);
        const iuv = iuvFromNoticeNumber(nav);
        assert.equal(iuv.length, auxDigit === 0 ? 15 : 17);
        assert.equal(noticeNumberFromIuv(iuv, auxDigit, auxDigit === 0 ? nav.slice(1, 3) : undefined), nav);
        assert.equal(iuvFromNoticeNumber(noticeNumberFromIuv(iuv, auxDigit, nav.slice(1, 3))), iuv);
      }),
      RUNS,
    );
  });

  it('formatting then removing spaces gives the number back', () => {
    fc.assert(
      fc.property(segregationCode, base13, (seg, base) => {
        const nav = buildNoticeNumber(seg, base);
        const printed = formatNoticeNumber(nav);
        assert.match(printed, /^\d{4} \d{4} \d{4} \d{4} \d{2}$/);
        assert.equal(printed.replaceAll(' ', ''), nav);
        assert.equal(normalizeNoticeNumberInput(printed), nav);
      }),
      RUNS,
    );
  });
});
