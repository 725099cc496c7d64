// `npm run bench`: prints a table and writes bench/results/latest.json. Numbers, never assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchLifecycle } from './lifecycle.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgReachable(url: string): Promise<boolean> {
  const { default: postgres } = await import('postgres');
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

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
process.stdout.write(`machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}\n\n`);

const n = Number(process.env.BENCH_CONTRACTS ?? 300);
const lifecycle = await benchLifecycle(n, (await pgReachable(PG_URL)) ? PG_URL : undefined);
process.stdout.write('lifecycle: vendor-channel contracts created and driven to effective, one after another\n');
console.table(lifecycle);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), machine, lifecycle }, null, 2));
process.stdout.write('written bench/results/latest.json\n');
