// The gate every Web API call passes (src/slack/gate.ts), against the emulator's rate limits: it holds calls until
// Slack's budget allows them, serves people before background work, waits out a 429 for every caller, and times out
// a request, not the wait before it.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { SlackGate } from '../../src/slack/gate.js';
import { POST_PER_CHANNEL } from '../../src/slack/rate-limits.js';

const emu = new SlackEmulator({ teamId: 'T0GATE', rateLimits: { enabled: true } });
beforeAll(() => emu.start());
afterAll(() => emu.stop());

/** A client with this token, each token the bot's in a workspace of its own (budgets are per workspace), read from now on. */
function clientOf(gate: SlackGate, caller: 'people' | 'background', token: string, o: { timeoutMs?: number } = {}) {
  const team = `T0${token.replace(/\W/g, '').toUpperCase()}`;
  if (!emu.teams().some((t) => t.id === team)) emu.createTeam({ id: team, botToken: token });
  emu.use(team);
  return new WebClient(token, { slackApiUrl: emu.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, fetch: gate.fetchFor(caller, o) });
}

const refused = () => emu.calls.filter((c) => c.method.startsWith('ratelimited:')).length;

describe('the gate', () => {
  it('paces a burst of posts into one channel to what Slack allows: every post arrives, none is refused', async () => {
    const gate = new SlackGate();
    const bot = clientOf(gate, 'background', 'xoxb-pace');
    const before = refused();
    const n = POST_PER_CHANNEL.burst + 4;
    await Promise.all(Array.from({ length: n }, (_, i) => bot.chat.postMessage({ channel: 'C0PACE', text: `post ${i}` })));
    expect(emu.messages('C0PACE')).toHaveLength(n);
    expect(refused()).toBe(before);
    expect(gate.methodStats()['chat.postMessage']).toEqual({ calls: n, ratelimited: 0 });
  });

  it('serves a person before the background calls queued ahead in the same budget, and leaves a background burst a token short', async () => {
    const gate = new SlackGate();
    const bot = clientOf(gate, 'background', 'xoxb-people');
    const person = clientOf(gate, 'people', 'xoxb-people');
    const queued = Array.from({ length: POST_PER_CHANNEL.burst + 4 }, (_, i) => bot.chat.postMessage({ channel: 'D0PERSON', text: `notice ${i}` }));
    // The background burst left a token: the person's post goes at once, ahead of the queue.
    await person.chat.postMessage({ channel: 'D0PERSON', text: 'answer to a click' });
    const texts = () => emu.messages('D0PERSON').map((m) => m.text);
    expect(texts().filter((t) => t.startsWith('notice')).length).toBeLessThan(POST_PER_CHANNEL.burst);
    // A second click while notices are still queued: it is next, not last.
    await person.chat.postMessage({ channel: 'D0PERSON', text: 'second click' });
    await Promise.all(queued);
    const order = texts();
    expect(order.indexOf('second click')).toBeLessThan(order.indexOf(`notice ${POST_PER_CHANNEL.burst + 3}`));
    expect(order.filter((t) => t.startsWith('notice'))).toHaveLength(POST_PER_CHANNEL.burst + 4);
  });

  it('a 429 Slack sends anyway pauses the method for every caller for Retry-After, and the call is sent again: its caller never sees it', async () => {
    const gate = new SlackGate();
    const bot = clientOf(gate, 'background', 'xoxb-429');
    emu.failures.set('views.publish', { error: 'ratelimited', status: 429, retryAfter: 1, times: 1 });
    const view = { type: 'home' as const, blocks: [] };
    const [a, b] = await Promise.all([bot.views.publish({ user_id: 'U1', view }), bot.views.publish({ user_id: 'U2', view })]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(gate.methodStats()['views.publish']).toEqual({ calls: 3, ratelimited: 1 });
  });

  it('times out the request itself, not the wait for the budget: a post queued for seconds still arrives', async () => {
    const gate = new SlackGate();
    const bot = clientOf(gate, 'background', 'xoxb-timeout', { timeoutMs: 400 });
    const n = POST_PER_CHANNEL.burst + 2;
    const sent = await Promise.all(Array.from({ length: n }, (_, i) => bot.chat.postMessage({ channel: 'C0SLOWQ', text: `q${i}` })));
    expect(sent.every((r) => r.ok)).toBe(true);
    // …while a request Slack never answers still times out.
    emu.lostAnswers.set('chat.postMessage', { mode: 'hang', times: 1, channel: 'C0HANG' });
    await expect(bot.chat.postMessage({ channel: 'C0HANG', text: 'lost' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
  });

  it('lets response_url posts and file uploads through without a budget', async () => {
    const gate = new SlackGate();
    const res = await gate.fetchFor('people')(`${emu.url}/respond/T0GATE/C0RESP/U1`, { method: 'POST', body: JSON.stringify({ text: 'only you' }) });
    expect(res.status).toBe(200);
    expect(gate.methodStats().response_url).toEqual({ calls: 1, ratelimited: 0 });
  });

  it("keys budgets by workspace: a second token of the same workspace (rotated, the installer's) shares its lanes", async () => {
    // Slack's own budget stands still here (no refill): what the gate lets through is what it believes is left.
    const sent: string[] = [];
    const stub: typeof fetch = async (_input, init) => {
      sent.push(String(new Headers(init?.headers).get('authorization')));
      return new Response(JSON.stringify({ ok: true, channel: 'C1', ts: '1.1' }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const post = (g: SlackGate, token: string) =>
      new WebClient(token, { slackApiUrl: 'http://slack.invalid/api/', retryConfig: { retries: 0 }, fetch: g.fetchFor('background') });
    const run = async (workspaceOf?: (t: string) => string | null) => {
      sent.length = 0;
      const gate = new SlackGate({ fetch: stub, now: () => 1_000_000, ...(workspaceOf ? { workspaceOf } : {}) });
      const calls = [...Array.from({ length: POST_PER_CHANNEL.burst }, () => post(gate, 'xoxb-old')), post(gate, 'xoxb-new')].map((c, i) =>
        c.chat.postMessage({ channel: 'C1', text: `m${i}` }).catch(() => null),
      );
      await new Promise((r) => setTimeout(r, 200));
      const n = sent.length;
      gate.close();
      await Promise.all(calls);
      return n;
    };
    // One workspace: what the gate leaves of the channel's burst goes, and the new token's post waits with the rest;
    // unknown tokens have lanes of their own, so there the new token's post goes at once beside the old token's.
    const shared = await run(() => 'T0SAME');
    const apart = await run();
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThan(POST_PER_CHANNEL.burst);
    expect(apart).toBe(shared + 1);
  });
});
