// Admin prerequisites reachable from Slack, through signed requests to the real app: e-sign activation from the R7
// refusal (R7), the supplementary agreement after a subject change (R5), signer authorisation by the e-sign
// administrator and not by approvers (R8).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, auditEvents, members, signers } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, must } from '../helpers/flows.js';
import { blocksText, eventually, findButton, lastDm, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

async function newContract(user: string, kind: string, channel: string) {
  await s.emu.closeView(user);
  await s.emu.command(user, 'new');
  await eventually(() => s.emu.openView(user), 'the new-contract modal');
  return s.emu.submitView(user, { kind, channel });
}

const account = async (id: string) => (await s.db.ctx.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;

describe('e-sign activation from the refusal (R7)', () => {
  it('tells a requester who the admins are, and lets an admin activate and carry on', async () => {
    const acc = await s.workspace({ esignActivated: false });
    await newContract(U.requester, 'framework', 'dual_seal');
    const refused = s.emu.openView(U.requester)!.view;
    expect(blocksText(refused.blocks)).toContain('激活腾讯电子签');
    expect(blocksText(refused.blocks)).toContain(`<@${U.admin}>`);
    expect(() => findButton(refused.blocks, 'prereq:activate_esign')).toThrow();

    await newContract(U.admin, 'framework', 'dual_seal');
    const view = s.emu.openView(U.admin)!;
    const activate = findButton(view.view.blocks, 'prereq:activate_esign');
    expect(blocksText(view.view.blocks)).toContain('"text":"开通电子签"'); // in the admin's language only (issue 26)
    await s.emu.clickAction(U.admin, { view }, activate);
    await eventually(async () => (await account(acc.accountId)).esignActivated, 'the activation');
    // Back at the first step, and the dual channel now goes through.
    await eventually(() => blocksText(s.emu.openView(U.admin)?.view.blocks).includes('电子签已开通'), 'the first step again');
    const next = await s.emu.submitView(U.admin, { kind: 'framework', channel: 'dual_seal' });
    expect(next.errors).toBeUndefined();
    expect(blocksText(s.emu.openView(U.admin)!.view.blocks)).not.toContain('激活腾讯电子签');
    const trail = await s.db.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, acc.accountId), eq(auditEvents.action, 'esignActivated')));
    expect(trail.map((e) => e.actor)).toEqual([U.admin]);
  });

  it('refuses activation to a non-admin who forges the button', async () => {
    const acc = await s.workspace({ esignActivated: false });
    await newContract(U.requester, 'framework', 'dual_seal');
    const view = s.emu.openView(U.requester)!;
    await s.emu.clickAction(U.requester, { view }, { actionId: 'prereq:activate_esign', value: 'refusal' });
    await eventually(() => blocksText(s.emu.openView(U.requester)?.view.blocks).includes('⚠️'), 'the refusal');
    expect((await account(acc.accountId)).esignActivated).toBe(false);
  });
});

describe('subject change (R5)', () => {
  async function changedSubject() {
    const acc = await s.workspace();
    const a = actorsOf(acc);
    must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    must(await svc.changeVerifiedSubject(s.db.ctx, a.admin, acc.accountId, '北京云杉智能科技有限公司'));
    return acc;
  }

  it('an admin records the agreement from /contract settings; new contracts are unblocked and the trail shows it', async () => {
    const acc = await changedSubject();
    await newContract(U.requester, 'order', 'vendor_seal');
    expect(blocksText(s.emu.openView(U.requester)!.view.blocks)).toContain('权利义务转让补充协议');

    await s.emu.closeView(U.admin);
    await s.emu.command(U.admin, 'settings');
    const settings = await eventually(() => s.emu.openView(U.admin), 'settings');
    await s.emu.clickAction(U.admin, { view: settings }, findButton(settings.view.blocks, 'prereq:open_agreement'));
    await eventually(() => s.emu.openView(U.admin)?.view.callback_id === 'prereq:agreement', 'the agreement form');
    expect(blocksText(s.emu.openView(U.admin)!.view.blocks)).toContain('北京云杉智能科技有限公司');
    const future = await s.emu.submitView(U.admin, { agreement_kind: 'assignment', agreement_date: '2027-06-01', agreement_ref: 'BJ-2026-117' });
    expect(Object.keys(future.errors ?? {})).toEqual(['agreement_date']);
    const r = await s.emu.submitView(U.admin, { agreement_kind: 'assignment', agreement_date: '2026-11-20', agreement_ref: 'BJ-2026-117' });
    expect(r.errors).toBeUndefined();
    expect((await account(acc.accountId)).subjectChangePending).toBe(false);

    const [event] = await s.db.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, acc.accountId), eq(auditEvents.action, 'supplementaryAgreementRecorded')));
    expect(event).toMatchObject({
      actor: U.admin,
      detail: { kind: 'assignment', reference: 'BJ-2026-117', signedOn: '2026-11-20', to: '北京云杉智能科技有限公司' },
    });
    await newContract(U.requester, 'framework', 'vendor_seal');
    expect(blocksText(s.emu.openView(U.requester)!.view.blocks)).not.toContain('权利义务转让补充协议');
  });

  it('an admin records the name-change letter from the refusal itself and continues', async () => {
    const acc = await changedSubject();
    await newContract(U.admin, 'order', 'vendor_seal');
    const refused = s.emu.openView(U.admin)!;
    await s.emu.clickAction(U.admin, { view: refused }, findButton(refused.view.blocks, 'prereq:open_agreement'));
    await eventually(() => s.emu.openView(U.admin)?.view.callback_id === 'prereq:agreement', 'the agreement form');
    await s.emu.submitView(U.admin, { agreement_kind: 'name_change_letter', agreement_date: '2026-11-21', agreement_ref: '京市监更字〔2026〕88 号' });
    expect(s.emu.openView(U.admin)!.view.callback_id).toBe('wizard:start');
    expect(blocksText(s.emu.openView(U.admin)!.view.blocks)).toContain('补充协议已登记');
    expect((await account(acc.accountId)).subjectChangePending).toBe(false);
  });
});

describe('signer authorisation by the e-sign administrator (R8)', () => {
  it('an admin appoints one in settings; requests go to them, an approver is refused, the e-sign administrator authorises', async () => {
    const acc = await s.workspace();
    await s.emu.closeView(U.admin);
    await s.emu.command(U.admin, 'settings');
    await eventually(() => s.emu.openView(U.admin), 'settings');
    expect(blocksText(s.emu.openView(U.admin)!.view.blocks)).toContain('企业电子签管理员');
    await s.emu.submitView(U.admin, { approvers: [U.approver, U.approver2], esign_admins: [U.colleague] });
    const roles = await s.db.ctx.db
      .select()
      .from(members)
      .where(and(eq(members.accountId, acc.accountId), eq(members.isEsignAdmin, true)));
    expect(roles.map((m) => m.slackUserId)).toEqual([U.colleague]);

    const approverDms = s.emu.messages(s.emu.dmChannel(U.approver)).length;
    must(await svc.requestSigner(s.db.ctx, actorsOf(acc).requester, { name: '钱七', phone: '13812340000' }));
    await s.drain();
    const ask = lastDm(s.emu, U.colleague);
    expect(ask.text).toContain('钱七');
    expect(s.emu.messages(s.emu.dmChannel(U.approver))).toHaveLength(approverDms);

    // An approver who got hold of the button is refused, and the signer stays pending.
    const refusal = await nextEphemeral(s.emu, U.approver, () => s.emu.clickAction(U.approver, { message: ask }, findButton(ask.blocks, 'signer:authorise')));
    expect(refusal.text).toContain('e-sign administrator');
    const pending = async () =>
      (
        await s.db.ctx.db
          .select()
          .from(signers)
          .where(and(eq(signers.accountId, acc.accountId), eq(signers.name, '钱七')))
      )[0]!;
    expect((await pending()).status).toBe('pending');

    await s.emu.clickAction(U.colleague, { message: ask }, findButton(ask.blocks, 'signer:authorise'));
    await eventually(async () => (await pending()).status === 'authorised', 'the authorisation');
    expect((await pending()).decidedBy).toBe(U.colleague);
  });
});
