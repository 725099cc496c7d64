// Slack's rate limits as the emulator enforces them (src/slack/rate-limits.ts's numbers): per method per workspace,
// per channel for posts, 429 with Retry-After and `ratelimited`, nothing done; and the table covers every method.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { RateLimits } from '../../src/sandbox/emulator/rate-limits.js';
import { webApi } from '../../src/sandbox/emulator/web-api.js';
import { lanesFor, METHOD_LIMITS, NON_MARKETPLACE_HISTORY, POST_PER_CHANNEL, TIERS } from '../../src/slack/rate-limits.js';

// The budgets' clock stands still unless a test moves it: a slow machine must not refill a bucket between two calls.
const emu = new SlackEmulator({ teamId: 'T0LIMITS', botToken: 'xoxb-limits', rateLimits: { now: () => 1_000_000 } });
// Other workspaces, each with the bot's own token there: their budgets are their own.
emu.createTeam({ id: 'T0OTHER', botToken: 'xoxb-other' });
emu.createTeam({ id: 'T0CLIENT', botToken: 'xoxb-client' });
beforeAll(() => emu.start());
afterAll(() => emu.stop());
beforeEach(() => {
  emu.rateLimits.reset();
  emu.rateLimits.nonMarketplace = false;
});

const call = (method: string, args: Record<string, unknown>, token = 'xoxb-limits') =>
  fetch(`${emu.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the table', () => {
  it('has a tier, a source and a budget for every method the app calls and the emulator answers', () => {
    const called = new Set<string>();
    for (const f of sourceFiles('src').filter((p) => !p.includes(`${join('src', 'sandbox')}`))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/client\.([a-z]+)\.([a-zA-Z]+)(?:\.([a-zA-Z]+))?\(/g))
        called.add([m[1], m[2], m[3]].filter(Boolean).join('.'));
      if (readFileSync(f, 'utf8').includes('filesUploadV2')) ['files.getUploadURLExternal', 'files.completeUploadExternal'].forEach((m) => called.add(m));
    }
    for (const m of ['apps.connections.open', 'files.info', 'oauth.v2.access', ...Object.keys(webApi)]) called.add(m);
    const missing = [...called].filter((m) => !METHOD_LIMITS[m]);
    expect(missing).toEqual([]);
    for (const [m, l] of Object.entries(METHOD_LIMITS)) {
      expect(l.source, m).toMatch(/^https:\/\/(api\.slack\.com|docs\.slack\.dev)\//);
      expect(l.perMinute, m).toBeGreaterThan(0);
      expect(l.burst, m).toBeGreaterThanOrEqual(1);
    }
    expect(TIERS[1].perMinute).toBe(1);
    expect(TIERS[2].perMinute).toBe(20);
    expect(TIERS[3].perMinute).toBe(50);
    expect(TIERS[4].perMinute).toBe(100);
  });

  it('a post draws on its method and on its channel; history and replies fall to one a minute outside the Marketplace', () => {
    expect(lanesFor('chat.postMessage', 'C1').map((l) => [l.key, l.perMinute])).toEqual([
      ['chat.postMessage', METHOD_LIMITS['chat.postMessage']!.perMinute],
      ['chat.postMessage C1', 60],
    ]);
    expect(lanesFor('chat.update', 'C1').map((l) => l.key)).toEqual(['chat.update']);
    expect(lanesFor('conversations.replies', 'C1')[0]!.perMinute).toBe(50);
    expect(lanesFor('conversations.replies', 'C1', { nonMarketplace: true })[0]!.perMinute).toBe(1);
    expect(lanesFor('response_url', null)).toEqual([]);
  });
});

describe('the emulator refuses what Slack would', () => {
  it('a channel takes a short burst of posts, then 429 with Retry-After and ratelimited, and nothing is posted', async () => {
    for (let i = 0; i < POST_PER_CHANNEL.burst; i++) expect((await call('chat.postMessage', { channel: 'C0BUSY', text: `m${i}` })).status).toBe(200);
    const r = await call('chat.postMessage', { channel: 'C0BUSY', text: 'one too many' });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await r.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(emu.messages('C0BUSY').map((m) => m.text)).not.toContain('one too many');
    expect(emu.calls.at(-1)!.method).toBe('ratelimited:chat.postMessage');
    // Another channel, another method, another workspace's token: not restricted.
    expect((await call('chat.postMessage', { channel: 'C0QUIET', text: 'here' })).status).toBe(200);
    expect((await call('chat.update', { channel: 'C0BUSY', ts: emu.messages('C0BUSY')[0]!.ts, text: 'edited' })).status).toBe(200);
    expect((await call('chat.postMessage', { channel: 'C0BUSY', text: 'other workspace' }, 'xoxb-other')).status).toBe(200);
  });

  it("a tier's minute of calls, then 429 for that method only", async () => {
    const update = (i: number) => call('chat.update', { channel: 'C0EDIT', ts: '1.1', text: `v${i}` });
    const answers = [];
    for (let i = 0; i < TIERS[3].burst + 1; i++) answers.push((await update(i)).status);
    expect(answers.filter((s) => s === 429)).toHaveLength(1);
    expect(answers.at(-1)).toBe(429);
    expect((await call('views.publish', { user_id: 'U1', view: { type: 'home', blocks: [] } })).status).toBe(200);
  });

  it('outside the Marketplace: conversations.replies once a minute, 15 messages a page', async () => {
    emu.rateLimits.nonMarketplace = true;
    for (let i = 0; i < 20; i++) await call('chat.postMessage', { channel: `C0HIST${i}`, text: 'x' });
    const root = emu.messages('C0HIST0')[0]!;
    for (let i = 0; i < 20; i++) emu.postAsUser('U1', 'C0HIST0', `reply ${i}`, root.ts);
    const first = await call('conversations.replies', { channel: 'C0HIST0', ts: root.ts, limit: 200 });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { messages: unknown[] }).messages).toHaveLength(NON_MARKETPLACE_HISTORY.pageLimit);
    const second = await call('conversations.replies', { channel: 'C0HIST0', ts: root.ts });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(1);
  });

  it('a WebClient sees a rate-limited call as Slack answers it: WebAPIRateLimitedError with Retry-After', async () => {
    const client = new WebClient('xoxb-client', { slackApiUrl: emu.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    for (let i = 0; i < POST_PER_CHANNEL.burst; i++) await client.chat.postMessage({ channel: 'C0WEB', text: `m${i}` });
    await expect(client.chat.postMessage({ channel: 'C0WEB', text: 'late' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
  });

  it('budgets refill at their rate: a second later the channel takes one more post', () => {
    let now = 1_000_000;
    const limits = new RateLimits({ now: () => now });
    const post = () => limits.check('chat.postMessage', 'T1', 'C1');
    for (let i = 0; i < POST_PER_CHANNEL.burst; i++) expect(post()).toBeNull();
    expect(post()).toBe(1);
    now += 999;
    expect(post()).toBe(1);
    now += 1;
    expect(post()).toBeNull();
    expect(post()).toBe(1);
    expect(limits.refused.get('chat.postMessage')).toBe(3);
  });

  it('off, nothing is refused', () => {
    const limits = new RateLimits({ enabled: false });
    for (let i = 0; i < 100; i++) expect(limits.check('chat.postMessage', 'T1', 'C1')).toBeNull();
  });
});
