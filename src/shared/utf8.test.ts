import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeUtf8, EncodingError } from './utf8.ts';

async function* fromChunks<T>(chunks: readonly T[]): AsyncGenerator<T> {
  for (const chunk of chunks) yield chunk;
}

describe('decodeUtf8', () => {
  async function decode(chunks: readonly Uint8Array[]): Promise<string> {
    let text = '';
    for await (const part of decodeUtf8(fromChunks(chunks))) text += part;
    return text;
  }

  /** Every way to cut bytes in two, plus one byte per chunk. */
  function byteSplits(bytes: Uint8Array): Uint8Array[][] {
    const ways: Uint8Array[][] = [[...bytes].map((b) => Uint8Array.of(b))];
    for (let i = 0; i <= bytes.length; i++) ways.push([bytes.subarray(0, i), bytes.subarray(i)]);
    return ways;
  }

  async function encodingError(chunks: readonly Uint8Array[]): Promise<EncodingError> {
    try {
      await decode(chunks);
    } catch (error) {
      assert.ok(error instanceof EncodingError, String(error));
      return error;
    }
    assert.fail('expected an EncodingError');
  }

  it('decodes multi-byte characters split across chunks', async () => {
    const text = 'Città;Perché;€ 12,50;😀\n';
    for (const chunks of byteSplits(new TextEncoder().encode(text))) assert.equal(await decode(chunks), text);
  });

  it('reports the offset of the first invalid byte of a Latin-1 file and suggests saving as UTF-8', async () => {
    const latin1 = Uint8Array.from(Buffer.from('Nome;Citt\u00e0\nRossi;Forl\u00ec\n', 'latin1'));
    for (const chunks of byteSplits(latin1)) {
      const error = await encodingError(chunks);
      assert.equal(error.byteOffset, 9);
      assert.match(error.message, /byte 9/);
      assert.match(error.message, /Latin-1\/Windows-1252/);
      assert.match(error.message, /save it again as UTF-8/);
      assert.equal(error.line, 1);
    }
  });

  it('reports the line of the first invalid byte, wherever the chunks split', async () => {
    const latin1 = Uint8Array.from(Buffer.from('Nome;Citta\nRossi;Roma\nBianchi;Forl\u00ec\n', 'latin1'));
    for (const chunks of byteSplits(latin1)) {
      const error = await encodingError(chunks);
      assert.equal(error.line, 3, `${chunks.map((c) => c.length)}`);
      assert.match(error.message, /at line 3/);
    }
  });

  it('reports truncated, stray and overlong sequences where they start', async () => {
    const cases: [number[], number][] = [
      [[0x61, 0x62, 0xe2, 0x82], 2], // "ab" + first two bytes of € at the end of the file
      [[0x61, 0x62, 0xe2, 0x82, 0x41], 2],
      [[0x61, 0x62, 0x63, 0x80], 3], // continuation byte without a lead byte
      [[0x61, 0xc0, 0x80], 1], // overlong NUL
      [[0xed, 0xa0, 0x80], 0], // UTF-16 surrogate
      [[0x61, 0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x90, 0x80, 0x80], 5], // 😀 then a code point above U+10FFFF
    ];
    for (const [bytes, offset] of cases) {
      for (const chunks of byteSplits(Uint8Array.from(bytes))) {
        assert.equal((await encodingError(chunks)).byteOffset, offset, `${bytes} ${chunks.map((c) => c.length)}`);
      }
    }
  });
});
