// Streaming RFC 4180 CSV for bulk imports of debt positions (millions of rows) and for exports.
// Rows without quotes take a fast path (indexOf + split); only rows with quotes are scanned by hand.

/** One record and the 1-based physical line where it starts (quoted fields may span lines). */
export type CsvRecord = { line: number; fields: string[] };
export type CsvDelimiter = ',' | ';';

/** Malformed CSV; line is the 1-based physical line of the problem. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const COMMA = 44;
const SEMICOLON = 59;
const INCOMPLETE = -1;

/** Reads CSV records from text chunks split anywhere; the delimiter is detected from the header if not given. */
export async function* readCsv(
  chunks: AsyncIterable<string>,
  options: { delimiter?: CsvDelimiter } = {},
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(options.delimiter);
  const out: CsvRecord[] = [];
  let carry = ''; // text of a record not complete yet
  let waiting: string[] = [];
  let waitingLength = 0;
  let started = false;
  for await (let chunk of chunks) {
    if (!started) {
      if (chunk.length === 0) continue;
      started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    waiting.push(chunk);
    waitingLength += chunk.length;
    // Re-parsing an incomplete record costs its length, so wait for at least as much new text:
    // a huge quoted field (or an unterminated quote) then costs linear, not quadratic, time.
    if (waitingLength < carry.length) continue;
    const buffer = carry + (waiting.length === 1 ? chunk : waiting.join(''));
    waiting = [];
    waitingLength = 0;
    carry = buffer.slice(parser.parse(buffer, false, out));
    yield* drain(parser, out);
  }
  parser.parse(carry + waiting.join(''), true, out);
  yield* drain(parser, out);
}

function* drain(parser: CsvParser, out: CsvRecord[]): Generator<CsvRecord> {
  // Records before a syntax error are handed over first, so a report can show everything up to it.
  for (const record of out) yield record;
  out.length = 0;
  if (parser.error !== null) throw parser.error;
}

class CsvParser {
  delimiter: string | null;
  delimiterCode = 0;
  line = 1;
  error: CsvSyntaxError | null = null;
  /** Line breaks inside quoted fields of the record being read by parseQuoted. */
  private innerLines = 0;

  constructor(delimiter: CsvDelimiter | undefined) {
    this.delimiter = delimiter ?? null;
    if (delimiter !== undefined) this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Appends the complete records of text to out; returns how many characters were used. */
  parse(text: string, final: boolean, out: CsvRecord[]): number {
    if (this.delimiter === null) {
      const detected = detectDelimiter(text, final);
      if (detected === null) return 0;
      this.delimiter = detected;
      this.delimiterCode = detected.charCodeAt(0);
    }
    const delimiter = this.delimiter;
    const length = text.length;
    // Next LF, CR and quote at or after pos, or length when there is none: each indexOf runs
    // again only once pos has passed its result, so files without CR or quotes are scanned once.
    let lf = -1;
    let cr = -1;
    let quote = -1;
    let pos = 0;
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === LF || c === CR) {
        // Empty line: skipped, but counted. A CR at the end may be the first half of CRLF.
        if (c === CR && pos + 1 === length && !final) break;
        pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        this.line++;
        continue;
      }
      if (lf < pos) lf = indexOrEnd(text, '\n', pos);
      if (cr < pos) cr = indexOrEnd(text, '\r', pos);
      if (quote < pos) quote = indexOrEnd(text, '"', pos);
      const eol = Math.min(lf, cr);
      if (quote < eol) {
        const fields: string[] = [];
        let end: number;
        try {
          end = this.parseQuoted(text, pos, final, fields);
        } catch (error) {
          if (!(error instanceof CsvSyntaxError)) throw error;
          this.error = error;
          return pos;
        }
        if (end === INCOMPLETE) break;
        out.push({ line: this.line, fields });
        this.line += 1 + this.innerLines;
        pos = end;
      } else {
        if (!final && (eol === length || (eol === cr && eol + 1 === length))) break;
        out.push({ line: this.line, fields: text.slice(pos, eol).split(delimiter) });
        this.line++;
        pos = eol === cr && text.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
      }
    }
    return Math.min(pos, length);
  }

  /** Reads one record that contains a quote; returns the position after it, or INCOMPLETE. */
  private parseQuoted(text: string, start: number, final: boolean, fields: string[]): number {
    const length = text.length;
    const delimiterCode = this.delimiterCode;
    let lines = 0;
    let i = start;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const openedAt = this.line + lines;
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            if (final) throw new CsvSyntaxError(`unterminated quoted field starting at line ${openedAt}`, openedAt);
            return INCOMPLETE;
          }
          lines += countLineBreaks(text, from, close);
          // A quote that ends the buffer (`"` or the start of `""`?) ends the field for now; the
          // `i >= length` check below then waits for more text unless this is the end of the input.
          if (text.charCodeAt(close + 1) !== QUOTE) {
            value += text.slice(from, close);
            i = close + 1;
            break;
          }
          value += text.slice(from, close + 1);
          from = close + 2;
        }
        fields.push(value);
      } else {
        // Unquoted: a stray quote inside (`ab"c`) is kept literally, as spreadsheets do.
        const from = i;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === delimiterCode || c === LF || c === CR) break;
          i++;
        }
        fields.push(text.slice(from, i));
      }
      const c = text.charCodeAt(i); // NaN at the end of text
      if (c === delimiterCode) {
        i++;
        continue;
      }
      if (i < length && c !== LF && c !== CR) {
        const line = this.line + lines; // only a quoted field can end on another character
        throw new CsvSyntaxError(`unexpected character after closing quote at line ${line}`, line);
      }
      if (!final && (i >= length || (c === CR && i + 1 === length))) return INCOMPLETE;
      this.innerLines = lines;
      return c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    }
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}

/** Physical line breaks (CRLF, LF or lone CR) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  // A plain loop: indexOf would scan past `to` to the end of the buffer on every quoted field.
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** `;` or `,`, whichever occurs more often outside quotes in the first record (tie: `,`); null if incomplete. */
function detectDelimiter(text: string, final: boolean): CsvDelimiter | null {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  let fieldStart = true;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c !== QUOTE) continue;
      if (i + 1 === text.length && !final) return null;
      if (text.charCodeAt(i + 1) === QUOTE) i++;
      else inQuotes = false;
    } else if (c === LF || c === CR) {
      if (content) return semicolons > commas ? ';' : ',';
    } else {
      content = true;
      if (c === QUOTE && fieldStart) inQuotes = true;
      if (c === COMMA) commas++;
      if (c === SEMICOLON) semicolons++;
      fieldStart = c === COMMA || c === SEMICOLON;
    }
  }
  if (!final) return null;
  return semicolons > commas ? ';' : ',';
}

/** Prefixes `'` to a cell that a spreadsheet would run as a formula (OWASP CSV injection). */
export function neutralizeSpreadsheetFormula(text: string): string {
  // This also marks negative numbers (`-12`): the OWASP trade-off, since `-2+3+cmd|…` is a formula too.
  return /^[=+\-@\t\r\0]/.test(text) ? `'${text}` : text;
}

/** One RFC 4180 line ending in CRLF; fields are quoted only when needed. */
export function formatCsvRow(fields: readonly string[], delimiter: CsvDelimiter = ','): string {
  // Both delimiters are quoted so delimiter detection reads our own files right; a leading BOM is
  // quoted so a reader does not drop it; a lone empty field is quoted so the row is not an empty line.
  const quoted = fields.map((field) =>
    /[",;\r\n]|^\uFEFF/.test(field) || (field === '' && fields.length === 1)
      ? `"${field.replaceAll('"', '""')}"`
      : field,
  );
  return `${quoted.join(delimiter)}\r\n`;
}
