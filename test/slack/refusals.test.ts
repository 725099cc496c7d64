// Refusals through Slack: each answered in the user's language, nothing changed. Security and idempotency too.
// Everything runs once over HTTP and once over Socket Mode, except the signature checks, which only HTTP has.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, contracts } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import * as svc from '../../src/services/index.js';
import { signSlackRequest } from '../../src/slack/request-signature.js';
import { effectiveFramework, eligibleOrders, must, newContractIn, SYSTEM } from '../helpers/flows.js';
import { blocksText, eventually, findButton, homeButton, lastDm, nextEphemeral, SECRET, TRANSPORTS, U, useSlackApp } from '../helpers/slack.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const s = useSlackApp({ transport });

  async function countRows(accountId: string) {
    const c = await s.db.ctx.db.select().from(contracts).where(eq(contracts.accountId, accountId));
    const a = await s.db.ctx.db.select().from(auditEvents).where(eq(auditEvents.accountId, accountId));
    return { contracts: c.length, audits: a.length, versions: c.map((x) => x.version).join(',') };
  }

  async function openWizard(user: string, kind: string, channel: string) {
    await s.emu.closeView(user);
    await s.emu.command(user, 'new');
    await eventually(() => s.emu.openView(user), 'the modal');
    return s.emu.submitView(user, { kind, channel });
  }

  describe('refused in the wizard, inline and in the user language', () => {
    it('31 orders', async () => {
      const acc = await s.workspace({ orderCount: 200 });
      await effectiveFramework(s.db, acc);
      const before = await countRows(acc.accountId);
      await openWizard(U.requester, 'order', 'vendor_seal');
      const r = await s.emu.submitView(U.requester, { items: eligibleOrders(acc).slice(0, 31) });
      expect(r.errors).toEqual({ items: '单个订单合同最多选择 30 个订单（已选 31 个），请分两份合同申请' });
      expect(await countRows(acc.accountId)).toEqual(before);
    });

    it('an ineligible order is offered with its reason and refused when chosen (English user)', async () => {
      const acc = await s.workspace();
      await effectiveFramework(s.db, acc);
      const before = await countRows(acc.accountId);
      await openWizard(U.colleague, 'order', 'dual_seal');
      const offered = await s.emu.suggest(U.colleague, 'items', 'EDGE-MONTHLY');
      expect(offered).toHaveLength(1);
      expect(offered[0]!.text).toContain('monthly bill');
      const r = await s.emu.submitView(U.colleague, { items: ['EDGE-MONTHLY-BILL'] });
      expect(r.errors?.items).toBe('Order EDGE-MONTHLY-BILL is a monthly bill; monthly bills cannot go into a contract');
      expect(await countRows(acc.accountId)).toEqual(before);
    });

    it('the first step names every missing choice under its own field, in each person’s language', async () => {
      const acc = await s.workspace();
      const before = await countRows(acc.accountId);
      for (const [user, kind, channel] of [
        [U.requester, '请选择合同类型', '请选择电子签章方式'],
        [U.colleague, 'Choose a contract kind', 'Choose a seal channel'],
      ] as const) {
        await s.emu.closeView(user);
        await s.emu.command(user, 'new');
        const open = await eventually(() => s.emu.openView(user), 'the modal');
        // Slack's client refuses an empty required choice itself, in the person's client language…
        const required = user === U.requester ? '请填写此必填项' : 'Please complete this required field';
        expect((await s.emu.submitView(user, {})).errors).toEqual({ kind: required, channel: required });
        // …and a submission that reaches the app anyway (an older client, a forged one) gets the app's own words.
        const crafted = async (values: Record<string, unknown>) =>
          (await s.emu.submitCrafted(user, { ...open.view, state: { values } })).json?.errors as Record<string, string> | undefined;
        expect(await crafted({})).toEqual({ kind, channel });
        expect(await crafted({ kind: { kind: { type: 'static_select', selected_option: { value: 'order' } } } })).toEqual({ channel });
      }
      expect(await countRows(acc.accountId)).toEqual(before);
    });

    it('the picker pages through hundreds of orders by type-ahead, 100 at most', async () => {
      const acc = await s.workspace({ orderCount: 400 });
      await effectiveFramework(s.db, acc);
      await openWizard(U.requester, 'order', 'vendor_seal');
      expect(await s.emu.suggest(U.requester, 'items', '')).toHaveLength(100);
      const one = eligibleOrders(acc)[7]!;
      const found = await s.emu.suggest(U.requester, 'items', one.slice(0, 14));
      expect(found.map((o) => o.value)).toContain(one);
    });

    it('a second framework', async () => {
      const acc = await s.workspace();
      const f = await effectiveFramework(s.db, acc);
      const r = await openWizard(U.requester, 'framework', 'dual_seal');
      expect(r.errors?.kind).toContain(f.number);
      expect(r.errors?.kind).toContain('只能有一份有效的框架合同');
    });

    it('an order contract before the framework is effective', async () => {
      await s.workspace();
      const r = await openWizard(U.colleague, 'order', 'vendor_seal');
      expect(r.errors?.kind).toBe(
        'This contract builds on the framework contract (Tencent Cloud Service Agreement): make the framework contract effective first',
      );
    });

    it('a wrong phone in Party A lands on the phone field', async () => {
      const acc = await s.workspace();
      await openWizard(U.requester, 'framework', 'vendor_seal');
      const r = await s.emu.submitView(U.requester, { phone: '12345' });
      expect(r.errors).toEqual({ phone: '联系电话「12345」不是有效的电话号码（座机请带区号，如 010-12345678）' });
      expect((await countRows(acc.accountId)).contracts).toBe(0);
    });
  });

  describe('control characters and unprintable text', () => {
    it("a control character in a Party A field is refused under that field, in the person's language; nothing is saved", async () => {
      const acc = await s.workspace();
      await openWizard(U.requester, 'framework', 'vendor_seal');
      const r = await s.emu.submitView(U.requester, { contact_name: '李\u0007雷', address: '北京市海淀区\u202e1 号' });
      expect(r.errors).toEqual({
        contact_name: '含有无法保存的控制字符或不可见字符（U+0007），请删除后重新输入',
        address: '含有无法保存的控制字符或不可见字符（U+202E），请删除后重新输入',
      });
      expect((await countRows(acc.accountId)).contracts).toBe(0);
      // The modal is still open on Party A: fixing the field saves it, a trailing tab and newline stripped.
      const saved = await s.emu.submitView(U.requester, { contact_name: '李雷\t\n', address: '北京市海淀区中关村大街 1 号' });
      expect(saved.errors).toBeUndefined();
      const [c] = await svc.listContracts(s.db.ctx.db, acc.accountId, { limit: 1 });
      expect(c!.partyA!.contactName).toBe('李雷');

      await s.workspace(); // a fresh one: this one has its framework contract now
      await openWizard(U.colleague, 'framework', 'vendor_seal');
      const en = await s.emu.submitView(U.colleague, { email: 'legal@yunshan.example.cn\ud800' });
      expect(en.errors).toEqual({ email: 'Contains a control or invisible character (U+D800) that cannot be saved; remove it and try again' });
    });

    it('a reject reason with U+0000 is refused inline and changes nothing; line breaks in it are kept', async () => {
      const { acc, c } = await awaitingApproval();
      const ask = lastDm(s.emu, U.approver2);
      await s.emu.clickAction(U.approver2, { message: ask }, findButton(ask.blocks, 'approval:reject'));
      await eventually(() => s.emu.openView(U.approver2), 'the reason modal');
      const before = await countRows(acc.accountId);
      const r = await s.emu.submitView(U.approver2, { reason: '金额\u0000不符' });
      expect(r.errors).toEqual({ reason: '含有无法保存的控制字符或不可见字符（U+0000），请删除后重新输入' });
      expect(await countRows(acc.accountId)).toEqual(before);
      expect(stateKey((await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!)).toBe('draft/awaiting_approval');

      expect((await s.emu.submitView(U.approver2, { reason: '金额不符\r\n请重新核对订单\n' })).errors).toBeUndefined();
      const back = (await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!;
      expect(stateKey(back)).toBe('draft/draft_ready');
      expect(back.rejectionReason).toBe('金额不符\n请重新核对订单');
    });

    it('a slash-command argument with a control character gets a refusal only its author sees', async () => {
      const acc = await s.workspace();
      const f = await effectiveFramework(s.db, acc);
      const before = await countRows(acc.accountId);
      const r = await nextEphemeral(s.emu, U.colleague, () => s.emu.command(U.colleague, `show ${f.number}\u0000`));
      expect(r.text).toBe('⚠️ Contains a control or invisible character (U+0000) that cannot be saved; remove it and try again');
      expect(await countRows(acc.accountId)).toEqual(before);
      // A trailing tab is only whitespace: the contract is shown.
      const shown = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `show ${f.number}\t`));
      expect(shown.text).toBe(f.number);
    });

    it('a type-ahead query with control characters is searched without them', async () => {
      const acc = await s.workspace();
      await effectiveFramework(s.db, acc);
      await openWizard(U.requester, 'order', 'vendor_seal');
      const one = eligibleOrders(acc)[3]!;
      const found = await s.emu.suggest(U.requester, 'items', `${one.slice(0, 8)}\u0000${one.slice(8)}`);
      expect(found.map((o) => o.value)).toContain(one);
    });
  });

  /** An order contract waiting for approval, and the approval request in the approver's DM. */
  async function awaitingApproval() {
    const acc = await s.workspace({ approvalKinds: ['order'] });
    await effectiveFramework(s.db, acc);
    const c = await newContractIn(s.db, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/awaiting_approval');
    await s.drain();
    return { acc, c, ask: lastDm(s.emu, U.approver) };
  }

  describe('refused clicks', () => {
    it('a non-approver clicking Approve', async () => {
      const { acc, c, ask } = await awaitingApproval();
      const before = await countRows(acc.accountId);
      const answer = await nextEphemeral(s.emu, U.colleague, () =>
        s.emu.clickAction(U.colleague, { message: ask }, findButton(ask.blocks, 'approval:approve')),
      );
      expect(answer.text).toBe('⚠️ You are not allowed to do this: "Approve"');
      expect(await countRows(acc.accountId)).toEqual(before);
      expect(stateKey((await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!)).toBe('draft/awaiting_approval');
    });

    it('a refusal of a click on a message answers through its response_url; an expired one falls back to chat.postEphemeral', async () => {
      const { ask } = await awaitingApproval();
      const count = (method: string) => s.emu.calls.filter((c) => c.method === method).length;
      const click = () => s.emu.clickAction(U.colleague, { message: ask }, findButton(ask.blocks, 'approval:approve'));
      const [viaUrl, viaApi] = [count('response_url'), count('chat.postEphemeral')];
      expect((await nextEphemeral(s.emu, U.colleague, click)).text).toBe('⚠️ You are not allowed to do this: "Approve"');
      expect([count('response_url') - viaUrl, count('chat.postEphemeral') - viaApi]).toEqual([1, 0]);

      s.emu.failures.set('response_url', { error: 'expired_url', status: 404, times: 1 });
      expect((await nextEphemeral(s.emu, U.colleague, click)).text).toBe('⚠️ You are not allowed to do this: "Approve"');
      expect(count('expired:response_url')).toBe(1);
      expect([count('response_url') - viaUrl, count('chat.postEphemeral') - viaApi]).toEqual([1, 1]);
    });

    it('a button this version does not know is answered (no error in Slack) and changes nothing', async () => {
      const { acc, ask } = await awaitingApproval();
      const before = await countRows(acc.accountId);
      const r = await s.emu.clickAction(U.approver, { message: ask }, { actionId: 'approval:retired-button', value: 'x' });
      expect(r.status).toBe(200);
      expect(await countRows(acc.accountId)).toEqual(before);
    });

    it('a stranger clicking Sign', async () => {
      const acc = await s.workspace();
      await effectiveFramework(s.db, acc);
      const c = await newContractIn(s.db, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'signing/customer_signing');
      await s.drain();
      const sms = lastDm(s.emu, U.signer);
      const before = await countRows(acc.accountId);
      const answer = await nextEphemeral(s.emu, U.requester, () => s.emu.clickAction(U.requester, { message: sms }, findButton(sms.blocks, 'esign:sign')));
      expect(answer.text).toBe('⚠️ 只有本合同的签署人可以签署。');
      expect(await countRows(acc.accountId)).toEqual(before);

      // The signer can, once; the message then shows it is signed.
      await s.emu.clickAction(U.signer, { message: sms }, findButton(sms.blocks, 'esign:sign'));
      await eventually(async () => (await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!.subStatus === 'vendor_signing', 'the signature');
      await eventually(() => blocksText(lastDm(s.emu, U.signer).blocks).includes('已签署'), 'the signed message');
    });

    it('cancel after the customer signed', async () => {
      const acc = await s.workspace();
      await effectiveFramework(s.db, acc);
      const c = await newContractIn(s.db, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'signing/customer_signing');
      await s.drain();
      const cancel = await homeButton(s.emu, U.requester, 'act:cancelSigning', c.id);
      must(await svc.customerSigned(s.db.ctx, SYSTEM, c.id)); // the signer signs meanwhile
      const before = await countRows(acc.accountId);
      const answer = await nextEphemeral(s.emu, U.requester, () => s.emu.clickAction(U.requester, { home: true }, cancel));
      expect(answer.text).toBe('⚠️ 合同当前状态为「签署中 / 腾讯云签署」，不能执行「取消签署」');
      expect(await countRows(acc.accountId)).toEqual(before);
    });
  });

  // Socket Mode payloads are not signed: the WebSocket itself was opened with the app-level token.
  describe.runIf(transport === 'http')('forged and replayed requests', () => {
    const body = new URLSearchParams({ team_id: 'T1', user_id: U.requester, command: '/contract', text: 'help', trigger_id: '1' }).toString();
    const now = () => Math.floor(Date.now() / 1000);
    it('refuses a wrong signature', async () => {
      const r = await s.emu.raw(body, { 'x-slack-request-timestamp': String(now()), 'x-slack-signature': signSlackRequest('not-the-secret', now(), body) });
      expect(r.status).toBe(401);
    });
    it('refuses a timestamp older than five minutes, and one from the future', async () => {
      for (const ts of [now() - 301, now() + 360]) {
        const r = await s.emu.raw(body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SECRET, ts, body) });
        expect(r.status).toBe(401);
      }
    });
    it('refuses a replay of a valid request', async () => {
      const ts = now();
      const headers = { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SECRET, ts, body) };
      expect((await s.emu.raw(body, headers)).status).toBe(200);
      expect((await s.emu.raw(body, headers)).status).toBe(401);
    });
    it('refuses a body changed after signing', async () => {
      const ts = now();
      const r = await s.emu.raw(body.replace('help', 'list'), {
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
      });
      expect(r.status).toBe(401);
    });
  });

  describe('idempotency', () => {
    it('the same Convert payload 20 times at once: one transition, one thread reply', async () => {
      const acc = await s.workspace();
      await effectiveFramework(s.db, acc);
      await s.drain();
      const c = await newContractIn(s.db, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_ready');
      await s.drain();
      const convert = await homeButton(s.emu, U.requester, 'act:convert', c.id);
      const responses = await Promise.all(Array.from({ length: 20 }, () => s.emu.clickAction(U.requester, { home: true }, convert)));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      await eventually(async () => (await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!.subStatus === 'vendor_signing', 'the transition');
      await s.app.slack.idle(); // all 20 clicks worked through
      await s.drain();
      const trail = await svc.auditTrail(s.db.ctx.db, c.id);
      expect(trail.filter((e) => e.action === 'convert')).toHaveLength(1);
      const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(c.number))!;
      expect(s.emu.thread('C0CONTRACTS', root.ts).filter((m) => m.text.includes('转为正式合同'))).toHaveLength(1);
    });
  });

  describe('commands', () => {
    it('answers unknown text with help, and shows a contract with its history', async () => {
      const acc = await s.workspace();
      const f = await effectiveFramework(s.db, acc);
      const help = await nextEphemeral(s.emu, U.colleague, () => s.emu.command(U.colleague, 'frobnicate'));
      // Issue 26: an unknown word is said to be one, then help follows.
      expect(help.text).toBe('There is no command "frobnicate". These are the ones there are:');
      expect(blocksText(help.blocks)).toContain('/contract new');
      const shown = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `show ${f.number.toLowerCase()}`));
      expect(blocksText(shown.blocks)).toContain('操作记录');
      expect(blocksText(shown.blocks)).toContain('已生效');
    });
  });

  describe('two approvers racing', () => {
    it('one decision; the other approver is told it was already decided', async () => {
      const acc = await s.workspace({ approvalKinds: ['order'] });
      await effectiveFramework(s.db, acc);
      const c = await newContractIn(s.db, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/awaiting_approval');
      await s.drain();
      const [m1, m2] = [lastDm(s.emu, U.approver), lastDm(s.emu, U.approver2)];
      const e1 = s.emu.ephemeralsFor(U.approver).length;
      const e2 = s.emu.ephemeralsFor(U.approver2).length;
      await Promise.all([
        s.emu.clickAction(U.approver, { message: m1 }, findButton(m1.blocks, 'approval:approve')),
        s.emu.clickAction(U.approver2, { message: m2 }, findButton(m2.blocks, 'approval:approve')),
      ]);
      const loser = await eventually(() => s.emu.ephemeralsFor(U.approver)[e1] ?? s.emu.ephemeralsFor(U.approver2)[e2], 'the answer to the slower approver');
      expect(['⚠️ This approval was already decided; nothing changed.', '⚠️ 该审批已处理，无需重复操作。']).toContain(loser.text);
      const trail = await svc.auditTrail(s.db.ctx.db, c.id);
      expect(trail.filter((e) => e.action === 'approve')).toHaveLength(1);
    });
  });

  describe('QingCloud kinds through Slack', () => {
    it('a recharge contract is offered the vendor seal only, and is saved from prepaid orders after 确认记录', async () => {
      const acc = await s.workspace({ vendor: 'qingcloud' }); // no framework: R3 is Tencent's
      const dual = await openWizard(U.requester, 'recharge', 'dual_seal');
      expect(dual.errors?.channel).toBe('充值合同不支持双方电子签章，请选择QingCloud 电子章');
      await s.emu.submitView(U.requester, { kind: 'recharge', channel: 'vendor_seal' });
      const postpaid = acc.orders.find((o) => o.type === 'postpaid' && o.createdOn > '2019')!.id;
      expect((await s.emu.submitView(U.requester, { items: [postpaid] })).errors?.items).toBe(
        `订单 ${postpaid}（后付费）不能用于充值合同：充值合同可选预付费、云市场`,
      );
      expect((await s.emu.submitView(U.requester, { items: eligibleOrders(acc).slice(0, 3) })).errors).toBeUndefined();
      expect((await s.emu.submitView(U.requester, {})).errors).toBeUndefined(); // 确认记录
      expect((await s.emu.submitView(U.requester, {})).errors).toBeUndefined(); // Party A, 保存合同草稿
      const [c] = await svc.listContracts(s.db.ctx.db, acc.accountId, { limit: 1 });
      expect(c).toMatchObject({ kind: 'recharge', sealChannel: 'vendor_seal', status: 'draft' });
    });
  });
});
