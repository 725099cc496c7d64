// A lock file on the PGlite data folder: PGlite itself lets two processes open one folder and corrupt it.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock or throws naming the process that holds it; returns the release function. */
export function acquireDirLock(dir: string): () => void {
  const path = join(dir, 'contract-desk.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
        throw new DataDirLockedError(
          `The data folder ${dir} is in use by process ${holder}. PGlite allows one process per folder: ` +
            'stop that process, set DATA_DIR to another folder, or set DATABASE_URL to share a PostgreSQL server.',
        );
      }
      // The holder died without cleaning up (kill -9): the lock is stale, take it over.
      unlinkSync(path);
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dir}`);
}
