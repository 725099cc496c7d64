// How the outbox spends Slack's budget (issue 25): a 429 is no failed attempt and never parks a row; the look-up for
// a post made unheard runs only when an attempt's outcome is unknown, and then once per conversation; several changes
// of a contract edit its thread root once; a DM channel is opened once per person; the claim takes turns by
// workspace; a click's deliverNow delivers its contract's rows, not the backlog.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import { claimOutbox } from '../../src/db/claims.js';
import { type ContractRow, outbox } from '../../src/db/schema.js';
import { createLogger } from '../../src/log.js';
import { MAX_ATTEMPTS, OutboxDispatcher } from '../../src/notify/dispatcher.js';
import { OutboxQueue } from '../../src/notify/queue.js';
import type { Ctx } from '../../src/services/context.js';
import * as svc from '../../src/services/index.js';
import { backgroundClientOptions, WorkspaceClients } from '../../src/slack/clients.js';
import { SlackGate } from '../../src/slack/gate.js';
import { publishHomeTab } from '../../src/slack/home.js';
import { LocaleCache } from '../../src/slack/locale.js';
import { watchedCtx } from '../helpers/db.js';
import { actorsOf, driveFrom, effectiveFramework, eligibleOrders, must, SYSTEM } from '../helpers/flows.js';
import { U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

/**
 * A dispatcher of the test's own on the app's database and tokens, its calls through the app's gate; `bare`: no gate,
 * so a 429 reaches the dispatcher as Slack sent it (what happens when the gate gives up).
 */
function dispatcher(o: { bare?: boolean; gate?: SlackGate; ctx?: Ctx } = {}) {
  const clients = new WorkspaceClients(s.app.tokens, backgroundClientOptions(s.emu.apiUrl, 20_000, o.bare ? null : (o.gate ?? s.app.gate)));
  const locales = new LocaleCache();
  return new OutboxDispatcher({
    ctx: o.ctx ?? s.db.ctx,
    clientFor: clients.forAccount,
    locales,
    log: createLogger('silent'),
    documentUrl: () => 'http://x',
    publishHome: (client, account, userId) => publishHomeTab(s.db.ctx.db, client, locales, account, userId),
  });
}

/** The Web API calls made from here on, by method. */
function callsFrom(): () => Record<string, number> {
  const start = s.emu.calls.length;
  return () => {
    const n: Record<string, number> = {};
    for (const c of s.emu.calls.slice(start)) n[c.method] = (n[c.method] ?? 0) + 1;
    return n;
  };
}

const threadTexts = (number: string) => {
  const roots = s.emu.roots('C0CONTRACTS').filter((m) => m.text.includes(number));
  expect(roots).toHaveLength(1);
  return s.emu.thread('C0CONTRACTS', roots[0]!.ts).map((m) => m.text.split(' · ')[0]);
};

const rowsOf = (contractId: string) => s.db.ctx.db.select().from(outbox).where(eq(outbox.contractId, contractId)).orderBy(outbox.id);

describe('a 429 is Slack saying "later", not a failure', () => {
  it('more 429s than MAX_ATTEMPTS: the row is never parked, its attempts do not grow, no look-up follows, and it goes out once', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const d = dispatcher({ bare: true });
    const calls = callsFrom();
    // Only the planned 429s: the emulator's own budgets (on the wall clock, while this test moves the outbox's clock)
    // would add 429s of their own to the fifteen calls made within a second.
    s.emu.rateLimits.enabled = false;
    onTestFinished(() => void (s.emu.rateLimits.enabled = true));
    s.emu.failures.set('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 1, times: MAX_ATTEMPTS + 3 });
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    for (let i = 0; i < MAX_ATTEMPTS + 4; i++) {
      await d.deliverDue();
      s.db.advance(1_000); // Retry-After: 1 s, on the outbox's clock
    }
    const [row] = await rowsOf(f.id);
    expect(row!.parkedAt).toBeNull();
    expect(row!.deliveredAt).not.toBeNull();
    expect(row!.attempts).toBe(1);
    expect(threadTexts(f.number)).toEqual(['*创建*']);
    // Slack did nothing with a 429: there is nothing to look for.
    expect(calls()['conversations.history'] ?? 0).toBe(0);
    expect(calls()['conversations.replies'] ?? 0).toBe(0);
    expect(d.stats().rateLimited).toBe(MAX_ATTEMPTS + 3);
    await d.close();
  });
});

describe('the look-up for a post made unheard', () => {
  it("a 500 on the second approver's DM: the retry reads that DM once, posts neither DM twice, and a first attempt reads nothing", async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    must(await svc.saveSettingsKeepRoles(s.db.ctx, a.admin, acc.accountId, { approvalKinds: ['framework'] }));
    await s.drain();
    const d = dispatcher();
    const calls = callsFrom();
    // Two approvers are asked by one row; the second DM meets an error Slack answered (nothing was posted).
    const approver2Dm = s.emu.dmChannel(U.approver2);
    const before = { a1: s.emu.messages(s.emu.dmChannel(U.approver)).length, a2: s.emu.messages(approver2Dm).length };
    must(await svc.convert(s.db.ctx, a.requester, f.id));
    s.emu.lostAnswers.set('chat.postMessage', { mode: '500', times: 1, channel: approver2Dm });
    await d.deliverDue();
    s.db.advance(10_000);
    await d.deliverDue();
    const asked = (user: string, from: number) =>
      s.emu
        .messages(s.emu.dmChannel(user))
        .slice(from)
        .filter((m) => m.text.includes(f.number));
    expect(asked(U.approver, before.a1)).toHaveLength(1);
    expect(asked(U.approver2, before.a2)).toHaveLength(1);
    // The 500 left the second DM unknown: one read of that DM, none of the first approver's (that post was certain).
    expect(calls()['conversations.history']).toBe(1);
    expect(s.emu.calls.filter((c) => c.method === 'conversations.history').at(-1)!.args.channel).toBe(approver2Dm);
    const approvalRow = (await rowsOf(f.id)).find((r) => r.topic === 'approval.requested')!;
    expect(approvalRow.outcomeUnknown).toBe(true);
    expect(approvalRow.deliveredAt).not.toBeNull();
    // A row delivered at its first attempt never read a conversation.
    const firstTime = (await rowsOf(f.id)).filter((r) => r.topic === 'contract.changed' && !r.outcomeUnknown);
    expect(firstTime.length).toBeGreaterThan(0);
    expect(calls()['conversations.replies'] ?? 0).toBe(0);
    await d.close();
  });
});

describe('superseded work is sent once', () => {
  it('five contracts converted and sealed before delivery: each root edited once with its latest state, one DM channel opened', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    await effectiveFramework(s.db, acc);
    const orders = eligibleOrders(acc);
    const cs: ContractRow[] = [];
    for (let i = 0; i < 5; i++) {
      const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [orders[i]!] }));
      cs.push(await driveFrom(s.db, acc, c, 'draft/draft_ready'));
    }
    await s.drain();
    const d = dispatcher();
    const calls = callsFrom();
    for (const c of cs) must(await svc.convert(s.db.ctx, a.requester, c.id));
    for (const c of cs) must(await svc.vendorSealed(s.db.ctx, SYSTEM, c.id));
    await d.deliverDue();
    expect(calls()['chat.update']).toBe(5);
    // The requester hears of each seal by DM: their DM channel is opened once, not per message.
    expect(calls()['conversations.open']).toBe(1);
    for (const c of cs) {
      expect(threadTexts(c.number).slice(-2)).toEqual(['*转为正式合同*', '*腾讯云已签章*']);
      expect(s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(c.number))!.text).toContain('已生效');
      const [convert] = (await rowsOf(c.id)).filter((r) => r.topic === 'contract.changed').slice(-2);
      expect(convert!.progress['root edit']).toBe('superseded by a later row of the contract');
    }
    expect(d.stats().rootEditsSuperseded).toBe(5);
    await d.close();
  });
});

describe('fair across workspaces', () => {
  it("one workspace's backlog does not fill the claim: another's row, written after it, is in the first batch", async () => {
    const busy = await s.db.seed();
    const quiet = await s.db.seed();
    const at = s.db.now;
    await s.db.ctx.db.insert(outbox).values(
      Array.from({ length: 50 }, (_, i) => ({
        accountId: busy.accountId,
        topic: 'click.answer',
        payload: { userId: U.requester, text: `m${i}` },
        createdAt: at,
        nextAttemptAt: at,
      })),
    );
    const [late] = await s.db.ctx.db
      .insert(outbox)
      .values({ accountId: quiet.accountId, topic: 'click.answer', payload: { userId: U.requester, text: 'quiet' }, createdAt: at, nextAttemptAt: at })
      .returning();
    const ids = await claimOutbox(s.db.ctx.db, s.db.now, new Date(s.db.now.getTime() + 60_000), 20);
    expect(ids).toHaveLength(20);
    expect(ids).toContain(late!.id);
    // The busy workspace's rows still go oldest first.
    const busyIds = ids.filter((id) => id !== late!.id);
    expect(busyIds).toEqual([...busyIds].sort((x, y) => x - y));
    await s.db.ctx.db
      .update(outbox)
      .set({ deliveredAt: s.db.now })
      .where(and(isNull(outbox.deliveredAt), eq(outbox.topic, 'click.answer')));
  });
});

describe("a click's deliverNow", () => {
  it("delivers its contract's rows, not the backlog", async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    await effectiveFramework(s.db, acc);
    await s.drain();
    const d = dispatcher();
    const [o1, o2] = eligibleOrders(acc);
    const waiting = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [o1!] }));
    const clicked = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [o2!] }));
    await d.deliverNow(clicked.id);
    expect(threadTexts(clicked.number)).toEqual(['*创建*']);
    expect(s.emu.roots('C0CONTRACTS').some((m) => m.text.includes(waiting.number))).toBe(false);
    expect((await rowsOf(waiting.id)).every((r) => r.deliveredAt === null && r.attempts === 0)).toBe(true);
    await d.deliverDue();
    expect(threadTexts(waiting.number)).toEqual(['*创建*']);
    await d.close();
  });
  it('reads the rows it claimed with their account and contract in one statement, the contract as it is now', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const watched = watchedCtx(s.db.database.url, s.db.ctx.clock);
    onTestFinished(() => watched.close());
    const d = dispatcher({ ctx: watched.ctx });
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    // The draft moves on before its first row goes out: the root shows where it is now, not the click's copy.
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    await d.deliverNow(f.id);
    const reads = watched.readsOf;
    expect(reads('outbox').filter((q) => /left join "accounts".*left join "contracts"/is.test(q))).toHaveLength(2);
    expect(reads('accounts')).toEqual([]);
    // The one read of the contract on its own: the root edit's, after the reply waited for the channel's budget.
    expect(reads('contracts')).toHaveLength(1);
    expect(threadTexts(f.number)).toHaveLength(2);
    const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(f.number))!;
    expect(root.text).toContain('草稿已生成');
    await d.close();
  });
});

describe('stopping, and calls that wait for their budget', () => {
  it('a call the closed gate never sent spends no attempt, however often: never parked, and it goes out once after', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const gate = new SlackGate();
    gate.close();
    const stopping = dispatcher({ gate });
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await stopping.deliverDue();
      s.db.advance(1_000);
    }
    const [row] = await rowsOf(f.id);
    expect(row!.deliveredAt).toBeNull();
    expect(row!.parkedAt).toBeNull();
    expect(row!.attempts).toBe(0);
    expect(row!.outcomeUnknown).toBe(false);
    expect(row!.nextAttemptAt.getTime()).toBeLessThanOrEqual(s.db.now.getTime());
    await s.drain();
    expect(threadTexts(f.number)).toEqual(['*创建*']);
    await stopping.close();
  });

  it('the leases of a batch in progress are renewed, and a settled row keeps none', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    // Another workspace's contract: a claim holds one row per contract.
    const other = await s.workspace();
    const g = must(await svc.createDraft(s.db.ctx, actorsOf(other).requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    const queue = new OutboxQueue(s.db.ctx.db, s.db.ctx.clock);
    const rows = (await queue.claim(20)).filter((r) => r.contractId === f.id || r.contractId === g.id);
    expect(rows).toHaveLength(2);
    const [first, ...rest] = rows;
    await queue.delivered(first!);
    s.db.advance(45_000);
    await queue.renew(rows);
    const after = await s.db.ctx.db
      .select()
      .from(outbox)
      .where(
        inArray(
          outbox.id,
          rows.map((r) => r.id),
        ),
      );
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(byId.get(first!.id)!.claimedUntil).toBeNull();
    for (const r of rest) expect(byId.get(r.id)!.claimedUntil!.getTime()).toBe(s.db.now.getTime() + 60_000);
    await s.drain();
  });
});
