import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barcodePool } from './barcode-pool.ts';
import { encodePacked } from './barcodes.ts';

const qr = (n: number) => `PAGOPA|002|3020000000000${String(n).padStart(3, '0')}12|80016350821|0000012345`;
const postal = (n: number) => `codfase=NBPA;18302000000000${String(n).padStart(3, '0')}${'X'.repeat(200)}`;

describe('barcode pool', () => {
  it('encodes on worker threads exactly what the main thread encodes, in request order', async () => {
    const pool = barcodePool(2);
    try {
      const requests = Array.from({ length: 12 }, (_, n) =>
        n % 2 === 0 ? { kind: 'qr' as const, text: qr(n) } : { kind: 'datamatrix' as const, text: postal(n) },
      );
      // Several calls in flight at once, spread over both workers.
      const [first, second] = await Promise.all([pool.encode(requests.slice(0, 6)), pool.encode(requests.slice(6))]);
      const pooled = [...first, ...second];
      assert.equal(pooled.length, requests.length);
      requests.forEach((r, i) => {
        const expected = encodePacked(r.kind, r.text);
        assert.equal(pooled[i]!.columns, expected.columns);
        assert.equal(pooled[i]!.rows, expected.rows);
        assert.deepEqual(Array.from(pooled[i]!.modules), Array.from(expected.modules));
      });
      assert.equal(pooled[0]!.columns, 33, 'the notice QR code is version 4');
    } finally {
      await pool.close();
    }
  });

  it('reports an encoding error as a rejection and keeps working', async () => {
    const pool = barcodePool(1);
    try {
      // A QR code cannot hold 10 000 characters.
      await assert.rejects(pool.encode([{ kind: 'qr', text: 'A'.repeat(10_000) }]), /barcode encoding failed/);
      const [ok] = await pool.encode([{ kind: 'qr', text: qr(1) }]);
      assert.equal(ok!.columns, 33);
    } finally {
      await pool.close();
    }
  });

  it('refuses work once closed', async () => {
    const pool = barcodePool(1);
    await pool.close();
    await assert.rejects(pool.encode([{ kind: 'qr', text: qr(2) }]), /closed/);
  });
});
