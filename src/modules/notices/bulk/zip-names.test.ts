import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIupdList } from './print-selection.ts';
import { entryNames, safeStem } from './zip-names.ts';

describe('ZIP entry names', () => {
  it('keeps a plain IUPD as it is', () => {
    assert.equal(safeStem('TARI-2026_000123.a'), 'TARI-2026_000123.a');
  });

  it('replaces what a file system refuses, drops accents and leading dots, keeps 100 characters', () => {
    assert.equal(safeStem('TARI/2026:rata*1'), 'TARI_2026_rata_1');
    assert.equal(safeStem('../../etc/passwd'), 'etc_passwd');
    assert.equal(safeStem('Società Più'), 'Societa_Piu');
    assert.equal(safeStem('///'), 'avviso');
    assert.equal(safeStem('CON'), 'CON_');
    assert.equal(safeStem('x'.repeat(140)).length, 100);
  });

  it('gives IUPDs that clash (after cleaning, or by case only) numbered names', () => {
    const next = entryNames();
    assert.deepEqual(['A/1', 'A_1', 'abc', 'ABC', 'A-1', 'a_1'].map(next), [
      'A_1.pdf',
      'A_1-2.pdf',
      'abc.pdf',
      'ABC-2.pdf',
      'A-1.pdf',
      'a_1-3.pdf',
    ]);
  });
});

describe('IUPD list files', () => {
  it('reads one IUPD per line, trimmed, skipping blank lines and a BOM', () => {
    const { iupds, problems } = parseIupdList('\uFEFFA-1\r\n\n  A-2  \nA-3\n\n');
    assert.deepEqual(iupds, ['A-1', 'A-2', 'A-3']);
    assert.deepEqual(problems, []);
  });

  it('names every repeated IUPD with both lines, and refuses an empty list', () => {
    assert.deepEqual(parseIupdList('A-1\nA-2\n\nA-1\n').problems, [
      { path: 'line 4', message: 'A-1 is already on line 1' },
    ]);
    assert.deepEqual(parseIupdList('\n \n').problems, [{ path: 'file', message: 'lists no IUPD' }]);
  });
});
