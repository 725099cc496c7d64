// R17 (issue 24 items 2 and 5, issue 26 items 1, 5 and 10): a company installs the app in a workspace the demo seed
// has never seen, and sets it up in Slack; settings refuse a policy nobody can satisfy; people deactivated in Slack
// lose their roles. Every test reads what a person sees, in Chinese or English.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, auditEvents, contracts, members, partyAProfiles } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { EmuUser } from '../../src/sandbox/emulator.js';
import * as svc from '../../src/services/index.js';
import { must, SYSTEM } from '../helpers/flows.js';
import { insertOrders } from '../helpers/orders.js';
import { blocksText, eventually, findButton, homeButton, lastDm, nextEphemeral, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

type Locale = 'zh-CN' | 'en-US';

/** A company of its own: a team id and people the demo seed never heard of, with who installed the app. */
function company(o: { lang?: Locale; installed?: boolean } = {}) {
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const team = `T${randomBytes(5).toString('hex').toUpperCase()}`;
  const lang = o.lang ?? 'zh-CN';
  const zh = lang === 'zh-CN';
  const users: EmuUser[] = [];
  const person = (role: string, name: string, extra: { locale?: Locale; isAdmin?: boolean; isOwner?: boolean } = {}) => {
    const id = `U${role}${tag}`;
    users.push({
      id,
      name,
      locale: extra.locale ?? lang,
      ...(extra.isAdmin ? { isAdmin: true } : {}),
      ...(extra.isOwner ? { isOwner: true } : {}),
    });
    return id;
  };
  const people = {
    installer: person('INS', zh ? '林晓' : 'Lin Xiao'),
    wsAdmin: person('ADM', zh ? '郑雨' : 'Zheng Yu', { isAdmin: true, locale: 'en-US' }),
    owner: person('OWN', zh ? '何川' : 'He Chuan', { isOwner: true }),
    member: person('MEM', zh ? '宋佳' : 'Song Jia'),
    memberEn: person('MEN', 'Grace Wu', { locale: 'en-US' }),
    approver: person('APR', zh ? '唐宁' : 'Tang Ning'),
    approver2: person('APS', 'Ivy Qian', { locale: 'en-US' }),
    requester: person('REQ', zh ? '韩冰' : 'Han Bing'),
  };
  s.installWorkspace({ teamId: team, users });
  if (o.installed !== false) s.installers.set(team, people.installer);
  const channel = `C${tag}PUB`;
  s.emu.addChannel(channel, { name: `contracts-${tag.toLowerCase()}` });
  return { team, channel, ...people };
}
type Company = ReturnType<typeof company>;

const PAGE1 = {
  vendor: 'tencent',
  cloud_account_id: '100012345678',
  verified_subject: '上海青杉信息技术有限公司',
  subject_type: 'enterprise',
  address: '上海市徐汇区漕溪北路 88 号',
  contact_name: '林晓',
  phone: '021-64881234',
  email: 'finance@qingshan.example.cn',
  language: 'zh',
  time_zone: 'Asia/Shanghai',
};

const accountOf = async (team: string) => (await s.db.ctx.db.select().from(accounts).where(eq(accounts.slackTeamId, team)))[0];
const rolesIn = async (accountId: string) => s.db.ctx.db.select().from(members).where(eq(members.accountId, accountId));

/** An ephemeral answer as a message one can click in (Slack sends the click with its blocks). */
const asMessage = (user: string, e: { text: string; blocks?: unknown[]; ts?: string }) => ({
  message: { channel: s.emu.dmChannel(user), ts: e.ts ?? '1', text: e.text, blocks: e.blocks as never, edits: 0 },
});

/** Any /contract in an unlinked workspace: the answer only this person sees. */
const answerTo = (user: string, text = 'list') => nextEphemeral(s.emu, user, () => s.emu.command(user, text));

async function openFromCommand(user: string) {
  await s.emu.closeView(user);
  const e = await answerTo(user);
  await s.emu.clickAction(user, asMessage(user, e), findButton(e.blocks, 'setup:open'));
  return eventually(() => s.emu.openView(user)?.view.callback_id === 'setup:account' && s.emu.openView(user), 'the set-up modal');
}

async function openFromHome(user: string) {
  await s.emu.closeView(user);
  s.emu.homes.delete(user);
  const b = await homeButton(s.emu, user, 'setup:open', 'open');
  await s.emu.clickAction(user, { home: true }, b);
  return eventually(() => s.emu.openView(user)?.view.callback_id === 'setup:account' && s.emu.openView(user), 'the set-up modal');
}

/** Both pages, as the person fills them; the account afterwards. */
async function setUp(c: Company, who: string, page1: Partial<typeof PAGE1> = {}, page2: Record<string, string | string[]> = {}) {
  await openFromCommand(who);
  const first = await s.emu.submitView(who, { ...PAGE1, ...page1 });
  expect(first.errors).toBeUndefined();
  expect(s.emu.openView(who)!.view.callback_id).toBe('setup:roles');
  const second = await s.emu.submitView(who, { notify_channel: c.channel, ...page2 });
  expect(second.errors).toBeUndefined();
  await s.app.slack.idle();
  return (await accountOf(c.team))!;
}

async function openSettings(user: string) {
  await s.emu.closeView(user);
  await s.emu.command(user, 'settings');
  return eventually(() => s.emu.openView(user)?.view.callback_id === 'settings:save' && s.emu.openView(user), 'settings');
}

describe('an unlinked workspace shows the way forward', () => {
  it('to the installer on Home (zh): set-up with every field refused under itself, then saved in one transaction', async () => {
    const c = company();
    const view = await openFromHome(c.installer);
    const home = blocksText(s.emu.homes.get(c.installer)!.blocks);
    expect(home).toContain('合同助手尚未设置');
    expect(home).toContain('您安装了本应用');
    const page1 = blocksText(view.view.blocks);
    expect(page1).toContain('甲方信息必须与实名认证保持一致'); // the vendors' warning, under the verified subject
    expect(page1).toContain('QingCloud');

    const bad = await s.emu.submitView(c.installer, { ...PAGE1, verified_subject: '   ', phone: '12', email: 'nope', cloud_account_id: '账号 1' });
    expect(bad.errors).toEqual({
      verified_subject: '请填写实名认证主体',
      phone: '联系电话「12」不是有效的电话号码（座机请带区号，如 010-12345678）',
      email: '电子邮箱「nope」不是有效的电子邮箱地址',
      cloud_account_id: expect.stringContaining('云账号 ID「账号 1」格式不正确'),
    });
    expect((await s.emu.submitView(c.installer, { ...PAGE1, cloud_account_id: '12ab' })).errors).toEqual({
      cloud_account_id: '云账号 ID「12ab」不是腾讯云账号 ID：它是一串数字，见腾讯云控制台「账号信息」中的账号 ID，如 100012345678',
    });
    expect(await accountOf(c.team)).toBeFalsy(); // nothing saved
    expect((await s.emu.submitView(c.installer, PAGE1)).errors).toBeUndefined();
    const page2 = s.emu.openView(c.installer)!;
    expect(page2.view.callback_id).toBe('setup:roles');
    const shown = blocksText(page2.view.blocks);
    for (const id of ['notify_channel', 'admins', 'approvers', 'esign_admins', 'approval_kinds', 'approval_min', 'paper_address'])
      expect(shown).toContain(`"${id}"`);
    expect(shown).toContain('订单合同');
    expect(shown).not.toContain('消费合同');

    const secret = `C${randomBytes(4).toString('hex').toUpperCase()}`;
    s.emu.addChannel(secret, { name: 'legal', isPrivate: true });
    const refused = await s.emu.submitView(c.installer, {
      notify_channel: secret,
      approval_min: '123456789012345',
      approval_kinds: ['order'],
      approvers: [],
    });
    expect(refused.errors).toEqual({
      notify_channel: expect.stringContaining('/invite @contract-desk'),
      approval_min: expect.stringContaining('审批金额（元）'),
    });
    const noApprover = await s.emu.submitView(c.installer, { notify_channel: c.channel, approval_kinds: ['order'], approvers: [] });
    expect(noApprover.errors).toEqual({ approvers: expect.stringContaining('没有审批人') });
    expect(await accountOf(c.team)).toBeUndefined(); // nothing written by a refused page

    const done = await s.emu.submitView(c.installer, {
      notify_channel: c.channel,
      approvers: [c.approver],
      esign_admins: [c.installer],
      approval_kinds: ['order'],
      approval_min: '50,000',
      paper_address: '深圳市南山区海天二路 33 号 合同管理组',
    });
    expect(done.errors).toBeUndefined();
    expect(s.emu.openView(c.installer)).toBeUndefined();
    const a = (await accountOf(c.team))!;
    expect(a).toMatchObject({
      vendor: 'tencent',
      cloudAccountId: '100012345678',
      verifiedSubject: '上海青杉信息技术有限公司',
      subjectType: 'enterprise',
      language: 'zh',
      timeZone: 'Asia/Shanghai',
      notificationChannel: c.channel,
      approvalKinds: ['order'],
      approvalMinTotalCents: 5_000_000,
      vendorPaperAddress: '深圳市南山区海天二路 33 号 合同管理组',
    });
    const people = await rolesIn(a.id);
    expect(people.find((m) => m.slackUserId === c.installer)).toMatchObject({ isAdmin: true, isEsignAdmin: true, isApprover: false, displayName: '林晓' });
    expect(people.find((m) => m.slackUserId === c.approver)).toMatchObject({ isAdmin: false, isApprover: true, displayName: '唐宁' });
    const [profile] = await s.db.ctx.db.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, a.id));
    expect(profile).toMatchObject({ address: PAGE1.address, phone: PAGE1.phone, email: PAGE1.email });
    const [audit] = await s.db.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, a.id), eq(auditEvents.action, 'accountSetUp')));
    expect(audit).toMatchObject({ actor: c.installer, contractId: null, detail: expect.objectContaining({ right: 'installer', vendor: 'tencent' }) });
    await eventually(() => lastDm(s.emu, c.installer).text.includes('设置完成'), 'the done message');
    expect(lastDm(s.emu, c.installer).text).toContain('腾讯云账号 100012345678');
    const after = await eventually(() => blocksText(s.emu.homes.get(c.installer)?.blocks).includes('home:new') && s.emu.homes.get(c.installer), 'the Home tab');
    expect(blocksText(after.blocks)).toContain('我的合同');
  });

  it('to the installer answering any /contract (en), and the set-up reads English', async () => {
    const c = company({ lang: 'en-US' });
    const e = await answerTo(c.installer, 'help');
    expect(e.text).toBe('Contract desk is not set up yet');
    expect(blocksText(e.blocks)).toContain('You installed the app');
    await s.emu.clickAction(c.installer, asMessage(c.installer, e), findButton(e.blocks, 'setup:open'));
    const v = await eventually(() => s.emu.openView(c.installer)?.view.callback_id === 'setup:account' && s.emu.openView(c.installer), 'the modal');
    expect(blocksText(v.view.blocks)).toContain('Party A must match the verified subject');
    expect(blocksText(v.view.blocks).replace('中文', '')).not.toMatch(/[\u4e00-\u9fff]/); // no Chinese but the language's own name
    // A QingCloud-style ID while Tencent Cloud is chosen: refused under its field, saying what a Tencent ID looks like.
    const bad = await s.emu.submitView(c.installer, { ...PAGE1, phone: '12', time_zone: 'Mars/Olympus', cloud_account_id: 'usr-Q7s9k2' });
    expect(bad.errors).toEqual({
      phone: 'Phone: "12" is not a valid phone number (give a landline with its area code, e.g. 010-12345678)',
      time_zone: 'Time zone: "Mars/Olympus" is not a time zone, such as Asia/Shanghai',
      cloud_account_id:
        'Cloud account ID: "usr-Q7s9k2" is not a Tencent Cloud account ID: it is a number, shown as Account ID under Account info in the Tencent Cloud console, such as 100012345678',
    });
    await s.emu.submitView(c.installer, { ...PAGE1, language: 'en', time_zone: 'Asia/Singapore' });
    expect((await s.emu.submitView(c.installer, { notify_channel: c.channel })).errors).toBeUndefined();
    const a = (await accountOf(c.team))!;
    expect(a).toMatchObject({ language: 'en', timeZone: 'Asia/Singapore', approvalKinds: [], approvalMinTotalCents: null });
    await eventually(() => lastDm(s.emu, c.installer).text.startsWith('✅ Set up: this workspace is linked to Tencent Cloud account 100012345678'), 'done');
  });

  it('to a workspace admin or owner per users.info, with nobody known to have installed it', async () => {
    const c = company({ installed: false });
    const owner = await answerTo(c.owner);
    expect(blocksText(owner.blocks)).toContain('您是工作区所有者');
    const admin = await answerTo(c.wsAdmin, 'new');
    expect(blocksText(admin.blocks)).toContain('You are an admin of this workspace');
    const a = await setUp(c, c.wsAdmin, { language: 'en' }, { approvers: [c.approver] });
    const people = await rolesIn(a.id);
    expect(people.find((m) => m.slackUserId === c.wsAdmin)).toMatchObject({ isAdmin: true });
    const [audit] = await s.db.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, a.id), eq(auditEvents.action, 'accountSetUp')));
    expect(audit!.detail).toMatchObject({ right: 'admin' });
  });

  it('to everyone else: whom to ask, by mention, in their language; a forged click opens nothing', async () => {
    const c = company();
    const zh = await answerTo(c.member);
    const said = blocksText(zh.blocks);
    expect(said).toContain(`请联系 <@${c.installer}>`);
    expect(said).toContain(`<@${c.wsAdmin}>`);
    expect(said).toContain(`<@${c.owner}>`);
    expect(said).not.toContain('setup:open');
    const en = await answerTo(c.memberEn, 'new');
    expect(blocksText(en.blocks)).toContain(`Ask <@${c.installer}>,`);
    s.emu.homes.delete(c.memberEn);
    await s.emu.openHome(c.memberEn);
    const home = await eventually(() => s.emu.homes.get(c.memberEn), 'the Home tab');
    expect(blocksText(home.blocks)).toContain('Contract desk is not set up yet');
    expect(blocksText(home.blocks)).not.toContain('setup:open');

    await s.emu.closeView(c.member);
    const forged = { actionId: 'setup:open', value: 'open' };
    const told = await nextEphemeral(s.emu, c.member, () => s.emu.clickAction(c.member, asMessage(c.member, zh), forged));
    expect(told.text).toContain(`<@${c.installer}>`);
    await s.app.slack.idle();
    expect(s.emu.openView(c.member)).toBeUndefined();
    // And the service itself: a second set-up of a workspace is refused, not a second account.
    const a = await setUp(c, c.installer);
    const again = await svc.setUpAccount(
      s.db.ctx,
      { teamId: c.team, userId: c.wsAdmin, right: 'admin' },
      {
        account: {
          ...PAGE1,
          vendor: 'qingcloud',
          cloudAccountId: 'usr-1',
          verifiedSubject: 'x',
          subjectType: 'enterprise',
          contactName: 'x',
          language: 'zh',
          timeZone: 'UTC',
        },
        policy: {
          notificationChannel: null,
          admins: [],
          approvers: [],
          esignAdmins: [],
          approvalKinds: [],
          approvalMinTotalCents: null,
          vendorPaperAddress: null,
        },
      },
    );
    expect(again.ok ? 'ok' : again.error.code).toBe('R17_ALREADY_SET_UP');
    expect((await accountOf(c.team))!.id).toBe(a.id);
  });
});

describe('the set-up reopens from settings', () => {
  it('the vendor changes while no contract exists, and is refused under its field once one does', async () => {
    const c = company();
    const a = await setUp(c, c.installer, {}, { approvers: [c.approver] });
    const settings = await openSettings(c.installer);
    expect(blocksText(settings.view.blocks)).toContain('100012345678');
    await s.emu.clickAction(c.installer, { view: settings }, findButton(settings.view.blocks, 'setup:edit'));
    const edit = await eventually(() => s.emu.openView(c.installer)?.view.callback_id === 'setup:account_edit' && s.emu.openView(c.installer), 'page one');
    expect(blocksText(edit.view.blocks)).toContain('有合同后云厂商不能再更改');
    // From settings too, a Tencent Cloud account ID is a number (checked once the vendor is known to be Tencent Cloud).
    expect((await s.emu.submitView(c.installer, { cloud_account_id: 'usr-q1x2' })).errors).toEqual({
      cloud_account_id: '云账号 ID「usr-q1x2」不是腾讯云账号 ID：它是一串数字，见腾讯云控制台「账号信息」中的账号 ID，如 100012345678',
    });
    expect((await accountOf(c.team))!.cloudAccountId).toBe('100012345678');
    expect((await s.emu.submitView(c.installer, { vendor: 'qingcloud', cloud_account_id: 'usr-q1x2' })).errors).toBeUndefined();
    expect((await accountOf(c.team))!).toMatchObject({ vendor: 'qingcloud', cloudAccountId: 'usr-q1x2', vendorPaperAddress: null });
    // The settings underneath now show QingCloud's kinds and no e-sign administrator.
    const below = await eventually(
      () => blocksText(s.emu.openView(c.installer)?.view.blocks).includes('消费合同') && s.emu.openView(c.installer),
      'settings refreshed',
    );
    expect(blocksText(below.view.blocks)).not.toContain('esign_admins');

    const actor = { type: 'user' as const, accountId: a.id, userId: c.requester };
    const f = must(await svc.createDraft(s.db.ctx, actor, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await s.emu.clickAction(c.installer, { view: below }, findButton(below.view.blocks, 'setup:edit'));
    const locked = await eventually(() => s.emu.openView(c.installer)?.view.callback_id === 'setup:account_edit' && s.emu.openView(c.installer), 'page one');
    expect(blocksText(locked.view.blocks)).toContain(`已有合同（${f.number}），云厂商不能再更改`);
    const r = await s.emu.submitView(c.installer, { vendor: 'tencent' });
    expect(r.errors).toEqual({ vendor: `已有合同（${f.number}），云厂商不能再更改：每份合同的乙方都是QingCloud` });
    expect((await accountOf(c.team))!.vendor).toBe('qingcloud');
    // Other fields still change, with their own errors under them.
    expect((await s.emu.submitView(c.installer, { email: 'x@' })).errors).toEqual({ email: '电子邮箱「x@」不是有效的电子邮箱地址' });
    expect((await s.emu.submitView(c.installer, { time_zone: 'Asia/Tokyo' })).errors).toBeUndefined();
    expect((await accountOf(c.team))!.timeZone).toBe('Asia/Tokyo');
  });
});

describe("a QingCloud account is QingCloud's own world (issue 26 item 5)", () => {
  it('set up as QingCloud (en): only its kinds, no e-sign administrator, no paper address, then and in settings', async () => {
    const c = company({ lang: 'en-US' });
    await openFromCommand(c.installer);
    await s.emu.submitView(c.installer, { ...PAGE1, vendor: 'qingcloud', cloud_account_id: 'usr-Q7s9k2', language: 'en' });
    const page2 = s.emu.openView(c.installer)!;
    const kinds = (page2.view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[]).find((b) => b.block_id === 'approval_kinds')!;
    expect(kinds.element!.options!.map((o) => o.value)).toEqual(['framework', 'consumption', 'recharge']);
    expect(blocksText(page2.view.blocks)).not.toContain('esign_admins');
    expect(blocksText(page2.view.blocks)).not.toContain('paper_address');
    expect(blocksText(page2.view.blocks)).not.toContain('Tencent');
    expect((await s.emu.submitView(c.installer, { notify_channel: c.channel, approval_kinds: ['recharge'], approvers: [c.approver2] })).errors).toBeUndefined();
    expect((await accountOf(c.team))!).toMatchObject({ vendor: 'qingcloud', approvalKinds: ['recharge'] });

    const settings = await openSettings(c.installer);
    const seen = blocksText(settings.view.blocks);
    expect(seen).toContain('consumption contract');
    expect(seen).not.toContain('order contract');
    expect(seen).not.toContain('esign_admins');
    // A forged submission naming Tencent's kinds is refused under the kinds.
    const forged = await s.emu.submitView(c.installer, { approval_kinds: ['order'] });
    expect(forged.errors).toEqual({
      approval_kinds: 'A QingCloud account offers no order contract; it offers: framework contract, consumption contract, recharge contract',
    });
  });
});

describe('settings refuse a policy nobody can satisfy (issue 26 item 1)', () => {
  it('approvals by kind or by amount with no approver are refused under the approvers, in the admin’s language', async () => {
    const c = company();
    const a = await setUp(c, c.installer, {}, { approvers: [c.approver], admins: [c.wsAdmin] });
    await openSettings(c.installer);
    const zh = await s.emu.submitView(c.installer, { approvers: [], approval_kinds: ['order'] });
    expect(zh.errors).toEqual({ approvers: '已设置需要审批的合同，但没有审批人：请至少指定一位审批人，或关闭审批，否则合同会一直停在「待审批」' });
    await openSettings(c.wsAdmin); // reads English
    const en = await s.emu.submitView(c.wsAdmin, { approvers: [], approval_min: '5000' });
    expect(en.errors).toEqual({ approvers: expect.stringContaining('Approvals are on but nobody approves') });
    // Admins is a required field: Slack's client itself refuses it empty (the app's own refusal is for a forged submission).
    expect((await s.emu.submitView(c.wsAdmin, { admins: [] })).errors).toEqual({ admins: 'Please complete this required field' });
    const after = (await accountOf(c.team))!;
    expect(after).toMatchObject({ approvalKinds: [], approvalMinTotalCents: null });
    expect((await rolesIn(a.id)).filter((m) => m.isApprover).map((m) => m.slackUserId)).toEqual([c.approver]);
    // Turning approvals off with nobody to approve is fine.
    expect((await s.emu.submitView(c.wsAdmin, { approvers: [], approval_min: '' })).errors).toBeUndefined();
  });

  it('a contract already waiting for approval reaches an approver added later, and only them', async () => {
    const c = company();
    const a = await setUp(
      c,
      c.installer,
      { vendor: 'qingcloud', cloud_account_id: 'usr-wait01' },
      { approvers: [c.approver], approval_kinds: ['consumption'] },
    );
    await insertOrders(s.db.ctx.db, a.id, [
      { id: 'QC-2026-0001', type: 'postpaid', amountCents: 1_200_000, createdOn: '2026-10-31', product: '云服务器' },
      { id: 'QC-2026-0002', type: 'postpaid', amountCents: 300_000, createdOn: '2026-11-01', product: '硬盘' },
    ]);
    const requester = { type: 'user' as const, accountId: a.id, userId: c.requester };
    const k = must(await svc.createDraft(s.db.ctx, requester, { kind: 'consumption', channel: 'vendor_seal', itemIds: ['QC-2026-0001'] }));
    expect(stateKey(must(await svc.convert(s.db.ctx, requester, k.id)))).toBe('draft/awaiting_approval');
    // Its only approver leaves the company before deciding: the contract waits with nobody to ask (issue 26 item 1).
    await s.emu.deactivateUser(c.approver);
    await eventually(async () => !(await rolesIn(a.id)).some((m) => m.isApprover), 'the approver gone');
    await s.app.slack.idle();
    while ((await s.drain()) > 0);
    expect(s.emu.messages(s.emu.dmChannel(c.approver2))).toEqual([]);
    // Meanwhile a new contract is refused rather than left waiting for nobody, and says what to do.
    const k2 = must(await svc.createDraft(s.db.ctx, requester, { kind: 'consumption', channel: 'vendor_seal', itemIds: ['QC-2026-0002'] }));
    const refused = await svc.convert(s.db.ctx, requester, k2.id);
    expect(refused.ok ? 'converted' : refused.error.message.zh).toContain('除您之外没有审批人');
    const before = s.emu.messages(s.emu.dmChannel(c.approver)).length;

    await openSettings(c.installer);
    expect((await s.emu.submitView(c.installer, { approvers: [c.approver2] })).errors).toBeUndefined();
    await s.app.slack.idle();
    while ((await s.drain()) > 0);
    const ask = await eventually(
      () => s.emu.messages(s.emu.dmChannel(c.approver2)).find((m) => blocksText(m.blocks).includes('approval:approve')),
      'the request',
    );
    expect(ask.text).toContain(k.number);
    expect(s.emu.messages(s.emu.dmChannel(c.approver)).length).toBe(before); // nobody else asked again
    await s.emu.clickAction(c.approver2, { message: ask }, findButton(ask.blocks, 'approval:approve'));
    await eventually(async () => stateKey((await svc.getContract(s.db.ctx.db, a.id, k.id))!) === 'effective/e_effective', 'approved and sealed');
  });
});

describe('people deactivated in Slack lose their roles (issue 24 item 5)', () => {
  it('an approver deactivated: every role goes, the admins are told in their languages, and Slack’s pickers cannot bring them back', async () => {
    const c = company();
    const a = await setUp(c, c.installer, {}, { admins: [c.wsAdmin], approvers: [c.approver], esign_admins: [c.approver], approval_kinds: ['order'] });
    s.emu.addChannel(`${c.channel}X`); // the member plays no part: their deactivation changes nothing
    await s.emu.deactivateUser(c.member);
    await s.emu.deactivateUser(c.approver);
    await eventually(async () => (await rolesIn(a.id)).some((m) => m.slackUserId === c.approver && !m.isApprover && !m.isEsignAdmin), 'the roles gone');
    await s.app.slack.idle();
    await s.drain();
    const zh = await eventually(() => s.emu.messages(s.emu.dmChannel(c.installer)).find((m) => m.text.includes('已停用')), 'the admin told');
    expect(zh.text).toContain('唐宁');
    expect(zh.text).toContain('现在没有审批人、企业电子签管理员');
    const en = await eventually(() => s.emu.messages(s.emu.dmChannel(c.wsAdmin)).find((m) => m.text.includes('deactivated')), 'the other admin told');
    expect(en.text).toContain('There is now no approver and no e-sign administrator');
    const trail = await s.db.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, a.id), eq(auditEvents.action, 'memberDeactivated')));
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: 'system:slack',
      detail: { userId: c.approver, lost: ['approver', 'esignAdmin'], emptied: ['approver', 'esignAdmin'] },
    });

    await openSettings(c.installer);
    const r = await s.emu.submitView(c.installer, { approvers: [c.approver] });
    expect(r.errors).toEqual({ approvers: '唐宁 的 Slack 账号已停用，不能担任审批人' });
  });

  it('the last admin deactivated: whoever installed the app is told there is no admin', async () => {
    const c = company({ lang: 'en-US' });
    const a = await setUp(c, c.wsAdmin, { language: 'en' }, { approvers: [c.approver] });
    expect((await rolesIn(a.id)).filter((m) => m.isAdmin).map((m) => m.slackUserId)).toEqual([c.wsAdmin]);
    await s.emu.deactivateUser(c.wsAdmin);
    await eventually(async () => !(await rolesIn(a.id)).some((m) => m.isAdmin), 'no admin left');
    await s.app.slack.idle();
    await s.drain();
    const told = await eventually(() => s.emu.messages(s.emu.dmChannel(c.installer)).find((m) => m.text.includes('deactivated')), 'the installer told');
    expect(told.text).toContain('There is now no admin');
  });
});

describe('issue 24 acceptance: set up, then an order contract from creation to effective with its thread', () => {
  it('the installer sets up a Tencent Cloud account; a requester takes a framework and an order contract to effective', async () => {
    const c = company();
    const a = await setUp(c, c.installer, {}, { approvers: [c.approver], esign_admins: [c.installer] });
    // The company's own orders (the import's job; here written as it would write them).
    await insertOrders(s.db.ctx.db, a.id, [
      { id: '20261015000100123456', type: 'prepaid', amountCents: 860_000, createdOn: '2026-10-15', product: '云服务器 CVM' },
      { id: '20261102000100654321', type: 'prepaid', amountCents: 129_900, createdOn: '2026-11-02', product: '对象存储 COS' },
    ]);
    const contractOf = async () => (await s.db.ctx.db.select().from(contracts).where(eq(contracts.accountId, a.id)).orderBy(contracts.createdAt)).at(-1)!;
    const newContract = async (kind: string, items?: string[]) => {
      await s.emu.closeView(c.requester);
      await s.emu.command(c.requester, 'new');
      await eventually(() => s.emu.openView(c.requester)?.view.callback_id === 'wizard:start', 'the new-contract form');
      expect((await s.emu.submitView(c.requester, { kind, channel: 'vendor_seal' })).errors).toBeUndefined();
      if (items) {
        const offered = await s.emu.suggest(c.requester, 'items', '');
        expect(offered.map((o) => o.value)).toEqual(expect.arrayContaining(items));
        expect((await s.emu.submitView(c.requester, { items })).errors).toBeUndefined();
      }
      const partyA = blocksText(s.emu.openView(c.requester)!.view.blocks);
      expect(partyA).toContain('上海青杉信息技术有限公司'); // Party A is the verified subject set up
      expect((await s.emu.submitView(c.requester, {})).errors).toBeUndefined();
      return contractOf();
    };
    const toEffective = async (id: string) => {
      must(await svc.draftGenerated(s.db.ctx, SYSTEM, id));
      await s.drain();
      const b = await homeButton(s.emu, c.requester, 'act:convert', id);
      await s.emu.clickAction(c.requester, { home: true }, b);
      await eventually(async () => stateKey((await svc.getContract(s.db.ctx.db, a.id, id))!) === 'signing/vendor_signing', 'converted');
      must(await svc.vendorSealed(s.db.ctx, SYSTEM, id));
      await s.app.slack.idle();
      await s.drain();
    };

    const f = await newContract('framework');
    await toEffective(f.id);
    const o = await newContract('order', ['20261015000100123456', '20261102000100654321']);
    expect(o.totalCents).toBe(989_900);
    expect(o.partyA).toMatchObject({ name: '上海青杉信息技术有限公司', address: PAGE1.address, email: PAGE1.email });
    await toEffective(o.id);
    expect(stateKey((await svc.getContract(s.db.ctx.db, a.id, o.id))!)).toBe('effective/e_effective');

    // Its thread, in the channel chosen at set-up: the root kept current, a reply for each step, the formal PDF last.
    const root = s.emu.roots(c.channel).find((m) => m.text.includes(o.number))!;
    expect(root).toBeDefined();
    expect(blocksText(root.blocks)).toContain('已生效');
    const replies = s.emu.thread(c.channel, root.ts).map((m) => m.text);
    expect(replies.length).toBeGreaterThanOrEqual(3);
    expect(replies.join('\n')).toContain('正式合同 PDF');
  });
});
