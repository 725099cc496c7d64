// Issue 26 item 8: signer requests (R8, Tencent's filing and order guides). The requester hears the request went to the e-sign
// administrator, not an approver; the signing step itself can add a signer, who shows there as pending; the signer's
// phone is one word on the form and in its error; a QingCloud account has no signers at all (QingCloud's guide: no customer
// signing). In Chinese and English.
import { describe, expect, it } from 'vitest';
import * as svc from '../../src/services/index.js';
import { actorsOf, effectiveFramework, eligibleOrders, expectRefused, must } from '../helpers/flows.js';
import { blocksText, eventually, findButton, homeButton, lastDm, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

const WORDS = {
  zh: { admin: '企业电子签管理员', notApprover: '审批人', label: '签署人手机号', pending: '待企业电子签管理员授权', add: '添加新签署人' },
  en: {
    admin: 'e-sign administrator',
    notApprover: 'approver',
    label: "Signer's mobile number",
    pending: 'Awaiting the e-sign administrator',
    add: 'Add a new signer',
  },
} as const;

describe('signer requests', () => {
  for (const [user, lang, who] of [
    [U.requester, 'zh', 'requester'],
    [U.colleague, 'en', 'colleague'],
  ] as const) {
    const w = WORDS[lang];
    it(`${lang}: the signing step adds a signer, pending the e-sign administrator; its phone is one word on the form and in the error`, async () => {
      const acc = await s.workspace();
      await effectiveFramework(s.db, acc);
      const a = actorsOf(acc);
      const c0 = must(await svc.createDraft(s.db.ctx, a[who], { kind: 'order', channel: 'dual_seal', itemIds: eligibleOrders(acc).slice(0, 1) }));
      must(await svc.fillPartyA(s.db.ctx, a[who], c0.id, {}));
      must(await svc.draftGenerated(s.db.ctx, a.system, c0.id));
      const c = must(await svc.confirmText(s.db.ctx, a[who], c0.id));
      await s.emu.closeView(user);
      await s.emu.clickAction(user, { home: true }, await homeButton(s.emu, user, 'step:confirmSigningInfo', c.id));
      const step = await eventually(() => {
        const v = s.emu.openView(user);
        return v?.view.callback_id === 'wizard:signing' ? v : null;
      }, 'the signing step');
      expect(blocksText(step.view.blocks)).toContain(w.add);

      await s.emu.clickAction(user, { view: step }, findButton(step.view.blocks, 'signers:new'));
      const form = await eventually(() => {
        const v = s.emu.openView(user);
        return v?.view.callback_id === 'signers:request' ? v : null;
      }, 'the signer form, pushed over the step');
      expect(blocksText(form.view.blocks)).toContain(w.label);
      const bad = await s.emu.submitView(user, { signer_name: '钱七', phone: '123' });
      expect(bad.errors?.phone).toContain(w.label);
      expect((await s.emu.submitView(user, { signer_name: '钱七', phone: '13812340000' })).errors).toBeUndefined();

      // Back on the signing step, which shows the new signer as pending; the e-sign administrator is asked.
      const back = await eventually(() => {
        const v = s.emu.openView(user);
        return v?.view.callback_id === 'wizard:signing' && blocksText(v.view.blocks).includes('钱七') ? v : null;
      }, 'the signing step with the pending signer');
      expect(blocksText(back.view.blocks)).toContain(w.pending);
      await s.drain();
      expect(lastDm(s.emu, U.admin).text).toContain('钱七');
    });

    it(`${lang}: /contract signers says the request waits for the e-sign administrator, not an approver`, async () => {
      await s.workspace();
      await s.emu.closeView(user);
      const list = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'signers'));
      await s.emu.clickAction(
        user,
        { message: { channel: s.emu.dmChannel(user), ts: '1', text: '', blocks: list.blocks, edits: 0 } },
        findButton(list.blocks, 'signers:new'),
      );
      await eventually(() => s.emu.openView(user), 'the signer modal');
      expect((await s.emu.submitView(user, { signer_name: '孙八', phone: '13812349999' })).errors).toBeUndefined();
      const done = blocksText(s.emu.openView(user)!.view.blocks);
      expect(done).toContain(w.admin);
      expect(done).not.toContain(w.notApprover);
    });

    it(`${lang}: a QingCloud account has no customer signing, so no signers to manage or request`, async () => {
      const acc = await s.workspace({ vendor: 'qingcloud' });
      const list = await nextEphemeral(s.emu, user, () => s.emu.command(user, 'signers'));
      expect(blocksText(list.blocks)).not.toContain('signers:new');
      expect(blocksText(list.blocks)).toContain('QingCloud');
      expect(blocksText(list.blocks)).not.toContain('王芳');
      expectRefused(await svc.requestSigner(s.db.ctx, actorsOf(acc)[who], { name: '钱七', phone: '13812340000' }), 'VENDOR_NO_SIGNERS');
    });
  }
});
