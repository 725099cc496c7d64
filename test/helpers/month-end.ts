// A month-end batch for the rate-limit tests (issue 25): 30 vendor-sealed order contracts in one workspace, converted
// within 6 s and sealed within 9 s while the outbox is delivered on a schedule, and what a complete run looks like.
import { inArray } from 'drizzle-orm';
import { expect } from 'vitest';
import { type ContractRow, outbox } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, driveFrom, effectiveFramework, eligibleOrders, must, SYSTEM } from './flows.js';
import type { SlackEnv } from './slack.js';

export const CONTRACTS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What the jobs do on a schedule, at the pace of real time: the outbox is delivered again and again, and the app's
 * clock (which the outbox's retries are due by) moves as the wall clock does. Returns a stop function.
 */
function deliverOnSchedule(s: SlackEnv): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    let last = Date.now();
    while (running) {
      await s.drain();
      await sleep(200);
      const now = Date.now();
      s.db.advance(now - last);
      last = now;
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

const threadOf = (s: SlackEnv, number: string) => {
  const roots = s.emu.roots('C0CONTRACTS').filter((m) => m.text.includes(number));
  expect(roots, number).toHaveLength(1);
  return { root: roots[0]!, replies: s.emu.thread('C0CONTRACTS', roots[0]!.ts).map((m) => m.text.split(' · ')[0]) };
};

export async function monthEnd(s: SlackEnv, o: { outageMs?: number; lostAnswers?: number } = {}) {
  const acc = await s.workspace({ orderCount: 120 });
  const a = actorsOf(acc);
  await effectiveFramework(s.db, acc);
  const orders = eligibleOrders(acc);
  const cs: ContractRow[] = [];
  for (let i = 0; i < CONTRACTS; i++) {
    const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [orders[i]!] }));
    cs.push(await driveFrom(s.db, acc, c, 'draft/draft_ready'));
  }
  await s.drain();
  const before = new Map(cs.map((c) => [c.id, threadOf(s, c.number).replies]));
  const from = s.emu.calls.length;

  const stop = deliverOnSchedule(s);
  if (o.lostAnswers) s.emu.lostAnswers.set('chat.postMessage', { mode: '500', times: o.lostAnswers, channel: 'C0CONTRACTS' });
  // Converted within 6 s; Slack goes down 3 s in, when the outage test says so.
  for (const [i, c] of cs.entries()) {
    if (o.outageMs && i === 15) s.emu.outageUntil = Date.now() + o.outageMs;
    must(await svc.convert(s.db.ctx, a.requester, c.id));
    await sleep(200);
  }
  // Sealed by the e-sign service within 9 s.
  for (const c of cs) {
    must(await svc.vendorSealed(s.db.ctx, SYSTEM, c.id));
    await sleep(300);
  }
  const ids = cs.map((c) => c.id);
  const waiting = async () =>
    (await s.db.ctx.db.select().from(outbox).where(inArray(outbox.contractId, ids))).filter((r) => !r.deliveredAt && !r.parkedAt).length;
  const deadline = Date.now() + 240_000;
  while ((await waiting()) > 0 && Date.now() < deadline) await sleep(250);
  await stop();

  const calls = s.emu.calls.slice(from);
  const refused = calls.filter((c) => c.method.startsWith('ratelimited:')).length;
  const rows = await s.db.ctx.db.select().from(outbox).where(inArray(outbox.contractId, ids));
  return { cs, before, calls, refused, rows };
}

export function expectEveryThreadComplete(s: SlackEnv, r: Awaited<ReturnType<typeof monthEnd>>) {
  for (const c of r.cs) {
    const { root, replies } = threadOf(s, c.number);
    // Each post once and in order: the thread is exactly what it was, then the conversion, then the seal.
    expect(replies, c.number).toEqual([...r.before.get(c.id)!, '*转为正式合同*', '*腾讯云已签章*']);
    expect(root.text, c.number).toContain('已生效');
  }
  expect(r.rows.filter((x) => x.parkedAt)).toEqual([]);
  expect(r.rows.every((x) => x.deliveredAt)).toBe(true);
  expect(r.refused / r.calls.length).toBeLessThanOrEqual(0.02);
}
