// Issue 26, item 10: words with an internal or foreign word in them, each as a person meets it, in both languages.
import { describe, expect, it } from 'vitest';
import * as svc from '../../src/services/index.js';
import { actionAnswer } from '../../src/slack/views/answers.js';
import { contractButtons } from '../../src/slack/views/contract.js';
import { mailingView } from '../../src/slack/views/paper.js';
import { prerequisiteRefusal } from '../../src/slack/views/prerequisites.js';
import { actorsOf, effectiveFramework, eligibleOrders, must, newContractIn } from '../helpers/flows.js';
import { contractRow } from '../helpers/rows.js';
import { blocksText, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
/** 孙磊 reads Chinese, 周婷 English. */
const READERS = [
  ['zh', U.requester],
  ['en', U.colleague],
] as const;
const latin = (t: string) => t.replace(/HT-\d{4}-\d+|PDF|SHA-256|`[^`]*`/g, '').match(/[A-Za-z]{2,}/g) ?? [];
const han = (t: string) => t.match(/[\p{Script=Han}（），。：；「」]/gu) ?? [];

describe.each(READERS)('%s', (l, user) => {
  it('a tracking number that is not one is refused in words, under its field: no "tracking number" in a Chinese form', async () => {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    await effectiveFramework(s.db, acc);
    const c = await newContractIn(s.db, acc, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(acc).slice(0, 1) }, 'effective/paper_requested');
    const r = await svc.paperMailed(s.db.ctx, a.requester, c.id, 'SF 123/456');
    expect(r.ok).toBe(false);
    const said = !r.ok ? r.error.message[l] : '';
    expect(said).toBe(
      l === 'zh' ? '快递单号只能包含字母、数字和连字符（-），最多 40 位' : 'Courier tracking number takes letters, digits and dashes (-), at most 40 of them',
    );
    // Full-width, as a Chinese input method types it: taken.
    must(await svc.paperMailed(s.db.ctx, a.requester, c.id, 'ＳＦ１２３４５６'));
  });

  it('/contract verify with nothing after it says what to type, not "`?`"', async () => {
    await s.workspace();
    const said = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'verify'));
    expect(said.text).not.toContain('?`');
    expect(said.text).toContain(l === 'zh' ? '内容指纹' : 'content fingerprint');
    expect(l === 'zh' ? latin(said.text) : han(said.text)).toEqual([]);
  });

  it('/contract with a word that is no command says so, then shows help', async () => {
    await s.workspace();
    const said = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'foo'));
    const shown = `${said.text}\n${blocksText(said.blocks)}`;
    expect(shown).toContain(l === 'zh' ? '没有「foo」这个命令' : 'There is no command "foo"');
    expect(blocksText(said.blocks)).toContain(l === 'zh' ? '使用说明' : 'help');
    // Help itself is still help, with nothing said about a command.
    const help = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'help'));
    expect(`${help.text}${blocksText(help.blocks)}`).not.toMatch(/没有「|no command/);
  });
});

describe.each(['zh', 'en'] as const)('%s, pure', (l) => {
  it('dates in a Chinese view read as Chinese dates: 2026-09-22（周二）, Tue, 2026-09-22', () => {
    const at = new Date('2026-09-22T02:00:00Z');
    const v = mailingView(l, 'HT-2026-000001', {
      recipient: '张伟',
      phone: '13800138000',
      address: '北京',
      enclosures: [],
      trackingNumber: null,
      mailedAt: at,
      receivedAt: at,
    });
    const text = blocksText(v.blocks);
    expect(text).toContain(l === 'zh' ? '2026-09-22（周二）' : 'Tue, 2026-09-22');
    if (l === 'zh') expect(text).not.toContain('Tue');
  });

  it('the e-sign activation button speaks one language', () => {
    const v = prerequisiteRefusal(l, 'esign', { isAdmin: true, admins: [] });
    const label = JSON.stringify(v.blocks).match(/"text":\{"type":"plain_text","text":"([^"]+)","emoji":true\},"action_id":"prereq:activate_esign"/)?.[1];
    expect(label).toBe(l === 'zh' ? '开通电子签' : 'Activate e-sign');
  });

  it('voiding or deleting names what the contract holds: filing numbers, orders, or nothing for a framework', () => {
    const confirm = (
      kind: 'order' | 'filing' | 'framework',
      subStatus: 'draft_ready' | null,
      status: 'draft' | 'voided',
      vendor: 'tencent' | 'qingcloud' = 'tencent',
    ) => JSON.stringify(contractButtons(contractRow({ kind, status, subStatus, vendor }), l));
    const [orders, filings] = l === 'zh' ? ['订单', '备案号'] : ['orders', 'filing numbers'];
    expect(confirm('filing', 'draft_ready', 'draft')).toContain(filings);
    expect(confirm('filing', 'draft_ready', 'draft')).not.toContain(orders);
    expect(confirm('filing', null, 'voided')).toContain(filings);
    expect(confirm('filing', null, 'voided')).not.toContain(orders);
    expect(confirm('order', 'draft_ready', 'draft')).toContain(orders);
    for (const k of [
      confirm('framework', 'draft_ready', 'draft'),
      confirm('framework', null, 'voided'),
      confirm('framework', 'draft_ready', 'draft', 'qingcloud'),
    ]) {
      expect(k).not.toContain(orders);
      expect(k).not.toContain(filings);
    }
    const discarded = actionAnswer('void', contractRow({ kind: 'framework', status: 'voided', subStatus: null, vendor: 'qingcloud' }), l);
    expect(discarded).not.toContain(orders);
  });
});
