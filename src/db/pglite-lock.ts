// PGlite is an in-process database: two processes opening the same folder would corrupt it. A lock
// file with the owner's PID makes the second one stop with a clear message instead.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on a PGlite folder for this process; returns the function that releases it. */
export function lockPgliteDir(dir: string): () => void {
  const file = join(dir, 'cassa.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      const release = () => rmSync(file, { force: true });
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${owner} (is "npm start" running?). ` +
            'Stop that process first, use the HTTP API, or run Cassa on PostgreSQL (DATABASE_URL).',
        );
      }
      rmSync(file, { force: true }); // left behind by a process that has exited
    }
  }
  throw new Error(`Could not lock ${dir}`);
}
