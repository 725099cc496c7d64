// One test per flow, reading as a person's clicks: the emulator sends signed requests (HTTP) or Socket Mode envelopes to
// the real Bolt app; the whole file runs once per transport.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { eligibleOrders, must, SYSTEM } from '../helpers/flows.js';
import { blocksText, eventually, findButton, homeButton, lastDm, nextEphemeral, TRANSPORTS, U, useSlackApp } from '../helpers/slack.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const s = useSlackApp({ transport });

  /** The requester's newest contract, as the database holds it. */
  async function newest(acc: SeededAccount) {
    const [c] = await svc.listContracts(s.db.ctx.db, acc.accountId, { limit: 1 });
    return c!;
  }

  /** Opens the Home tab, waits for the app to show this contract's button there, and clicks it. */
  async function clickHome(user: string, actionId: string, contractId: string) {
    const b = await homeButton(s.emu, user, actionId, contractId);
    const version = async () => (await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, contractId)))[0]!.version;
    const [v0, e0, view0] = [await version(), s.emu.ephemeralsFor(user).length, s.emu.openView(user)?.id];
    const r = await s.emu.clickAction(user, { home: true }, b);
    // Done when the contract moved, the user was answered, or a modal opened.
    await eventually(
      async () => (await version()) !== v0 || s.emu.ephemeralsFor(user).length > e0 || s.emu.openView(user)?.id !== view0,
      `the effect of ${actionId}`,
    );
    await settle();
    return r;
  }

  /** Lets the app finish what it does after acknowledging a click. */
  async function settle() {
    await s.app.slack.idle();
    await s.drain();
  }

  /** /contract new, pick kind and channel; for kinds with items, pick them in the picker. */
  async function startContract(user: string, kind: string, channel: string, items?: string[]) {
    await s.emu.closeView(user);
    expect((await s.emu.command(user, 'new')).status).toBe(200);
    await eventually(() => s.emu.openView(user), 'the new-contract modal');
    const first = await s.emu.submitView(user, { kind, channel });
    expect(first.errors).toBeUndefined();
    if (items) {
      const offered = await s.emu.suggest(user, 'items', '');
      expect(offered.length).toBeGreaterThan(0);
      return s.emu.submitView(user, { items });
    }
    return first;
  }

  async function frameworkEffective(acc: SeededAccount) {
    await startContract(U.requester, 'framework', 'vendor_seal');
    const saved = await s.emu.submitView(U.requester, {}); // Party A as prefilled from the profile
    expect(saved.errors).toBeUndefined();
    const f = await newest(acc);
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    expect((await clickHome(U.requester, 'act:convert', f.id)).status).toBe(200);
    must(await svc.vendorSealed(s.db.ctx, SYSTEM, f.id));
    await s.drain();
    return f;
  }

  describe('/contract help', () => {
    it("answers in the person's language; once the app knows them, in the acknowledgement itself, with no call to Slack", async () => {
      await s.workspace();
      for (const [user, title] of [
        [U.requester, '合同助手'],
        [U.approver, 'contract'],
      ] as const) {
        const first = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'help'));
        const calls = s.emu.calls.length;
        const again = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'help'));
        await s.app.slack.idle();
        expect(again.text).toBe(first.text);
        expect(blocksText(again.blocks)).toBe(blocksText(first.blocks));
        expect(again.text.toLowerCase()).toContain(title.toLowerCase());
        // The answer came back with the ack: the app asked nothing of the Web API (no response_url, no users.info).
        expect(s.emu.calls.slice(calls).map((c) => c.method)).toEqual([]);
      }
    });
  });

  describe('framework contract, vendor channel', () => {
    it('goes from /contract new to effective, every step in its thread', async () => {
      const acc = await s.workspace();
      await startContract(U.requester, 'framework', 'vendor_seal');
      const partyA = s.emu.openView(U.requester)!;
      expect(blocksText(partyA.view.blocks)).toContain('北京云杉科技有限公司');
      expect(blocksText(partyA.view.blocks)).toContain('13800138000'); // prefilled from the profile
      const saved = await s.emu.submitView(U.requester, { contact_name: '李雷' });
      expect(blocksText(s.emu.openView(U.requester)!.view.blocks)).toMatch(/HT-2026-\d{6}.*已保存/);
      expect(saved.status).toBe(200);

      const f = await newest(acc);
      expect(stateKey(f)).toBe('draft/draft_generating');
      expect(f.partyA!.contactName).toBe('李雷');
      must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id)); // the e-sign service reports the draft
      await clickHome(U.requester, 'act:convert', f.id);
      must(await svc.vendorSealed(s.db.ctx, SYSTEM, f.id));
      await s.drain();

      const [root] = s.emu.roots('C0CONTRACTS');
      expect(root!.text).toContain(f.number);
      expect(root!.text).toContain('已生效');
      const replies = s.emu.thread('C0CONTRACTS', root!.ts).map((m) => m.text);
      expect(replies).toHaveLength(4);
      expect(replies.join('\n')).toMatch(/创建[\s\S]*草稿已生成[\s\S]*转为正式合同[\s\S]*腾讯云已签章/);
      expect(replies[1]).toMatch(new RegExp(`/documents/${f.id}/draft\\?exp=\\d+&sig=[\\w-]+\\|合同草稿 PDF>`));
      expect(replies[3]).toMatch(new RegExp(`/documents/${f.id}/formal\\?exp=\\d+&sig=[\\w-]+\\|正式合同 PDF>`));
    });
  });

  describe('order contract with 30 orders and approval', () => {
    it('is approved by an approver from the DM; the buttons go away and the vendor seals', async () => {
      const acc = await s.workspace({ approvalKinds: ['order'], orderCount: 200 });
      await frameworkEffective(acc);
      const thirty = eligibleOrders(acc).slice(0, 30);
      await startContract(U.requester, 'order', 'vendor_seal', thirty);
      expect((await s.emu.submitView(U.requester, {})).errors).toBeUndefined();
      const c = await newest(acc);
      expect(await svc.itemsOf(s.db.ctx.db, c.id)).toHaveLength(30);
      must(await svc.draftGenerated(s.db.ctx, SYSTEM, c.id));
      await clickHome(U.requester, 'act:convert', c.id);
      await s.drain();

      const ask = lastDm(s.emu, U.approver);
      expect(ask.text).toContain(c.number);
      const approve = findButton(ask.blocks, 'approval:approve');
      expect((await s.emu.clickAction(U.approver, { message: ask }, approve)).status).toBe(200);
      await eventually(async () => stateKey(await newest(acc)) === 'signing/vendor_signing', 'the approval');
      await settle();
      const after = lastDm(s.emu, U.approver);
      expect(blocksText(after.blocks)).toContain(`Approved by <@${U.approver}>`); // approver reads English
      expect(blocksText(after.blocks)).not.toContain('approval:approve');
      expect(blocksText(lastDm(s.emu, U.approver2).blocks)).toContain('已由'); // the other approver's copy too

      // A second click on the old message changes nothing and says so.
      const answer = await nextEphemeral(s.emu, U.approver, () => s.emu.clickAction(U.approver, { message: ask }, approve));
      expect(answer.text).toContain('already decided');
      const trail = await svc.auditTrail(s.db.ctx.db, c.id);
      expect(trail.filter((e) => e.action === 'approve')).toHaveLength(1);
    });

    it('a rejection carries its reason back to the requester', async () => {
      const acc = await s.workspace({ approvalKinds: ['order'] });
      await frameworkEffective(acc);
      await startContract(U.requester, 'order', 'vendor_seal', eligibleOrders(acc).slice(0, 2));
      await s.emu.submitView(U.requester, {});
      const c = await newest(acc);
      must(await svc.draftGenerated(s.db.ctx, SYSTEM, c.id));
      await clickHome(U.requester, 'act:convert', c.id);
      await s.drain();
      const ask = lastDm(s.emu, U.approver2);
      await s.emu.clickAction(U.approver2, { message: ask }, findButton(ask.blocks, 'approval:reject'));
      await eventually(() => s.emu.openView(U.approver2), 'the reason modal');
      const empty = await s.emu.submitView(U.approver2, { reason: '   ' });
      expect(empty.errors).toEqual({ reason: '请填写驳回原因' });
      await s.emu.submitView(U.approver2, { reason: '订单与报销单不符' });
      await s.drain();
      const back = await newest(acc);
      expect(stateKey(back)).toBe('draft/draft_ready');
      expect(back.rejectionReason).toBe('订单与报销单不符');
      const thread = s.emu
        .messages('C0CONTRACTS')
        .map((m) => m.text)
        .join('\n');
      expect(thread).toContain('订单与报销单不符');
      s.emu.homes.delete(U.requester);
      await s.emu.openHome(U.requester);
      const home = await eventually(() => s.emu.homes.get(U.requester), 'the Home tab');
      expect(blocksText(home.blocks)).toContain('订单与报销单不符');
    });
  });

  describe('filing contract, dual channel', () => {
    it('walks the wizard, reaches the signer, is cancelled, voided, deleted, and frees its filing numbers', async () => {
      const acc = await s.workspace();
      await frameworkEffective(acc);
      const filings = acc.filings.slice(0, 3);
      await startContract(U.requester, 'filing', 'dual_seal', filings);
      const c0 = await newest(acc);
      expect(stateKey(c0)).toBe('draft/filling_info');
      await s.emu.submitView(U.requester, { email: 'legal@yunshan.example.cn' });
      must(await svc.draftGenerated(s.db.ctx, SYSTEM, c0.id));

      await clickHome(U.requester, 'step:confirmText', c0.id);
      // A loading modal opens at once, then the text step replaces it, guarded by the loading modal's hash.
      const textStep = await eventually(
        () => s.emu.openView(U.requester)?.view.callback_id === 'wizard:confirm_text' && s.emu.openView(U.requester),
        'the text step',
      );
      expect(blocksText(textStep.view.blocks)).toContain(`/documents/${c0.id}/draft`);
      const update = s.emu.calls.filter((c) => c.method === 'views.update').at(-1)!;
      expect(update.args.hash).toEqual(expect.any(String));
      await s.emu.submitView(U.requester, {});
      const signerPick = s.emu.openView(U.requester)!;
      expect(blocksText(signerPick.view.blocks)).toContain('王芳');
      // Pending, not authorised: not offered, and said to wait for the e-sign administrator.
      const select = (signerPick.view.blocks as { block_id?: string }[]).find((b) => b.block_id === 'signer');
      expect(blocksText([select])).not.toContain('李强');
      expect(blocksText(signerPick.view.blocks)).toMatch(/待企业电子签管理员授权：李强/);
      await s.emu.submitView(U.requester, { signer: acc.signers!.authorised });
      await s.drain();
      expect(stateKey(await newest(acc))).toBe('signing/customer_signing');
      const sms = lastDm(s.emu, U.signer);
      expect(sms.text).toContain(c0.number);
      expect(findButton(sms.blocks, 'esign:sign').value).toContain(c0.id);

      await clickHome(U.requester, 'act:cancelSigning', c0.id);
      const cancelling = await newest(acc);
      expect(stateKey(cancelling)).toBe('signing/cancelling');
      must(await svc.cancelConfirmed(s.db.ctx, SYSTEM, c0.id));
      await clickHome(U.requester, 'act:delete', c0.id);
      expect(await svc.getContract(s.db.ctx.db, acc.accountId, c0.id)).toBeNull();

      // The same filing numbers can go into a new contract.
      await startContract(U.requester, 'filing', 'vendor_seal', filings);
      const again = await s.emu.submitView(U.requester, {});
      expect(again.errors).toBeUndefined();
      expect((await newest(acc)).id).not.toBe(c0.id);
    });
  });
});
