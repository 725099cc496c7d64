// A paper copy as Tencent's paper guide describes it, through Slack: request, mailed, received by the vendor, shipped back on the
// 15th working day of the mainland-China calendar (R14), with the clock in the test's hand.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, expectRefused, must } from '../helpers/flows.js';
import { blocksText, eventually, homeButton, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const state = async (id: string) => stateKey((await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, id)))[0]!);
async function wait(ms: number) {
  s.db.advance(ms);
  await s.app.jobs!.runAll();
}
async function settle() {
  await new Promise((r) => setTimeout(r, 50));
  await s.drain();
}

/** Clicks a contract's button on the Home tab and waits for the modal it opens to show `expect`. */
async function openFromHome(actionId: string, contractId: string, shows: string) {
  const b = await homeButton(s.emu, U.requester, actionId, contractId);
  await s.emu.clickAction(U.requester, { home: true }, b);
  return eventually(() => {
    const v = s.emu.openView(U.requester);
    return v && blocksText(v.view.blocks).includes(shows) ? v : null;
  }, `a modal showing ${shows}`);
}

describe('paper copies (Tencent’s paper guide)', () => {
  it('mailed, received on a Tuesday, shipped back on the 15th working day across Mid-autumn and National Day', async () => {
    const acc = await s.workspace();
    await effectiveFramework(s.db, acc);
    const a = actorsOf(acc);
    s.db.now = new Date('2026-09-14T02:00:00Z');
    const c = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'filing', channel: 'vendor_seal', itemIds: [acc.filings[0]!] }));
    await wait(0); // the next tick starts the e-sign flow
    await wait(4 * MIN);
    must(await svc.convert(s.db.ctx, a.requester, c.id));
    await wait(0);
    await wait(21 * MIN);
    expect(await state(c.id)).toBe('effective/e_effective');
    await settle();

    // Request: the return address, as before.
    await openFromHome('act:requestPaper', c.id, 'return_address');
    expect(
      (await s.emu.submitView(U.requester, { recipient: '张伟', phone: '13800138000', return_address: '北京市海淀区中关村大街 1 号' })).errors,
    ).toBeUndefined();
    await settle();
    expect(await state(c.id)).toBe('effective/paper_requested');

    // The mailing info tells where to send it and what comes back (FAQ Q5); no due date before receipt.
    let v = await openFromHome('act:viewMailing', c.id, '线下盖章步骤');
    let seen = blocksText(v.view.blocks);
    expect(seen).toContain('打印合同并加盖公章');
    expect(seen).toContain('管理员还没有填写邮寄地址'); // no address given in set-up or settings: ask an admin
    expect(seen).toContain('年检页');
    expect(seen).toContain('供应商签收后开始计算 15 个工作日');
    expect(blocksText(v.view.submit)).toContain('我已寄出');

    s.db.now = new Date('2026-09-21T02:00:00Z'); // Monday
    expect((await s.emu.submitView(U.requester, { outbound_tracking: 'SF1400000000001' })).errors).toBeUndefined();
    seen = blocksText(s.emu.openView(U.requester)!.view.blocks);
    expect(seen).toContain('SF1400000000001');
    expect(blocksText(s.emu.openView(U.requester)!.view.submit)).toContain('供应商已签收');

    s.db.now = new Date('2026-09-22T02:00:00Z'); // Tuesday 10:00 in Shanghai: the vendor has it
    expect((await s.emu.submitView(U.requester, {})).errors).toBeUndefined();
    v = s.emu.openView(U.requester)!;
    // 23, 24, 28, 29, 30 Sep; 8, 9, 10 (the make-up Saturday), 12–16, 19, 20 Oct: the 15th is Tuesday 20 October.
    expect(blocksText(v.view.blocks)).toContain('2026-10-20');
    expect(v.view.submit).toBeUndefined();
    await settle();
    const trail = await svc.auditTrail(s.db.ctx.db, c.id);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['paperMailed', 'paperReceived']));

    await wait(27 * DAY); // Monday 19 October
    expect(await state(c.id)).toBe('effective/paper_requested');
    await wait(DAY); // Tuesday 20 October
    expect(await state(c.id)).toBe('effective/paper_shipped');
    expect(must(await svc.mailingInfo(s.db.ctx, a.requester, c.id)).trackingNumber).toMatch(/^SF\d{13}$/);
  });

  it('receipt is refused before mailing, and a colleague can record neither', async () => {
    const acc = await s.workspace();
    const f = await effectiveFramework(s.db, acc);
    const a = actorsOf(acc);
    must(await svc.requestPaper(s.db.ctx, a.requester, f.id, { recipient: '张伟', phone: '13800138000', address: '北京市海淀区' }));
    expectRefused(await svc.paperReceived(s.db.ctx, a.requester, f.id), 'ACTION_NOT_ALLOWED');
    expectRefused(await svc.paperMailed(s.db.ctx, a.colleague, f.id, null), 'NOT_PERMITTED');
    expectRefused(await svc.paperMailed(s.db.ctx, a.requester, f.id, 'SF 123; drop'), 'TRACKING_NUMBER_INVALID');
    must(await svc.paperMailed(s.db.ctx, a.requester, f.id, null));
    expectRefused(await svc.paperMailed(s.db.ctx, a.requester, f.id, null), 'ACTION_NOT_ALLOWED');
  });
});
