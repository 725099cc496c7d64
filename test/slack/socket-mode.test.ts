// Socket Mode as Slack runs it: apps.connections.open with the app-level token, the WebSocket's hello, envelopes and
// acks, a refresh (disconnect, reconnect), and `npm start` with SLACK_APP_TOKEN connecting and answering a command.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type App as AppHandle, DEMO_TEAM_ID, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { DEMO_USERS } from '../../src/seed/demo.js';
import { freshDataDir, removeDataDir, startArgs } from '../helpers/app-process.js';
import { useTestDb } from '../helpers/db.js';
import { type HeldAnswers, heldAnswers } from '../helpers/held-answers.js';
import { APP_TOKEN, eventually, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const openConnection = async (emu: SlackEmulator, headers: Record<string, string>, body: Record<string, string> = {}) =>
  (await (
    await fetch(`${emu.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body),
    })
  ).json()) as {
    ok: boolean;
    error?: string;
    url?: string;
  };

describe('apps.connections.open and the WebSocket, at the emulator', () => {
  const emu = new SlackEmulator({ teamId: 'T1', appToken: APP_TOKEN, transport: 'socket' });
  beforeAll(() => emu.start());
  afterAll(() => emu.stop());

  it('takes the app-level token in the Authorization header only', async () => {
    expect(await openConnection(emu, {})).toEqual({ ok: false, error: 'not_authed' });
    expect(await openConnection(emu, {}, { token: APP_TOKEN })).toEqual({ ok: false, error: 'invalid_arguments' });
    expect(await openConnection(emu, { authorization: 'Bearer xoxb-test' })).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await openConnection(emu, { authorization: 'Bearer xapp-1-someone-else' })).toEqual({ ok: false, error: 'invalid_auth' });
    const r = await openConnection(emu, { authorization: `Bearer ${APP_TOKEN}` });
    expect(r.ok).toBe(true);
    expect(r.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=\w+&app_id=A0CONTRACT$/);
  });

  it('greets a connection with hello, once per single-use ticket, and takes an ack with a payload', async () => {
    const { url } = await openConnection(emu, { authorization: `Bearer ${APP_TOKEN}` });
    const ws = new WebSocket(url!);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
    await eventually(() => frames.length > 0, 'hello');
    const hello = { type: 'hello', num_connections: 1, connection_info: { app_id: 'A0CONTRACT' }, debug_info: { approximate_connection_time: 3600 } };
    expect(frames[0]).toMatchObject(hello);

    // The app answers a slash command with a message in its ack, as it could in an HTTP response body.
    const delivered = emu.socketMode.deliver('slash_commands', { command: '/contract', text: 'help' }, true);
    const envelope = await eventually(() => frames.find((f) => f.type === 'slash_commands'), 'the envelope');
    expect(envelope).toMatchObject({ accepts_response_payload: true, payload: { command: '/contract', text: 'help' } });
    expect(envelope.envelope_id).toEqual(expect.any(String));
    ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: 'hi' } }));
    expect(await delivered).toEqual({ acked: true, payload: { text: 'hi' } });
    // A second ack of the same envelope is noted, not taken.
    ws.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
    await eventually(() => emu.socketMode.strayFrames.length === 1, 'the stray ack');
    emu.socketMode.strayFrames.length = 0;

    const again = await new Promise<number>((resolve) => {
      const second = new WebSocket(url!);
      second.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      second.on('open', () => resolve(101));
    });
    expect(again).toBe(401);
    ws.close();
  });

  it('sends commands and interactions as Slack does, and shows what the acks answer', async () => {
    emu.users.set('U1', { id: 'U1', name: 'a', locale: 'zh-CN' });
    const { url } = await openConnection(emu, { authorization: `Bearer ${APP_TOKEN}` });
    const ws = new WebSocket(url!);
    const frames: Record<string, unknown>[] = [];
    const acks: Record<string, unknown> = {};
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as Record<string, unknown>;
      frames.push(f);
      if (f.envelope_id) ws.send(JSON.stringify({ envelope_id: f.envelope_id, ...(acks[String(f.type)] ? { payload: acks[String(f.type)] } : {}) }));
    });
    await eventually(() => frames.length > 0, 'hello');

    // A message in a slash command's ack is shown to its author at once.
    acks.slash_commands = { response_type: 'ephemeral', text: '收到' };
    const cmd = await emu.command('U1', 'help');
    expect(cmd).toMatchObject({ status: 200, json: { text: '收到' } });
    expect(emu.ephemeralsFor('U1').at(-1)?.text).toBe('收到');
    const command = { command: '/contract', text: 'help', user_id: 'U1' };
    expect(frames.at(-1)).toMatchObject({ type: 'slash_commands', accepts_response_payload: true, payload: command });

    // A modal opened with notify_on_close: closing it sends view_closed; events carry the Events API wrapper.
    const trigger = (emu as unknown as { issueTrigger(u: string): string }).issueTrigger('U1');
    await fetch(`${emu.apiUrl}views.open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${emu.botToken()}` },
      body: JSON.stringify({ trigger_id: trigger, view: { type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [], notify_on_close: true } }),
    });
    expect((await emu.closeView('U1'))?.status).toBe(200);
    expect(frames.at(-1)).toMatchObject({ type: 'interactive', accepts_response_payload: true, payload: { type: 'view_closed', user: { id: 'U1' } } });
    await emu.openHome('U1');
    const event = { type: 'event_callback', event: { type: 'app_home_opened', user: 'U1' } };
    expect(frames.at(-1)).toMatchObject({ type: 'events_api', accepts_response_payload: false, retry_attempt: 0, payload: event });
    ws.close();
  });
});

describe('the app over Socket Mode', () => {
  const s = useSlackApp({ transport: 'socket' });

  it('has no HTTP endpoint for Slack: payloads come over the socket only', async () => {
    await s.workspace();
    const r = await s.emu.raw('command=%2Fcontract&text=help', {});
    expect(r.status).toBe(404);
    expect(s.emu.socketMode.connections).toBe(1);
  });

  it('reconnects after a refresh_requested disconnect and goes on answering', async () => {
    await s.workspace();
    const opened = s.emu.socketMode.opened;
    s.emu.socketMode.disconnect('refresh_requested');
    // @slack/socket-mode closes, waits its reconnect delay (5 s by default) and dials a new URL.
    await eventually(() => s.emu.socketMode.opened === opened + 1 && s.emu.socketMode.connections === 1, 'the reconnect', 15_000);
    expect(s.emu.calls.filter((c) => c.method === 'apps.connections.open').length).toBe(opened + 1);
    const help = await nextEphemeral(s.emu, U.colleague, () => s.emu.command(U.colleague, 'help'));
    expect(help.text).toBe('Contract desk · help');
  }, 20_000);
});

describe('start-up in Socket Mode', () => {
  const db = useTestDb();
  const emu = new SlackEmulator({ teamId: 'T0UNKNOWN', botToken: 'xoxb-test', appToken: APP_TOKEN, transport: 'socket' });
  beforeAll(() => emu.start());
  afterAll(() => emu.stop());
  const start = (appToken: string) =>
    startApp(
      loadConfig({
        PORT: '0',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        JOBS_ENABLED: 'false',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_APP_TOKEN: appToken,
        SLACK_API_URL: emu.apiUrl,
      }),
      createLogger('silent'),
      { database: db.database, clock: () => db.now },
    );

  it('waits out a Slack outage and connects when Slack answers again', async () => {
    emu.outageUntil = Date.now() + 2_500;
    const t0 = Date.now();
    const app = await start(APP_TOKEN);
    try {
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2_000);
      expect(emu.socketMode.connections).toBe(1);
      expect(emu.calls.filter((c) => c.method === 'outage:apps.connections.open').length).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
  }, 30_000);

  it("stops with Slack's error when the app-level token is refused, and releases what it started", async () => {
    const servers = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    await expect(start('xapp-1-revoked')).rejects.toThrow(/invalid_auth/);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length).toBe(servers);
  });
});

describe('npm start with SLACK_APP_TOKEN', () => {
  let child: ChildProcess | null = null;
  const dataDir = freshDataDir('contract-desk-socket-');
  const emu = new SlackEmulator({
    teamId: DEMO_TEAM_ID,
    botToken: 'xoxb-start-test',
    appToken: APP_TOKEN,
    transport: 'socket',
    users: Object.values(DEMO_USERS).map((u) => ({ id: u.id, name: u.name, locale: u.id === U.colleague ? 'en-US' : 'zh-CN' })),
  });
  beforeAll(() => emu.start());
  afterAll(async () => {
    child?.kill('SIGKILL');
    await emu.stop();
    removeDataDir(dataDir);
  });

  it('connects to Slack (here the emulator) and answers a slash command', async () => {
    // The process as `npm start` runs it, on its own data folder (its embedded PostgreSQL), told only what a deployment is told.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      SLACK_BOT_TOKEN: 'xoxb-start-test',
      SLACK_SIGNING_SECRET: 'unused-in-socket-mode',
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: emu.apiUrl,
      // With Slack the demo company is seeded only when named: here, as the workspace this test speaks for.
      SEED_DEMO: DEMO_TEAM_ID,
    };
    child = spawn(process.execPath, startArgs(), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await eventually(() => out.includes('contract-desk ready at'), `start-up (output so far: ${out.slice(0, 500)})`, 60_000);
    expect(out).not.toContain('Slack sandbox');
    expect(emu.socketMode.connections).toBe(1);
    expect(emu.calls.map((c) => c.method)).toContain('apps.connections.open');

    const help = await nextEphemeral(emu, U.colleague, () => emu.command(U.colleague, 'help'));
    expect(help.text).toBe('Contract desk · help');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;
  }, 90_000);
});

describe('load shedding over Socket Mode', () => {
  const db = useTestDb();
  const emu = new SlackEmulator({ teamId: 'T0UNKNOWN', botToken: 'xoxb-test', appToken: APP_TOKEN, transport: 'socket' });
  let app: AppHandle;
  let answers: HeldAnswers;
  beforeAll(async () => {
    // A response_url that takes its time keeps the /contract listener in flight until it answers.
    answers = await heldAnswers();
    await emu.start();
    const config = loadConfig({
      PORT: '0',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      JOBS_ENABLED: 'false',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: emu.apiUrl,
      SLACK_MAX_IN_FLIGHT: '2',
    });
    app = await startApp(config, createLogger('silent'), { database: db.database, clock: () => db.now });
  });
  afterAll(async () => {
    answers.release();
    await app?.stop();
    await emu.stop();
    await answers.close();
  });

  let n = 0;
  const command = () =>
    emu.socketMode.deliver(
      'slash_commands',
      { team_id: 'T0UNKNOWN', user_id: U.requester, command: '/contract', text: `help ${n++}`, trigger_id: String(n), response_url: answers.url },
      true,
    );

  it('acks up to the limit, leaves the next envelope unacknowledged (Slack\'s "did not respond"), and takes them again once work finishes', async () => {
    expect((await command()).acked).toBe(true);
    expect((await command()).acked).toBe(true);
    await eventually(() => answers.held.length === 2, 'both answers under way');
    expect(app.slack.inFlight()).toBe(2);
    expect(await command()).toEqual({ acked: false, reason: 'no_ack' });
    answers.held.shift()!.end('ok');
    await eventually(() => app.slack.inFlight() === 1, 'the first to finish');
    expect((await command()).acked).toBe(true);
  }, 15_000);
});
