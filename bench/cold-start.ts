// Cold start of `npm start` (the command a newcomer types): a fresh data folder each time, so initdb, migrations,
// the demo seed and the sandbox are all part of it. Timed from spawn to the "ready" line; memory read once the app
// has been at rest for a few seconds: the app's RSS and the PSS of its PostgreSQL's processes (shared memory
// counted once across them, as PSS does). The compiled copy `npm start` runs (bin/start.mjs) is built before the
// first run: it is made once per change of src/ (~0.3 s), not per start.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArgs } from '../test/helpers/app-process.js';
import { processTable, procKb, rssMb } from './proc.js';

export interface ColdStart {
  run: number;
  firstStartMs: number;
  restartMs: number;
  appRssMb: number;
  postgresPssMb: number;
  totalMb: number;
}

/** PSS of the postmaster and its children (backends, checkpointer, walwriter…). */
export function clusterPssMb(pgdata: string): number {
  const postmaster = Number(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = 0;
  for (const [pid, [ppid]] of processTable()) {
    if (pid !== postmaster && ppid !== postmaster) continue;
    try {
      total += procKb(`/proc/${pid}/smaps_rollup`, 'Pss');
    } catch {
      /* the process ended meanwhile */
    }
  }
  return Math.round(total / 1024);
}

function startOnce(dataDir: string, restSeconds: number): Promise<{ ms: number; rssMb: number; pgMb: number }> {
  const started = Date.now();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DATABASE_URL)/.test(k)));
  const child = spawn(process.execPath, startArgs(), {
    env: { ...env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (ready || !out.includes('contract-desk ready')) return;
      ready = true;
      const ms = Date.now() - started;
      setTimeout(() => {
        const appMb = rssMb(child.pid!);
        const pgMb = clusterPssMb(join(dataDir, 'postgres'));
        child.once('exit', () => resolve({ ms, rssMb: appMb, pgMb }));
        child.kill('SIGTERM');
      }, restSeconds * 1000);
    });
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`npm start exited ${code}: ${out}`));
    });
  });
}

export async function benchColdStart(runs: number, restSeconds = 5): Promise<ColdStart[]> {
  const rows: ColdStart[] = [];
  spawnSync(process.execPath, [...startArgs(), '--build'], { stdio: 'ignore' });
  for (let run = 1; run <= runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'cd-cold-'));
    chmodSync(dir, 0o755); // as root, the cluster's postgres user must reach the folder
    try {
      const first = await startOnce(dir, restSeconds);
      const again = await startOnce(dir, 0);
      rows.push({ run, firstStartMs: first.ms, restartMs: again.ms, appRssMb: first.rssMb, postgresPssMb: first.pgMb, totalMb: first.rssMb + first.pgMb });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
