import { isUtf8 } from 'node:buffer';
import { positionOf } from './xml-chars.ts';
import { XmlError } from './xml-error.ts';

// What happens to a message before a single tag is read: the size limit, the DOCTYPE ban (a plain
// byte search, so an entity bomb is refused without being looked at), and strict UTF-8 decoding.

/** Checks size, refuses DOCTYPE and decodes strictly, all before a single tag is read. */
export function decodeXmlInput(input: Uint8Array | string, maxBytes: number): string {
  if (typeof input === 'string') {
    if (input.length > maxBytes || Buffer.byteLength(input, 'utf8') > maxBytes) throw tooLarge(maxBytes);
    refuseDoctype(input.indexOf('<!DOCTYPE'), input);
    if (!input.isWellFormed()) throw new XmlError('encoding', 'the text holds a lone surrogate (not Unicode)');
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return normalizeLineEnds(text);
  }
  if (input.byteLength > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const doctype = bytes.indexOf('<!DOCTYPE');
  if (doctype !== -1) refuseDoctype(doctype, bytes.toString('latin1', 0, doctype));
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new XmlError('encoding', 'the document is UTF-16 encoded; only UTF-8 is accepted');
  }
  if (!isUtf8(bytes)) {
    throw new XmlError('encoding', `the document is not valid UTF-8 (byte ${firstBadUtf8Byte(bytes)})`);
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return normalizeLineEnds(bytes.toString('utf8', hasBom ? 3 : 0));
}

/** `before` is the text up to the DOCTYPE (for bytes: one char per byte, enough to count lines). */
function refuseDoctype(at: number, before: string): void {
  if (at === -1) return;
  throw new XmlError('doctype', 'DOCTYPE declarations are not accepted', positionOf(before, at));
}

function tooLarge(maxBytes: number): XmlError {
  return new XmlError('too-large', `the document is larger than ${maxBytes} bytes`);
}

// XML 2.11: CR LF and lone CR become LF before parsing.
function normalizeLineEnds(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstBadUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const size =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0) return i;
    const chunk = bytes.subarray(i, i + size);
    if (chunk.length < size || !isUtf8(chunk)) return i;
    i += size;
  }
  return i;
}
