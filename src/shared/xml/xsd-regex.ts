// XML Schema 1.0 regular expressions (XSD Part 2, appendix F) translated to anchored JavaScript RegExps.
// The two dialects differ in ways that matter: an XSD pattern always matches the whole value, `^` and
// `$` are ordinary characters, `\d` is every Unicode decimal digit, `\s` is only the four XML spaces,
// `.` excludes only CR and LF, and classes can be subtracted (`[a-z-[aeiou]]`). The output uses the `v`
// flag (class subtraction, nested classes) and writes every non-alphanumeric character as `\u{…}`, so no
// XSD character can take a special meaning in JavaScript. What is not translated is refused.

/** The XSD pattern cannot be translated (unsupported or invalid). */
export class XsdRegexError extends Error {
  override name = 'XsdRegexError';
}

const SINGLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };
const SINGLE_ESCAPABLE = new Set('\\|.?*+(){}-[]^');
const SPACE_CLASS = '\\u{9}\\u{a}\\u{d}\\u{20}';
const MULTI_ESCAPES: Readonly<Record<string, string>> = {
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  s: `[${SPACE_CLASS}]`,
  S: `[^${SPACE_CLASS}]`,
  // XSD: \w is every character except punctuation, separators and "other" (controls, unassigned…).
  w: '[^\\p{P}\\p{Z}\\p{C}]',
  W: '[\\p{P}\\p{Z}\\p{C}]',
};
const CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po Z Zs Zl Zp S Sm Sc Sk So C Cc Cf Co Cn'.split(' '),
);

/** An anchored RegExp equivalent to the XSD pattern; throws XsdRegexError. */
export function translateXsdPattern(pattern: string): RegExp {
  const source = new Translator(pattern).translate();
  try {
    return new RegExp(`^(?:${source})$`, 'v');
  } catch (error) {
    throw new XsdRegexError(`pattern ${pattern}: ${(error as Error).message}`);
  }
}

class Translator {
  private readonly chars: string[];
  private i = 0;
  private readonly pattern: string;

  constructor(pattern: string) {
    this.pattern = pattern;
    this.chars = [...pattern]; // by code point: astral characters are single XSD characters
  }

  translate(): string {
    const out = this.regExp();
    if (this.i < this.chars.length) this.fail(`unexpected ${this.chars[this.i]}`);
    return out;
  }

  private regExp(): string {
    const branches = [this.branch()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.branch());
    }
    return branches.join('|');
  }

  private branch(): string {
    let out = '';
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      out += this.atom() + this.quantifier();
    }
    return out;
  }

  private atom(): string {
    const c = this.next();
    switch (c) {
      case '(': {
        const inner = this.regExp();
        if (this.next() !== ')') this.fail('unclosed group');
        return `(?:${inner})`;
      }
      case '[':
        return this.charClass();
      case '.':
        return `[^\\u{a}\\u{d}]`;
      case '\\':
        return this.escape(false);
      case '?':
      case '*':
      case '+':
      case '{':
        return this.fail(`quantifier ${c} has nothing to repeat`);
      case '}':
      case ']':
        return this.fail(`${c} must be escaped`);
      case undefined:
        return this.fail('unexpected end');
      default:
        return literal(c);
    }
  }

  private quantifier(): string {
    const c = this.peek();
    if (c === '?' || c === '*' || c === '+') {
      this.i++;
      return c;
    }
    if (c !== '{') return '';
    const close = this.chars.indexOf('}', this.i);
    if (close === -1) this.fail('unclosed quantifier');
    const body = this.chars.slice(this.i + 1, close).join('');
    const match = /^(\d+)(,(\d*))?$/.exec(body);
    if (!match) this.fail(`bad quantifier {${body}}`);
    const min = Number(match![1]);
    if (match![3] && Number(match![3]) < min) this.fail(`bad quantifier {${body}}`);
    this.i = close + 1;
    return `{${body}}`;
  }

  /** After `[`: a class, possibly negated, possibly followed by `-[subtracted]`. */
  private charClass(): string {
    const negated = this.peek() === '^';
    if (negated) this.i++;
    let items = '';
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('unclosed character class');
      if (c === ']' && !first) break;
      if (c === '-' && this.chars[this.i + 1] === '[' && !first) {
        this.i += 2;
        const subtracted = this.charClass();
        if (this.next() !== ']') this.fail('a subtraction must end the character class');
        return `[[${negated ? '^' : ''}${items}]--${subtracted}]`;
      }
      items += this.classItem(first);
      first = false;
    }
    this.i++;
    return `[${negated ? '^' : ''}${items}]`;
  }

  private classItem(first: boolean): string {
    const c = this.next()!;
    if (c === '[' || c === ']') this.fail(`${c} must be escaped inside a character class`);
    if (c === '-') {
      // A bare '-' is a character only first or last in the class, and never starts a range.
      if (!first && this.peek() !== ']') this.fail('- must be escaped inside a character class');
      return literal(c);
    }
    let start: string;
    if (c === '\\') {
      const escaped = this.escape(true);
      if (!escaped.startsWith('\\u{')) return escaped; // a multi-character escape cannot start a range
      start = String.fromCodePoint(Number.parseInt(escaped.slice(3, -1), 16));
    } else start = c;
    if (this.peek() !== '-' || this.chars[this.i + 1] === ']' || this.chars[this.i + 1] === '[') return literal(start);
    this.i++;
    let end = this.next()!;
    if (end === '\\') {
      const escaped = this.escape(true);
      if (!escaped.startsWith('\\u{')) this.fail('a range cannot end with a multi-character escape');
      end = String.fromCodePoint(Number.parseInt(escaped.slice(3, -1), 16));
    } else if (end === undefined) this.fail('unclosed character class');
    else if (end === '[' || end === '-') this.fail(`bad range end ${end}`);
    if (end.codePointAt(0)! < start.codePointAt(0)!) this.fail(`range ${start}-${end} is reversed`);
    return `${literal(start)}-${literal(end)}`;
  }

  /** After `\`. Single-character escapes come back as `\u{…}`. */
  private escape(inClass: boolean): string {
    const c = this.next();
    if (c === undefined) return this.fail('pattern ends with \\');
    if (c in SINGLE_ESCAPES) return literal(SINGLE_ESCAPES[c]!);
    if (SINGLE_ESCAPABLE.has(c)) return literal(c);
    if (c in MULTI_ESCAPES) return MULTI_ESCAPES[c]!;
    if (c === 'p' || c === 'P') {
      if (this.next() !== '{') this.fail(`\\${c} must be followed by {`);
      const close = this.chars.indexOf('}', this.i);
      if (close === -1) this.fail(`unclosed \\${c}{`);
      const property = this.chars.slice(this.i, close).join('');
      this.i = close + 1;
      if (!CATEGORIES.has(property)) this.fail(`unsupported XSD construct: character property \\${c}{${property}}`);
      return `\\${c}{${property}}`;
    }
    if ('iIcC'.includes(c)) this.fail(`unsupported XSD construct: \\${c} (XML name characters)`);
    return this.fail(`unknown escape \\${c}${inClass ? ' in a character class' : ''}`);
  }

  private peek(): string | undefined {
    return this.chars[this.i];
  }

  private next(): string | undefined {
    return this.chars[this.i++];
  }

  private fail(message: string): never {
    throw new XsdRegexError(`pattern ${this.pattern}: ${message}`);
  }
}

function literal(c: string): string {
  return /^[A-Za-z0-9]$/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`;
}
