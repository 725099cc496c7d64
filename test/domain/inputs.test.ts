// The input layer's pure rules: phones as libphonenumber-js's full metadata has them, amounts as plain decimals.
import { describe, expect, it } from 'vitest';
import { accountSetupForm, amountCents, ApprovalAmount, isPhoneNumber, mobileNumber, parseInput, PartyADetails } from '../../src/domain/inputs.js';

describe('mobiles that receive SMS', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
  ])('%s is one', (raw, stored) => {
    expect(mobileNumber(raw)).toBe(stored);
  });
  it.each(['1380013800', '23800138000', '010-12345678', '12345', '+1 202 555 0100', '13800138000 ext. 1'])('%s is not', (raw) => {
    expect(mobileNumber(raw)).toBeNull();
  });
});

describe('any phone (联系电话)', () => {
  it.each(['13800138000', '010-12345678', '(010) 1234 5678', '010-12345678 ext. 12', '010-12345678转12', '0755-88888888'])('%s is one', (raw) => {
    expect(isPhoneNumber(raw)).toBe(true);
  });
  it.each(['12345', '0755-8888888', '1380013800', 'phone'])('%s is not', (raw) => {
    expect(isPhoneNumber(raw)).toBe(false);
  });
});

describe('amounts', () => {
  it.each([
    ['0', 0],
    ['50000', 5_000_000],
    ['50,000', 5_000_000],
    ['9999.5', 999_950],
    ['0.01', 1],
  ])('%s is %i fen', (raw, cents) => {
    expect(amountCents(raw)).toBe(cents);
  });
  it.each(['1e3', '0x10', '-5', '12.345', '1,0000', ' 1', '.5', 'Infinity', 'NaN', '1_000'])('%s is refused', (raw) => {
    expect(amountCents(raw)).toBeNull();
  });

  // Issue 26, item 12: what a Chinese input method types, and a number that is a number but too large.
  it.each([
    ['１２３', 12_300],
    ['１２３．５', 12_350],
    ['５０，０００', 5_000_000],
    ['　１２３　', 12_300],
    ['9999999999999.99', 999_999_999_999_999],
  ])('the threshold %s is %i fen', (raw, cents) => {
    const r = parseInput(ApprovalAmount, { approvalMin: raw });
    expect(r.ok && r.value.approvalMin).toBe(cents);
  });
  it.each(['12345678901234', '１２３４５６７８９０１２３４'])('%s is too large, and says so in both languages', (raw) => {
    const r = parseInput(ApprovalAmount, { approvalMin: raw });
    const e = !r.ok ? r.errors.approvalMin : undefined;
    expect(e?.code).toBe('AMOUNT_TOO_LARGE');
    expect(e?.message.zh).toBe('审批金额（元）最多为 9,999,999,999,999.99 元，请输入更小的金额');
    expect(e?.message.en).toBe('Approval amount (yuan) takes at most 9,999,999,999,999.99 yuan; type a smaller amount');
    expect(e?.message.zh).not.toContain('不小于 0');
  });
  it('a word is still not a number, in both languages', () => {
    const r = parseInput(ApprovalAmount, { approvalMin: '一百' });
    const e = !r.ok ? r.errors.approvalMin : undefined;
    expect(e?.code).toBe('AMOUNT_INVALID');
    expect(e?.message.zh).toContain('须为不小于 0 的数字');
    expect(e?.message.en).toContain('must be a number of at least 0');
  });
});

describe('a form', () => {
  it('refuses every bad field at once, each with its own code and label', () => {
    const r = parseInput(PartyADetails, { address: '', contactName: 'x'.repeat(101), phone: '1380013800', email: 'a@b.c<script>' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(Object.entries(r.errors).map(([k, e]) => [k, e.code]))).toEqual({
      address: 'FIELD_REQUIRED',
      contactName: 'FIELD_TOO_LONG',
      phone: 'PHONE_NUMBER_INVALID',
      email: 'EMAIL_INVALID',
    });
    expect(r.errors.address!.message).toEqual({ zh: '请填写地址', en: 'Address is required' });
  });
});

describe('the cloud account ID at set-up (R17)', () => {
  const page = { verifiedSubject: '杭州远帆网络科技有限公司', address: '杭州市西湖区文三路 90 号', contactName: '吴越', phone: '0571-88886666' };
  const form = (vendor: string, cloudAccountId: string) =>
    parseInput(accountSetupForm(vendor), { ...page, email: 'fin@yuanfan.example.cn', timeZone: 'Asia/Shanghai', cloudAccountId });
  const refusal = (r: ReturnType<typeof form>) => (r.ok ? null : r.errors.cloudAccountId);

  it.each(['100012345678', '700001601739', '12345'])('Tencent Cloud takes the number %s', (id) => {
    expect(form('tencent', id).ok).toBe(true);
  });

  it.each(['12ab', 'usr-yunshan01', '0012345678', '1234', '1'.repeat(21)])('Tencent Cloud refuses %s, saying it is a number', (id) => {
    const e = refusal(form('tencent', id));
    expect(e?.code).toBe('TENCENT_ACCOUNT_ID_INVALID');
    expect(e?.message.zh).toBe(`云账号 ID「${id}」不是腾讯云账号 ID：它是一串数字，见腾讯云控制台「账号信息」中的账号 ID，如 100012345678`);
    expect(e?.message.en).toContain(`Cloud account ID: "${id}" is not a Tencent Cloud account ID: it is a number`);
  });

  it('QingCloud takes its usr- IDs; both refuse what is no ID at all', () => {
    expect(form('qingcloud', 'usr-yunshan01').ok).toBe(true);
    expect(refusal(form('qingcloud', '账号 1'))?.code).toBe('CLOUD_ACCOUNT_ID_INVALID');
    expect(refusal(form('tencent', '账号 1'))?.code).toBe('CLOUD_ACCOUNT_ID_INVALID');
  });
});
