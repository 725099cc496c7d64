// Issue 26 items 5, 6, 7 and 14: each vendor's own world, read in Chinese and in English by people of a workspace the
// demo seed never saw. QingCloud (its guide): its own FAQ and help, its pickers free of Tencent's order-contract rules
// and stating our split, 立即转为正式合同 on the draft just saved, a draft discarded (废弃) in one step from 合同申请记录.
// Both vendors: the kind select says what each kind is for, and the first step carries the vendor's notices.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, expectRefused, must } from '../helpers/flows.js';
import { blocksText, eventually, findButton, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
const LANGS = [
  { user: U.requester, who: 'requester', lang: 'zh' },
  { user: U.colleague, who: 'colleague', lang: 'en' },
] as const;
const reload = async (id: string) => (await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;

async function openStart(user: string) {
  await s.emu.closeView(user);
  await s.emu.command(user, 'new');
  return eventually(() => s.emu.openView(user), 'the first step');
}

/** The kind select's options, with their descriptions, and the first step's context lines. */
function startParts(view: unknown) {
  const blocks = (view as { blocks: unknown }).blocks as {
    block_id?: string;
    element?: { options?: { text: { text: string }; description?: { text: string } }[] };
  }[];
  const kind = blocks.find((b) => b.block_id === 'kind')!.element!.options!;
  return { options: kind.map((o) => `${o.text.text} — ${o.description?.text ?? ''}`), text: blocksText(blocks) };
}

describe('item 14: the kind select says what each kind is for, and the vendor’s notices come first', () => {
  const WORDS = {
    tencent: {
      zh: ['订单合同《|订单合同 — 选择订单生成合同，用于售前请款和售后报销', '备案合同 — 根据备案订单申请经营性备案', '同等法律效力', '个性化诉求'],
      en: ['pre-sale payment requests and reimbursement', 'ICP commercial filing', 'same legal effect', 'sign offline'],
    },
    qingcloud: {
      zh: ['消费合同 — 附带消费记录，适用于消费后报销', '充值合同 — 附带消费记录，适用于消费后报销', '实际交易的法律主体', '申请合同指引'],
      en: ['Usage records for reimbursement', 'legal party to the transactions', 'How it goes', 'convert now'],
    },
  } as const;
  for (const vendor of ['tencent', 'qingcloud'] as const) {
    for (const { user, lang } of LANGS) {
      it(`${vendor}, ${lang}`, async () => {
        await s.workspace({ vendor });
        const { options, text } = startParts((await openStart(user)).view);
        expect(options.every((o) => !o.endsWith(' — '))).toBe(true); // every kind has its purpose
        const all = `${options.join('\n')}\n${text}`;
        for (const w of WORDS[vendor][lang]) expect(all).toMatch(new RegExp(w.replace(/[()]/g, '\\$&')));
      });
    }
  }
});

describe('item 5: a QingCloud account reads its own FAQ and help', () => {
  for (const { user, lang } of LANGS) {
    it(lang, async () => {
      await s.workspace({ vendor: 'qingcloud' });
      const help = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'help'));
      const helpText = blocksText(help.blocks);
      expect(helpText).toMatch(lang === 'zh' ? /框架、消费、充值/ : /framework, consumption, recharge/);
      expect(helpText).not.toMatch(/订单、|备案|order,|filing|\/contract signers/);
      await s.emu.closeView(user);
      await s.emu.clickAction(
        user,
        { message: { channel: help.channel, ts: '1', text: help.text, blocks: help.blocks ?? [], edits: 0 } },
        findButton(help.blocks, 'help:faq'),
      );
      const faq = blocksText((await eventually(() => s.emu.openView(user), 'the FAQ')).view.blocks);
      expect(faq).toContain(lang === 'zh' ? '合同草稿' : 'draft');
      expect(faq).toContain(lang === 'zh' ? '实际交易的法律主体' : 'legal party');
      expect(faq.match(/.{0,30}(腾讯|Tencent|ICP|纸质|paper|cloud\.tencent).{0,30}/gi) ?? []).toEqual([]);
    });
  }

  it('a Tencent Cloud account’s help lists its own kinds and still has its paper FAQ', async () => {
    await s.workspace();
    const help = blocksText((await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'help'))).blocks);
    expect(help).toContain('框架、订单、备案');
    expect(help).not.toMatch(/消费|充值/);
  });
});

describe('item 6: QingCloud’s pickers apply none of Tencent’s order-contract rules, and say how the kinds split', () => {
  for (const { user, who, lang } of LANGS) {
    it(lang, async () => {
      const acc = await s.workspace({ vendor: 'qingcloud', orderCount: 200 });
      // The picker: a marketplace purchase is a recharge record here, never refused as Tencent's 云市场 order.
      await openStart(user);
      const step = await s.emu.submitView(user, { kind: 'recharge' });
      expect(step.errors).toBeUndefined();
      const picker = s.emu.openView(user)!;
      expect(blocksText(picker.view.blocks)).toContain(lang === 'zh' ? '这一划分是本应用的约定' : 'This split is ours');
      expect(blocksText(picker.view.blocks)).not.toMatch(/30/);
      const offered = await s.emu.suggest(user, 'items', 'EDGE-MARKETPLACE');
      expect(offered.find((o) => o.value === 'EDGE-MARKETPLACE')?.description).toBeUndefined();
      const refund = await s.emu.suggest(user, 'items', 'EDGE-REFUND-SMALL');
      const why = refund.find((o) => o.value === 'EDGE-REFUND-SMALL')?.description ?? '';
      expect(why).not.toMatch(/订单合同|order contract|第三方|third-party/);

      // More than Tencent's 30: 31 prepaid orders make one recharge contract; past our own 50, the refusal names the kind.
      const a = actorsOf(acc);
      const prepaid = acc.orders.filter((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE')).map((o) => o.id);
      expect(prepaid.length).toBeGreaterThan(51);
      must(await svc.createDraft(s.db.ctx, a[who], { kind: 'recharge', channel: 'vendor_seal', itemIds: prepaid.slice(0, 31) }));
      const tooMany = await svc.createDraft(s.db.ctx, a[who], { kind: 'recharge', channel: 'vendor_seal', itemIds: prepaid.slice(0, 51) });
      expectRefused(tooMany, 'TOO_MANY_RECORDS');
      const words = tooMany.ok ? '' : tooMany.error.message[lang];
      expect(words).toMatch(lang === 'zh' ? /充值合同最多选择 50 条/ : /recharge contract takes at most 50/);
      expect(words).not.toMatch(/订单合同|order contract/);
      const wrong = await svc.createDraft(s.db.ctx, a[who], { kind: 'consumption', channel: 'vendor_seal', itemIds: [prepaid.at(-1)!] });
      expectRefused(wrong, 'R11_WRONG_ORDER_TYPE');
      expect(wrong.ok ? '' : wrong.error.message[lang]).not.toMatch(/订单合同|order contract/);
    });
  }
});

describe('item 7: QingCloud converts on the draft just saved, and discards a draft in one step', () => {
  for (const { user, who, lang } of LANGS) {
    it(lang, async () => {
      const acc = await s.workspace({ vendor: 'qingcloud' });
      // Framework: 确定 → the draft, and 立即转为正式合同 right there.
      await openStart(user);
      await s.emu.submitView(user, { kind: 'framework' });
      expect((await s.emu.submitView(user, { party_a_confirmed: ['yes'] })).errors).toBeUndefined();
      const saved = s.emu.openView(user)!;
      const convert = findButton(saved.view.blocks, 'act:convert');
      expect(blocksText(saved.view.blocks)).toContain(lang === 'zh' ? '立即转为正式合同' : 'Convert to formal now');
      expect(blocksText(saved.view.blocks)).toContain(lang === 'zh' ? '返回合同管理' : 'Back to the contract record');
      await s.emu.clickAction(user, { view: saved }, convert);
      const after = await eventually(() => {
        const v = s.emu.openView(user);
        return v && blocksText(v.view.blocks).includes(lang === 'zh' ? '转为正式合同成功' : 'Converted') ? v : null;
      }, 'the page saying the conversion succeeded');
      expect(blocksText(after.view.blocks)).toContain('doc:download');
      const [f] = await svc.listContracts(s.db.ctx.db, acc.accountId, { limit: 1 });
      expect(stateKey(f!)).toBe('effective/e_effective');

      // A recharge draft, discarded (废弃) from 合同申请记录: one step, its order free at once, no 作废 or 删除.
      const a = actorsOf(acc);
      const order = acc.orders.find((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE'))!.id;
      const d = must(await svc.createDraft(s.db.ctx, a[who], { kind: 'recharge', channel: 'vendor_seal', itemIds: [order] }));
      await s.emu.closeView(user);
      await s.emu.command(user, 'record');
      const record = await eventually(() => s.emu.openView(user), 'the record');
      const discard = findButton(record.view.blocks, 'act:void', d.id);
      const button = (record.view.blocks as { elements?: { value?: string; action_id?: string; text?: { text: string }; confirm?: unknown }[] }[])
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id === 'act:void' && e.value === discard.value)!;
      expect(button.text!.text).toBe(lang === 'zh' ? '废弃' : 'Discard');
      expect(JSON.stringify(button.confirm)).not.toMatch(/作废|删除|void|delete/i);
      await s.emu.clickAction(user, { view: record }, discard);
      await eventually(async () => (await reload(d.id)).status === 'voided', 'the discarded draft');
      const refreshed = await eventually(() => {
        const v = s.emu.openView(user);
        return v && blocksText(v.view.blocks).includes(lang === 'zh' ? '已废弃' : 'Discarded') ? v : null;
      }, 'the record showing the draft discarded');
      expect(blocksText(refreshed.view.blocks)).not.toMatch(/已作废|Voided|act:delete/);
      expectRefused(await svc.deleteContract(s.db.ctx, a[who], d.id), 'ACTION_NOT_ALLOWED');
      // Its order is free again at once.
      must(await svc.createDraft(s.db.ctx, a[who], { kind: 'recharge', channel: 'vendor_seal', itemIds: [order] }));
    });
  }
});
