// Cold start of `npm start` (the command a newcomer types): a fresh data folder each time, so initdb, migrations, the
// demo seed and the sandbox are all part of it. Timed from spawn to the "ready" line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ColdStart {
  run: number;
  firstStartMs: number;
  restartMs: number;
  rssAtReadyMb: number;
}

function startOnce(dataDir: string): Promise<{ ms: number; rssMb: number }> {
  const started = Date.now();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DATABASE_URL)/.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (!out.includes('contract-desk ready')) return;
      const ms = Date.now() - started;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      child.once('exit', () => resolve({ ms, rssMb: m ? Math.round(Number(m[1]) / 1024) : NaN }));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => {
      if (!out.includes('contract-desk ready')) reject(new Error(`npm start exited ${code}: ${out}`));
    });
  });
}

export async function benchColdStart(runs: number): Promise<ColdStart[]> {
  const rows: ColdStart[] = [];
  for (let run = 1; run <= runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'cd-cold-'));
    try {
      const first = await startOnce(dir);
      const again = await startOnce(dir);
      rows.push({ run, firstStartMs: first.ms, restartMs: again.ms, rssAtReadyMb: first.rssMb });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
