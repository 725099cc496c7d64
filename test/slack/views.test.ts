// Views are pure: what a person sees, read without Slack. The emulator's limit checks are tested here too.
import { describe, expect, it } from 'vitest';
import { checkMessage, checkView } from '../../src/sandbox/limits.js';
import { escapeMrkdwn, localeFromSlack } from '../../src/slack/i18n.js';
import { approvalMessage, contractButtons, homeView } from '../../src/slack/views/contract.js';
import { itemsView, partyAView, reviewView, startView } from '../../src/slack/views/wizard.js';
import { contractRow } from '../helpers/rows.js';

const contract = contractRow;
const buttons = (b: ReturnType<typeof contractButtons>) =>
  ((b?.elements as { action_id: string; text: { text: string } }[]) ?? []).map((e) => `${e.action_id}=${e.text.text}`);

describe('views', () => {
  it('show exactly the buttons the status table allows', () => {
    expect(buttons(contractButtons(contract(), 'zh'))).toEqual(['act:convert=转为正式合同', 'act:void=作废', 'doc:download=下载']);
    expect(buttons(contractButtons(contract({ status: 'signing', subStatus: 'vendor_signing' }), 'en'))).toEqual(['doc:download=Download']);
    expect(buttons(contractButtons(contract({ sealChannel: 'dual_seal', status: 'signing', subStatus: 'customer_signing' }), 'en'))).toEqual([
      'act:cancelSigning=Cancel signing',
      'act:resend=Resend the SMS',
      'doc:download=Download',
    ]);
    expect(buttons(contractButtons(contract({ sealChannel: 'dual_seal', subStatus: 'confirming_text' }), 'zh'))).toEqual([
      'step:confirmText=继续: 确认合同文本内容',
      'act:delete=删除',
      'doc:download=下载',
    ]);
  });
  it('offer Download only where a document exists (R16)', () => {
    expect(buttons(contractButtons(contract({ sealChannel: 'dual_seal', subStatus: 'filling_info' }), 'en'))).not.toContain('doc:download=Download');
    expect(buttons(contractButtons(contract({ subStatus: 'draft_generating' }), 'en'))).toEqual([]);
    expect(buttons(contractButtons(contract({ status: 'effective', subStatus: 'e_effective' }), 'en', { downloadOnly: true }))).toEqual([
      'doc:download=Download',
    ]);
    expect(contractButtons(contract({ status: 'voided', subStatus: null }), 'en', { downloadOnly: true })).toBeNull();
  });
  it('mark a stuck contract on the Home tab with the reason', () => {
    const home = JSON.stringify(homeView([contract({ staleSince: new Date(), staleReason: 'failed:vendor timeout' })], 'en'));
    expect(home).toContain('⚠️ stuck: the e-sign service failed at “Tencent Cloud sealing” and is being retried');
    expect(home).not.toContain('timeout');
  });
  it('carry the version in each button, so an old view acts on nothing', () => {
    const v = (contractButtons(contract(), 'zh')!.elements as { value: string }[])[0]!.value;
    expect(v).toBe('00000000-0000-4000-8000-000000000001:3');
  });
  it('fit Slack: a Home tab with 200 contracts stays under 100 blocks and says how many are left', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      contract({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, number: `HT-2026-${String(i).padStart(6, '0')}` }),
    );
    const home = homeView(many, 'en');
    expect(checkView(home)).toEqual([]);
    expect(JSON.stringify(home)).toContain('170 more');
  });
  it('keep every modal within the limits in both languages', () => {
    for (const l of ['zh', 'en'] as const) {
      expect(checkView(startView(l, 'tencent'))).toEqual([]);
      expect(checkView(itemsView(l, { kind: 'order', channel: 'dual_seal' }, 'tencent'))).toEqual([]);
      expect(checkView(partyAView(l, 'x'.repeat(500), { address: 'y'.repeat(5000) }, { mode: 'fill', contractId: 'c', version: 1 }, 'tencent'))).toEqual([]);
      expect(checkMessage({ text: 'x', blocks: approvalMessage(contract({ rejectionReason: 'z'.repeat(5000) }), l) })).toEqual([]);
    }
  });
  it('prompt an empty choice in the person’s language, not the client’s default', () => {
    const kindPrompt = (l: 'zh' | 'en') =>
      (startView(l, 'tencent').blocks as { block_id?: string; element?: { placeholder?: { text: string } } }[]).find((b) => b.block_id === 'kind')?.element
        ?.placeholder?.text;
    expect(kindPrompt('zh')).toBe('请选择合同类型');
    expect(kindPrompt('en')).toBe('Choose a contract kind');
  });
  it('escape user text so it cannot mention or link', () => {
    expect(escapeMrkdwn('<!channel> <http://evil|x> & co')).toBe('&lt;!channel&gt; &lt;http://evil|x&gt; &amp; co');
  });
  it('pick the language from the Slack locale', () => {
    expect(localeFromSlack('zh-TW', 'en')).toBe('zh');
    expect(localeFromSlack('ja-JP', 'zh')).toBe('en');
    expect(localeFromSlack(undefined, 'zh')).toBe('zh');
  });
});

describe('the emulator refuses what Slack refuses', () => {
  it("long modal titles, too many blocks, long buttons, oversized metadata, in Slack's words", () => {
    expect(checkView({ type: 'modal', title: { type: 'plain_text', text: 'A title that is much too long' }, blocks: [] })).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
    expect(checkMessage({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toEqual([
      '[ERROR] must provide no more than 50 items [json-pointer:/blocks]',
    ]);
    const longButton = { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'x'.repeat(76) }, action_id: 'a' }] };
    expect(checkMessage({ blocks: [longButton] })).toEqual(['[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]']);
    expect(checkView({ type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [], private_metadata: 'x'.repeat(3001) })).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ]);
    expect(checkMessage({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] })).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });
});

describe('the vendor’s words on the steps they show (Tencent’s order guide)', () => {
  const submit = (v: ReturnType<typeof itemsView>) => (v.submit as { text: string }).text;
  it('the order step carries the postpaid caveat; the filing step does not', () => {
    expect(JSON.stringify(itemsView('zh', { kind: 'order', channel: 'vendor_seal' }, 'tencent'))).toContain('后付费订单合同中无法体现实际消费金额');
    expect(JSON.stringify(itemsView('en', { kind: 'order', channel: 'dual_seal' }, 'tencent'))).toContain('cannot show the actual consumption');
    expect(JSON.stringify(itemsView('zh', { kind: 'filing', channel: 'vendor_seal' }, 'tencent'))).not.toContain('后付费');
  });
  it('the buttons say 创建合同草稿, 下一步：…, and 确认保存 where the seed does', () => {
    expect(submit(itemsView('zh', { kind: 'order', channel: 'vendor_seal' }, 'tencent'))).toBe('创建合同草稿');
    expect(submit(itemsView('zh', { kind: 'order', channel: 'dual_seal' }, 'tencent'))).toBe('下一步：填写甲方信息');
    expect(submit(itemsView('zh', { kind: 'consumption', channel: 'vendor_seal' }, 'qingcloud'))).toBe('下一步');
    expect(submit(partyAView('zh', 'X', {}, { mode: 'create', kind: 'order', channel: 'vendor_seal', items: [] }, 'tencent'))).toBe('确认保存');
    expect(submit(partyAView('zh', 'X', {}, { mode: 'create', kind: 'recharge', channel: 'vendor_seal', items: [] }, 'qingcloud'))).toBe('保存合同草稿');
  });
  it('QingCloud (its guide): 确定 under a required 请确认以上甲方信息真实有效 for the framework; 确认记录 reads the picked records back', () => {
    const framework = partyAView('zh', 'X', {}, { mode: 'create', kind: 'framework', channel: 'vendor_seal', items: [] }, 'qingcloud');
    expect(submit(framework)).toBe('确定');
    const tick = framework.blocks.find((b) => b.block_id === 'party_a_confirmed') as { optional?: boolean; element: { type: string } } | undefined;
    expect(tick?.element.type).toBe('checkboxes');
    expect(tick?.optional).toBeFalsy();
    const tencent = partyAView('zh', 'X', {}, { mode: 'create', kind: 'framework', channel: 'vendor_seal', items: [] }, 'tencent');
    expect(JSON.stringify(tencent)).not.toContain('请确认以上甲方信息真实有效');
    const review = reviewView(
      'zh',
      { mode: 'create', kind: 'consumption', channel: 'vendor_seal', items: ['A1', 'A2'] },
      [
        { id: 'A1', type: 'postpaid', createdOn: '2026-10-01', amountCents: 12000, product: '云服务器' },
        { id: 'A2', type: 'monthly_bill', createdOn: '2026-10-31', amountCents: 3456, product: null },
      ],
      'qingcloud',
    );
    expect((review.title as { text: string }).text).toBe('确认记录');
    const text = JSON.stringify(review.blocks);
    for (const w of ['A1', 'A2', '后付费', '月结账单', '¥120.00', '¥154.56', 'QingCloud 电子章']) expect(text).toContain(w);
    expect(submit(partyAView('zh', 'X', {}, { mode: 'fill', contractId: 'c', version: 1 }, 'tencent'))).toBe('下一步：确认合同文本内容');
  });
});
