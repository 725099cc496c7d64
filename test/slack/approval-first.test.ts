// Issue 26 item 2: where the account's policy asks for an approver, a click says so before and after. The confirm
// dialog of 转为正式合同 and the signing step say an approval comes first; the answer to Convert says the contract went
// to the approvers, never "已完成：转为正式合同" for a contract that is 待审批. In Chinese and English, both vendors.
import { describe, expect, it } from 'vitest';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, driveFrom, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { blocksText, eventually, homeButton, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

/** The convert button on the person's Home tab: its confirm dialog's text, and what clicking it answers. */
async function convertFromHome(user: string, contractId: string) {
  const b = await homeButton(s.emu, user, 'act:convert', contractId);
  const home = s.emu.homes.get(user)?.blocks as { elements?: { action_id?: string; value?: string; confirm?: unknown }[] }[];
  const button = home.flatMap((x) => x.elements ?? []).find((e) => e.action_id === 'act:convert' && e.value === b.value)!;
  const answer = await nextEphemeral(s.emu, user, () => s.emu.clickAction(user, { home: true }, b));
  return { confirm: JSON.stringify(button.confirm), answer: answer.text };
}

async function frameworkDraft(acc: SeededAccount, user: 'requester' | 'colleague') {
  const a = actorsOf(acc);
  const c = must(await svc.createDraft(s.db.ctx, a[user], { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
  return c.status === 'draft' && c.subStatus === 'draft_ready' ? c : driveFrom(s.db, acc, c, 'draft/draft_ready');
}

describe('an approval before convert', () => {
  it('Tencent Cloud, in Chinese: the dialog says an approver comes first, and the answer says it went to them', async () => {
    const acc = await s.workspace({ approvalKinds: ['framework'] });
    const f = await frameworkDraft(acc, 'requester');
    const { confirm, answer } = await convertFromHome(U.requester, f.id);
    expect(confirm).toContain('此合同需先经审批人批准');
    expect(answer).toContain('需要审批');
    expect(answer).not.toContain('已完成');
    expect(stateKey((await svc.getContract(s.db.ctx.db, acc.accountId, f.id))!)).toBe('draft/awaiting_approval');
  });

  it('QingCloud, in English: the same, never "Converted" while it waits for an approver', async () => {
    const acc = await s.workspace({ vendor: 'qingcloud', approvalKinds: ['framework'] });
    const f = await frameworkDraft(acc, 'colleague');
    const { confirm, answer } = await convertFromHome(U.colleague, f.id);
    expect(confirm).toContain('needs an approver first');
    expect(answer).toContain('needs approval');
    expect(answer).not.toMatch(/^Done|Converted/);
    expect(stateKey((await svc.getContract(s.db.ctx.db, acc.accountId, f.id))!)).toBe('draft/awaiting_approval');
  });

  it('without a policy for it, the dialog and the answer say what convert does (Tencent: the vendor seals next)', async () => {
    const acc = await s.workspace();
    const f = await frameworkDraft(acc, 'requester');
    const { confirm, answer } = await convertFromHome(U.requester, f.id);
    expect(confirm).not.toContain('审批');
    expect(answer).toContain('腾讯云签署');
    expect(answer).not.toContain('已完成');
  });

  it('the dual channel: the signing step says the SMS waits for an approver, in Chinese and English', async () => {
    const acc = await s.workspace({ approvalKinds: ['order'] });
    await effectiveFramework(s.db, acc);
    const a = actorsOf(acc);
    const orders = eligibleOrders(acc);
    for (const [user, who, words] of [
      [U.requester, 'requester', '批准后才会向签署人发送签署短信'],
      [U.colleague, 'colleague', 'the signing SMS goes out only when approved'],
    ] as const) {
      const c0 = must(await svc.createDraft(s.db.ctx, a[who], { kind: 'order', channel: 'dual_seal', itemIds: [orders.shift()!] }));
      must(await svc.fillPartyA(s.db.ctx, a[who], c0.id, {}));
      must(await svc.draftGenerated(s.db.ctx, a.system, c0.id));
      const c = must(await svc.confirmText(s.db.ctx, a[who], c0.id));
      await s.emu.closeView(user);
      const b = await homeButton(s.emu, user, 'step:confirmSigningInfo', c.id);
      await s.emu.clickAction(user, { home: true }, b);
      const step = await eventually(() => {
        const v = s.emu.openView(user);
        return v && v.view.callback_id === 'wizard:signing' ? v : null;
      }, 'the signing step');
      expect(blocksText(step.view.blocks)).toContain(words);
    }
  });
});
