// A small reader of DER (the binary encoding of X.509 certificates): just enough to walk a
// certificate's structure and read a Name, object identifiers, strings and bit strings. Node's
// X509Certificate verifies signatures and dates but does not expose the certificate policies or a
// Name's attributes one by one, which smart-card sign-in needs.

export interface Tlv {
  /** The identifier octet: class, constructed bit and tag number (low-tag-number form only). */
  tag: number;
  /** Where the content starts and ends (exclusive) in the buffer. */
  start: number;
  end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  universalString: 0x1c,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

export class DerError extends Error {
  constructor(message: string) {
    super(`DER: ${message}`);
    this.name = 'DerError';
  }
}

/** The element starting at `offset`, bounded by `limit`; throws on anything malformed. */
export function readTlv(der: Uint8Array, offset = 0, limit = der.length): Tlv {
  if (offset + 2 > limit) throw new DerError(`truncated element at ${offset}`);
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`high tag numbers are not supported (at ${offset})`);
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // 0x80 is BER's indefinite length, which DER forbids; four octets are plenty for a certificate.
    if (octets === 0 || octets > 4) throw new DerError(`unsupported length form at ${offset}`);
    if (start + octets > limit) throw new DerError(`truncated length at ${offset}`);
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[start + i]!;
    start += octets;
  }
  const end = start + length;
  if (end > limit) throw new DerError(`element at ${offset} runs past its container`);
  return { tag, start, end };
}

/** The elements inside a constructed element, in order. */
export function childrenOf(der: Uint8Array, parent: Tlv): Tlv[] {
  if ((parent.tag & 0x20) === 0) throw new DerError(`element with tag ${parent.tag} is not constructed`);
  const list: Tlv[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const child = readTlv(der, at, parent.end);
    list.push(child);
    at = child.end;
  }
  return list;
}

/** An OBJECT IDENTIFIER's dotted form, e.g. 2.5.29.32. */
export function oidOf(der: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== TAG.oid) throw new DerError(`expected an object identifier, got tag ${tlv.tag}`);
  if (tlv.end === tlv.start) throw new DerError('empty object identifier');
  const arcs: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    const octet = der[i]!;
    value = value * 128 + (octet & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier arc too large');
    if ((octet & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === tlv.end - 1) throw new DerError('object identifier ends inside an arc');
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** The text of a directory string (UTF8String, PrintableString, IA5String, T61String, BMPString…). */
export function stringOf(der: Uint8Array, tlv: Tlv): string {
  const bytes = der.subarray(tlv.start, tlv.end);
  switch (tlv.tag) {
    case TAG.utf8String:
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    case TAG.printableString:
    case TAG.ia5String:
    case TAG.t61String:
      return Buffer.from(bytes).toString('latin1');
    case TAG.bmpString:
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
    case TAG.universalString: {
      let text = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) text += String.fromCodePoint(Buffer.from(bytes).readUInt32BE(i));
      return text;
    }
    default:
      throw new DerError(`tag ${tlv.tag} is not a string`);
  }
}

/** Whether bit `n` (0 = the first, most significant) of a BIT STRING is set. */
export function bitOf(der: Uint8Array, tlv: Tlv, n: number): boolean {
  if (tlv.tag !== TAG.bitString || tlv.end === tlv.start) throw new DerError('expected a bit string');
  const octet = der[tlv.start + 1 + Math.floor(n / 8)];
  return octet !== undefined && (octet & (0x80 >> (n % 8))) !== 0;
}
