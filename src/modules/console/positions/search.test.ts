import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnName } from './export.ts';
import { nameWords, parseSearch, recognise, searchQuery } from './search.ts';

describe('the positions search box', () => {
  it('recognises what it holds', () => {
    assert.deepEqual(recognise(' 3020 0000 0000 0001 84 '), { kind: 'nav', key: '302000000000000184' });
    assert.deepEqual(recognise('02000000000000184'), { kind: 'iuv', key: '02000000000000184' });
    assert.deepEqual(recognise('rssmra80a01h501u'), { kind: 'fiscalCode', key: 'RSSMRA80A01H501U' });
    assert.deepEqual(recognise('01199250158'), { kind: 'fiscalCode', key: '01199250158' });
    assert.deepEqual(recognise('TARI-2026/7'), { kind: 'text', key: 'TARI-2026/7' });
    assert.deepEqual(recognise('   '), { kind: undefined, key: '' });
    assert.deepEqual(nameWords("D'Angelo  Nicolò & co"), ['d', 'angelo', 'nicolò', 'co']);
  });

  it('reads a query string and writes it back, leaving out what does not parse', () => {
    const s = parseSearch({ q: 'rossi', stato: 'NOPE', scadenzaDal: '2026-02-30', ordina: 'iupd', pagina: '-4' });
    assert.equal(s.status, undefined);
    assert.equal(s.dueFrom, undefined);
    assert.deepEqual(s.ignored, ['scadenzaDal']);
    assert.equal(s.page, 0);
    assert.equal(s.dir, 'asc');
    assert.equal(searchQuery(s, { page: 2 }), '?q=rossi&ordina=iupd&verso=asc&pagina=3');
    assert.equal(parseSearch({ pagina: '99999999' }).page, 200);
  });

  it('names spreadsheet columns', () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map(columnName), ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
