// One input layer for every surface (issue 12): each field's refusal under that field, with its own label, in the
// person's language; the same rule on the wizard and the admin's profile; phones, emails and amounts as the seeds
// mean them; a rule checked at the first step that has its inputs, the form kept. Over both transports.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, contracts, members, partyAProfiles, signers } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders } from '../helpers/flows.js';
import { eventually, findButton, nextEphemeral, TRANSPORTS, U, useSlackApp } from '../helpers/slack.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const s = useSlackApp({ transport });

  async function openWizard(user: string, kind: string, channel: string) {
    await s.emu.closeView(user);
    await s.emu.command(user, 'new');
    await eventually(() => s.emu.openView(user), 'the modal');
    return s.emu.submitView(user, { kind, channel });
  }
  async function openModal(user: string, text: string) {
    await s.emu.closeView(user);
    await s.emu.command(user, text);
    return eventually(() => s.emu.openView(user), `the ${text} modal`);
  }
  async function openSignerForm(user: string) {
    const list = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'signers'));
    await s.emu.closeView(user);
    await s.emu.clickAction(
      user,
      { message: { channel: s.emu.dmChannel(user), ts: '1', text: '', blocks: list.blocks, edits: 0 } },
      findButton(list.blocks, 'signers:new'),
    );
    await eventually(() => s.emu.openView(user), 'the signer modal');
  }
  const contractCount = async (accountId: string) => (await s.db.ctx.db.select().from(contracts).where(eq(contracts.accountId, accountId))).length;

  it('missing Party A fields: each under its own field, named by its label, never an internal name', async () => {
    const acc = await s.workspace();
    await openWizard(U.requester, 'framework', 'vendor_seal');
    // Left empty, Slack's client itself refuses them (the app hears nothing); spaces alone reach the app, which refuses.
    const empty = await s.emu.submitView(U.requester, { address: '', contact_name: '', email: '' });
    expect(empty).toMatchObject({ notSent: true, errors: { address: '请填写此必填项', contact_name: '请填写此必填项', email: '请填写此必填项' } });
    const r = await s.emu.submitView(U.requester, { address: '  ', contact_name: '  ', email: '  ' });
    expect(r.errors).toEqual({ address: '请填写地址', contact_name: '请填写联系人', email: '请填写电子邮箱' });
    expect(await contractCount(acc.accountId)).toBe(0);

    await s.workspace();
    await openWizard(U.colleague, 'framework', 'vendor_seal');
    expect((await s.emu.submitView(U.colleague, { email: '' })).errors).toEqual({ email: 'Please complete this required field' });
    expect((await s.emu.submitView(U.colleague, { email: ' ' })).errors).toEqual({ email: 'Email is required' });
  });

  it('a wrong email is refused under the email field, in words', async () => {
    await s.workspace();
    await openWizard(U.requester, 'framework', 'vendor_seal');
    const r = await s.emu.submitView(U.requester, { email: 'not-an-email' });
    expect(r.errors).toEqual({ email: '电子邮箱「not-an-email」不是有效的电子邮箱地址' });
  });

  it('the Party A profile refuses a@b.c<script> exactly as the contract form does', async () => {
    const acc = await s.workspace();
    await openWizard(U.requester, 'framework', 'vendor_seal');
    const form = await s.emu.submitView(U.requester, { email: 'a@b.c<script>' });
    await openModal(U.admin, 'party');
    const profile = await s.emu.submitView(U.admin, { email: 'a@b.c<script>' });
    expect(form.errors).toEqual({ email: '电子邮箱「a@b.c<script>」不是有效的电子邮箱地址' });
    expect(profile.errors).toEqual(form.errors);
    const [p] = await s.db.ctx.db.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, acc.accountId));
    expect(p?.email ?? '').not.toContain('<script>');
  });

  it('a landline with its area code is a 联系电话 (profile and wizard); a number that is none is refused', async () => {
    const acc = await s.workspace();
    await openModal(U.admin, 'party');
    expect((await s.emu.submitView(U.admin, { phone: '010-12345678' })).errors).toBeUndefined();
    const [p] = await s.db.ctx.db.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, acc.accountId));
    expect(p!.phone).toBe('010-12345678');
    await openWizard(U.requester, 'framework', 'vendor_seal');
    expect((await s.emu.submitView(U.requester, { phone: '0755-8888888' })).errors).toEqual({
      phone: '联系电话「0755-8888888」不是有效的电话号码（座机请带区号，如 010-12345678）',
    });
    expect((await s.emu.submitView(U.requester, { phone: '010-12345678转123' })).errors).toBeUndefined();
    const [c] = await svc.listContracts(s.db.ctx.db, acc.accountId, { limit: 1 });
    expect(c!.partyA!.phone).toBe('010-12345678转123');
  });

  it.each(['1380013800', '23800138000', '010-12345678'])('%s is refused as a signer mobile; no signer is written', async (phone) => {
    const acc = await s.workspace();
    await openSignerForm(U.requester);
    const r = await s.emu.submitView(U.requester, { signer_name: '钱七', phone });
    expect(r.errors).toEqual({ phone: `签署人手机号「${phone}」不是可接收短信的中国大陆手机号` });
    const rows = await s.db.ctx.db.select().from(signers).where(eq(signers.accountId, acc.accountId));
    expect(rows.some((x) => x.name === '钱七')).toBe(false);
    // The service holds the same rule for any other caller.
    const direct = await svc.requestSigner(s.db.ctx, actorsOf(acc).requester, { name: '钱七', phone });
    expect(direct.ok ? 'accepted' : direct.error.code).toBe('MOBILE_INVALID');
  });

  it('a signer without a name is told so under the name, in words', async () => {
    await s.workspace();
    await openSignerForm(U.colleague);
    const r = await s.emu.submitView(U.colleague, { signer_name: ' ', phone: '+86 138 1234 0000' });
    expect(r.errors).toEqual({ signer_name: "Signer's name is required" });
  });

  it.each(['1e3', '0x10', '12.345', '-5', '1,0000'])('%s is refused as an amount; the policy is unchanged', async (amount) => {
    const acc = await s.workspace({ approvalMinTotalCents: 777 });
    await openModal(U.admin, 'settings');
    const r = await s.emu.submitView(U.admin, { approval_min: amount });
    expect(r.errors).toEqual({ approval_min: '审批金额（元）须为不小于 0 的数字，最多两位小数，如 50000 或 9999.50' });
    const [a] = await s.db.ctx.db.select().from(accounts).where(eq(accounts.id, acc.accountId));
    expect(a!.approvalMinTotalCents).toBe(777);
    expect((await s.emu.submitView(U.admin, { approval_min: '1,000.5' })).errors).toBeUndefined();
    const [after] = await s.db.ctx.db.select().from(accounts).where(eq(accounts.id, acc.accountId));
    expect(after!.approvalMinTotalCents).toBe(100_050);
  });

  // Issue 26, item 12: full-width digits as a Chinese input method types them are taken; a number too large says so.
  it.each([
    ['zh', U.admin, '审批金额（元）最多为 9,999,999,999,999.99 元，请输入更小的金额'],
    ['en', U.colleague, 'Approval amount (yuan) takes at most 9,999,999,999,999.99 yuan; type a smaller amount'],
  ] as const)('%s: the threshold takes １２３ and refuses a number too large as too large', async (_l, admin, tooLarge) => {
    const acc = await s.workspace({ approvalMinTotalCents: 777 });
    await s.db.ctx.db
      .update(members)
      .set({ isAdmin: true })
      .where(and(eq(members.accountId, acc.accountId), eq(members.slackUserId, admin)));
    await openModal(admin, 'settings');
    expect((await s.emu.submitView(admin, { approval_min: '12345678901234' })).errors).toEqual({ approval_min: tooLarge });
    expect((await s.emu.submitView(admin, { approval_min: '１２３．５' })).errors).toBeUndefined();
    const [after] = await s.db.ctx.db.select().from(accounts).where(eq(accounts.id, acc.accountId));
    expect(after!.approvalMinTotalCents).toBe(12_350);
  });

  it('a refund-heavy selection is refused at the item step, under the items, and the form keeps the selection', async () => {
    const acc = await s.workspace();
    await effectiveFramework(s.db, acc);
    await openWizard(U.requester, 'order', 'vendor_seal');
    const chosen = ['EDGE-REFUND-LARGE', eligibleOrders(acc)[0]!];
    const r = await s.emu.submitView(U.requester, { items: chosen });
    expect(Object.keys(r.errors ?? {})).toEqual(['items']);
    expect(r.errors!.items).toContain('包含退款订单后合同总金额为 -');
    expect(r.errors!.items).toContain('合同总金额须大于等于 0');
    // Still the item step, not Party A: the person changes the selection and goes on.
    expect(s.emu.openView(U.requester)!.view.callback_id).toBe('wizard:items');
    const next = await s.emu.submitView(U.requester, { items: [eligibleOrders(acc)[0]!] });
    expect(next.errors).toBeUndefined();
    expect(s.emu.openView(U.requester)!.view.callback_id).toBe('wizard:party_a');
  });

  it('characters the contract cannot print are refused under their field, named', async () => {
    await s.workspace();
    await openWizard(U.requester, 'framework', 'vendor_seal');
    const r = await s.emu.submitView(U.requester, { contact_name: '李雷😀' });
    expect(r.errors).toEqual({ contact_name: '联系人含有合同无法打印的字符（😀），请删除后重新输入' });
  });
});
