// `npm run soak`: the long crash soak (1,000 contracts, a dozen SIGKILLs, a minute of Slack outage) on an embedded
// PostgreSQL of its own in a temporary folder, or on the server DATABASE_URL names.
// Knobs: SOAK_CONTRACTS, SOAK_KILLS, SOAK_OUTAGE_S, SOAK_TIME_SCALE, SOAK_DEADLINE_S, DATABASE_URL.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '../../src/db/embedded.js';
import { runSoak } from './driver.js';

const folder = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), 'cd-soak-pg-'));
if (folder) chmodSync(folder, 0o755);
const cluster = folder ? await startEmbedded({ dataDir: folder }) : null;

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const started = new Date();
const report = await runSoak({
  pgUrl: process.env.DATABASE_URL ?? cluster!.url,
  contracts: num('SOAK_CONTRACTS', 1000),
  kills: num('SOAK_KILLS', 12),
  outageMs: num('SOAK_OUTAGE_S', 60) * 1000,
  timeScale: num('SOAK_TIME_SCALE', 600),
  deadlineMs: num('SOAK_DEADLINE_S', 1200) * 1000,
  seed: num('SOAK_SEED', 7),
  log: (l) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${l}\n`),
});
await cluster?.stop();
if (folder) rmSync(folder, { recursive: true, force: true });
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/soak.json', JSON.stringify({ started, ...report }, null, 2));
process.stdout.write(`\n${JSON.stringify({ ...report, problems: report.problems.slice(0, 20) }, null, 2)}\n`);
process.stdout.write(
  report.problems.length
    ? `\nSOAK FAILED: ${report.problems.length} problems\n`
    : `\nSOAK PASSED: ${report.created} contracts, ${report.kills} kills, ${report.outageMs / 1000} s outage, ${report.seconds} s\n`,
);
process.exit(report.problems.length ? 1 : 0);
