// Tests that run the app as a child process on its own data folder: the folder the embedded PostgreSQL may use, and
// the clean-up when a test ended the app with SIGKILL (the cluster it started outlives it, as after a real kill -9).
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Node's arguments for exactly what `npm start` runs, read from package.json: spawned with process.execPath, not
 * through npm, so that a SIGKILL hits the app itself.
 */
export function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(' ');
  if (node !== 'node') throw new Error(`npm start runs "${pkg.scripts.start}", not node`);
  return args;
}

/** The Node flags `npm start` runs with (those before its script): a benchmark of the app runs it with the same. */
export function startNodeFlags(): string[] {
  const args = startArgs();
  return args.slice(
    0,
    args.findIndex((a) => !a.startsWith('-')),
  );
}

/** A fresh DATA_DIR; as root the cluster runs as the postgres user, which must be able to reach it. */
export function freshDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** The pid of the cluster running in `dataDir`, if any. */
export function clusterPid(dataDir: string): number | null {
  try {
    return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** Stops a cluster left running in `dataDir` (immediate shutdown) and removes the folder. */
export function removeDataDir(dataDir: string): void {
  const pid = clusterPid(dataDir);
  if (pid) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      /* already gone */
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}
