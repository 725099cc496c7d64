// The engines a benchmark runs on: the embedded cluster (the default engine, in a temporary folder, with the same
// durable settings `npm start` uses) and, when reachable, the PostgreSQL server BENCH_DATABASE_URL names (default:
// the machine's local server).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startEmbedded } from '../src/db/embedded.js';

export interface Engine {
  name: 'embedded' | 'server';
  url: string;
}

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Starts the embedded cluster; `stop` ends it and removes its folder. */
export async function benchEngines(): Promise<{ engines: Engine[]; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-bench-pg-'));
  chmodSync(dir, 0o755);
  const cluster = await startEmbedded({ dataDir: dir });
  const engines: Engine[] = [{ name: 'embedded', url: cluster.url }];
  if (process.env.BENCH_SERVER !== 'false' && (await reachable(SERVER_URL))) engines.push({ name: 'server', url: SERVER_URL });
  return {
    engines,
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
