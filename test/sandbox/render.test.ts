// What the sandbox page shows for Block Kit and mrkdwn, read as a person would (text, links, buttons, errors).
import { describe, expect, it } from 'vitest';
import { block, message, modal, mrkdwn, type RenderContext } from '../../src/sandbox/render.js';
import { mailingView } from '../../src/slack/views/paper.js';

const ctx: RenderContext = { users: [{ id: 'U1', name: '刘洋 (Finance)' }], channels: [{ id: 'C1', name: 'contracts' }] };
const plain = (text: string) => ({ type: 'plain_text', text });
/** The text a person reads: tags dropped, entities decoded. */
const seen = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('mrkdwn', () => {
  it('formats bold, italics, strike-through and code, and keeps line breaks', () => {
    const html = mrkdwn('*合同* 已生效\n_note_ ~old~ `HT-1`', ctx);
    expect(html).toContain('<b>合同</b>');
    expect(html).toContain('<i>note</i>');
    expect(html).toContain('<s>old</s>');
    expect(html).toContain('<code>HT-1</code>');
    expect(html).toContain('<br>');
  });

  it('turns links, mentions and channels into what Slack shows', () => {
    const html = mrkdwn('📄 <http://x/documents/1/formal?exp=1&sig=a_b_c|正式合同 PDF> by <@U1> in <#C1>', ctx);
    expect(html).toContain('<a href="http://x/documents/1/formal?exp=1&amp;sig=a_b_c" target="_blank" rel="noopener">正式合同 PDF</a>');
    expect(seen(html)).toBe('📄 正式合同 PDF by @刘洋 (Finance) in #contracts');
  });

  it('never lets message text become markup', () => {
    const html = mrkdwn('&lt;script&gt;alert(1)&lt;/script&gt; <javascript:alert(1)|click> "quoted" & done', ctx);
    expect(html).not.toMatch(/<script|href="javascript/);
    expect(seen(html)).toBe('<script>alert(1)</script> click "quoted" & done');
  });

  it('leaves underscores inside words alone', () => {
    expect(mrkdwn('act_convert and snake_case_name', ctx)).not.toContain('<i>');
  });
});

describe('blocks', () => {
  it('shows a section with fields and a button accessory carrying its confirm dialog', () => {
    const html = block(
      {
        type: 'section',
        block_id: 'b1',
        text: { type: 'mrkdwn', text: '*HT-2026-000001*' },
        fields: [{ type: 'mrkdwn', text: '*状态*\n已生效' }],
        accessory: {
          type: 'button',
          action_id: 'act:void',
          value: 'c1:3',
          style: 'danger',
          text: plain('作废'),
          confirm: { title: plain('确认作废？'), text: { type: 'mrkdwn', text: '不可撤销' }, confirm: plain('作废'), deny: plain('取消') },
        },
      },
      ctx,
    );
    expect(seen(html)).toContain('HT-2026-000001');
    expect(html).toMatch(
      /<button type="button" class="bk-btn danger" data-act="click" data-action-id="act:void" data-block-id="b1" data-value="c1:3" data-confirm="[^"]*确认作废？[^"]*">作废<\/button>/,
    );
  });

  it('shows an input with its label, initial value, and the app’s inline error under it', () => {
    const html = block(
      { type: 'input', block_id: 'phone', label: plain('联系电话'), element: { type: 'plain_text_input', action_id: 'phone', initial_value: '123' } },
      ctx,
      { phone: '请输入 11 位手机号' },
    );
    expect(html).toContain('has-error');
    expect(html).toMatch(/<input class="bk-text" type="text" data-input="plain_text_input" data-action-id="phone"[^>]* value="123">/);
    expect(seen(html)).toBe('联系电话请输入 11 位手机号');
  });

  it('shows selects: static with its initial option, radio buttons with descriptions, external with chosen chips', () => {
    const opt = (v: string, t: string) => ({ value: v, text: plain(t) });
    const select = block(
      {
        type: 'input',
        block_id: 'kind',
        label: plain('合同类型'),
        element: {
          type: 'static_select',
          action_id: 'kind',
          options: [opt('order', '订单合同'), opt('filing', '备案合同')],
          initial_option: opt('filing', '备案合同'),
        },
      },
      ctx,
    );
    expect(select).toContain('<option value="filing" selected>备案合同</option>');
    const radio = block(
      {
        type: 'input',
        block_id: 'ch',
        label: plain('签章方式'),
        element: { type: 'radio_buttons', action_id: 'channel', options: [{ ...opt('dual_seal', '双方电子签章'), description: plain('双方签署') }] },
      },
      ctx,
    );
    expect(radio).toContain('type="radio" name="ch.channel" value="dual_seal"');
    expect(seen(radio)).toContain('双方签署');
    const ext = block(
      {
        type: 'input',
        block_id: 'items',
        label: plain('订单'),
        element: { type: 'multi_external_select', action_id: 'items', min_query_length: 0, initial_options: [opt('O1', 'O1 · 预付费')] },
      },
      ctx,
    );
    expect(ext).toContain('data-multi');
    expect(ext).toContain('data-min="0"');
    expect(ext).toContain('<span class="chip" data-value="O1" data-text="O1 · 预付费">');
  });

  it('names an unknown block instead of dropping it', () => {
    expect(seen(block({ type: 'rich_text' }, ctx))).toBe('[rich_text block]');
  });
});

describe('messages and modals', () => {
  it('shows the author, an APP badge for the bot, the thread summary, and "only visible to you" for ephemerals', () => {
    const bot = message({ ts: '1.1', text: 'hi', at: Date.UTC(2026, 10, 23, 4, 5) }, ctx, { surface: 'message:C1:1.1', replies: 3 });
    expect(seen(bot)).toMatch(/contract-desk APP \d\d:\d\d.*hi.*3 replies/);
    expect(message({ ts: '1.2', text: 'x', user: 'U1' }, ctx, { surface: 's' })).toContain('刘洋 (Finance)');
    expect(seen(message({ ts: '1.3', text: 'no' }, ctx, { surface: 's', ephemeral: true }))).toContain('Only visible to you');
  });

  it('shows a modal with its title, submit and close, and Back once a view is pushed', () => {
    const v = { id: 'V1', hash: 'h1', view: { type: 'modal', title: plain('创建合同'), submit: plain('下一步'), close: plain('取消'), blocks: [] } };
    const first = modal(v, ctx, 1);
    expect(seen(first)).toBe('创建合同×取消下一步');
    expect(first).toContain('data-modal-close');
    const pushed = modal({ ...v, view: { ...v.view, close: undefined, submit: undefined } }, ctx, 2);
    expect(seen(pushed)).toBe('创建合同×Back');
    expect(pushed).toContain('data-modal-back');
  });
});

describe("an optional field's mark (issue 26, item 10)", () => {
  // The mailing step of a paper copy has one optional field: the outbound tracking number.
  const mailing = (l: 'zh' | 'en') =>
    mailingView(
      l,
      'HT-2026-000001',
      { recipient: '张伟', phone: '13800138000', address: '北京', enclosures: [], trackingNumber: null },
      { contractId: '00000000-0000-4000-8000-000000000001', version: 1, vendorAddress: '深圳' },
    );
  it.each([
    ['zh', 'zh-CN', '快递单号 （可选）', /optional|选填/],
    ['en', 'en-US', 'Courier tracking number (optional)', /可选|\(optional\).*\(optional\)/],
  ] as const)('%s: said once, by the client, in the person’s language', (l, locale, label, not) => {
    const html = modal({ id: 'V1', hash: 'h', view: mailing(l) as never }, { ...ctx, locale }, 1);
    const text = seen(html);
    expect(text).toContain(label);
    expect(text).not.toMatch(not);
  });
});
