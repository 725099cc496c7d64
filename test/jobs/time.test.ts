// Time moves contracts: the simulated e-sign service and the jobs, with the clock in the test's hand.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts, paperRequests } from '../../src/db/schema.js';
import { weekdayName } from '../../src/domain/calendar.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import * as svc from '../../src/services/index.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import { actorsOf, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { eventually, findButton, lastDm, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
const MIN = 60_000;
const state = async (id: string) => stateKey((await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, id)))[0]!);
/** Moves the clock and lets every job run once, as the schedules would. */
async function wait(ms: number) {
  s.db.advance(ms);
  await s.app.jobs!.runAll();
}
/** A person's action, then the next scheduled tick (every 2 s in production), which starts the e-sign flow. */
async function act<T>(r: Promise<import('../../src/domain/errors.js').Result<T>>): Promise<T> {
  const v = must(await r);
  await s.app.jobs!.runAll();
  return v;
}
function threadOf(number: string): string[] {
  const root = s.emu.roots('C0CONTRACTS').find((m) => m.text.includes(number));
  return root ? s.emu.thread('C0CONTRACTS', root.ts).map((m) => m.text) : [];
}

async function readyAccount(opts = {}): Promise<SeededAccount> {
  const acc = await s.workspace(opts);
  await effectiveFramework(s.db, acc);
  return acc;
}

describe('the e-sign simulator and the signing poller', () => {
  it('vendor channel: save draft to effective with no human action after convert', async () => {
    const acc = await readyAccount();
    const a = actorsOf(acc);
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await wait(0);
    expect(await state(c.id)).toBe('draft/draft_generating'); // ~3 minutes
    await wait(2 * MIN);
    expect(await state(c.id)).toBe('draft/draft_generating');
    await wait(2 * MIN);
    expect(await state(c.id)).toBe('draft/draft_ready');
    const ready = (await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!;
    await act(svc.convert(s.db.ctx, a.requester, c.id, { expectedVersion: ready.version }));
    await wait(9 * MIN);
    expect(await state(c.id)).toBe('signing/vendor_signing'); // ~15 minutes
    await wait(12 * MIN);
    expect(await state(c.id)).toBe('effective/e_effective');
    expect(threadOf(c.number).join('\n')).toMatch(/草稿已生成[\s\S]*转为正式合同[\s\S]*腾讯云已签章/);
  });

  it('dual channel: waits for the signer however long, then the vendor seals', async () => {
    const acc = await readyAccount();
    const a = actorsOf(acc);
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await act(svc.fillPartyA(s.db.ctx, a.requester, c.id, {}));
    await wait(4 * MIN);
    expect(await state(c.id)).toBe('draft/confirming_text');
    await act(svc.confirmText(s.db.ctx, a.requester, c.id));
    await act(svc.confirmSigningInfo(s.db.ctx, a.requester, c.id, { signerId: acc.signers!.authorised }));
    await act(svc.startSigning(s.db.ctx, a.requester, c.id));
    await wait(6 * 60 * MIN);
    expect(await state(c.id)).toBe('signing/customer_signing');
    const sms = lastDm(s.emu, U.signer);
    await s.emu.clickAction(U.signer, { message: sms }, findButton(sms.blocks, 'esign:sign'));
    await eventually(async () => (await state(c.id)) === 'signing/vendor_signing', 'the signature');
    await eventually(() => s.app.esign.status(c.id, 'vendor'), 'the vendor seal to start');
    await wait(11 * MIN); // 5-10 minutes after the customer signed
    // The Sign click's own follow-up may still be finishing beside the scheduled tick: let the ticks settle.
    await eventually(async () => {
      await s.app.jobs!.runAll();
      return (await state(c.id)) === 'effective/e_effective';
    }, 'the vendor seal');
  });

  it('cancel during customer signing voids, through cancelling', async () => {
    const acc = await readyAccount({ subjectType: 'personal' });
    const a = actorsOf(acc);
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await act(svc.fillPartyA(s.db.ctx, a.requester, c.id, {}));
    await wait(4 * MIN);
    await act(svc.confirmText(s.db.ctx, a.requester, c.id));
    await act(svc.confirmSigningInfo(s.db.ctx, a.requester, c.id, { phone: '13700001111' }));
    await act(svc.startSigning(s.db.ctx, a.requester, c.id));
    await wait(MIN);
    await act(svc.cancelSigning(s.db.ctx, a.requester, c.id));
    await wait(0);
    expect(await state(c.id)).toBe('signing/cancelling');
    await wait(30_000);
    expect(await state(c.id)).toBe('voided/-');
  });

  it('a failing vendor seal is flagged in the thread and retried until it succeeds', async () => {
    const acc = await readyAccount();
    const a = actorsOf(acc);
    s.app.esign.inject('vendor', { mode: 'error', message: 'seal service unavailable' });
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await wait(4 * MIN);
    await act(svc.convert(s.db.ctx, a.requester, c.id));
    await wait(0);
    const flagged = (await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!;
    expect(flagged.staleReason).toBe('e-sign vendor: seal service unavailable');
    expect(threadOf(c.number).at(-1)).toContain('合同停滞：e-sign vendor: seal service unavailable');
    expect(lastDm(s.emu, U.requester).text).toContain(c.number);
    await wait(21 * MIN);
    const done = (await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!;
    expect(stateKey(done)).toBe('effective/e_effective');
    expect(done.staleSince).toBeNull();
  });

  it('an SMS that did not arrive is flagged; a lost poll is repaired', async () => {
    const acc = await readyAccount();
    const a = actorsOf(acc);
    s.app.esign.inject('customer', { mode: 'sms_undelivered' });
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await act(svc.fillPartyA(s.db.ctx, a.requester, c.id, {}));
    await wait(4 * MIN);
    await act(svc.confirmText(s.db.ctx, a.requester, c.id));
    await act(svc.confirmSigningInfo(s.db.ctx, a.requester, c.id, { signerId: acc.signers!.authorised }));
    await act(svc.startSigning(s.db.ctx, a.requester, c.id));
    await wait(0);
    expect((await svc.getContract(s.db.ctx.db, acc.accountId, c.id))!.staleReason).toBe('SMS not delivered');

    const d = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[1]!] }));
    await s.db.ctx.db.update(contracts).set({ nextPollAt: null }).where(eq(contracts.id, d.id)); // the flow is lost
    await wait(4 * MIN);
    await wait(0);
    const repaired = (await svc.getContract(s.db.ctx.db, acc.accountId, d.id))!;
    expect(stateKey(repaired)).toBe('draft/draft_ready');
  });
});

describe('paper copies', () => {
  it('a Friday request ships on the 15th working day, a Friday three weeks on, with a tracking number', async () => {
    const acc = await readyAccount();
    const a = actorsOf(acc);
    s.db.now = new Date('2026-11-27T02:00:00Z'); // Friday 10:00 in Shanghai
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'filing', channel: 'vendor_seal', itemIds: [acc.filings[0]!] }));
    await wait(4 * MIN);
    await act(svc.convert(s.db.ctx, a.requester, c.id));
    await wait(21 * MIN);
    await act(svc.requestPaper(s.db.ctx, a.requester, c.id, { recipient: '张伟', phone: '13800138000', address: '北京市海淀区' }));
    const [p] = await s.db.ctx.db.select().from(paperRequests).where(eq(paperRequests.contractId, c.id));
    expect(weekdayName(p!.shipDueAt!, 'Asia/Shanghai')).toBe('Friday');
    expect(p!.shipDueAt!.toISOString().slice(0, 10)).toBe('2026-12-18');
    await wait(20 * 24 * 60 * MIN); // Thursday 17 December
    expect(await state(c.id)).toBe('effective/paper_requested');
    await wait(24 * 60 * MIN);
    expect(await state(c.id)).toBe('effective/paper_shipped');
    const info = must(await svc.mailingInfo(s.db.ctx, a.requester, c.id));
    expect(info.trackingNumber).toMatch(/^SF\d{13}$/);
    expect(threadOf(c.number).at(-1)).toContain('纸质合同已寄出');
  });
});

describe('reminders', () => {
  it('a day without a signature reminds the signer, two days the requester, each once', async () => {
    const acc = await readyAccount();
    const a = actorsOf(acc);
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await act(svc.fillPartyA(s.db.ctx, a.requester, c.id, {}));
    await wait(4 * MIN);
    await act(svc.confirmText(s.db.ctx, a.requester, c.id));
    await act(svc.confirmSigningInfo(s.db.ctx, a.requester, c.id, { signerId: acc.signers!.authorised }));
    await act(svc.startSigning(s.db.ctx, a.requester, c.id));
    await wait(MIN);
    const remindersTo = (user: string) => s.emu.messages(s.emu.dmChannel(user)).filter((m) => m.text.includes('⏰') && m.text.includes(c.number));
    await wait(23 * 60 * MIN);
    expect(remindersTo(U.signer)).toHaveLength(0);
    await wait(60 * MIN);
    await wait(60 * MIN);
    expect(remindersTo(U.signer)).toHaveLength(1);
    expect(remindersTo(U.requester)).toHaveLength(0);
    await wait(24 * 60 * MIN);
    expect(remindersTo(U.signer)).toHaveLength(1);
    expect(remindersTo(U.requester)).toHaveLength(1);
  });

  it('an approval waiting a day reminds the approvers, once', async () => {
    const acc = await readyAccount({ approvalKinds: ['order'] });
    const a = actorsOf(acc);
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    await wait(4 * MIN);
    await act(svc.convert(s.db.ctx, a.requester, c.id));
    const nudges = () => s.emu.messages(s.emu.dmChannel(U.approver)).filter((m) => m.text.includes('⏰') && m.text.includes(c.number));
    await wait(23 * 60 * MIN);
    expect(nudges()).toHaveLength(0);
    await wait(2 * 60 * MIN);
    await wait(60 * MIN);
    expect(nudges()).toHaveLength(1);
    expect(nudges()[0]!.text).toContain('waiting for approval for over a day'); // this approver reads English
  });

  it('a filing contract is announced 30 days before it expires, and its numbers are free after', async () => {
    const acc = await readyAccount();
    const a = actorsOf(acc);
    const c = await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'filing', channel: 'vendor_seal', itemIds: [acc.filings[3]!] }));
    await wait(4 * MIN);
    await act(svc.convert(s.db.ctx, a.requester, c.id));
    await wait(21 * MIN);
    expect(await state(c.id)).toBe('effective/e_effective');
    const expiryNotes = () => s.emu.messages(s.emu.dmChannel(U.requester)).filter((m) => m.text.includes(c.number) && m.text.includes('到期'));
    await wait(334 * 24 * 60 * MIN);
    expect(expiryNotes()).toHaveLength(0);
    await wait(2 * 24 * 60 * MIN);
    expect(expiryNotes()).toHaveLength(1);
    await wait(24 * 60 * MIN);
    expect(expiryNotes()).toHaveLength(1);
    await wait(30 * 24 * 60 * MIN);
    expect(threadOf(c.number).at(-1)).toContain('已到期');
    await act(svc.createDraft(s.db.ctx, a.requester, { kind: 'filing', channel: 'vendor_seal', itemIds: [acc.filings[3]!] }));
  });
});
