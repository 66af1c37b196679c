import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consoleTexts, duplicateKeys } from './texts.ts';

describe('console texts', () => {
  it('finds a key that two tables define', () => {
    assert.deepEqual(duplicateKeys([{ a: { it: 'a', en: 'a' } }, { b: { it: 'b', en: 'b' } }]), []);
    assert.deepEqual(
      duplicateKeys([{ a: { it: 'a', en: 'a' }, b: { it: 'b', en: 'b' } }, { b: { it: 'B', en: 'B' } }]),
      ['b'],
    );
  });

  it('every word is there in both languages, none empty', () => {
    const it_ = consoleTexts('it');
    const en = consoleTexts('en');
    assert.deepEqual(Object.keys(it_).sort(), Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(it_), ...Object.entries(en)]) {
      assert.ok(typeof value === 'string' && value.trim() !== '', key);
    }
  });
});
