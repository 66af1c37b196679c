// A local HTTP peer (node:http) that misbehaves on demand, for the outbound-timeout tests: it hangs
// (reads the request and never answers), resets the connection, answers 500, or answers as told.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PeerMode = 'hang' | 'reset' | 'error' | { status: number; headers?: Record<string, string>; body?: string };

export interface PeerRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StubPeer {
  /** http://127.0.0.1:<port> */
  base: string;
  mode: PeerMode;
  requests: PeerRequest[];
  close(): Promise<void>;
}

export async function stubPeer(mode: PeerMode = { status: 200 }): Promise<StubPeer> {
  const peer: StubPeer = { base: '', mode, requests: [], close: async () => {} };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      peer.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const m = peer.mode;
      if (m === 'hang') return; // never answers; the socket stays open until close()
      if (m === 'reset') return req.socket.resetAndDestroy();
      if (m === 'error') return res.writeHead(500, { 'content-type': 'application/json' }).end('{"title":"boom"}');
      res.writeHead(m.status, m.headers ?? {}).end(m.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peer.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return peer;
}
