import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CsvDelimiter,
  type CsvRecord,
  CsvSyntaxError,
  formatCsvRow,
  neutralizeSpreadsheetFormula,
  readCsv,
} from './csv.ts';

async function* fromChunks<T>(chunks: readonly T[]): AsyncGenerator<T> {
  for (const chunk of chunks) yield chunk;
}

async function read(chunks: readonly string[], delimiter?: CsvDelimiter): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsv(fromChunks(chunks), delimiter ? { delimiter } : {})) records.push(record);
  return records;
}

/** Records read before the error, and the error (which must be a CsvSyntaxError). */
async function readUntilError(chunks: readonly string[]): Promise<{ records: CsvRecord[]; error: CsvSyntaxError }> {
  const records: CsvRecord[] = [];
  try {
    for await (const record of readCsv(fromChunks(chunks))) records.push(record);
  } catch (error) {
    assert.ok(error instanceof CsvSyntaxError, String(error));
    return { records, error };
  }
  assert.fail('expected a CsvSyntaxError');
}

/** Every way to cut text in two, plus one character per chunk. */
function splits(text: string): string[][] {
  const ways = [[...text]];
  for (let i = 0; i <= text.length; i++) ways.push([text.slice(0, i), text.slice(i)]);
  return ways;
}

const fields = (records: CsvRecord[]) => records.map((r) => r.fields);
const lines = (records: CsvRecord[]) => records.map((r) => r.line);

describe('readCsv', () => {
  it('reads a header and rows, with 1-based line numbers', async () => {
    const records = await read(['nav,amount\n', '301000000000000001,12.50\n301000000000000002,7\n']);
    assert.deepEqual(fields(records), [
      ['nav', 'amount'],
      ['301000000000000001', '12.50'],
      ['301000000000000002', '7'],
    ]);
    assert.deepEqual(lines(records), [1, 2, 3]);
  });

  it('detects the delimiter from the header, counting only outside quotes (tie → comma)', async () => {
    assert.deepEqual(fields(await read(['a;b;c\n1,5;2;3\n'])), [
      ['a', 'b', 'c'],
      ['1,5', '2', '3'],
    ]);
    assert.deepEqual(fields(await read(['"x;y;z",b\n1;2,3\n'])), [
      ['x;y;z', 'b'],
      ['1;2', '3'],
    ]);
    assert.deepEqual(fields(await read(['"x,y,z";b;c\n'])), [['x,y,z', 'b', 'c']]);
    assert.deepEqual(fields(await read(['a;b,c\n'])), [['a;b', 'c']]);
    assert.deepEqual(fields(await read(['\n\nsolo\n1;2\n'])), [['solo'], ['1;2']]);
  });

  it('uses the given delimiter instead of detecting one', async () => {
    assert.deepEqual(fields(await read(['a,b,c;d\n'], ';')), [['a,b,c', 'd']]);
  });

  it('drops a UTF-8 BOM at the start only, even when it arrives alone', async () => {
    assert.deepEqual(fields(await read(['\uFEFFa;b\r\n1;2'])), [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assert.deepEqual(fields(await read(['', '\uFEFF', 'a,b\n\uFEFFc,d'])), [
      ['a', 'b'],
      ['\uFEFFc', 'd'],
    ]);
  });

  it('accepts CRLF, LF and lone CR mixed, skipping empty lines but counting them', async () => {
    const records = await read(['a\r\nb\nc\rd\n\n\r\n\re\r\n\r\n']);
    assert.deepEqual(fields(records), [['a'], ['b'], ['c'], ['d'], ['e']]);
    assert.deepEqual(lines(records), [1, 2, 3, 4, 8]);
  });

  it('reads quoted fields with "" escapes, delimiters and line breaks, keeping line numbers right', async () => {
    const text = 'id,"note"\n1,"a ""quoted"" word, with comma"\n2,"two\nlines"\n3,"crlf\r\ninside"\n4,""\n5,"x"';
    const records = await read([text]);
    assert.deepEqual(fields(records), [
      ['id', 'note'],
      ['1', 'a "quoted" word, with comma'],
      ['2', 'two\nlines'],
      ['3', 'crlf\r\ninside'],
      ['4', ''],
      ['5', 'x'],
    ]);
    assert.deepEqual(lines(records), [1, 2, 3, 5, 7, 8]);
  });

  it('keeps empty fields and reads a last record without a line break', async () => {
    assert.deepEqual(fields(await read(['a,b,\n,,'])), [
      ['a', 'b', ''],
      ['', '', ''],
    ]);
  });

  it('takes a stray quote inside an unquoted field literally', async () => {
    assert.deepEqual(fields(await read(['ab"c,d"\n5" pollici,"x"\n'])), [
      ['ab"c', 'd"'],
      ['5" pollici', 'x'],
    ]);
  });

  it('gives the same records however the text is split into chunks', async () => {
    const text =
      '\uFEFFnome;"importo";nota\r\n"Rossi; Mario";"12,50";"disse ""ciao"""\r\n\r\n' +
      '"due\r\nrighe";x;"a""""b"\rultima;"";\n"\n";ab"c;""""\r\n\n"fine"';
    const expected: CsvRecord[] = [
      { line: 1, fields: ['nome', 'importo', 'nota'] },
      { line: 2, fields: ['Rossi; Mario', '12,50', 'disse "ciao"'] },
      { line: 4, fields: ['due\r\nrighe', 'x', 'a""b'] },
      { line: 6, fields: ['ultima', '', ''] },
      { line: 7, fields: ['\n', 'ab"c', '"'] },
      { line: 10, fields: ['fine'] },
    ];
    for (const chunks of splits(text)) assert.deepEqual(await read(chunks), expected, JSON.stringify(chunks));
  });

  it('reports an unterminated quote at the line where it opened, after the records before it', async () => {
    const text = 'a,b\n"multi\nline",c\nd,"never closed\ne,f\n';
    for (const chunks of splits(text)) {
      const { records, error } = await readUntilError(chunks);
      assert.deepEqual(fields(records), [
        ['a', 'b'],
        ['multi\nline', 'c'],
      ]);
      assert.equal(error.line, 4);
      assert.match(error.message, /unterminated quoted field starting at line 4/);
    }
  });

  it('rejects a character after a closing quote, at the line where it is', async () => {
    const text = 'a,b\n1,"x\ny"z\n';
    for (const chunks of splits(text)) {
      const { records, error } = await readUntilError(chunks);
      assert.deepEqual(fields(records), [['a', 'b']]);
      assert.equal(error.line, 3);
      assert.equal(error.message, 'unexpected character after closing quote at line 3');
    }
    const { error } = await readUntilError(['"a" ,b\n']);
    assert.equal(error.line, 1);
  });

  it('reads 200 000 rows in 64 KiB chunks (nothing quadratic)', async () => {
    const rows: string[] = ['nav;fiscal_code;amount;due_date;description'];
    for (let i = 1; i <= 200_000; i++) {
      const quoted = i % 10 === 0 ? '"Tassa; rifiuti ""TARI"" 2026"' : 'Tassa rifiuti 2026';
      rows.push(`3${String(i).padStart(17, '0')};RSSMRA80A01H501U;${i % 1000},50;2026-12-31;${quoted}`);
    }
    const text = `${rows.join('\r\n')}\r\n`;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));
    let count = 0;
    let last: CsvRecord | undefined;
    for await (const record of readCsv(fromChunks(chunks))) {
      count++;
      last = record;
    }
    assert.equal(count, 200_001);
    assert.deepEqual(last, {
      line: 200_001,
      fields: ['300000000000200000', 'RSSMRA80A01H501U', '0,50', '2026-12-31', 'Tassa; rifiuti "TARI" 2026'],
    });
  });

  it('round-trips formatCsvRow output for arbitrary text, however it is chunked (property)', async () => {
    const special = fc.constantFrom('"', ',', ';', '\r', '\n', '\r\n', '\uFEFF', ' ', '=', 'é', '😀');
    const cell = fc.string({ unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) });
    const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(rows, fc.constantFrom<CsvDelimiter>(',', ';'), fc.array(fc.nat()), async (data, d, cuts) => {
        const texts = data.map((row) => formatCsvRow(row, d));
        const text = texts.join('');
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => text.slice(from, points[i] ?? text.length));
        const records = await read(chunks, d);
        assert.deepEqual(fields(records), data);
        let line = 1;
        const expectedLines = texts.map((t) => {
          const start = line;
          line += t.match(/\r\n|\r|\n/g)?.length ?? 0;
          return start;
        });
        assert.deepEqual(lines(records), expectedLines);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('neutralizeSpreadsheetFormula', () => {
  it('prefixes cells a spreadsheet would evaluate', () => {
    for (const text of ['=1+1', '+39 06 1234', '-2+3+cmd|/C calc!A0', '@SUM(A1)', '\tx', '\rx', '\0x']) {
      assert.equal(neutralizeSpreadsheetFormula(text), `'${text}`);
    }
  });

  it('leaves other cells alone', () => {
    for (const text of ['', 'Rossi', '12,50', ' =1', "'=1", 'a=b'])
      assert.equal(neutralizeSpreadsheetFormula(text), text);
  });
});

describe('formatCsvRow', () => {
  it('quotes only when needed and ends with CRLF', () => {
    assert.equal(formatCsvRow(['a', 'b c', '12.50']), 'a,b c,12.50\r\n');
    assert.equal(formatCsvRow(['a,b', 'say "hi"', 'x\ny', 'p;q']), '"a,b","say ""hi""","x\ny","p;q"\r\n');
    assert.equal(formatCsvRow(['12,50', 'x'], ';'), '"12,50";x\r\n');
    assert.equal(formatCsvRow(['', '']), ',\r\n');
  });

  it('quotes a lone empty field and a leading BOM so they survive reading', () => {
    assert.equal(formatCsvRow(['']), '""\r\n');
    assert.equal(formatCsvRow(['\uFEFFa']), '"\uFEFFa"\r\n');
  });
});
