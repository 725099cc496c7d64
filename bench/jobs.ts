// Poller throughput with many contracts in flight and all due; outbox delivery latency under load.
import { sql } from 'drizzle-orm';
import { claimDueContracts } from '../src/db/claims.js';
import type { Database } from '../src/db/client.js';
import { EsignSimulator } from '../src/esign/simulator.js';
import { pollDue } from '../src/jobs/poller.js';
import { createLogger } from '../src/log.js';
import { OutboxDispatcher } from '../src/notify/dispatcher.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { DEMO_USERS, seedDemoAccount } from '../src/seed/demo.js';
import * as svc from '../src/services/index.js';
import { backgroundClientOptions, clientForToken } from '../src/slack/clients.js';
import { SlackGate } from '../src/slack/gate.js';
import { publishHomeTab } from '../src/slack/home.js';
import { LocaleCache } from '../src/slack/locale.js';
import { engineOf } from './lifecycle.js';

const log = createLogger('silent');

export interface PollerResult {
  engine: string;
  inFlight: number;
  transitions: number;
  seconds: number;
  perSecond: number;
  claimMs: number;
}

/** Bulk-inserts contracts in vendor_signing whose seal is done, then lets the poller run for a fixed time. */
export async function benchPoller(database: Database, inFlight: number, seconds: number): Promise<PollerResult> {
  const db = database.db;
  const acc = await seedDemoAccount(db, { teamId: `TPOLL${inFlight}${Date.now()}`, orderCount: 0, filingCount: 0 });
  const tag = `B${Date.now().toString(36)}`;
  await db.execute(sql`
    insert into contracts (account_id, number, kind, seal_channel, status, sub_status, requester_id, next_poll_at)
    select ${acc.accountId}::uuid, ${tag} || '-' || g, 'framework', 'vendor_seal', 'voided', null, 'U0REQUEST1', null
    from generate_series(1, 1) g`);
  await db.execute(sql`
    insert into contracts (account_id, number, kind, seal_channel, status, sub_status, requester_id, next_poll_at)
    select ${acc.accountId}::uuid, ${tag} || '-O' || g, 'order', 'vendor_seal', 'signing', 'vendor_signing', 'U0REQUEST1', now() - interval '1 second'
    from generate_series(1, ${inFlight}) g`);
  await db.execute(sql`
    insert into esign_flows (contract_id, kind, state, started_at, due_at)
    select id, 'vendor', 'running', now() - interval '1 hour', now() - interval '1 minute'
    from contracts where number like ${`${tag}-O%`}`);
  await db.execute(sql`analyze contracts`);
  const now = () => new Date();
  const ctx = { db, clock: now };
  const t0 = performance.now();
  await claimDueContracts(db, now(), now(), 200); // a claim that gives the rows straight back: its cost alone
  const claimMs = performance.now() - t0;
  const deps = { ctx, esign: new EsignSimulator({ db, clock: now }), log, batch: 200 };
  let transitions = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const r = await pollDue(deps);
    transitions += r.moved;
    if (!r.claimed) break;
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    engine: engineOf(database),
    inFlight,
    transitions,
    seconds: +elapsed.toFixed(1),
    perSecond: Math.round(transitions / elapsed),
    claimMs: +claimMs.toFixed(1),
  };
}

export interface OutboxResult {
  engine: string;
  rows: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

/** Contracts change while the dispatcher drains to the emulator; latency = delivered_at - created_at. */
export async function benchOutbox(database: Database, contracts: number): Promise<OutboxResult> {
  const db = database.db;
  // The delivery latency of the outbox itself: a Slack without limits (the month-end burst measures them, bench/burst.ts).
  const emu = new SlackEmulator({ teamId: `TOUT${Date.now()}`, botToken: 'xoxb-bench', rateLimits: { enabled: false } });
  await emu.start();
  try {
    const acc = await seedDemoAccount(db, { teamId: emu.teamId, orderCount: contracts * 2 + 20, filingCount: 0 });
    const ctx = { db, clock: () => new Date() };
    const me = { type: 'user' as const, accountId: acc.accountId, userId: DEMO_USERS.requester.id };
    const sys = { type: 'system' as const, name: 'bench' };
    const bot = clientForToken('xoxb-bench', backgroundClientOptions(`${emu.url}/api/`, 20_000, new SlackGate()));
    const locales = new LocaleCache();
    const outbox = new OutboxDispatcher({
      ctx,
      clientFor: async () => bot,
      locales,
      log,
      documentUrl: () => 'http://x',
      publishHome: (client, account, userId) => publishHomeTab(ctx.db, client, locales, account, userId),
    });
    const f = await svc.createDraft(ctx, me, { kind: 'framework', channel: 'vendor_seal', itemIds: [] });
    if (!f.ok) throw new Error(f.error.code);
    await svc.draftGenerated(ctx, sys, f.value.id);
    await svc.convert(ctx, me, f.value.id);
    await svc.vendorSealed(ctx, sys, f.value.id);
    await outbox.deliverDue();
    const orders = acc.orders.filter((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE')).map((o) => o.id);
    const startId = (await db.execute<{ m: string | number | null }>(sql`select max(id) as m from outbox`))[0]?.m ?? 0;
    const started = performance.now();
    let producing = true;
    const drainer = (async () => {
      while (producing) {
        await outbox.deliverDue();
        await new Promise((r) => setTimeout(r, 5));
      }
      await outbox.deliverDue();
    })();
    for (let i = 0; i < contracts; i++) {
      const c = await svc.createDraft(ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: [orders[i]!] });
      if (c.ok) await svc.draftGenerated(ctx, sys, c.value.id);
    }
    producing = false;
    await drainer;
    const elapsed = (performance.now() - started) / 1000;
    const lat = (
      await db.execute<{ ms: string | number }>(
        sql`select extract(epoch from (delivered_at - created_at)) * 1000 as ms from outbox where id > ${Number(startId)} and delivered_at is not null order by 1`,
      )
    ).map((r) => Number(r.ms));
    const q = (p: number) => +(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0).toFixed(1);
    return { engine: engineOf(database), rows: lat.length, perSecond: Math.round(lat.length / elapsed), p50ms: q(0.5), p99ms: q(0.99) };
  } finally {
    await emu.stop();
  }
}
