// The signing page says what the signer signs for: a total only where the contract has one (issue 26, item 11).
import { describe, expect, it } from 'vitest';
import { signingPage, type SigningPageState } from '../../src/http/sms-signing-view.js';

const base: SigningPageState = {
  number: 'HT-2026-000007',
  kind: 'order',
  vendor: 'tencent',
  subjectType: 'enterprise',
  partyA: '北京云杉科技有限公司',
  signerName: '赵外签',
  phone: '13700000001',
  totalCents: 0,
  items: [],
  itemRefs: [],
  draftUrl: 'https://example.test/d',
  codeAction: '/sign/x/code',
  signAction: '/sign/x/sign',
  csrf: 'c',
  codeSent: false,
  error: null,
  otherLang: '/sign/x?lang=en',
};

/** The text of the page's summary card, tags removed. */
const card = (html: string) => /<section class="card"[^>]*>([\s\S]*?)<\/section>/.exec(html)![1]!.replace(/<[^>]+>/g, ' ');

describe('the signing page summary', () => {
  it('names a framework contract by its agreement, not ¥0.00, in both languages', () => {
    const s = { ...base, kind: 'framework' as const };
    expect(card(signingPage(s, 'zh'))).toContain('腾讯云服务协议');
    expect(card(signingPage(s, 'en'))).toMatch(/Agreement/);
    for (const l of ['zh', 'en'] as const) expect(card(signingPage(s, l))).not.toContain('0.00');
  });

  it('lists a filing contract by its filing numbers, not ¥0.00', () => {
    const s = { ...base, kind: 'filing' as const, items: ['京ICP备2026000001号'], itemRefs: ['京ICP备2026000001号'] };
    const zh = card(signingPage(s, 'zh'));
    expect(zh).toContain('备案号');
    expect(zh).toContain('京ICP备2026000001号');
    expect(zh).not.toContain('0.00');
    expect(card(signingPage(s, 'en'))).toContain('Filing numbers');
  });

  it('shows an order contract its total', () => {
    const s = { ...base, totalCents: 1234550, items: ['O-1 · ¥12,345.50'], itemRefs: ['O-1'] };
    expect(card(signingPage(s, 'zh'))).toContain('12,345.50');
    expect(card(signingPage(s, 'en'))).toContain('Total');
  });
});
