// Issue 13 (R1a, R15): a QingCloud account, through signed Slack requests, from /contract new to formal for each of its
// kinds, in its own flow; nothing it sees, is posted or downloads names the other vendor.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { pdfText } from '../helpers/poppler.js';
import { blocksText, eventually, findButton, homeButton, U, useSlackApp } from '../helpers/slack.js';

const TENCENT = /腾讯|Tencent/i;

describe('a QingCloud account', () => {
  const s = useSlackApp({ transport: 'http' });
  /** Every view the requester was shown, as they saw it, in order. */
  const seen: string[] = [];

  const look = (user: string) => {
    const v = s.emu.openView(user);
    if (v) seen.push(blocksText([v.view]));
    return v;
  };

  async function newest(acc: SeededAccount) {
    const [c] = await svc.listContracts(s.db.ctx.db, acc.accountId, { limit: 1 });
    return c!;
  }

  const reload = async (id: string) => (await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;

  async function settle() {
    await s.app.slack.idle();
    await s.drain();
  }

  async function start(kind: string) {
    await s.emu.closeView(U.requester);
    expect((await s.emu.command(U.requester, 'new')).status).toBe(200);
    const first = await eventually(() => look(U.requester), 'the new-contract modal');
    const text = blocksText(first.view.blocks);
    // Its own kinds on its own channel (R1a): no order or filing contract, no dual e-seal.
    expect(text).toContain('消费合同');
    expect(text).toContain('充值合同');
    expect(text).not.toContain('订单合同');
    expect(text).not.toContain('双方电子签章');
    expect(text).toContain('QingCloud 电子章');
    const r = await s.emu.submitView(U.requester, { kind }); // the only channel is chosen already
    expect(r.errors).toBeUndefined();
    look(U.requester);
  }

  /** 立即转为正式合同 from the Home tab: 转为正式合同成功, formal at once (no vendor sealing wait). */
  async function convertNow(id: string) {
    const b = await homeButton(s.emu, U.requester, 'act:convert', id);
    seen.push(blocksText(s.emu.homes.get(U.requester)?.blocks));
    expect(blocksText(s.emu.homes.get(U.requester)?.blocks)).toContain('立即转为正式合同');
    const before = s.emu.ephemeralsFor(U.requester).length;
    await s.emu.clickAction(U.requester, { home: true }, b);
    const answer = await eventually(() => s.emu.ephemeralsFor(U.requester)[before], 'the answer to convert');
    expect(JSON.stringify(answer)).toContain('转为正式合同成功');
    await settle();
    const c = await reload(id);
    expect(stateKey(c)).toBe('effective/e_effective');
    return c;
  }

  it('makes framework, consumption and recharge contracts formal in its own flow, and never names Tencent', async () => {
    const acc = await s.workspace({ vendor: 'qingcloud', orderCount: 80 });
    const calls0 = s.emu.calls.length;

    // Framework: Party A prefilled -> tick 请确认以上甲方信息真实有效 -> 确定 -> the draft at once.
    await start('framework');
    const partyA = s.emu.openView(U.requester)!;
    expect(blocksText(partyA.view.blocks)).toContain('请确认以上甲方信息真实有效');
    expect(blocksText(partyA.view.blocks)).toContain('13800138000');
    expect(JSON.stringify(partyA.view.submit)).toContain('确定');
    const unticked = await s.emu.submitView(U.requester, {});
    // The tick is a required field: Slack's client refuses it unticked before the app hears of it.
    expect(unticked).toMatchObject({ notSent: true, errors: { party_a_confirmed: '请填写此必填项' } });
    expect(await svc.listContracts(s.db.ctx.db, acc.accountId, { limit: 1 })).toEqual([]);
    const ticked = await s.emu.submitView(U.requester, { party_a_confirmed: ['yes'] });
    expect(ticked.errors).toBeUndefined();
    expect(blocksText(look(U.requester)!.view.blocks)).toMatch(/合同草稿 \*HT-2026-\d{6}\* 已生成/);
    const f = await newest(acc);
    expect(stateKey(f)).toBe('draft/draft_ready'); // no 3-minute generation
    await settle();
    await convertNow(f.id);

    // Consumption (postpaid usage) and recharge (prepaid top-ups): tick orders -> 确认记录 -> Party A -> 保存合同草稿.
    const postpaid = acc.orders
      .filter((o) => o.type === 'postpaid' && !o.id.startsWith('EDGE'))
      .slice(0, 3)
      .map((o) => o.id);
    const prepaid = acc.orders
      .filter((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE'))
      .slice(0, 2)
      .map((o) => o.id);
    const made = [];
    for (const [kind, ids] of [
      ['consumption', postpaid],
      ['recharge', prepaid],
    ] as const) {
      await start(kind);
      const offered = await s.emu.suggest(U.requester, 'items', '');
      expect(offered.length).toBeGreaterThan(0);
      expect((await s.emu.submitView(U.requester, { items: [...ids] })).errors).toBeUndefined();
      const review = look(U.requester)!;
      expect(JSON.stringify(review.view.title)).toContain('确认记录');
      for (const id of ids) expect(blocksText(review.view.blocks)).toContain(id);
      expect((await s.emu.submitView(U.requester, {})).errors).toBeUndefined();
      const p = look(U.requester)!;
      expect(JSON.stringify(p.view.submit)).toContain('保存合同草稿');
      expect(blocksText(p.view.blocks)).not.toContain('请确认以上甲方信息真实有效');
      expect((await s.emu.submitView(U.requester, {})).errors).toBeUndefined();
      look(U.requester);
      const c = await newest(acc);
      expect(c.kind).toBe(kind);
      expect(stateKey(c)).toBe('draft/draft_ready');
      await settle();
      made.push(await convertNow(c.id));
    }

    // A formal contract cannot be voided; a draft can be discarded (废弃).
    const home = blocksText(s.emu.homes.get(U.requester)?.blocks);
    expect(home).not.toMatch(new RegExp(`act:void[^}]*${made[0]!.id}`));
    expect(home).not.toContain('act:requestPaper'); // QingCloud's guide: the e-contract only
    await start('recharge');
    await s.emu.suggest(U.requester, 'items', '');
    await s.emu.submitView(U.requester, { items: [acc.orders.filter((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE'))[5]!.id] });
    await s.emu.submitView(U.requester, {});
    await s.emu.submitView(U.requester, {});
    const draft = await newest(acc);
    await settle();
    await homeButton(s.emu, U.requester, 'act:void', draft.id);
    expect(blocksText(s.emu.homes.get(U.requester)?.blocks)).toContain('废弃');
    // ... from 合同申请记录 (/contract record), as QingCloud's guide says.
    await s.emu.closeView(U.requester);
    await s.emu.command(U.requester, 'record');
    const record = await eventually(() => look(U.requester), 'the record');
    const discard = findButton(record.view.blocks, 'act:void', draft.id);
    expect(blocksText(record.view.blocks)).toContain('废弃');
    expect(blocksText(record.view.blocks)).not.toContain('订单合同'); // its own kinds in the filter
    await s.emu.clickAction(U.requester, { view: record }, discard);
    await eventually(async () => (await reload(draft.id)).status === 'voided', 'the discarded draft');

    // What the account read: every view, every Web API call the app made (messages, thread posts, Home tabs,
    // ephemeral answers), and every document's text.
    await settle();
    const threads = s.emu
      .messages('C0CONTRACTS')
      .map((m) => m.text)
      .join('\n');
    expect(threads).toMatch(/创建[\s\S]*草稿已生成[\s\S]*转为正式合同[\s\S]*已盖电子章/);
    const everything = [...seen, JSON.stringify(s.emu.calls.slice(calls0)), JSON.stringify(s.emu.ephemeralsFor(U.requester)), threads];
    for (const c of [f, ...made]) {
      for (const version of ['draft', 'formal'] as const) {
        const doc = (await svc.ensureDocument(s.db.ctx, c.id, version))!;
        const text = pdfText(doc.bytes);
        expect(text.replace(/\s+/g, '')).toContain('北京青云科技股份有限公司');
        everything.push(text);
      }
    }
    const leaks = everything.flatMap((t) => t.match(new RegExp(`.{0,40}(${TENCENT.source}).{0,40}`, 'gi')) ?? []);
    expect(leaks).toEqual([]);
  });
});
