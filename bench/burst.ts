// The month-end burst (issue 25): 200 vendor-sealed order contracts, converted beforehand, are sealed together and
// turn effective at once, all in one notification channel, against an emulator that enforces Slack's rate limits.
// Measured: the time until the last thread post against the least time Slack's limits allow for the calls the app
// made (each budget's calls beyond its burst, at its rate; the slowest budget decides), the share of calls Slack
// answered 429, rows parked, Web API calls per status change, and how long a person's click (/contract list, answered
// by an ephemeral, and opening their Home, answered by a views.publish) took while the burst was being delivered.
//
// Slack's limits run at BENCH_BURST_SCALE times their rate (default 10) in the emulator and the app's gate alike, so
// a burst that takes Slack three minutes takes this bench twenty seconds; times are printed in Slack's seconds (the
// measured time times the scale), clicks in real milliseconds.
import { sql } from 'drizzle-orm';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { createLogger } from '../src/log.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { DEMO_USERS, seedDemoAccount } from '../src/seed/demo.js';
import * as svc from '../src/services/index.js';
import { lanesFor } from '../src/slack/rate-limits.js';
import { engineOf } from './lifecycle.js';

export interface BurstResult {
  engine: string;
  contracts: number;
  scale: number;
  /** From the seals to the last thread post, in Slack's seconds. */
  lastPostS: number;
  /** The least time Slack's limits allow for the calls made, in Slack's seconds. */
  leastS: number;
  ratio: number;
  calls: number;
  ratelimited: number;
  ratelimitedShare: number;
  parked: number;
  callsPerStatusChange: number;
  clicks: number;
  /** Clicks with no answer within 10 s (left out of the p99). */
  clicksUnanswered: number;
  clickP99Ms: number;
}

const SECRET = 'bench-burst-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

/** The least seconds (at Slack's own rate) the calls need: each budget's calls beyond its burst at its rate. */
function leastSeconds(calls: { method: string; channel: string | null }[]): number {
  const lanes = new Map<string, { n: number; perMinute: number; burst: number }>();
  for (const c of calls) {
    for (const l of lanesFor(c.method, c.channel)) {
      const x = lanes.get(l.key) ?? { n: 0, perMinute: l.perMinute, burst: l.burst };
      x.n += 1;
      lanes.set(l.key, x);
    }
  }
  return Math.max(0, ...[...lanes.values()].map((l) => (Math.max(0, l.n - l.burst) / l.perMinute) * 60));
}

export async function benchBurst(d: Database, contracts: number, scale: number): Promise<BurstResult> {
  const users = Object.values(DEMO_USERS).map((u) => ({ id: u.id, name: u.name, locale: 'zh-CN' }));
  const emu = new SlackEmulator({ teamId: 'T0BURST', botToken: 'xoxb-burst', users, rateLimits: { scale } });
  await emu.start();
  const config = loadConfig({
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-burst',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: emu.apiUrl,
    SLACK_RATE_SCALE: String(scale),
  });
  const app = await startApp(config, createLogger('silent'), { database: d });
  emu.connectApp(app.url, SECRET);
  try {
    const acc = await seedDemoAccount(d.db, { teamId: emu.teamId, orderCount: contracts * 2 + 40, filingCount: 0 });
    const ctx = app.ctx;
    const me = { type: 'user' as const, accountId: acc.accountId, userId: DEMO_USERS.requester.id };
    const sys = { type: 'system' as const, name: 'bench' };
    const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
      if (!r.ok) throw new Error(`bench burst: ${r.error.code}`);
      return r.value;
    };
    const f = ok(await svc.createDraft(ctx, me, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    ok(await svc.draftGenerated(ctx, sys, f.id));
    ok(await svc.convert(ctx, me, f.id));
    ok(await svc.vendorSealed(ctx, sys, f.id));
    const orders = acc.orders.filter((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE')).map((o) => o.id);
    const ids: string[] = [];
    for (let i = 0; i < contracts; i++) {
      const c = ok(await svc.createDraft(ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: [orders[i]!] }));
      ok(await svc.draftGenerated(ctx, sys, c.id));
      ok(await svc.convert(ctx, me, c.id));
      ids.push(c.id);
    }
    // Everything before the burst is delivered (paced too), and the budgets are full again.
    await app.outbox.deliverDue();
    await sleep(60_000 / scale);
    const before = app.outbox.stats();
    const from = emu.calls.length;

    // The seals commit first (the database's time is not Slack's, so it is not scaled): the burst starts when all 200
    // have taken effect and their notifications wait.
    for (const id of ids) ok(await svc.vendorSealed(ctx, sys, id));
    const t0 = Date.now();
    // When the last thread post arrived: watched every 5 ms (the ledger keeps no times).
    let threadPosts = 0;
    let lastPostAt = t0;
    const watcher = setInterval(() => {
      const n = emu.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts).length;
      if (n > threadPosts) [threadPosts, lastPostAt] = [n, Date.now()];
    }, 5);
    let delivering = true;
    const deliverer = (async () => {
      while (delivering) {
        await app.outbox.deliverDue();
        await sleep(50);
      }
    })();
    // A person asks for their list, then opens their Home, every 250 ms while the burst is delivered: the Home is a
    // views.publish, the budget the outbox's Home refreshes draw on too, so it shows whether people go first.
    const clickMs: number[] = [];
    let clicksUnanswered = 0;
    const asker = DEMO_USERS.approver.id;
    const publishes = () => emu.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === asker).length;
    const waiting = async () =>
      Number(
        (
          await d.db.execute<{ n: number }>(
            sql`select count(*)::int as n from outbox where delivered_at is null and parked_at is null and account_id = ${acc.accountId}`,
          )
        )[0]?.n ?? 0,
      );
    const timed = async (act: () => Promise<unknown>, answered: () => boolean) => {
      const c0 = performance.now();
      await act();
      for (const end = Date.now() + 10_000; !answered() && Date.now() < end;) await sleep(2);
      if (answered()) clickMs.push(performance.now() - c0);
      else clicksUnanswered += 1;
    };
    do {
      const seen = emu.ephemeralsFor(asker).length;
      await timed(
        () => emu.command(asker, 'list'),
        () => emu.ephemeralsFor(asker).length > seen,
      );
      const published = publishes();
      await timed(
        () => emu.openHome(asker),
        () => publishes() > published,
      );
      await sleep(250);
    } while ((await waiting()) > 0);
    delivering = false;
    await deliverer;
    await sleep(20);
    clearInterval(watcher);
    const elapsedS = ((lastPostAt - t0) / 1000) * scale;

    const made = emu.calls.slice(from).filter((c) => !c.method.startsWith('ratelimited:') && !c.method.startsWith('outage:'));
    const ratelimited = emu.calls.slice(from).length - made.length;
    const channelOf = (args: Record<string, unknown>) => (typeof args.channel === 'string' ? args.channel : null);
    // The posts bound the time to the last thread post: every post the burst made (thread replies and DMs, which share
    // the workspace's chat.postMessage budget), at their channels' and their method's rates.
    const posts = made.filter((c) => c.method === 'chat.postMessage');
    const least = leastSeconds(posts.map((c) => ({ method: c.method, channel: channelOf(c.args) })));
    const after = app.outbox.stats();
    const outboxCalls = Object.values(after.calls).reduce((a, b) => a + b, 0) - Object.values(before.calls).reduce((a, b) => a + b, 0);
    const parked = Number(
      (await d.db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where parked_at is not null and account_id = ${acc.accountId}`))[0]?.n ?? 0,
    );
    const all = emu.calls.slice(from).length;
    return {
      engine: engineOf(d),
      contracts,
      scale,
      lastPostS: +elapsedS.toFixed(1),
      leastS: +least.toFixed(1),
      ratio: +(elapsedS / least).toFixed(2),
      calls: all,
      ratelimited,
      ratelimitedShare: +(ratelimited / Math.max(1, all)).toFixed(4),
      parked,
      callsPerStatusChange: +(outboxCalls / Math.max(1, after.statusChanges - before.statusChanges)).toFixed(2),
      clicks: clickMs.length,
      clicksUnanswered,
      clickP99Ms: +pct(clickMs, 0.99).toFixed(1),
    };
  } finally {
    await app.stop();
    await emu.stop();
  }
}
