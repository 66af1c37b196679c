// A TCP proxy in front of PostgreSQL, for tests of a database outage: Cassa connects through it, and
// the test can cut every connection and refuse new ones (the database is "down"), then resume.
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export interface TcpProxy {
  /** The port the proxy listens on (127.0.0.1). */
  port: number;
  /** Cuts every open connection and refuses new ones until resume(). */
  down(): void;
  resume(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 forwarding to target (a TCP address or a Unix socket). */
export async function tcpProxy(target: { host: string; port: number } | { path: string }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let isDown = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    const upstream = 'path' in target ? tcpConnect(target.path) : tcpConnect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    down() {
      isDown = true;
      // A TCP reset where there is TCP; a Unix socket (to the embedded server) can only be closed.
      for (const socket of sockets) {
        if (socket.remoteFamily) socket.resetAndDestroy();
        else socket.destroy();
      }
    },
    resume() {
      isDown = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
