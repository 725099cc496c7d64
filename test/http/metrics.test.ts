// What an operator sees of Slack's limits and the outbox (issue 25): /metrics in Prometheus's text format (prom-client)
// and /healthz, per method the calls and the 429s, the backlog, the oldest undelivered row's age and the rows parked.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, must } from '../helpers/flows.js';
import { useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

const metrics = async () => {
  const r = await fetch(`${s.app.url}/metrics`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.text();
};
/** The value of one sample, by metric name and (some of) its labels. */
const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
  const line = text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .find((l) => Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describe('/metrics and /healthz', () => {
  it('count the calls and the 429s per method, and show the backlog, its oldest row and the parked rows', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const before = await metrics();
    const posts = sample(before, 'contract_desk_slack_calls_total', { method: 'chat.postMessage', caller: 'background', status: '200' }) ?? 0;

    // One contract created: its row waits, then is delivered; Slack answers the first post 429 (the gate waits and
    // sends it again: counted once as a 429 and once as a post).
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    const waiting = await metrics();
    expect(sample(waiting, 'contract_desk_outbox_pending')).toBeGreaterThanOrEqual(1);
    // The row was written at the test's clock, days before the database's now(): its age shows.
    expect(sample(waiting, 'contract_desk_outbox_oldest_undelivered_seconds')).toBeGreaterThan(60);
    s.emu.failures.set('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 1, times: 1 });
    await s.drain();
    const after = await metrics();
    expect(sample(after, 'contract_desk_slack_calls_total', { method: 'chat.postMessage', caller: 'background', status: '200' })).toBeGreaterThan(posts);
    expect(sample(after, 'contract_desk_slack_ratelimited_total', { method: 'chat.postMessage' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'contract_desk_outbox_pending')).toBe(0);
    expect(sample(after, 'contract_desk_outbox_oldest_undelivered_seconds')).toBe(0);

    // A row parked after real failures shows.
    await s.db.ctx.db.update(outbox).set({ parkedAt: s.db.now }).where(eq(outbox.contractId, f.id));
    expect(sample(await metrics(), 'contract_desk_outbox_parked')).toBeGreaterThanOrEqual(1);

    const health = (await (await fetch(`${s.app.url}/healthz`)).json()) as {
      slackCalls: Record<string, { calls: number; ratelimited: number }>;
      outbox: { pending: number; parked: number; oldestPendingSeconds: number };
    };
    expect(health.slackCalls['chat.postMessage']!.ratelimited).toBeGreaterThanOrEqual(1);
    expect(health.outbox.parked).toBeGreaterThanOrEqual(1);
    expect(health.outbox.pending).toBe(0);
  });
});
