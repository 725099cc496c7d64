// Admin surfaces through Slack: settings, Party A profile, a new signer authorised by the e-sign administrator.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, members, partyAProfiles, signers } from '../../src/db/schema.js';
import { blocksText, eventually, findButton, lastDm, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

async function openModal(user: string, text: string) {
  await s.emu.closeView(user);
  await s.emu.command(user, text);
  return eventually(() => s.emu.openView(user), `the ${text} modal`);
}

describe('admin surfaces', () => {
  it('settings: admins only; an amount rule, kinds, approvers and the channel are saved', async () => {
    const acc = await s.workspace();
    const refused = await nextEphemeral(s.emu, U.colleague, () => s.emu.command(U.colleague, 'settings'));
    expect(refused.text).toBe('Only admins can change settings.');
    await openModal(U.admin, 'settings');
    const bad = await s.emu.submitView(U.admin, { approval_min: '-5' });
    expect(bad.errors).toEqual({ approval_min: '审批金额（元）须为不小于 0 的数字，最多两位小数，如 50000 或 9999.50' });
    await s.emu.submitView(U.admin, {
      approval_min: '50,000',
      approval_kinds: ['framework', 'filing'],
      approvers: [U.approver, U.colleague],
      notify_channel: 'C0FINANCE',
      language: 'en',
    });
    const [a] = await s.db.ctx.db.select().from(accounts).where(eq(accounts.id, acc.accountId));
    expect(a).toMatchObject({ approvalMinTotalCents: 5_000_000, approvalKinds: ['framework', 'filing'], notificationChannel: 'C0FINANCE', language: 'en' });
    const approvers = (await s.db.ctx.db.select().from(members).where(eq(members.accountId, acc.accountId)))
      .filter((m) => m.isApprover)
      .map((m) => m.slackUserId)
      .sort();
    expect(approvers).toEqual([U.approver, U.colleague].sort());
  });

  it('Party A profile: everyone reads it, admins edit it, a bad email is refused on its field', async () => {
    const acc = await s.workspace();
    const readOnly = await openModal(U.requester, 'party');
    expect(readOnly.view.submit).toBeUndefined();
    await openModal(U.admin, 'party');
    expect((await s.emu.submitView(U.admin, { email: 'nope' })).errors).toEqual({ email: '电子邮箱「nope」不是有效的电子邮箱地址' });
    await s.emu.submitView(U.admin, { address: '上海市浦东新区世纪大道 100 号' });
    const [p] = await s.db.ctx.db.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, acc.accountId));
    expect(p!.address).toBe('上海市浦东新区世纪大道 100 号');
  });

  it('a new signer is requested by a requester and authorised by the e-sign administrator from the DM', async () => {
    const acc = await s.workspace();
    const list = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'signers'));
    expect(blocksText(list.blocks)).toContain('王芳');
    await s.emu.closeView(U.requester);
    await s.emu.clickAction(
      U.requester,
      { message: { channel: s.emu.dmChannel(U.requester), ts: '1', text: '', blocks: list.blocks, edits: 0 } },
      findButton(list.blocks, 'signers:new'),
    );
    await eventually(() => s.emu.openView(U.requester), 'the signer modal');
    expect((await s.emu.submitView(U.requester, { signer_name: '钱七', phone: '123' })).errors).toEqual({
      phone: '签署人手机号「123」不是可接收短信的中国大陆手机号',
    });
    await s.emu.submitView(U.requester, { signer_name: '钱七', phone: '13812340000', signer_user: U.colleague });
    await s.drain();
    const ask = lastDm(s.emu, U.admin); // the demo admin is also the e-sign administrator
    expect(ask.text).toContain('钱七');
    await s.emu.clickAction(U.admin, { message: ask }, findButton(ask.blocks, 'signer:authorise'));
    await eventually(
      async () =>
        (await s.db.ctx.db.select().from(signers).where(eq(signers.accountId, acc.accountId))).some((x) => x.name === '钱七' && x.status === 'authorised'),
      'the authorisation',
    );
    // The request itself (not a later DM) is closed by the outbox: the outcome, who decided, no buttons left.
    const copy = () => s.emu.messages(s.emu.dmChannel(U.admin)).find((m) => m.ts === ask.ts)!;
    await eventually(() => !blocksText(copy().blocks).includes('signer:authorise'), 'the request closed');
    expect(blocksText(copy().blocks)).toContain(`<@${U.admin}>`);
    expect(copy().text).toContain('授权');
  });
});
