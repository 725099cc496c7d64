// Ack latency of /contract and of an Approve click, ours against a bare Bolt app that only acks the same requests.
// Every request is freshly signed (our replay guard refuses a signature seen before), by autocannon's setupRequest.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { App, HTTPReceiver } from '@slack/bolt';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { createLogger } from '../src/log.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { DEMO_USERS, seedDemoAccount } from '../src/seed/demo.js';
import { signSlackRequest } from '../src/slack/signing.js';

const SECRET = 'bench-secret';

export interface AckRow {
  target: string;
  request: string;
  load: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
}

function bodies(teamId: string, emulatorUrl: string) {
  return {
    command: () =>
      new URLSearchParams({ team_id: teamId, user_id: DEMO_USERS.requester.id, command: '/contract', text: 'help', trigger_id: randomBytes(8).toString('hex'), channel_id: 'D1', response_url: `${emulatorUrl}/respond/D1/${DEMO_USERS.requester.id}` }).toString(),
    approve: () =>
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          team: { id: teamId },
          user: { id: DEMO_USERS.approver.id, team_id: teamId },
          trigger_id: randomBytes(8).toString('hex'),
          actions: [{ action_id: 'approval:approve', block_id: 'b', type: 'button', value: '00000000-0000-4000-8000-000000000000:1', action_ts: String(Date.now() / 1000) }],
          container: { type: 'message', channel_id: 'D1', message_ts: '1.1' },
          channel: { id: 'D1' },
        }),
      }).toString(),
  };
}

async function load(url: string, make: () => string, mode: 'rate' | 'flat', seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/slack/events`,
    method: 'POST',
    duration: seconds,
    ...(mode === 'rate' ? { connections: 20, overallRate: 300 } : { connections: 50 }),
    requests: [
      {
        setupRequest: (req) => {
          const body = make();
          const ts = Math.floor(Date.now() / 1000);
          return { ...req, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SECRET, ts, body) } };
        },
      },
    ],
  });
}

/** A Bolt app that acknowledges the same requests and does nothing else: the floor. */
async function bareBolt(): Promise<{ url: string; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: ['/slack/events'] });
  const app = new App({ receiver, token: 'xoxb-bare', botId: 'B1', botUserId: 'U1', logLevel: undefined, logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} } });
  app.command('/contract', async ({ ack }) => ack());
  app.action('approval:approve', async ({ ack }) => ack());
  const server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise((r) => server.close(() => r())) };
}

export async function benchAck(databases: { name: string; database: Database }[], seconds: number): Promise<{ rows: AckRow[]; rssMb: Record<string, number> }> {
  const rows: AckRow[] = [];
  const rssMb: Record<string, number> = {};
  const run = async (target: string, url: string, b: ReturnType<typeof bodies>) => {
    for (const request of ['command', 'approve'] as const) {
      for (const mode of ['rate', 'flat'] as const) {
        const r = await load(url, b[request], mode, seconds);
        rows.push({ target, request, load: mode === 'rate' ? '300 req/s' : '50 conns', rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, non2xx: r.non2xx });
      }
    }
    rssMb[target] = Math.round(process.memoryUsage().rss / 2 ** 20);
  };
  const bare = await bareBolt();
  await run('bare Bolt', bare.url, bodies('T0BENCH', 'http://127.0.0.1:9'));
  await bare.stop();
  for (const { name, database } of databases) {
    const emu = new SlackEmulator({ teamId: `TACK${Date.now()}` });
    await emu.start();
    await seedDemoAccount(database.db, { teamId: emu.teamId, orderCount: 20, filingCount: 0 });
    const config = loadConfig({ PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: emu.apiUrl });
    const app = await startApp(config, createLogger('silent'), { database });
    await run(`contract-desk (${name})`, app.url, bodies(emu.teamId, emu.url));
    await app.stop();
    await emu.stop();
  }
  return { rows, rssMb };
}
