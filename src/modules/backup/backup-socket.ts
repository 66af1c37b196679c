// A backup of the embedded database while the server runs. PGlite lives inside the server process,
// which holds its folder, so `cassa backup` cannot open it; instead it asks the server through a Unix
// socket in DATA_DIR/run (a folder only the server's user can enter), and the server writes the same
// consistent copy as always onto the connection. The CLI checks what it received whole before it
// keeps it. Nothing but "backup" is understood on this socket.

import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { type BackupSummary, checkBackup, writeBackup } from './backup.service.ts';

const REQUEST = 'backup\n';

/** Where the running server listens for backup requests (inside DATA_DIR/run, mode 0700). */
export const backupSocketPath = (dataDir: string) => join(dataDir, 'run', 'cassa.sock');

/** Serves backups of `database` on the socket; close() stops listening and removes it. */
export async function serveBackups(
  database: Database,
  clock: Clock,
  dataDir: string,
  log: (error: unknown) => void,
): Promise<{ close(): Promise<void> }> {
  const path = backupSocketPath(dataDir);
  mkdirSync(join(dataDir, 'run'), { recursive: true, mode: 0o700 });
  rmSync(path, { force: true }); // left by a server that did not stop cleanly (the folder lock says it is gone)
  const server: Server = createServer((socket) => {
    socket.setTimeout(10_000, () => socket.destroy());
    let received = '';
    socket.on('data', function onData(chunk) {
      received += chunk.toString('latin1');
      if (received.length < REQUEST.length) return;
      socket.off('data', onData);
      socket.setTimeout(0);
      if (received !== REQUEST) {
        socket.destroy();
        return;
      }
      writeBackup(database, socket, clock.now()).catch((error: unknown) => {
        log(error);
        socket.destroy();
      });
    });
    socket.on('error', () => {});
  });
  server.listen(path);
  await once(server, 'listening');
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(path, { force: true });
    },
  };
}

/**
 * Asks the server running on this data folder for a backup into `file` (mode 0600, never over an
 * existing file), checked whole; undefined when no server answers there (then the CLI opens the
 * folder itself).
 */
export async function backupFromServer(dataDir: string, file: string): Promise<BackupSummary | undefined> {
  const path = backupSocketPath(dataDir);
  if (!existsSync(path)) return undefined;
  const socket = connect(path);
  try {
    await once(socket, 'connect');
  } catch {
    return undefined; // a socket left by a server that is gone
  }
  const out = createWriteStream(file, { mode: 0o600, flags: 'wx' });
  try {
    await once(out, 'open');
  } catch (error) {
    socket.destroy();
    throw error;
  }
  try {
    socket.write(REQUEST);
    await pipeline(socket, out);
    const checked = await checkBackup(file);
    return { file, createdAt: checked.header.createdAt, sha256: checked.sha256, tables: checked.tables };
  } catch (error) {
    rmSync(file, { force: true });
    throw new Error(`the running server did not complete the backup: ${(error as Error).message}`);
  }
}
