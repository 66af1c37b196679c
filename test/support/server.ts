// Cassa listening on a real port, for the tests in which something must reach it over HTTP: the
// sandbox playing the Nodo against Cassa's own station, or a real browser.
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../../src/app.ts';
import { createServices, type Services } from '../../src/services.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { freshDatabase, type TestDatabase } from './db.ts';

/** A port nothing listens on just now (the system's pick for port 0, closed again). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ListeningPortal {
  /** The base URL the services and the app were told about (their publicUrl when given). */
  base: string;
  db: TestDatabase;
  services: Services;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface ListeningPortalOptions {
  /**
   * The host name of `base`; Cassa listens on 127.0.0.1 either way. Browser tests use localhost,
   * which Chromium treats as a secure context, so that the portal's __Host- cookies are kept over HTTP.
   */
  host: 'localhost' | '127.0.0.1';
  clock?: Clock;
  /** buildApp's options beyond the services and logLevel 'silent', given the base URL. */
  app: (base: string) => Omit<AppOptions, 'services' | 'logLevel'> | Promise<Omit<AppOptions, 'services' | 'logLevel'>>;
}

/**
 * A fresh database, the services with the sandbox on and `base` as their public URL, and the app
 * listening on a free port.
 */
export async function listeningPortal(options: ListeningPortalOptions): Promise<ListeningPortal> {
  const port = await freePort();
  const base = `http://${options.host}:${port}`;
  const db = await freshDatabase();
  try {
    const services = createServices(db.database, {
      ...(options.clock && { clock: options.clock }),
      config: { importMaxBytes: 1024 * 1024, importMaxRows: 1000, publicUrl: base, sandbox: true },
    });
    const app = await buildApp({ services, logLevel: 'silent', ...(await options.app(base)) });
    try {
      await app.listen({ port, host: '127.0.0.1' });
    } catch (error) {
      await app.close();
      throw error;
    }
    return {
      base,
      db,
      services,
      app,
      close: async () => {
        await app.close();
        await db.drop();
      },
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}
