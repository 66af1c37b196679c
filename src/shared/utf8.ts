// Strict UTF-8 decoding of uploaded files, with the place of the first invalid byte (byte and line),
// so a file saved as Latin-1 is refused with a message that says where and what to do.

/** Bytes that are not valid UTF-8; byteOffset is where the first bad sequence starts. */
export class EncodingError extends Error {
  readonly byteOffset: number;
  /** 1-based line of the first invalid byte. */
  readonly line: number;
  constructor(byteOffset: number, line: number) {
    super(
      `the file is not valid UTF-8 at line ${line} (byte ${byteOffset}): it may be saved as Latin-1/Windows-1252; ` +
        'save it again as UTF-8 (in Excel: "CSV UTF-8") and retry',
    );
    this.name = 'EncodingError';
    this.byteOffset = byteOffset;
    this.line = line;
  }
}

/** Line feeds in bytes[0..end). */
function lineFeeds(bytes: Uint8Array, end = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Decodes UTF-8 byte chunks strictly (split multi-byte sequences are fine); throws EncodingError. */
export async function* decodeUtf8(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0; // bytes seen before the current chunk
  let lines = 1; // line at the start of the current chunk
  let held: Uint8Array = new Uint8Array(0); // start of a sequence the decoder is still waiting to complete
  for await (const chunk of bytes) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const bad = firstInvalidUtf8(Buffer.concat([held, chunk]));
      throw new EncodingError(offset - held.length + bad, lines + lineFeeds(chunk, bad - held.length));
    }
    held = incompleteTail(chunk.length >= 3 ? chunk.subarray(chunk.length - 3) : Buffer.concat([held, chunk]));
    offset += chunk.length;
    lines += lineFeeds(chunk);
    if (text.length > 0) yield text;
  }
  let text: string;
  try {
    text = decoder.decode();
  } catch {
    throw new EncodingError(offset - held.length, lines);
  }
  if (text.length > 0) yield text;
}

/** The trailing bytes of a lead byte whose sequence is not complete yet (at most 3). */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return size > k ? bytes.slice(bytes.length - k) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** Index where the first ill-formed UTF-8 sequence starts in bytes (known to hold one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  // Fed one byte at a time, the decoder throws on the byte it rejects; the bad sequence starts at the
  // unfinished sequence before that byte, if any (Latin-1 `à` then `\n`: the `à`, not the `\n`).
  const probe = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      probe.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return i - incompleteTail(bytes.subarray(Math.max(0, i - 3), i)).length;
    }
  }
  return bytes.length;
}
