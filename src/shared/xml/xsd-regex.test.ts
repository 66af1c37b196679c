import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { translateXsdPattern, XsdRegexError } from './xsd-regex.ts';

// Unit cases of the XSD → JavaScript pattern translation (whole-value verdicts are cross-checked with
// libxml2 in xsd-types.test.ts).

describe('translateXsdPattern', () => {
  const cases: [pattern: string, matches: string[], rejects: string[]][] = [
    ['[0-9]{18}', ['302000000001234559'], ['30200000000123455', '3020000000012345590', 'x302000000001234559']],
    ['\\d+\\.\\d{2}', ['1500.00', '٣.٠٠'], ['10.5', '1500.00\n', ' 1.00']],
    ['.{4,72}', ['abcd', '😀😀😀😀'], ['abc', 'ab\ncd', 'ab\rcd']],
    ['a|b', ['a', 'b'], ['ab', '']], // anchored around the whole alternation
    ['^$', ['^$'], ['']],
    ['[^a]', ['b', '😀'], ['a', 'bb']],
    ['[a-z-[b-y]]+', ['az', 'zza'], ['abc']],
    ['[\\s]+', [' \t\n\r'], ['\u00a0', '\u2028']],
    ['[\\S-[x]]', ['a'], ['x', ' ']],
    ['\\w', ['a', 'é', '1'], ['_', '-', ' ', '\u0000']],
    ['\\p{Nd}\\P{L}', ['1.'], ['1a']],
    ['(ab)*c?', ['', 'abab', 'abc'], ['aba']],
    ['[+\\-]?x', ['+x', '-x', 'x'], ['++x']],
    ['\\n\\r\\t\\\\', ['\n\r\t\\'], ['nrt\\']],
    ['/{1}', ['/'], ['//']],
  ];
  for (const [pattern, matches, rejects] of cases) {
    it(pattern, () => {
      const regex = translateXsdPattern(pattern);
      for (const value of matches) assert.ok(regex.test(value), `${pattern} should match ${JSON.stringify(value)}`);
      for (const value of rejects)
        assert.ok(!regex.test(value), `${pattern} should not match ${JSON.stringify(value)}`);
    });
  }

  it('refuses what XSD does not allow or the subset does not translate', () => {
    for (const pattern of [
      'a**',
      'a{2}?',
      '*a',
      '(a',
      'a)',
      '[a',
      '[]',
      '[a-',
      '[z-a]',
      'a{3,2}',
      'a{x}',
      '{',
      ']',
      '\\q',
      '\\',
      '\\i',
      '\\c',
      '\\p{IsBasicLatin}',
      '\\p{Foo}',
      '[a-[b]c]',
      '[--a]',
    ]) {
      assert.throws(() => translateXsdPattern(pattern), XsdRegexError, pattern);
    }
  });

  it('either translates or throws XsdRegexError, for any pattern', () => {
    const piece = fc.constantFrom(
      'a',
      '-',
      '[',
      ']',
      '^',
      '\\',
      'd',
      'p',
      '{',
      '}',
      '1',
      ',',
      '(',
      ')',
      '|',
      '.',
      '*',
      '?',
      '+',
      'é',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        try {
          translateXsdPattern(pieces.join(''));
        } catch (error) {
          assert.ok(error instanceof XsdRegexError, String(error));
        }
      }),
      { numRuns: 5_000 },
    );
  });
});
