// Several replicas on one Postgres, crashes between claim and finish, and Slack failing for a while.
import { WebClient } from '@slack/web-api';
import { and, eq, isNull, sql } from 'drizzle-orm';
import cron from 'node-cron';
import { describe, expect, it, vi } from 'vitest';
import { claimDueContracts, claimOutbox } from '../../src/db/claims.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { registerInstance } from '../../src/db/instance.js';
import { auditEvents, contracts, outbox } from '../../src/db/schema.js';
import { EsignSimulator } from '../../src/esign/simulator.js';
import { Jobs, PgRunCoordinator } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/log.js';
import { OutboxDispatcher } from '../../src/notify/dispatcher.js';
import type { Ctx } from '../../src/services/context.js';
import * as svc from '../../src/services/index.js';
import { backgroundClientOptions, WorkspaceClients } from '../../src/slack/clients.js';
import { SlackGate } from '../../src/slack/gate.js';
import { publishHomeTab } from '../../src/slack/home.js';
import { LocaleCache } from '../../src/slack/locale.js';
import { actorsOf, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { useSlackApp } from '../helpers/slack.js';

// 500 contracts' threads in one channel: Slack's limits at a hundred times their rate, for the app and the emulator
// alike (the replicas are what these tests are about; the limits are month-end-burst.test.ts's).
const RATE_SCALE = 100;
const s = useSlackApp({ rateScale: RATE_SCALE });
const MIN = 60_000;
const log = createLogger('silent');

/** A second app process: its own connection pool (PostgreSQL), its own e-sign client, outbox dispatcher and jobs. */
async function replica(): Promise<{ jobs: Jobs; outbox: OutboxDispatcher; database: Database }> {
  const database = await openDatabase({ url: s.db.database.url, migrate: false, poolMax: 10 });
  const ctx: Ctx = { db: database.db, clock: () => s.db.now };
  const locales = new LocaleCache();
  const outbox = new OutboxDispatcher({
    ctx,
    clientFor: new WorkspaceClients(s.app.tokens, backgroundClientOptions(s.emu.apiUrl, 20_000, new SlackGate({ limits: { scale: RATE_SCALE } }))).forAccount,
    locales,
    log,
    documentUrl: (id, k) => `http://x/${id}/${k}`,
    publishHome: (client, account, userId) => publishHomeTab(ctx.db, client, locales, account, userId),
  });
  const esign = new EsignSimulator({ db: ctx.db, clock: ctx.clock, jitter: () => 0.5 });
  return { jobs: new Jobs({ ctx, esign, deliverOutbox: () => outbox.deliverDue(), log }), outbox, database };
}

describe('two replicas on one database', () => {
  it('drive 500 contracts to effective: every transition, audit row and thread post exactly once', async () => {
    const acc = await s.workspace({ orderCount: 1200, filingCount: 0 });
    await effectiveFramework(s.db, acc);
    const a = actorsOf(acc);
    const [r1, r2] = [await replica(), await replica()];
    // Several 2-second ticks of both replicas at this moment: each poller tick takes at most 200 contracts.
    const both = async () => {
      for (let i = 0; i < 4; i++) await Promise.all([r1.jobs.runAll(), r2.jobs.runAll()]);
    };
    try {
      const ids: string[] = [];
      for (const order of eligibleOrders(acc).slice(0, 500)) {
        ids.push(must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [order] })).id);
      }
      expect(ids).toHaveLength(500);
      await both();
      s.db.advance(4 * MIN);
      await both();
      for (const id of ids) must(await svc.convert(s.db.ctx, a.requester, id));
      await both();
      s.db.advance(16 * MIN);
      await both();

      const rows = await s.db.ctx.db
        .select({ status: contracts.status, n: sql<number>`count(*)` })
        .from(contracts)
        .where(eq(contracts.accountId, acc.accountId))
        .groupBy(contracts.status);
      expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['effective', 501]]);
      const perContract = await s.db.ctx.db
        .select({ action: auditEvents.action, n: sql<number>`count(*)` })
        .from(auditEvents)
        .innerJoin(contracts, eq(contracts.id, auditEvents.contractId))
        .where(and(eq(contracts.accountId, acc.accountId), eq(contracts.kind, 'order')))
        .groupBy(auditEvents.action);
      expect(Object.fromEntries(perContract.map((r) => [r.action, Number(r.n)]))).toEqual({
        create: 500,
        draftGenerated: 500,
        convert: 500,
        vendorSealed: 500,
      });
      const pending = await s.db.ctx.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.accountId, acc.accountId), isNull(outbox.deliveredAt)));
      expect(pending).toHaveLength(0);
      const numbers = new Set(
        (await s.db.ctx.db.select({ n: contracts.number }).from(contracts).where(eq(contracts.accountId, acc.accountId))).map((r) => r.n),
      );
      const roots = s.emu.roots('C0CONTRACTS').filter((m) => numbers.has(m.text.split(' ')[0]!));
      expect(roots).toHaveLength(501); // one thread per contract
      for (const root of roots.slice(1)) {
        const replies = s.emu.thread('C0CONTRACTS', root.ts).map((m) => m.text.split(' · ')[0]);
        expect(replies).toEqual(['*创建*', '*草稿已生成*', '*转为正式合同*', '*腾讯云已签章*']); // each once, in order
      }
    } finally {
      await r1.database?.close();
      await r2.database?.close();
    }
  }, 180_000);
});

describe('crashes', () => {
  it('a replica that claims contracts and dies: the lease runs out and another finishes them, once', async () => {
    const acc = await s.workspace();
    await effectiveFramework(s.db, acc);
    const a = actorsOf(acc);
    const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    const survivor = await replica();
    try {
      await survivor.jobs.tick.poller(); // starts the draft flow
      s.db.advance(4 * MIN);
      const claimed = await claimDueContracts(s.db.ctx.db, s.db.now, new Date(s.db.now.getTime() + 30_000), 100_000);
      expect(claimed).toContain(c.id); // ...and the claiming replica dies here
      await survivor.jobs.tick.poller();
      expect((await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!.subStatus).toBe('draft_generating');
      s.db.advance(31_000);
      await survivor.jobs.tick.poller();
      await survivor.jobs.tick.poller();
      expect((await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!.subStatus).toBe('draft_ready');
      const trail = await svc.auditTrail(s.db.ctx.db, c.id);
      expect(trail.filter((e) => e.action === 'draftGenerated')).toHaveLength(1);
    } finally {
      await survivor.database?.close();
    }
  });

  it('a replica that claims contracts and is killed: its claims free the moment its instance lock goes, not after the lease', async () => {
    const acc = await s.workspace();
    await effectiveFramework(s.db, acc);
    const a = actorsOf(acc);
    const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    const survivor = await replica();
    const dying = await registerInstance(s.db.database.url, s.db.ctx.db);
    try {
      await survivor.jobs.tick.poller(); // starts the draft flow
      s.db.advance(4 * MIN);
      const claimed = await claimDueContracts(s.db.ctx.db, s.db.now, new Date(s.db.now.getTime() + 30_000), 100_000, dying.key);
      expect(claimed).toContain(c.id);
      await survivor.jobs.tick.poller();
      expect((await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!.subStatus).toBe('draft_generating'); // a live claim is respected
      await dying.release(); // kill -9: the connection, and the lock with it, is gone
      await survivor.jobs.tick.poller(); // the same moment: no lease has run out
      expect((await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!.subStatus).toBe('draft_ready');
      const trail = await svc.auditTrail(s.db.ctx.db, c.id);
      expect(trail.filter((e) => e.action === 'draftGenerated')).toHaveLength(1);
    } finally {
      await dying.release();
      await survivor.database?.close();
    }
  });

  it('an app started after one was killed delivers the outbox rows it held at once, not at its first tick', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    const dying = await registerInstance(s.db.database.url, s.db.ctx.db);
    const [row] = await claimOutbox(s.db.ctx.db, s.db.now, new Date(s.db.now.getTime() + 60_000), 10, dying.key);
    await dying.release(); // kill -9 mid-post
    const next = await replica();
    const resume = vi.spyOn(next.jobs, 'resume');
    try {
      next.jobs.start();
      expect(resume).toHaveBeenCalledOnce();
      await resume.mock.results[0]!.value; // node-cron's first ticks are up to 1 and 2 s away
      const [delivered] = await s.db.ctx.db.select().from(outbox).where(eq(outbox.id, row!));
      expect(delivered!.deliveredAt).not.toBeNull();
      expect(s.emu.roots('C0CONTRACTS').filter((m) => m.text.includes(f.number))).toHaveLength(1);
    } finally {
      await next.jobs.stop();
      await next.outbox.close();
      await next.database.close();
    }
  });

  it('a replica that posted to Slack and died before recording it: the retry finds the post and does not repeat it', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await s.drain(); // the thread exists
    must(await svc.draftGenerated(s.db.ctx, { type: 'system', name: 'test' }, f.id));
    const [row] = await claimOutbox(s.db.ctx.db, s.db.now, new Date(s.db.now.getTime() + 60_000), 10);
    const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(f.number))!;
    // The dying replica's post made it to Slack:
    await new WebClient(s.emu.botToken(), { slackApiUrl: s.emu.apiUrl }).chat.postMessage({
      channel: 'C0CONTRACTS',
      thread_ts: root.ts,
      text: 'the post before the crash',
      metadata: { event_type: 'contract_desk_outbox', event_payload: { outbox_id: row! } },
    });
    s.db.advance(61_000);
    await s.drain();
    const replies = s.emu.thread('C0CONTRACTS', root.ts).map((m) => m.text);
    expect(replies).toHaveLength(2); // created, and the one post for draftGenerated
    expect(replies[1]).toBe('the post before the crash');
    const [delivered] = await s.db.ctx.db.select().from(outbox).where(eq(outbox.id, row!));
    expect(delivered!.deliveredAt).not.toBeNull();
  });

  it('a thread root posted before a crash is found even when a busy channel has pages of newer roots', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    const [row] = await claimOutbox(s.db.ctx.db, s.db.now, new Date(s.db.now.getTime() + 60_000), 10);
    const slack = new WebClient(s.emu.botToken(), { slackApiUrl: s.emu.apiUrl });
    // The dying replica posted the root, then 450 other messages arrived (over two pages of history); people posted
    // them, so that the app's own budget for the channel is not what this test waits for.
    await slack.chat.postMessage({
      channel: 'C0CONTRACTS',
      text: 'the root before the crash',
      metadata: { event_type: 'contract_desk_thread', event_payload: { contract_id: f.id } },
    });
    for (let i = 0; i < 450; i++) s.emu.postAsUser(a.requester.userId, 'C0CONTRACTS', `another root ${i}`);
    s.db.advance(61_000);
    await s.drain();
    const mine = s.emu.roots('C0CONTRACTS').filter((m) => m.text === 'the root before the crash' || m.text.includes(f.number));
    expect(mine).toHaveLength(1);
    expect(s.emu.thread('C0CONTRACTS', mine[0]!.ts)).toHaveLength(1);
    expect(row).toBeDefined();
  });
});

describe('Slack failing for a while', () => {
  it('500s and 429s with Retry-After: everything arrives afterwards, each once, in order per thread', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await s.drain();
    s.emu.failures.set('chat.postMessage', { error: 'internal_error', status: 500, times: 4 });
    must(await svc.draftGenerated(s.db.ctx, { type: 'system', name: 'test' }, f.id));
    must(await svc.convert(s.db.ctx, a.requester, f.id));
    must(await svc.vendorSealed(s.db.ctx, { type: 'system', name: 'test' }, f.id));
    await s.drain();
    const [first] = await s.db.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.contractId, f.id), isNull(outbox.deliveredAt)))
      .orderBy(outbox.id);
    expect(first!.lastError).toContain('500');
    s.emu.failures.set('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 30, times: 1 });
    for (let i = 0; i < 6; i++) {
      s.db.advance(10_000);
      await s.drain();
    }
    const [limited] = await s.db.ctx.db.select().from(outbox).where(eq(outbox.id, first!.id));
    expect(limited!.deliveredAt).not.toBeNull();
    const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(f.number))!;
    const replies = s.emu.thread('C0CONTRACTS', root.ts).map((m) => m.text.split(' · ')[0]);
    expect(replies).toEqual(['*创建*', '*草稿已生成*', '*转为正式合同*', '*腾讯云已签章*']);
  });

  it('a row that keeps failing on a passing error is parked, kept and counted on /healthz', async () => {
    const acc = await s.workspace({ notificationChannel: 'C0BROKEN' });
    const a = actorsOf(acc);
    s.emu.failures.set('chat.postMessage', { error: 'internal_error', status: 500, times: 1000 });
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    for (let i = 0; i < 14; i++) {
      await s.drain();
      s.db.advance(6 * MIN);
    }
    s.emu.failures.delete('chat.postMessage');
    const [row] = await s.db.ctx.db.select().from(outbox).where(eq(outbox.contractId, f.id));
    expect(row!.parkedAt).not.toBeNull();
    expect(row!.lastError).toContain('500');
    const health = (await (await fetch(`${s.app.url}/healthz`)).json()) as { outbox: { parked: number }; jobs: object };
    expect(health.outbox.parked).toBeGreaterThanOrEqual(1);
  });
});

describe('node-cron distributed mode', () => {
  it('two schedulers with the Postgres coordinator run each second once between them', async () => {
    const runs: string[] = [];
    const tasks = ['a', 'b'].map((who) =>
      cron.schedule('* * * * * *', (ctx) => void runs.push(`${ctx.date.toISOString()} ${who}`), {
        name: 'probe',
        distributed: true,
        runCoordinator: new PgRunCoordinator(s.db.ctx.db, who),
      }),
    );
    await new Promise((r) => setTimeout(r, 3_500));
    for (const t of tasks) await t.stop();
    const slots = runs.map((r) => r.split(' ')[0]);
    expect(slots.length).toBeGreaterThanOrEqual(2);
    expect(new Set(slots).size).toBe(slots.length); // no second ran twice
  });

  it('runs each slot on exactly one replica', async () => {
    const [c1, c2] = [new PgRunCoordinator(s.db.ctx.db, 'a'), new PgRunCoordinator(s.db.ctx.db, 'b')];
    const keys = Array.from({ length: 30 }, (_, i) => `reminders:2026-11-23T00:${String(i).padStart(2, '0')}:00.000Z`);
    const results = await Promise.all(keys.flatMap((k) => [c1.shouldRun(k), c2.shouldRun(k)]));
    for (let i = 0; i < keys.length; i++) expect([results[2 * i], results[2 * i + 1]].filter(Boolean)).toHaveLength(1);
  });
});
