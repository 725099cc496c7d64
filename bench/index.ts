// `npm run bench`: prints a table and writes bench/results/latest.json. Numbers, never assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { type Database, openDatabase } from '../src/db/client.js';
import { benchOutbox, benchPoller, type OutboxResult, type PollerResult } from './jobs.js';
import { benchLifecycle, withBenchDatabase } from './lifecycle.js';
import { benchPdf } from './pdf.js';
import { type AckRow, type AckRss, benchAck } from './ack.js';
import { benchColdStart } from './cold-start.js';

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

const sizes = (process.env.BENCH_POLLER_SIZES ?? '10000,100000').split(',').map(Number);
const seconds = Number(process.env.BENCH_POLLER_SECONDS ?? 10);
const poller: PollerResult[] = [];
const outboxResults: OutboxResult[] = [];
const pgUp = await pgReachable(PG_URL);
/** Each measurement on a fresh database of its own, on PGlite and (when reachable) PostgreSQL. */
const onEach = async (fn: (d: Database) => Promise<void>) => {
  const lite = await openDatabase({ pglite: await PGlite.create() });
  try {
    await fn(lite);
  } finally {
    await lite.close();
  }
  if (pgUp) await withBenchDatabase(PG_URL, fn);
};
for (const n of sizes) await onEach(async (d) => void poller.push(await benchPoller(d, n, seconds)));
await onEach(async (d) => void outboxResults.push(await benchOutbox(d, Number(process.env.BENCH_OUTBOX_CONTRACTS ?? 300))));
process.stdout.write(`\npoller: contracts in vendor_signing whose seal is done, all due; ${seconds} s of ticks (batch 200)\n`);
console.table(poller);
process.stdout.write('\noutbox: contracts created and moved while the dispatcher posts to the emulator; latency from commit to delivery\n');
console.table(outboxResults);

// Ack latency, ours against a bare Bolt app, signed requests on loopback (autocannon in this process).
const ackSeconds = Number(process.env.BENCH_ACK_SECONDS ?? 10);
const ack: AckRow[] = [];
const ackRss: AckRss[] = [];
if (ackSeconds > 0) {
  // The bare Bolt app runs once, before both of ours.
  const run = async (dbs: { name: string; url?: string }[]) => {
    const r = await benchAck(dbs, ackSeconds);
    ack.push(...r.rows);
    ackRss.push(...r.rss);
  };
  if (pgUp) await withBenchDatabase(PG_URL, (_d, url) => run([{ name: 'PGlite' }, { name: 'PostgreSQL', url }]));
  else await run([{ name: 'PGlite' }]);
  const bare = (req: string, load: string) => ack.find((x) => x.target === 'bare Bolt' && x.request === req && x.load === load)!;
  process.stdout.write(`\nack latency (ms) and throughput, ${ackSeconds} s runs after a warm-up, median of the runs listed, every target in its own process; ratio = ours / bare Bolt\n`);
  console.table(ack.map((x) => ({ ...x, 'p99 ratio': +(x.p99 / bare(x.request, x.load).p99).toFixed(2), 'rps ratio': +(x.rps / bare(x.request, x.load).rps).toFixed(2) })));
  process.stdout.write('\nmemory (RSS, MB) of each target process: at rest after start, and the peak seen under the ack load\n');
  console.table(ackRss);
}

// Cold start: `npm start` on a fresh data folder (PGlite, demo seeded, sandbox on) until it prints "ready".
const coldStart = await benchColdStart(Number(process.env.BENCH_COLD_STARTS ?? 3));
process.stdout.write('\ncold start of npm start to ready (PGlite, fresh folder: migrations, demo seed, sandbox)\n');
console.table(coldStart);

const pdf = await benchPdf();
process.stdout.write('\npdf: 30-order Chinese order contract, formal, with the audit page (warm: the font parsed once per process)\n');
console.table(pdf);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), machine, lifecycle, poller, outbox: outboxResults, ack, ackRss, coldStart, pdf }, null, 2));
process.stdout.write('written bench/results/latest.json\n');
