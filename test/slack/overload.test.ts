// Load shedding: Slack requests still being worked on, after their ack included, are counted; past the limit new ones
// get 503 at once, before Bolt reads them, and are taken again as soon as work finishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App as AppHandle, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { signSlackRequest } from '../../src/slack/request-signature.js';
import { useTestDb } from '../helpers/db.js';
import { type HeldAnswers, heldAnswers } from '../helpers/held-answers.js';
import { eventually, SECRET, U } from '../helpers/slack.js';

const db = useTestDb();
let app: AppHandle;
const emu = new SlackEmulator({ teamId: 'T0UNKNOWN', botToken: 'xoxb-test' });
let answers: HeldAnswers;

beforeAll(async () => {
  // A response_url that takes its time keeps the /contract listener in flight until it answers.
  answers = await heldAnswers();
  const config = loadConfig({
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: await emu.start().then(() => emu.apiUrl),
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
async function command(): Promise<{ status: number; retryAfter: string | null }> {
  const body = new URLSearchParams({
    team_id: 'T0UNKNOWN',
    user_id: U.requester,
    command: '/contract',
    text: `help ${n++}`,
    trigger_id: String(n),
    response_url: answers.url,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${app.url}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(SECRET, ts, body),
    },
  });
  await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}
const inFlight = async () => ((await (await fetch(`${app.url}/healthz`)).json()) as { slackInFlight: number }).slackInFlight;

describe('load shedding', () => {
  it('acks up to the limit, refuses with 503 and Retry-After beyond it, and takes requests again once work finishes', async () => {
    expect((await command()).status).toBe(200);
    expect((await command()).status).toBe(200);
    await eventually(() => answers.held.length === 2, 'both answers under way');
    expect(await inFlight()).toBe(2);
    expect(await command()).toEqual({ status: 503, retryAfter: '1' });
    answers.held.shift()!.end('ok');
    await eventually(async () => (await inFlight()) === 1, 'the first to finish');
    expect((await command()).status).toBe(200);
  });
});
