// Issue 26, items 17 and 18: what happens to a requester's contract reaches them, in their own language, wherever the
// thread is and whichever language the workspace's channel speaks.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, contracts, contractThreads } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

/** The requester reads Chinese (孙磊, zh-CN) or English (周婷, en-GB); the workspace's channel speaks the other language. */
const PEOPLE = [
  { lang: 'zh', requester: U.requester, workspace: 'en' },
  { lang: 'en', requester: U.colleague, workspace: 'zh' },
] as const;

const dmTexts = (user: string) => s.emu.messages(s.emu.dmChannel(user)).map((m) => m.text);
const REASON = '金额与采购单不一致 / amount differs from the PO';
/** Chinese in the app's own words: people's names and what they typed are theirs, in whatever script. */
const hasHan = (t: string) => /\p{Script=Han}/u.test(t.replace(REASON, '').replace(/陈静|刘洋|赵敏|孙磊|周婷|王芳/g, ''));

async function setUp(p: (typeof PEOPLE)[number], opts: { channel?: boolean } = {}) {
  const acc = await s.workspace();
  const a = actorsOf(acc);
  await s.db.ctx.db
    .update(accounts)
    .set({ language: p.workspace, ...(opts.channel === false ? { notificationChannel: null } : {}) })
    .where(eq(accounts.id, acc.accountId));
  await effectiveFramework(s.db, acc);
  const me = { type: 'user' as const, accountId: acc.accountId, userId: p.requester };
  const c = must(await svc.createDraft(s.db.ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(acc).slice(0, 2) }));
  return { acc, a, me, c };
}

describe.each(PEOPLE)('a requester who reads $lang, in a workspace that speaks $workspace', (p) => {
  it('hears by DM, in their language, that their contract was rejected (by whom, why) and that it took effect', async () => {
    const { acc, a, me, c } = await setUp(p);
    must(await svc.draftGenerated(s.db.ctx, a.system, c.id));
    must(await svc.saveSettingsKeepRoles(s.db.ctx, a.admin, acc.accountId, { approvalKinds: ['order'] }));
    must(await svc.convert(s.db.ctx, me, c.id));
    await s.drain();
    const before = dmTexts(p.requester).length;
    must(await svc.reject(s.db.ctx, a.approver, c.id, REASON));
    await s.drain();
    const rejected = dmTexts(p.requester).slice(before).join('\n');
    expect(rejected).toContain(c.number);
    expect(rejected).toContain(REASON);
    expect(rejected).toContain(p.lang === 'zh' ? '驳回' : 'Reject');
    expect(rejected).toContain('刘洋'); // who rejected, by name

    must(await svc.saveSettingsKeepRoles(s.db.ctx, a.admin, acc.accountId, { approvalKinds: [] }));
    must(await svc.convert(s.db.ctx, me, c.id));
    must(await svc.vendorSealed(s.db.ctx, a.system, c.id));
    for (let i = 0; i < 3; i++) await s.drain();
    const effective = dmTexts(p.requester).slice(before).join('\n');
    expect(effective).toContain(p.lang === 'zh' ? '已生效' : 'Effective');
    expect(effective).toContain(p.lang === 'zh' ? '正式合同 PDF' : 'formal contract PDF');
    // Every DM of theirs is in their language: no Chinese in an English one, Chinese words in a Chinese one.
    for (const t of dmTexts(p.requester).slice(before)) {
      if (p.lang === 'en') expect(hasHan(t), t).toBe(false);
      else expect(hasHan(t), t).toBe(true);
    }
  });

  it('hears by DM, in their language, that their contract stopped moving', async () => {
    const { a, c } = await setUp(p);
    await s.drain();
    const before = dmTexts(p.requester).length;
    must(await svc.flagStale(s.db.ctx, a.system, c.id, { why: 'failed', flow: 'draft', detail: 'upstream timeout' }));
    await s.drain();
    const told = dmTexts(p.requester).slice(before);
    expect(told.length).toBe(1);
    expect(told[0]).toContain(c.number);
    // The e-sign service's own words stay in the log: the person reads what happened in theirs.
    expect(told[0]).not.toContain('upstream timeout');
    if (p.lang === 'en') expect(hasHan(told[0]!)).toBe(false);
    else expect(told[0]!.replace(c.number, '')).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('with no notification channel, the thread in their DM speaks their language', async () => {
    const { a, c } = await setUp(p, { channel: false });
    must(await svc.draftGenerated(s.db.ctx, a.system, c.id));
    for (let i = 0; i < 2; i++) await s.drain();
    const [thread] = await s.db.ctx.db.select().from(contractThreads).where(eq(contractThreads.contractId, c.id));
    expect(thread!.channel).toBe(s.emu.dmChannel(p.requester));
    const root = s.emu.find(thread!.channel, thread!.rootTs)!;
    const replies = s.emu.thread(thread!.channel, thread!.rootTs);
    expect(replies.length).toBeGreaterThan(0);
    for (const t of [root.text, ...replies.map((r) => r.text)]) expect(hasHan(t), t).toBe(p.lang === 'zh');
    const [row] = await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, c.id));
    expect(row!.status).toBe('draft');
  });
});
