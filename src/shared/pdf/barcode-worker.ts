// Worker thread of barcode-pool.ts: encodes the symbols it is sent and returns their packed
// matrices, the module bytes transferred rather than copied.
import { parentPort } from 'node:worker_threads';
import { type BarcodeKind, encodePacked, type PackedMatrix } from './barcodes.ts';

export interface EncodeMessage {
  id: number;
  requests: { kind: BarcodeKind; text: string }[];
}

export type EncodeReply = { id: number; matrices: PackedMatrix[] } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('barcode-worker.ts runs as a worker thread');

port.on('message', ({ id, requests }: EncodeMessage) => {
  try {
    const matrices = requests.map((r) => encodePacked(r.kind, r.text));
    const reply: EncodeReply = { id, matrices };
    port.postMessage(
      reply,
      matrices.map((m) => m.modules.buffer as ArrayBuffer),
    );
  } catch (error) {
    const reply: EncodeReply = { id, error: (error as Error).message };
    port.postMessage(reply);
  }
});
