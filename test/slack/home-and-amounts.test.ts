// Issue 26, items 11, 13, 15 and 17, end to end in both languages: what a framework or filing contract is about
// instead of ¥0.00; the item picker when a matching order is held by a voided contract; a click on Home answered on
// Home; an approver's Home and a rejection that says who rejected.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, contractThreads } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { blocksText, eventually, findButton, homeButton, lastDm, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

/** 孙磊 and 赵敏 read Chinese, 周婷 and 刘洋 English; each case sets the channel's language to the reader's too. */
const CASES = [
  { l: 'zh', requester: U.requester, approver: U.approver2 },
  { l: 'en', requester: U.colleague, approver: U.approver },
] as const;

const homeText = (user: string) => blocksText(s.emu.homes.get(user)?.blocks);
async function home(user: string, shows: string): Promise<string> {
  await s.emu.openHome(user);
  return eventually(() => (homeText(user).includes(shows) ? homeText(user) : null), `${user}'s Home showing ${shows}`);
}
const topOfHome = (user: string) => {
  const blocks = (s.emu.homes.get(user)?.blocks ?? []) as { block_id?: string; text?: { text: string } }[];
  return blocks.find((b) => b.block_id === 'home:notice')?.text?.text ?? null;
};

describe.each(CASES)('$l', ({ l, requester, approver }) => {
  async function workspace() {
    const acc = await s.workspace();
    await s.db.ctx.db.update(accounts).set({ language: l }).where(eq(accounts.id, acc.accountId));
    const a = actorsOf(acc);
    const me = { type: 'user' as const, accountId: acc.accountId, userId: requester };
    return { acc, a, me };
  }

  it('item 11: a framework contract shows its agreement and a filing contract its numbers, never ¥0.00: Home, record, thread, approval', async () => {
    const { acc, a, me } = await workspace();
    const f = must(await svc.createDraft(s.db.ctx, me, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    must(await svc.draftGenerated(s.db.ctx, a.system, f.id));
    must(await svc.saveSettingsKeepRoles(s.db.ctx, a.admin, acc.accountId, { approvalKinds: ['framework', 'filing'] }));
    must(await svc.convert(s.db.ctx, me, f.id));
    must(await svc.approve(s.db.ctx, a.approver, f.id));
    must(await svc.vendorSealed(s.db.ctx, a.system, f.id));
    const filings = acc.filings.slice(0, 2);
    const g = must(await svc.createDraft(s.db.ctx, me, { kind: 'filing', channel: 'vendor_seal', itemIds: filings }));
    must(await svc.draftGenerated(s.db.ctx, a.system, g.id));
    must(await svc.convert(s.db.ctx, me, g.id)); // waits for approval
    for (let i = 0; i < 6; i++) await s.drain();
    const title = l === 'zh' ? '《腾讯云服务协议》' : 'Tencent Cloud Service Agreement';

    const h = await home(requester, g.number);
    expect(h).toContain(title);
    for (const n of filings) expect(h).toContain(n);
    expect(h).not.toContain('¥0.00');

    await s.emu.command(requester, 'record');
    const rec = await eventually(() => {
      const t = blocksText(s.emu.openView(requester)?.view.blocks);
      return t.includes(g.number) ? t : null;
    }, 'the record');
    expect(rec).toContain(title);
    expect(rec).toContain(filings[0]!);
    expect(rec).not.toContain('¥0.00');

    for (const c of [f, g]) {
      const [t] = await s.db.ctx.db.select().from(contractThreads).where(eq(contractThreads.contractId, c.id));
      const root = s.emu.find(t!.channel, t!.rootTs)!;
      expect(blocksText(root.blocks)).not.toContain('¥0.00');
    }
    const ask = s.emu.messages(s.emu.dmChannel(approver)).find((m) => blocksText(m.blocks).includes(g.number) && blocksText(m.blocks).includes('approval:'));
    expect(blocksText(ask!.blocks)).toContain(filings[1]!);
    expect(blocksText(ask!.blocks)).not.toContain('¥0.00');
  });

  it('item 13: an order held by a voided contract is "not eligible" (not "nothing matched") and says deleting that contract frees it', async () => {
    const { acc, a, me } = await workspace();
    await effectiveFramework(s.db, acc);
    const order = eligibleOrders(acc)[0]!;
    const c = must(await svc.createDraft(s.db.ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: [order] }));
    must(await svc.draftGenerated(s.db.ctx, a.system, c.id));
    must(await svc.voidContract(s.db.ctx, me, c.id));
    await s.emu.closeView(requester);
    await s.emu.command(requester, 'new');
    await eventually(() => s.emu.openView(requester)?.view.callback_id === 'wizard:start', 'the new-contract form');
    await s.emu.submitView(requester, { kind: 'order', channel: 'vendor_seal' });
    await eventually(() => s.emu.openView(requester)?.view.callback_id === 'wizard:items', 'the item step');
    const offered = await s.emu.suggest(requester, 'items', order);
    const it = offered.find((o) => o.value === order)!;
    expect(it.group).toBe(l === 'zh' ? '不可选' : 'Not eligible');
    expect(offered.map((o) => o.group ?? '').join(' ')).not.toMatch(/没有符合条件|No eligible/);
    expect(it.description).toContain(c.number);
    expect(it.description).toMatch(l === 'zh' ? /已作废.*删除/ : /voided.*delete/);
    // Choosing it anyway says the same in full.
    const r = await s.emu.submitView(requester, { items: [order] });
    expect(Object.values(r.errors ?? {}).join(' ')).toMatch(
      l === 'zh' ? /已作废；删除该合同后即可重新选择/ : /which is voided; delete that contract to free it/,
    );
  });

  it('item 15: Download and a refused Void on Home are answered on Home (at its top) and in Messages', async () => {
    const { acc, a, me } = await workspace();
    await effectiveFramework(s.db, acc);
    const c = must(await svc.createDraft(s.db.ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(acc).slice(0, 1) }));
    must(await svc.draftGenerated(s.db.ctx, a.system, c.id));
    await s.drain();

    const download = await homeButton(s.emu, requester, 'doc:download', c.id);
    const dms = s.emu.ephemeralsFor(requester).length;
    await s.emu.clickAction(requester, { home: true }, download);
    const top = await eventually(() => topOfHome(requester), 'the answer on Home');
    expect(top).toContain(c.number);
    expect(top).toMatch(/<http[^|>]+\/documents\/[^|>]+\|(下载 PDF|download the PDF)>/);
    await eventually(() => s.emu.ephemeralsFor(requester).length > dms, 'the answer in Messages');

    // A Void from an older Home: the contract moved since, so it is refused, and the refusal shows on Home.
    const old = await homeButton(s.emu, requester, 'act:void', c.id);
    must(await svc.convert(s.db.ctx, me, c.id));
    await s.emu.clickAction(requester, { home: true }, old);
    const refused = await eventually(() => (topOfHome(requester)?.startsWith('⚠️') ? topOfHome(requester) : null), 'the refusal on Home');
    expect(refused).toContain(l === 'zh' ? '不能执行「作废」' : '"Void" is not possible now');
  });

  it('item 17: an approver’s Home lists what waits for them, and the requester’s Home says who rejected', async () => {
    const { acc, a, me } = await workspace();
    await effectiveFramework(s.db, acc);
    const c = must(await svc.createDraft(s.db.ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(acc).slice(0, 1) }));
    must(await svc.draftGenerated(s.db.ctx, a.system, c.id));
    must(await svc.saveSettingsKeepRoles(s.db.ctx, a.admin, acc.accountId, { approvalKinds: ['order'] }));
    must(await svc.convert(s.db.ctx, me, c.id));
    await s.drain();
    const h = await home(approver, c.number);
    expect(h).toContain(l === 'zh' ? '待您审批' : 'Waiting for your approval');
    expect(h).not.toContain(l === 'zh' ? '还没有合同' : 'No contracts yet');
    findButton(s.emu.homes.get(approver)?.blocks, 'approval:approve', c.id);

    // Rejected from Home: the approver's Home drops it; the requester's says who rejected, and why.
    const reject = findButton(s.emu.homes.get(approver)?.blocks, 'approval:reject', c.id);
    await s.emu.clickAction(approver, { home: true }, reject);
    await eventually(() => s.emu.openView(approver)?.view.callback_id === 'approval:reject_reason', 'the reason form');
    await s.emu.submitView(approver, { reason: '请补充采购单号 / add the PO number' });
    await s.drain();
    await eventually(async () => {
      await s.emu.openHome(approver);
      return !homeText(approver).includes(c.number);
    }, 'the approval gone from Home');
    const rh = await home(requester, '请补充采购单号');
    expect(rh).toContain(l === 'zh' ? `已由 <@${approver}> 驳回` : `Rejected by <@${approver}>`);
    expect(lastDm(s.emu, requester).text).toContain(c.number);
  });
});
