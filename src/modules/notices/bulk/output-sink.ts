// Where a print run's bytes go on their way to the output: pdfkit and fflate hand over many small
// pieces (one per PDF object) and never wait; the sink gathers them into 64 KiB writes and lets the
// run wait for the output whenever more than 1 MiB is queued in it. That wait is what keeps memory
// flat when the output (a disk, the database) is slower than rendering.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

const PIECE = 64 * 1024;
/** Bytes queued in the output past which the run waits for it to drain. */
export const OUTPUT_HIGH_WATER = 1024 * 1024;

export class OutputSink {
  /** Bytes handed to the output so far. */
  bytes = 0;
  /** The most bytes ever waiting in the pipeline (this sink, the output, `extra` upstream): for tests. */
  peakBuffered = 0;
  readonly #output: Writable;
  #piece = Buffer.allocUnsafe(PIECE);
  #used = 0;
  #failure: Error | undefined;

  constructor(output: Writable) {
    this.#output = output;
    output.on('error', (error) => {
      this.#failure ??= error;
    });
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    if (this.#used + chunk.byteLength > PIECE) this.#flush();
    if (chunk.byteLength >= PIECE) {
      this.#output.write(chunk);
      return;
    }
    this.#piece.set(chunk, this.#used);
    this.#used += chunk.byteLength;
  }

  /** Waits while the output holds more than the high-water mark; `extra` is bytes buffered upstream. */
  async relieve(extra = 0): Promise<void> {
    this.peakBuffered = Math.max(this.peakBuffered, this.#used + this.#output.writableLength + extra);
    while (!this.#failure && this.#output.writableLength > OUTPUT_HIGH_WATER) await once(this.#output, 'drain');
    if (this.#failure) throw this.#failure;
  }

  /** Writes what is left, ends the output and waits until it has everything. */
  async close(): Promise<void> {
    this.#flush();
    this.#output.end();
    await finished(this.#output);
    if (this.#failure) throw this.#failure;
  }

  /** Abandons the output (a failed run): it is destroyed, nothing more is written. */
  abort(error: Error): void {
    this.#output.destroy(error);
  }

  #flush(): void {
    if (this.#used === 0) return;
    this.#output.write(this.#piece.subarray(0, this.#used));
    this.#piece = Buffer.allocUnsafe(PIECE);
    this.#used = 0;
  }
}
