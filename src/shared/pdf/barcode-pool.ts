// Barcode encoding on worker threads, for bulk printing: bwip-js needs ≈ 15 ms for a notice's QR code
// and DataMatrix, five times what pdfkit needs for the rest of the page, so a print run sends the
// symbols of the notices ahead to this pool and draws while the workers encode. A worker is
// referenced (keeps the process alive) only while it has work.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EncodeMessage, EncodeReply } from './barcode-worker.ts';
import type { BarcodeKind, PackedMatrix } from './barcodes.ts';

export interface BarcodeRequest {
  kind: BarcodeKind;
  text: string;
}

export interface BarcodePool {
  /** The packed matrices of `requests`, in the same order. */
  encode(requests: BarcodeRequest[]): Promise<PackedMatrix[]>;
  /** Stops the workers; pending and later calls are rejected. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (matrices: PackedMatrix[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** A pool of `size` workers (default: one per core). */
export function barcodePool(size = availableParallelism()): BarcodePool {
  let nextId = 0;
  let failure: Error | undefined;
  const slots: Slot[] = Array.from({ length: Math.max(1, size) }, () => start());

  function start(): Slot {
    const worker = new Worker(new URL('./barcode-worker.ts', import.meta.url));
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: EncodeReply) => {
      const waiting = slot.pending.get(reply.id);
      if (!waiting) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if ('error' in reply) waiting.reject(new Error(`barcode encoding failed: ${reply.error}`));
      else waiting.resolve(reply.matrices);
    });
    const fail = (error: Error) => {
      failure ??= error;
      for (const waiting of slot.pending.values()) waiting.reject(error);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a barcode worker stopped (exit code ${code})`)));
    return slot;
  }

  return {
    encode(requests) {
      if (failure) return Promise.reject(failure);
      if (requests.length === 0) return Promise.resolve([]);
      // The least busy worker: runs of equal chunks spread evenly.
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<PackedMatrix[]>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.ref();
        const message: EncodeMessage = { id, requests };
        slot.worker.postMessage(message);
      });
    },
    async close() {
      failure ??= new Error('the barcode pool is closed');
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
