// The iCalendar writer: escaping of TEXT, folding at 75 octets without splitting a UTF-8
// character, CRLF line ends, and a calendar read back by a strict reader.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIcs } from '../../../test/support/icalendar.ts';
import type { IsoDate } from '../../shared/dates.ts';
import { escapeText, foldLine, icsDateTime, writeCalendar } from './icalendar.ts';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('escaping TEXT values', () => {
  it('escapes backslash, semicolon, comma and every kind of newline', () => {
    assert.equal(escapeText('a\\b;c,d'), 'a\\\\b\\;c\\,d');
    assert.equal(escapeText('one\ntwo\r\nthree\rfour'), 'one\\ntwo\\nthree\\nfour');
    // The backslash goes first: an escaped comma is not escaped twice.
    assert.equal(escapeText('\\,'), '\\\\\\,');
    assert.equal(escapeText('Città: perché €'), 'Città: perché €');
    // Control characters TEXT may not hold are dropped; a tab stays.
    assert.equal(escapeText('a\u0000b\u0007c\u001Fd\u007Fe\tf'), 'abcde\tf');
  });
});

describe('folding content lines', () => {
  it('leaves a line of 75 octets alone and folds one of 76', () => {
    assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
    assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`);
  });

  it('never splits a multi-byte character, and every physical line is at most 75 octets', () => {
    for (const char of ['à', '€', '😀', 'ñ']) {
      for (let prefix = 0; prefix < 6; prefix++) {
        const line = `SUMMARY:${'a'.repeat(prefix)}${char.repeat(60)}`;
        const folded = foldLine(line);
        const parts = folded.split('\r\n');
        for (const part of parts) {
          assert.ok(octets(part) <= 75, `${octets(part)} octets`);
          // A split inside a character would leave a replacement character when decoded.
          assert.equal(Buffer.from(part, 'utf8').toString('utf8'), part);
          assert.doesNotMatch(part, /\uFFFD/);
        }
        assert.ok(parts.slice(1).every((p) => p.startsWith(' ')));
        assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line, 'unfolding gives the line back');
        // A fold happens only when the next character would not fit.
        for (let i = 0; i < parts.length - 1; i++) {
          const next = [...parts[i + 1]!.slice(1)][0]!;
          assert.ok(octets(parts[i]!) + octets(next) > 75);
        }
      }
    }
  });
});

describe('writing a calendar', () => {
  const calendar = writeCalendar({
    prodId: '-//Cassa//Test//IT',
    name: 'Scadenze, prova; \\ tutto',
    description: 'Righe\ndue',
    stamp: new Date('2026-06-15T10:00:00.123Z'),
    refreshHours: 6,
    events: [
      {
        uid: '80016350821-301000000000000144@cassa.example',
        date: '2026-07-31' as IsoDate,
        summary: 'Scadenza: TARI 2026 – città di Forlì, «rata 1 di 3»; ✓',
        description: `Importo: 1.020,99 €\nCodice avviso: 3010 0000 0000 0001 44\n${'è'.repeat(80)}`,
        url: 'https://cassa.example/e/80016350821/posizioni/A%2F1',
        alarms: [
          { daysBefore: 7, description: 'Tra 7 giorni' },
          { daysBefore: 1, description: 'Domani' },
        ],
      },
    ],
  });

  it('ends every line with CRLF and reads back with the same values', () => {
    assert.ok(calendar.endsWith('\r\n'));
    assert.doesNotMatch(calendar, /[^\r]\n/);
    const root = parseIcs(calendar);
    assert.equal(root.name, 'VCALENDAR');
    assert.equal(root.get('VERSION'), '2.0');
    assert.equal(root.get('PRODID'), '-//Cassa//Test//IT');
    assert.equal(root.get('CALSCALE'), 'GREGORIAN');
    assert.equal(root.get('METHOD'), 'PUBLISH');
    assert.equal(root.get('X-WR-CALNAME'), 'Scadenze, prova; \\ tutto');
    assert.equal(root.get('X-WR-CALDESC'), 'Righe\ndue');
    const [event] = root.components;
    assert.equal(root.components.length, 1);
    assert.equal(event!.name, 'VEVENT');
    assert.equal(event!.get('UID'), '80016350821-301000000000000144@cassa.example');
    assert.equal(event!.get('DTSTAMP'), '20260615T100000Z');
    const start = event!.all('DTSTART')[0]!;
    assert.deepEqual([start.params, start.value], [{ VALUE: 'DATE' }, '20260731']);
    assert.equal(event!.get('DTEND'), '20260801');
    assert.equal(event!.get('SUMMARY'), 'Scadenza: TARI 2026 – città di Forlì, «rata 1 di 3»; ✓');
    assert.equal(
      event!.get('DESCRIPTION'),
      `Importo: 1.020,99 €\nCodice avviso: 3010 0000 0000 0001 44\n${'è'.repeat(80)}`,
    );
    assert.equal(event!.get('URL'), 'https://cassa.example/e/80016350821/posizioni/A%2F1');
    const alarms = event!.components;
    assert.deepEqual(
      alarms.map((a) => [a.name, a.get('ACTION'), a.get('TRIGGER'), a.get('DESCRIPTION')]),
      [
        ['VALARM', 'DISPLAY', '-P7D', 'Tra 7 giorni'],
        ['VALARM', 'DISPLAY', '-P1D', 'Domani'],
      ],
    );
  });

  it('writes the end of December and leap days right', () => {
    assert.equal(icsDateTime(new Date('2028-02-29T23:59:59Z')), '20280229T235959Z');
    const text = writeCalendar({
      prodId: 'x',
      name: 'x',
      description: 'x',
      stamp: new Date(0),
      refreshHours: 1,
      events: [
        { uid: 'u', date: '2026-12-31' as IsoDate, summary: 's', description: 'd', url: 'https://x', alarms: [] },
      ],
    });
    assert.match(text, /\r\nDTEND;VALUE=DATE:20270101\r\n/);
    assert.doesNotMatch(text, /VALARM/);
  });
});
