// One side of the ack bench, in a process of its own so the load generator and Slack's stand-in do not share its
// event loop: `bare` (a Bolt app that only acks), `ours` (contract-desk on its embedded PostgreSQL or DATABASE_URL) or `emulator`.
// Prints one JSON line {url, pid} when ready, then serves until killed. bench/built-target.ts compiles it to run as
// `npm start` runs the app (plain Node on the build in .build/), not through tsx.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, HTTPReceiver } from '@slack/bolt';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/log.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { DEMO_USERS, seedDemoAccount } from '../src/seed/demo.js';
import { BENCH_SECRET } from './secret.js';

const ready = (url: string) => process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
const mode = process.argv[2];
// A profiled run (--cpu-prof) writes its profile only on a clean exit; `ours` first stops its embedded cluster.
let beforeExit: () => Promise<void> = async () => {};
// process.exit in finally() ends the process before a rejection of beforeExit() could go unhandled.
process.on('SIGTERM', () => void beforeExit().finally(() => process.exit(0)));

if (mode === 'bare') {
  const receiver = new HTTPReceiver({ signingSecret: BENCH_SECRET, endpoints: ['/slack/events'] });
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} };
  const app = new App({ receiver, token: 'xoxb-bare', botId: 'B1', botUserId: 'U1', logger: quiet });
  app.command('/contract', async ({ ack }) => ack());
  app.action('approval:approve', async ({ ack }) => ack());
  const server = createServer((req, res) => receiver.requestListener(req, res));
  server.listen(0, '127.0.0.1', () => ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
} else if (mode === 'emulator') {
  const emu = new SlackEmulator({
    teamId: process.env.TEAM ?? 'T0BENCH',
    botToken: 'xoxb-bench',
    users: Object.values(DEMO_USERS).map((u) => ({ id: u.id, name: u.name, locale: 'zh-CN' })),
  });
  const url = await emu.start();
  // How much of the app's work after its acks is done: the answers it sent through response_url, counted here.
  let seen = 0;
  let answered = 0;
  const stats = createServer((_req, res) => {
    for (; seen < emu.calls.length; seen++) if (emu.calls[seen]!.method === 'response_url') answered += 1;
    res.end(JSON.stringify({ answered }));
  });
  stats.listen(0, '127.0.0.1', () =>
    process.stdout.write(`${JSON.stringify({ url, pid: process.pid, statsUrl: `http://127.0.0.1:${(stats.address() as AddressInfo).port}` })}\n`),
  );
} else if (mode === 'ours') {
  const dataDir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), 'cd-bench-'));
  if (dataDir) chmodSync(dataDir, 0o755); // as root the cluster runs as the postgres user, which must reach the folder
  const database = await openDatabase(dataDir ? { dataDir } : { url: process.env.DATABASE_URL!, poolMax: Number(process.env.DB_POOL_MAX ?? 10) });
  await seedDemoAccount(database.db, { teamId: process.env.TEAM ?? 'T0BENCH', orderCount: 20, filingCount: 0 });
  const config = loadConfig({
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: BENCH_SECRET,
    SLACK_API_URL: process.env.SLACK_API_URL,
  });
  const app = await startApp(config, createLogger('silent'), { database });
  // The embedded cluster runs detached (it outlives a killed app by design), so a bench that only killed this process
  // would leave one PostgreSQL behind per run.
  beforeExit = async () => {
    await app.stop();
    await database.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  ready(app.url);
} else {
  process.stderr.write('usage: ack-target.ts bare|ours|emulator\n');
  process.exit(2);
}
