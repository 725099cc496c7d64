// `npm run bench`: prints a table and writes bench/results/latest.json. Numbers, never assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Database } from '../src/db/client.js';
import { runSoak } from '../test/soak/driver.js';
import { type AckRow, type AckRss, benchAck } from './ack.js';
import { benchBurst, type BurstResult } from './burst.js';
import { benchColdStart } from './cold-start.js';
import { benchEngines } from './engines.js';
import { goals } from './goals.js';
import { benchImport, type ImportResult } from './import.js';
import { benchOutbox, benchPoller, type OutboxResult, type PollerResult } from './jobs.js';
import { benchLifecycle, withBenchDatabase } from './lifecycle.js';
import { benchPdf } from './pdf.js';
import { benchSetup, type SetupResult } from './setup.js';

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
process.stdout.write(`machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}\n\n`);

/** BENCH_ONLY=import,pdf runs those parts alone (lifecycle, poller, outbox, burst, import, setup, ack, recovery, cold-start, pdf). */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim().replace(/\s+/g, '-'));
const want = (part: string) => !only || only.includes(part);

const n = Number(process.env.BENCH_CONTRACTS ?? 300);
const { engines, stop: stopEngines } = await benchEngines();
const lifecycle = want('lifecycle')
  ? await benchLifecycle(
      n,
      engines.map((e) => e.url),
    )
  : [];
if (lifecycle.length) {
  process.stdout.write('lifecycle: vendor-channel contracts created and driven to effective, one after another\n');
  console.table(lifecycle);
}

const sizes = want('poller') ? (process.env.BENCH_POLLER_SIZES ?? '10000,100000').split(',').map(Number) : [];
const seconds = Number(process.env.BENCH_POLLER_SECONDS ?? 10);
const poller: PollerResult[] = [];
const outboxResults: OutboxResult[] = [];
/** Each measurement on a fresh database of its own, on every engine. */
const onEach = async (fn: (d: Database) => Promise<void>) => {
  for (const e of engines) await withBenchDatabase(e.url, fn);
};
for (const n of sizes) await onEach(async (d) => void poller.push(await benchPoller(d, n, seconds)));
if (want('outbox')) await onEach(async (d) => void outboxResults.push(await benchOutbox(d, Number(process.env.BENCH_OUTBOX_CONTRACTS ?? 300))));
// Import of a console export (issue 24): 100,000 order rows read, validated and written; XLSX on the embedded engine.
const importRows = want('import') ? Number(process.env.BENCH_IMPORT_ROWS ?? 100_000) : 0;
const importResults: ImportResult[] = [];
// On a shared machine one run says more about the neighbours than about the import: BENCH_IMPORT_RUNS repeats it (the
// goal takes the best run), each on a fresh database; XLSX only in the first.
const importRuns = Math.max(1, Number(process.env.BENCH_IMPORT_RUNS ?? 1));
if (importRows > 0) {
  for (let run = 0; run < importRuns; run++) {
    for (const e of engines) {
      const xlsx = run === 0 && e.name === 'embedded' && process.env.BENCH_IMPORT_XLSX !== 'false';
      await withBenchDatabase(e.url, async (d) => void importResults.push(...(await benchImport(d, importRows, xlsx))));
    }
  }
}
// The set-up-to-first-contract path (issue 24): fresh workspaces set up and given a first contract, over signed HTTP.
const setupWorkspaces = want('setup') ? Number(process.env.BENCH_SETUP_WORKSPACES ?? 20) : 0;
const setupResults: SetupResult[] = [];
if (setupWorkspaces > 0) await onEach(async (d) => void setupResults.push(...(await benchSetup(d, setupWorkspaces))));
// The month-end burst under Slack's rate limits (issue 25), on the first engine (the embedded one).
const burstResults: BurstResult[] = [];
if (want('burst')) {
  const scale = Number(process.env.BENCH_BURST_SCALE ?? 10);
  await withBenchDatabase(engines[0]!.url, async (d) => void burstResults.push(await benchBurst(d, Number(process.env.BENCH_BURST_CONTRACTS ?? 200), scale)));
}
if (poller.length) {
  process.stdout.write(`\npoller: contracts in vendor_signing whose seal is done, all due; ${seconds} s of ticks (batch 200)\n`);
  console.table(poller);
}
if (importResults.length) {
  process.stdout.write('\nimport: order rows (1 in 1,000 bad) read, validated and written in one transaction; "again" = the same file re-imported\n');
  console.table(importResults);
}
if (setupResults.length) {
  process.stdout.write('\nset-up to first contract: a new workspace set up by its installer, then a framework contract saved by a requester (ms per step)\n');
  console.table(setupResults);
}
if (burstResults.length) {
  process.stdout.write(
    `\nmonth-end burst: contracts sealed together, one channel, Slack's limits at ${burstResults[0]!.scale}× their rate (times in Slack's seconds); a person's /contract list and Home every 250 ms meanwhile\n`,
  );
  console.table(burstResults);
}
if (outboxResults.length) {
  process.stdout.write('\noutbox: contracts created and moved while the dispatcher posts to the emulator; latency from commit to delivery\n');
  console.table(outboxResults);
}

// Ack latency, ours against a bare Bolt app, signed requests on loopback (the load generators in this process).
const ackSeconds = want('ack') ? Number(process.env.BENCH_ACK_SECONDS ?? 10) : 0;
const ack: AckRow[] = [];
const ackRss: AckRss[] = [];
if (ackSeconds > 0) {
  // The bare Bolt app runs once, before both of ours.
  const run = async (dbs: { name: string; url?: string }[]) => {
    const r = await benchAck(dbs, ackSeconds);
    ack.push(...r.rows);
    ackRss.push(...r.rss);
  };
  // The embedded engine as `npm start` runs it: the app starts its own cluster in a fresh folder.
  const server = engines.find((e) => e.name === 'server');
  if (server) await withBenchDatabase(server.url, (_d, url) => run([{ name: 'embedded' }, { name: 'server', url }]));
  else await run([{ name: 'embedded' }]);
  const bare = (req: string, load: string) => ack.find((x) => x.target === 'bare Bolt' && x.request === req && x.load === load)!;
  process.stdout.write(
    `\nack latency (ms) and throughput, ${ackSeconds} s runs after a warm-up, each started with every target idle; 300 req/s: latencies of all runs pooled; otherwise the median run; every target in its own process; ratio = ours / bare Bolt\n`,
  );
  console.table(
    ack.map(({ p99VsBare, ...x }) => ({
      ...x,
      'p99 ratio': +(x.p99 / bare(x.request, x.load).p99).toFixed(2),
      // Paced: where the ratio lands in 90% of resamples of both sides' runs (bench/ratio-interval.ts).
      'p99 ratio 90%': p99VsBare ? `${p99VsBare.low.toFixed(2)}–${p99VsBare.high.toFixed(2)}` : '',
      'rps ratio': +(x.rps / bare(x.request, x.load).rps).toFixed(2),
    })),
  );
  process.stdout.write('\nmemory (RSS, MB) of each target process: at rest after start, and the peak seen under the ack load\n');
  console.table(ackRss);
}

// Recovery after kill -9: a short crash soak on the embedded engine; each kill that cut outbox leases reports how long
// until the restarted app took those rows up again.
let resumedMs: number[] | null = null;
if (want('recovery') && process.env.BENCH_RECOVERY !== 'false') {
  const soak = await runSoak({
    pgUrl: engines[0]!.url,
    contracts: 60,
    kills: 4,
    outageMs: 0,
    timeScale: 600,
    deadlineMs: 240_000,
    seed: 5,
    cutLeaseAtKill: true,
    log: () => {},
  });
  resumedMs = soak.orphanedClaimsResumedMs;
  process.stdout.write(
    `\nrecovery: ${soak.kills} kills of the app mid-flight; kill → cut outbox claims taken up again (ms): ${resumedMs.join(', ') || 'none cut'}\n`,
  );
  if (soak.problems.length) process.stdout.write(`  soak problems: ${soak.problems.slice(0, 5).join('; ')}\n`);
}
await stopEngines();

// Cold start: `npm start` on a fresh data folder (embedded cluster, demo seeded, sandbox on) until it prints "ready".
const coldStart = want('cold-start') ? await benchColdStart(Number(process.env.BENCH_COLD_STARTS ?? 3)) : [];
if (coldStart.length) {
  process.stdout.write('\ncold start of npm start to ready (fresh folder: initdb, migrations, demo seed, sandbox)\n');
  console.table(coldStart);
}

const pdf = want('pdf') ? await benchPdf() : [];
if (pdf.length) {
  process.stdout.write('\npdf: 30-order Chinese order contract, formal, with the audit page (warm: the font parsed once per process)\n');
  console.table(pdf);
}

const goalRows = goals({
  ack,
  ackRss,
  poller,
  outbox: outboxResults,
  coldStart,
  pdf,
  resumedMs,
  imports: importResults,
  setup: setupResults,
  burst: burstResults,
});
process.stdout.write('\ngoals: each figure beside its target\n');
console.table(goalRows);

mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine,
      goals: goalRows,
      lifecycle,
      poller,
      outbox: outboxResults,
      imports: importResults,
      setup: setupResults,
      burst: burstResults,
      ack,
      ackRss,
      coldStart,
      pdf,
      resumedMs,
    },
    null,
    2,
  ),
);
process.stdout.write('written bench/results/latest.json\n');
