import { describe, expect, it } from 'vitest';
import { errorCodes, errorTemplate } from '../../src/domain/errors.js';
import { formatCents } from '../../src/domain/labels.js';
import {
  checkEsignActivated,
  checkFilings,
  checkFramework,
  checkKindChannel,
  checkOrders,
  checkPartyADetails,
  checkPartyAName,
  checkReturnAddress,
  filingExpiry,
  formatContractNumber,
  needsApproval,
  paperEnclosures,
  resendWait,
} from '../../src/domain/rules.js';
import type { OrderLike } from '../../src/domain/types.js';

const order = (id: string, over: Partial<OrderLike> = {}): OrderLike => ({ id, type: 'prepaid', amountCents: 10_000, createdOn: '2024-01-01', ...over });
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('R11 order contracts', () => {
  it('takes 30 orders and refuses 31', () => {
    expect(
      code(
        checkOrders(
          'order',
          Array.from({ length: 30 }, (_, i) => order(`o${i}`)),
        ),
      ),
    ).toBe('ok');
    expect(
      code(
        checkOrders(
          'order',
          Array.from({ length: 31 }, (_, i) => order(`o${i}`)),
        ),
      ),
    ).toBe('R11_TOO_MANY_ORDERS');
  });
  it('draws the postpaid line at 2018-09-01', () => {
    expect(code(checkOrders('order', [order('a', { type: 'postpaid', createdOn: '2018-08-31' })]))).toBe('R11_POSTPAID_BEFORE_2018_09');
    expect(code(checkOrders('order', [order('a', { type: 'postpaid', createdOn: '2018-09-01' })]))).toBe('ok');
  });
  it('refuses monthly bills and marketplace orders with the reason', () => {
    const r = checkOrders('order', [order('a'), order('MB-1', { type: 'monthly_bill' })]);
    expect(code(r)).toBe('R11_MONTHLY_BILL');
    expect(!r.ok && r.error.message.zh).toContain('MB-1');
    expect(code(checkOrders('order', [order('M', { type: 'marketplace' })]))).toBe('R11_MARKETPLACE');
  });
  it('takes a refund while the total stays at or above zero', () => {
    expect(code(checkOrders('order', [order('a', { amountCents: 5000 }), order('r', { type: 'refund', amountCents: -5000 })]))).toBe('ok');
    const r = checkOrders('order', [order('a', { amountCents: 5000 }), order('r', { type: 'refund', amountCents: -5001 })]);
    expect(code(r)).toBe('R11_NEGATIVE_TOTAL');
    expect(!r.ok && r.error.message.en).toContain('-¥0.01');
  });
  it('refuses an empty or doubled selection', () => {
    expect(code(checkOrders('order', []))).toBe('ITEMS_REQUIRED');
    expect(code(checkOrders('order', [order('a'), order('a')]))).toBe('ITEM_DUPLICATE');
  });
  it('sums the total', () => {
    const r = checkOrders('order', [order('a', { amountCents: 123 }), order('b', { amountCents: 877 })]);
    expect(r.ok && r.value.totalCents).toBe(1000);
  });
});

describe('QingCloud kinds (R15, QingCloud’s guide)', () => {
  it('seal by the vendor alone, and say so in each language with its own words', () => {
    const r = checkKindChannel('consumption', 'dual_seal', 'qingcloud');
    expect(code(r)).toBe('KIND_CHANNEL_UNSUPPORTED');
    expect(!r.ok && r.error.message).toEqual({
      zh: '消费合同不支持双方电子签章，请选择QingCloud 电子章',
      en: 'A consumption contract cannot use the dual e-seal channel; choose the QingCloud e-seal',
    });
    expect(code(checkKindChannel('framework', 'dual_seal', 'qingcloud'))).toBe('KIND_CHANNEL_UNSUPPORTED');
    expect(code(checkKindChannel('recharge', 'vendor_seal', 'qingcloud'))).toBe('ok');
    expect(code(checkKindChannel('order', 'dual_seal', 'tencent'))).toBe('ok');
  });
  it('belong to QingCloud accounts, and Tencent kinds to Tencent accounts (R1a)', () => {
    const r = checkKindChannel('recharge', 'vendor_seal', 'tencent');
    expect(!r.ok && r.error.message.zh).toBe('腾讯云账号不提供充值合同，可申请：框架合同、订单合同、备案合同');
    const q = checkKindChannel('order', 'vendor_seal', 'qingcloud');
    expect(!q.ok && q.error.message.zh).toBe('QingCloud账号不提供订单合同，可申请：框架合同、消费合同、充值合同');
  });
  it("need no framework contract (R3 is Tencent's)", () => {
    expect(code(checkFramework('consumption', null, 'qingcloud'))).toBe('ok');
    expect(code(checkFramework('order', null, 'tencent'))).toBe('R3_FRAMEWORK_NOT_EFFECTIVE');
  });
  it('take the orders that match them', () => {
    expect(code(checkOrders('recharge', [order('a')]))).toBe('ok');
    expect(code(checkOrders('recharge', [order('a', { type: 'postpaid' })]))).toBe('R11_WRONG_ORDER_TYPE');
    expect(code(checkOrders('consumption', [order('a', { type: 'monthly_bill' })]))).toBe('ok');
    // QingCloud's guide has none of Tencent's order-contract rules: a marketplace purchase is a recharge record here, and the
    // cap is ours (50), not R11's 30.
    expect(code(checkOrders('consumption', [order('a', { type: 'marketplace' })]))).toBe('R11_WRONG_ORDER_TYPE');
    expect(code(checkOrders('recharge', [order('a', { type: 'marketplace' })]))).toBe('ok');
    expect(
      code(
        checkOrders(
          'recharge',
          Array.from({ length: 50 }, (_, i) => order(`o${i}`)),
        ),
      ),
    ).toBe('ok');
    expect(
      code(
        checkOrders(
          'recharge',
          Array.from({ length: 51 }, (_, i) => order(`o${i}`)),
        ),
      ),
    ).toBe('TOO_MANY_RECORDS');
    expect(code(checkOrders('order', [order('a', { type: 'marketplace' })]))).toBe('R11_MARKETPLACE');
  });
});

describe('other rules', () => {
  it('R12: 20 filing numbers, not 21', () => {
    expect(code(checkFilings(Array.from({ length: 20 }, (_, i) => ({ id: `f${i}` }))))).toBe('ok');
    expect(code(checkFilings(Array.from({ length: 21 }, (_, i) => ({ id: `f${i}` }))))).toBe('R12_TOO_MANY_FILINGS');
  });
  it('R12: a filing contract lasts a year and ships with the licence', () => {
    expect(filingExpiry(new Date('2026-11-23T02:00:00Z')).toISOString()).toBe('2027-11-23T02:00:00.000Z');
    expect(paperEnclosures('filing')).toEqual(['access_provider_licence', 'filing_screenshots']);
    expect(paperEnclosures('order')).toEqual([]);
  });
  it('R2/R3: one valid framework, and the others need it effective', () => {
    const f = (status: 'draft' | 'effective' | 'voided') => ({ number: 'HT-2026-000001', state: { status, subStatus: null } });
    expect(code(checkFramework('framework', null, 'tencent'))).toBe('ok');
    expect(code(checkFramework('framework', f('draft'), 'tencent'))).toBe('R2_FRAMEWORK_EXISTS');
    expect(code(checkFramework('framework', f('voided'), 'tencent'))).toBe('ok');
    expect(code(checkFramework('order', f('draft'), 'tencent'))).toBe('R3_FRAMEWORK_NOT_EFFECTIVE');
    expect(code(checkFramework('filing', null, 'tencent'))).toBe('R3_FRAMEWORK_NOT_EFFECTIVE');
    expect(code(checkFramework('order', f('effective'), 'tencent'))).toBe('ok');
  });
  it('R4: Party A is the verified subject', () => {
    expect(code(checkPartyAName(undefined, '北京云杉科技有限公司'))).toBe('ok');
    expect(code(checkPartyAName(' 北京云杉科技有限公司 ', '北京云杉科技有限公司'))).toBe('ok');
    expect(code(checkPartyAName('北京云杉科技', '北京云杉科技有限公司'))).toBe('R4_PARTY_A_NAME_MISMATCH');
  });
  it('R4: Party A details must be complete and well-formed', () => {
    const p = { address: '北京', contactName: '张伟', phone: '13800138000', email: 'a@b.cn' };
    expect(code(checkPartyADetails(p))).toBe('ok');
    expect(code(checkPartyADetails({ ...p, address: ' ' }))).toBe('FIELD_REQUIRED');
    expect(code(checkPartyADetails({ ...p, phone: '12' }))).toBe('PHONE_NUMBER_INVALID');
    expect(code(checkPartyADetails({ ...p, email: 'nope' }))).toBe('EMAIL_INVALID');
    expect(code(checkPartyADetails({ ...p, email: 'a@b.c<script>' }))).toBe('EMAIL_INVALID');
    expect(code(checkPartyADetails({ ...p, phone: '010-12345678' }))).toBe('ok');
  });
  it('R7: an enterprise activates e-sign before the dual channel; a person needs not', () => {
    expect(code(checkEsignActivated('dual_seal', 'enterprise', false, 'tencent'))).toBe('R7_ESIGN_NOT_ACTIVATED');
    expect(code(checkEsignActivated('dual_seal', 'personal', false, 'tencent'))).toBe('ok');
    expect(code(checkEsignActivated('vendor_seal', 'enterprise', false, 'tencent'))).toBe('ok');
  });
  it('R14: the return address needs recipient, phone and address', () => {
    expect(code(checkReturnAddress({ recipient: '张伟', phone: '13800138000' }))).toBe('PAPER_ADDRESS_REQUIRED');
    expect(code(checkReturnAddress({ recipient: '张伟', phone: '138', address: '北京' }))).toBe('PHONE_NUMBER_INVALID');
    expect(code(checkReturnAddress({ recipient: '张伟', phone: '13800138000', address: '北京' }))).toBe('ok');
  });
  it('approval policy: by kind or from an amount on', () => {
    const policy = { kinds: ['framework' as const], minTotalCents: 1_000_000 };
    expect(needsApproval(policy, { kind: 'framework', totalCents: 0 })).toBe(true);
    expect(needsApproval(policy, { kind: 'order', totalCents: 999_999 })).toBe(false);
    expect(needsApproval(policy, { kind: 'order', totalCents: 1_000_000 })).toBe(true);
    expect(needsApproval({ kinds: [], minTotalCents: null }, { kind: 'order', totalCents: 9e12 })).toBe(false);
  });
  it('resend waits a minute between SMS', () => {
    const t = new Date('2026-11-23T00:00:00Z');
    expect(resendWait(null, t)).toBe(0);
    expect(resendWait(new Date(t.getTime() - 20_000), t)).toBe(40);
    expect(resendWait(new Date(t.getTime() - 60_000), t)).toBe(0);
  });
  it('formats numbers and money as finance reads them', () => {
    expect(formatContractNumber(2026, 123)).toBe('HT-2026-000123');
    expect(formatCents(123456789)).toBe('¥1,234,567.89');
    expect(formatCents(-5)).toBe('-¥0.05');
  });
  it('has a Chinese and an English message for every code', () => {
    for (const c of errorCodes) {
      const t = errorTemplate(c);
      expect(t.zh, c).toMatch(/[\u4e00-\u9fff]/);
      expect(t.en, c).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});
