// R1-R15 through the services: a passing and a failing case each, on a real database.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, contractItems, paperRequests } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { useTestDb, watchedCtx } from '../helpers/db.js';
import { actorsOf, effectiveFramework, eligibleOrders, expectRefused, must, newContractIn } from '../helpers/flows.js';

const env = useTestDb();

/** Services whose statements are seen; `contractReads`: each read of a contract, "for update" when it locks. */
function countingCtx() {
  const watched = watchedCtx(env.database.url, env.ctx.clock);
  const contractReads = () => watched.readsOf('contracts').map((q) => (/for update/i.test(q) ? 'for update' : 'plain'));
  return { ...watched, contractReads };
}

async function readyAccount(opts = {}) {
  const acc = await env.seed(opts);
  await effectiveFramework(env, acc);
  return { acc, a: actorsOf(acc) };
}
const edge = (suffix: string) => `EDGE-${suffix}`;
const create = (
  acc: SeededAccount,
  kind: 'order' | 'filing' | 'framework' | 'consumption' | 'recharge',
  itemIds: string[],
  channel: 'vendor_seal' | 'dual_seal' = 'vendor_seal',
) => svc.createDraft(env.ctx, actorsOf(acc).requester, { kind, channel, itemIds });

describe('R1 kinds', () => {
  it("creates each vendor's kinds; the QingCloud kinds only on the vendor channel and without a framework (R1a, R3)", async () => {
    const { acc } = await readyAccount();
    const prepaid = eligibleOrders(acc);
    must(await create(acc, 'order', [prepaid[0]!]));
    must(await create(acc, 'filing', [acc.filings[0]!]));
    expectRefused(await create(acc, 'recharge', [prepaid[1]!]), 'VENDOR_KIND_UNSUPPORTED');

    const qing = await env.seed({ vendor: 'qingcloud' });
    const qPrepaid = eligibleOrders(qing);
    const postpaid = qing.orders.find((o) => o.type === 'postpaid' && !o.id.startsWith('EDGE'))!.id;
    must(await create(qing, 'recharge', [qPrepaid[1]!]));
    must(await create(qing, 'consumption', [postpaid]));
    expectRefused(await create(qing, 'order', [qPrepaid[0]!]), 'VENDOR_KIND_UNSUPPORTED');
    expectRefused(await create(qing, 'recharge', [qPrepaid[2]!], 'dual_seal'), 'KIND_CHANNEL_UNSUPPORTED');
  });
});

describe('R2 one valid framework', () => {
  it('refuses a second framework, and allows one after the first is voided', async () => {
    const acc = await env.seed();
    const first = must(await create(acc, 'framework', []));
    const second = await create(acc, 'framework', []);
    expectRefused(second, 'R2_FRAMEWORK_EXISTS');
    expect(!second.ok && second.error.message.zh).toContain(first.number);
    const a = actorsOf(acc);
    must(await svc.draftGenerated(env.ctx, a.system, first.id));
    must(await svc.voidContract(env.ctx, a.requester, first.id));
    must(await create(acc, 'framework', []));
  });
  it('refuses a framework next to an effective one', async () => {
    const { acc } = await readyAccount();
    expectRefused(await create(acc, 'framework', [], 'dual_seal'), 'R2_FRAMEWORK_EXISTS');
  });
});

describe('R3 everything builds on the framework', () => {
  it('refuses an order contract before the framework is effective', async () => {
    const acc = await env.seed();
    const order = eligibleOrders(acc)[0]!;
    expectRefused(await create(acc, 'order', [order]), 'R3_FRAMEWORK_NOT_EFFECTIVE');
    const f = must(await create(acc, 'framework', []));
    expectRefused(await create(acc, 'order', [order]), 'R3_FRAMEWORK_NOT_EFFECTIVE');
    const a = actorsOf(acc);
    must(await svc.draftGenerated(env.ctx, a.system, f.id));
    must(await svc.convert(env.ctx, a.requester, f.id));
    must(await svc.vendorSealed(env.ctx, a.system, f.id));
    const c = must(await create(acc, 'order', [order]));
    expect(c.frameworkId).toBe(f.id);
  });
});

describe('R4 Party A is the verified subject', () => {
  it('snapshots the profile under the verified name, and refuses another name', async () => {
    const { acc, a } = await readyAccount();
    const c = must(await create(acc, 'order', [eligibleOrders(acc)[0]!]));
    expect(c.partyA).toMatchObject({ name: '北京云杉科技有限公司', contactName: '张伟', phone: '13800138000' });
    const other = await svc.createDraft(env.ctx, a.requester, {
      kind: 'order',
      channel: 'vendor_seal',
      itemIds: [eligibleOrders(acc)[1]!],
      partyA: { name: '上海别的公司' },
    });
    expectRefused(other, 'R4_PARTY_A_NAME_MISMATCH');
    const dual = must(await create(acc, 'order', [eligibleOrders(acc)[2]!], 'dual_seal'));
    expectRefused(await svc.fillPartyA(env.ctx, a.requester, dual.id, { name: '上海别的公司' }), 'R4_PARTY_A_NAME_MISMATCH');
    const filled = must(await svc.fillPartyA(env.ctx, a.requester, dual.id, { contactName: '李雷', email: 'lilei@yunshan.example.cn' }));
    expect(filled.partyA).toMatchObject({ name: '北京云杉科技有限公司', contactName: '李雷', email: 'lilei@yunshan.example.cn' });
  });
  it('keeps the snapshot when the profile changes later', async () => {
    const { acc, a } = await readyAccount();
    const c = must(await create(acc, 'order', [eligibleOrders(acc)[0]!]));
    must(
      await svc.updatePartyAProfile(env.ctx, a.admin, acc.accountId, { address: '上海市浦东新区', contactName: '王五', phone: '13600000000', email: 'x@y.cn' }),
    );
    const again = await svc.getContract(env.ctx.db, acc.accountId, c.id);
    expect(again!.partyA!.contactName).toBe('张伟');
  });
  it('lets only admins edit the profile, and refuses a bad one', async () => {
    const { acc, a } = await readyAccount();
    const good = { address: '上海市', contactName: '王五', phone: '13600000000', email: 'x@y.cn' };
    expectRefused(await svc.updatePartyAProfile(env.ctx, a.requester, acc.accountId, good), 'NOT_PERMITTED');
    expectRefused(await svc.updatePartyAProfile(env.ctx, a.admin, acc.accountId, { ...good, email: 'not-an-email' }), 'EMAIL_INVALID');
  });
  it('stores nothing the contract font cannot print: emoji in Party A or a signer name are refused, with the characters named', async () => {
    const { acc, a } = await readyAccount();
    const good = { address: '上海市', contactName: '王五', phone: '13600000000', email: 'x@y.cn' };
    const r = await svc.updatePartyAProfile(env.ctx, a.admin, acc.accountId, { ...good, contactName: '王五😀' });
    expectRefused(r, 'TEXT_NOT_IN_CONTRACT_FONT');
    expect(!r.ok && r.error.message).toEqual({
      zh: '联系人含有合同无法打印的字符（😀），请删除后重新输入',
      en: 'Contact contains characters the contract cannot print (😀); remove them and try again',
    });
    const dual = must(await create(acc, 'order', [eligibleOrders(acc)[0]!], 'dual_seal'));
    expectRefused(await svc.fillPartyA(env.ctx, a.requester, dual.id, { address: '北京市海淀区 🏢' }), 'TEXT_NOT_IN_CONTRACT_FONT');
    expectRefused(await svc.requestSigner(env.ctx, a.requester, { name: '王芳👍🏽', phone: '13900000000' }), 'TEXT_NOT_IN_CONTRACT_FONT');
    // Beyond emoji (the input layer's first check), every character is checked against the font itself.
    const oldItalic = await svc.updatePartyAProfile(env.ctx, a.admin, acc.accountId, { ...good, address: '上海市 𐌀' });
    expectRefused(oldItalic, 'TEXT_NOT_IN_CONTRACT_FONT');
    expect(!oldItalic.ok && oldItalic.error.message.en).toContain('𐌀');
    must(await svc.updatePartyAProfile(env.ctx, a.admin, acc.accountId, { ...good, contactName: '王五 (Wang Wu)' }));
  });
});

describe('R5 subject change', () => {
  it('blocks new contracts until an admin records the supplementary agreement', async () => {
    const { acc, a } = await readyAccount();
    must(await svc.changeVerifiedSubject(env.ctx, a.admin, acc.accountId, '北京云杉数智科技有限公司'));
    expectRefused(await create(acc, 'order', [eligibleOrders(acc)[0]!]), 'R5_SUBJECT_CHANGED');
    expectRefused(
      await svc.recordSupplementaryAgreement(env.ctx, a.requester, acc.accountId, { kind: 'assignment', reference: 'BC-2026-01' }),
      'NOT_PERMITTED',
    );
    must(await svc.recordSupplementaryAgreement(env.ctx, a.admin, acc.accountId, { kind: 'name_change_letter', reference: '工商更名函 2026-118' }));
    const c = must(await create(acc, 'order', [eligibleOrders(acc)[0]!]));
    expect(c.partyA!.name).toBe('北京云杉数智科技有限公司');
    expectRefused(await svc.recordSupplementaryAgreement(env.ctx, a.admin, acc.accountId, { kind: 'assignment', reference: 'again' }), 'R5_NO_CHANGE_PENDING');
  });
  it('does not block an account without valid contracts', async () => {
    const acc = await env.seed();
    const a = actorsOf(acc);
    const changed = must(await svc.changeVerifiedSubject(env.ctx, a.admin, acc.accountId, '新名字有限公司'));
    expect(changed.subjectChangePending).toBe(false);
    must(await create(acc, 'framework', []));
  });
});

describe('R6 the channel is fixed, effective is final', () => {
  it('refuses to void an effective contract', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'effective/e_effective');
    expectRefused(await svc.voidContract(env.ctx, a.requester, c.id), 'R6_EFFECTIVE_IMMUTABLE');
    expectRefused(await svc.deleteContract(env.ctx, a.admin, c.id), 'R6_EFFECTIVE_IMMUTABLE');
  });
  it('offers no way to change the channel: each channel only accepts its own steps', async () => {
    const { acc, a } = await readyAccount();
    const vendor = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_ready');
    expectRefused(await svc.fillPartyA(env.ctx, a.requester, vendor.id, {}), 'ACTION_NOT_ALLOWED');
    expectRefused(await svc.startSigning(env.ctx, a.requester, vendor.id), 'ACTION_NOT_ALLOWED');
  });
});

describe('R7 e-sign activation', () => {
  it('refuses the dual channel until an admin activates e-sign', async () => {
    const { acc, a } = await readyAccount({ esignActivated: false });
    const order = eligibleOrders(acc)[0]!;
    expectRefused(await create(acc, 'order', [order], 'dual_seal'), 'R7_ESIGN_NOT_ACTIVATED');
    expectRefused(await svc.activateEsign(env.ctx, a.requester, acc.accountId), 'NOT_PERMITTED');
    must(await svc.activateEsign(env.ctx, a.admin, acc.accountId));
    must(await create(acc, 'order', [order], 'dual_seal'));
  });
  it('lets a personal account sign without activation', async () => {
    const { acc } = await readyAccount({ subjectType: 'personal', esignActivated: false });
    must(await create(acc, 'order', [eligibleOrders(acc)[0]!], 'dual_seal'));
  });
});

describe('R8 signers', () => {
  it('takes only an authorised signer; a new one waits for the e-sign administrator, not an approver', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/confirming_signing');
    expectRefused(await svc.startSigning(env.ctx, a.requester, c.id), 'SIGNING_INFO_REQUIRED');
    expectRefused(await svc.confirmSigningInfo(env.ctx, a.requester, c.id, { signerId: acc.signers!.pending }), 'R8_SIGNER_NOT_AUTHORISED');
    const fresh = must(await svc.requestSigner(env.ctx, a.requester, { name: '钱七', phone: '13812340000' }));
    expectRefused(await svc.confirmSigningInfo(env.ctx, a.requester, c.id, { signerId: fresh.id }), 'R8_SIGNER_NOT_AUTHORISED');
    expectRefused(await svc.decideSigner(env.ctx, a.requester, acc.accountId, fresh.id, 'authorise'), 'R8_NOT_ESIGN_ADMIN');
    expectRefused(await svc.decideSigner(env.ctx, a.approver, acc.accountId, fresh.id, 'authorise'), 'R8_NOT_ESIGN_ADMIN');
    must(await svc.decideSigner(env.ctx, a.admin, acc.accountId, fresh.id, 'authorise')); // the demo admin is the e-sign administrator
    expectRefused(await svc.decideSigner(env.ctx, a.admin, acc.accountId, fresh.id, 'reject'), 'SIGNER_NOT_PENDING');
    const confirmed = must(await svc.confirmSigningInfo(env.ctx, a.requester, c.id, { signerId: fresh.id }));
    expect(confirmed).toMatchObject({ signerName: '钱七', signerPhone: '13812340000' });
    const signing = must(await svc.startSigning(env.ctx, a.requester, c.id));
    expect(stateKey(signing)).toBe('signing/customer_signing');
  });
  it('has a person confirm (or correct) the phone number', async () => {
    const { acc, a } = await readyAccount({ subjectType: 'personal' });
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/confirming_signing');
    expectRefused(await svc.confirmSigningInfo(env.ctx, a.requester, c.id, { phone: '12345' }), 'MOBILE_INVALID');
    expectRefused(await svc.confirmSigningInfo(env.ctx, a.requester, c.id, { signerId: '00000000-0000-0000-0000-000000000000' }), 'R8_PERSON_SIGNS_SELF');
    const ok = must(await svc.confirmSigningInfo(env.ctx, a.requester, c.id, { phone: '13700001111' }));
    expect(ok).toMatchObject({ signerName: '孙磊', signerPhone: '13700001111' });
  });
});

describe('R9 / R10 flows end to end', () => {
  it('dual: the SMS goes out, resend waits a minute, cancel voids through cancelling', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'signing/customer_signing');
    expect(c.smsSentAt).toEqual(env.now);
    expectRefused(await svc.resend(env.ctx, a.requester, c.id), 'RESEND_TOO_SOON');
    env.advance(60_000);
    must(await svc.resend(env.ctx, a.requester, c.id));
    expect(stateKey(must(await svc.cancelSigning(env.ctx, a.requester, c.id)))).toBe('signing/cancelling');
    expect(stateKey(must(await svc.cancelConfirmed(env.ctx, a.system, c.id)))).toBe('voided/-');
  });
  it('dual: no cancel once the customer signed', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'signing/vendor_signing');
    expectRefused(await svc.cancelSigning(env.ctx, a.requester, c.id), 'ACTION_NOT_ALLOWED');
    expectRefused(await svc.resend(env.ctx, a.requester, c.id), 'ACTION_NOT_ALLOWED');
  });
  it('vendor: save draft, convert, sealed; the effective date is kept', async () => {
    const { acc } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'effective/e_effective');
    expect(c.effectiveAt).toEqual(env.now);
  });
});

describe('R11 order selection', () => {
  it('takes 30 orders and refuses 31', async () => {
    const { acc } = await readyAccount({ orderCount: 200 });
    const ids = eligibleOrders(acc);
    expectRefused(await create(acc, 'order', ids.slice(0, 31)), 'R11_TOO_MANY_ORDERS');
    const c = must(await create(acc, 'order', ids.slice(0, 30)));
    expect(await svc.itemsOf(env.ctx.db, c.id)).toHaveLength(30);
  });
  it('draws the postpaid line at 2018-09-01', async () => {
    const { acc } = await readyAccount();
    expectRefused(await create(acc, 'order', [edge('POSTPAID-20180831')]), 'R11_POSTPAID_BEFORE_2018_09');
    must(await create(acc, 'order', [edge('POSTPAID-20180901')]));
  });
  it('refuses monthly bills and marketplace orders', async () => {
    const { acc } = await readyAccount();
    expectRefused(await create(acc, 'order', [edge('MONTHLY-BILL')]), 'R11_MONTHLY_BILL');
    expectRefused(await create(acc, 'order', [edge('MARKETPLACE')]), 'R11_MARKETPLACE');
  });
  it('takes a refund that keeps the total >= 0 and refuses one that makes it negative', async () => {
    const { acc } = await readyAccount();
    const big = acc.orders.find((o) => o.type === 'prepaid' && o.amountCents > 50_000)!;
    expectRefused(await create(acc, 'order', [big.id, edge('REFUND-LARGE')]), 'R11_NEGATIVE_TOTAL');
    const c = must(await create(acc, 'order', [big.id, edge('REFUND-SMALL')]));
    expect(c.totalCents).toBe(big.amountCents - 50_000);
  });
  it('refuses an order of another account as unknown', async () => {
    const { acc } = await readyAccount();
    const other = await env.seed({ seed: 99 });
    const theirs = eligibleOrders(other).find((id) => !acc.orders.some((o) => o.id === id))!;
    expectRefused(await create(acc, 'order', [theirs]), 'ITEM_NOT_FOUND');
  });
  it('refuses an empty item id (a forged form) as unknown, at the item step and at creation', async () => {
    const { acc } = await readyAccount();
    expectRefused(await svc.checkSelection(env.ctx, acc.accountId, 'order', ['']), 'ITEM_NOT_FOUND');
    expectRefused(await create(acc, 'order', [eligibleOrders(acc)[0]!, '']), 'ITEM_NOT_FOUND');
  });
});

describe('R12 filing contracts', () => {
  it('takes 20 filing numbers and refuses 21', async () => {
    const { acc } = await readyAccount();
    expectRefused(await create(acc, 'filing', acc.filings.slice(0, 21)), 'R12_TOO_MANY_FILINGS');
    must(await create(acc, 'filing', acc.filings.slice(0, 20)));
  });
  it('expires after a year and frees its filing numbers', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'filing', channel: 'vendor_seal', itemIds: acc.filings.slice(0, 2) }, 'effective/e_effective');
    expect(c.expiresAt!.getTime() - c.effectiveAt!.getTime()).toBe(365 * 24 * 3600 * 1000);
    expectRefused(await create(acc, 'filing', [acc.filings[0]!]), 'R13_ITEM_OCCUPIED');
    env.advance(364 * 24 * 3600 * 1000);
    expect((await svc.expireFilings(env.ctx, a.system)).expired).not.toContain(c.number);
    env.advance(2 * 24 * 3600 * 1000);
    expect((await svc.expireFilings(env.ctx, a.system)).expired).toContain(c.number);
    expect((await svc.expireFilings(env.ctx, a.system)).expired).not.toContain(c.number);
    must(await create(acc, 'filing', [acc.filings[0]!]));
    const trail = await svc.auditTrail(env.ctx.db, c.id);
    expect(trail.at(-1)!.action).toBe('filingExpired');
  });
});

describe('R13 an item is in one live contract', () => {
  it('holds an order through void and frees it on delete', async () => {
    const { acc, a } = await readyAccount();
    const order = eligibleOrders(acc)[0]!;
    const first = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [order] }, 'draft/draft_ready');
    const refusal = await create(acc, 'order', [order]);
    expectRefused(refusal, 'R13_ITEM_OCCUPIED');
    expect(!refusal.ok && refusal.error.message.zh).toContain(first.number);
    must(await svc.voidContract(env.ctx, a.requester, first.id));
    // Still held, and the refusal says what frees it now: deleting the voided contract (issue 26, item 13).
    const held = await create(acc, 'order', [order]);
    expectRefused(held, 'R13_ITEM_IN_VOIDED');
    expect(!held.ok && held.error.message.zh).toContain('已作废；删除该合同后即可重新选择');
    must(await svc.deleteContract(env.ctx, a.requester, first.id));
    must(await create(acc, 'order', [order]));
    const items = await env.ctx.db.select().from(contractItems).where(eq(contractItems.contractId, first.id));
    expect(items.every((i) => !i.live)).toBe(true);
  });
});

describe('R14 paper copies', () => {
  it('needs an effective contract and a full return address; the address stays as submitted', async () => {
    const { acc, a } = await readyAccount();
    const draft = await newContractIn(env, acc, { kind: 'filing', channel: 'vendor_seal', itemIds: [acc.filings[0]!] }, 'draft/draft_ready');
    const address = { recipient: '张伟', phone: '13800138000', address: '北京市海淀区中关村大街 1 号' };
    expectRefused(await svc.requestPaper(env.ctx, a.requester, draft.id, address), 'R14_NOT_EFFECTIVE');
    const c = await newContractIn(env, acc, { kind: 'filing', channel: 'vendor_seal', itemIds: [acc.filings[1]!] }, 'effective/e_effective');
    expectRefused(await svc.requestPaper(env.ctx, a.requester, c.id, { ...address, address: '' }), 'PAPER_ADDRESS_REQUIRED');
    must(await svc.requestPaper(env.ctx, a.requester, c.id, address));
    expectRefused(await svc.requestPaper(env.ctx, a.requester, c.id, { ...address, address: '上海' }), 'ACTION_NOT_ALLOWED');
    must(await svc.paperShipped(env.ctx, a.system, c.id, 'SF1234567890'));
    const info = must(await svc.mailingInfo(env.ctx, a.requester, c.id));
    expect(info).toMatchObject({ ...address, trackingNumber: 'SF1234567890', enclosures: ['access_provider_licence', 'filing_screenshots'] });
    const [row] = await env.ctx.db.select().from(paperRequests).where(eq(paperRequests.contractId, c.id));
    expect(row!.address).toBe(address.address);
  });
});

describe('R15 QingCloud: draft has no effect, formal cannot be voided', () => {
  it('makes the draft at once, converts at once, discards a draft in one step (废弃 frees its orders) and refuses to void a formal one', async () => {
    const acc = await env.seed({ vendor: 'qingcloud' });
    const a = actorsOf(acc);
    const prepaid = eligibleOrders(acc);
    const created = must(await create(acc, 'recharge', [prepaid[0]!]));
    expect(stateKey(created)).toBe('draft/draft_ready');
    const draft = await newContractIn(env, acc, { kind: 'recharge', channel: 'vendor_seal', itemIds: [prepaid[2]!] }, 'draft/draft_ready');
    expect(stateKey(must(await svc.convert(env.ctx, a.requester, created.id)))).toBe('effective/e_effective');
    must(await svc.voidContract(env.ctx, a.requester, draft.id));
    expectRefused(await svc.deleteContract(env.ctx, a.requester, draft.id), 'ACTION_NOT_ALLOWED'); // nothing left to delete
    must(await create(acc, 'recharge', [prepaid[2]!])); // its order is free again
    const formal = await newContractIn(env, acc, { kind: 'recharge', channel: 'vendor_seal', itemIds: [prepaid[1]!] }, 'effective/e_effective');
    expectRefused(await svc.voidContract(env.ctx, a.requester, formal.id), 'R6_EFFECTIVE_IMMUTABLE');
    // QingCloud's guide offers the e-contract only: no paper copy.
    expectRefused(await svc.requestPaper(env.ctx, a.requester, formal.id, { recipient: '张伟', phone: '13800138000', address: '北京' }), 'VENDOR_NO_PAPER');
  });
});

describe('approvals', () => {
  it('routes convert through an approver when the policy says so; reject returns with the reason', async () => {
    const { acc, a } = await readyAccount({ approvalMinTotalCents: 100 });
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_ready');
    const waiting = must(await svc.convert(env.ctx, a.requester, c.id));
    expect(stateKey(waiting)).toBe('draft/awaiting_approval');
    expectRefused(await svc.approve(env.ctx, a.colleague, c.id), 'NOT_PERMITTED');
    expectRefused(await svc.reject(env.ctx, a.approver, c.id, '  '), 'REASON_REQUIRED');
    const back = must(await svc.reject(env.ctx, a.approver, c.id, '订单金额与报销单不符'));
    expect(stateKey(back)).toBe('draft/draft_ready');
    expect(back.rejectionReason).toBe('订单金额与报销单不符');
    must(await svc.convert(env.ctx, a.requester, c.id));
    const approved = must(await svc.approve(env.ctx, a.approver, c.id));
    expect(stateKey(approved)).toBe('signing/vendor_signing');
    expect(approved.rejectionReason).toBeNull();
  });
  it('does not let a requester who is also an approver approve their own contract', async () => {
    const { acc, a } = await readyAccount({ approvalKinds: ['order'] });
    const c = must(await svc.createDraft(env.ctx, a.approver, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    must(await svc.draftGenerated(env.ctx, a.system, c.id));
    must(await svc.convert(env.ctx, a.approver, c.id));
    expectRefused(await svc.approve(env.ctx, a.approver, c.id), 'APPROVER_IS_REQUESTER');
    must(await svc.approve(env.ctx, a.approver2, c.id));
  });
  it('routes the dual channel SMS through approval; approval sends it', async () => {
    const { acc } = await readyAccount({ approvalKinds: ['order'] });
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/awaiting_approval');
    expect(c.smsSentAt).toBeNull();
    const approved = must(await svc.approve(env.ctx, actorsOf(acc).approver, c.id));
    expect(stateKey(approved)).toBe('signing/customer_signing');
    expect(approved.smsSentAt).toEqual(env.now);
  });
});

describe('who may act', () => {
  it('lets the requester and admins act on a contract, not a colleague or another workspace', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_ready');
    expectRefused(await svc.convert(env.ctx, a.colleague, c.id), 'NOT_PERMITTED');
    const stranger = { type: 'user' as const, accountId: (await env.seed()).accountId, userId: a.requester.userId };
    expectRefused(await svc.convert(env.ctx, stranger, c.id), 'CONTRACT_NOT_FOUND');
    expectRefused(await svc.vendorSealed(env.ctx, a.admin, c.id), 'NOT_PERMITTED');
    must(await svc.convert(env.ctx, a.admin, c.id));
  });
  it('reads the contract once, under its lock; an already-decided click again is answered from memory', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_ready');
    const counted = countingCtx();
    try {
      const convert = (version: number) => svc.convert(counted.ctx, a.requester, c.id, { expectedVersion: version });
      expectRefused(await convert(c.version - 1), 'STALE_VERSION');
      expect(counted.contractReads()).toEqual(['for update']);
      // The same old click again: a settled fact, answered without a statement.
      counted.statements.length = 0;
      expectRefused(await convert(c.version - 1), 'STALE_VERSION');
      expect(counted.statements).toEqual([]);
      must(await convert(c.version));
      expect(counted.contractReads()).toEqual(['for update']);
      // After it moved, the button it was clicked on is decided, for everyone: as the lock would say it.
      counted.statements.length = 0;
      expectRefused(await convert(c.version), 'ACTION_NOT_ALLOWED');
      expect(counted.statements).toEqual([]);
    } finally {
      await counted.close();
    }
  });
  it('remembers a refusal for its account and for a version the contract has reached only', async () => {
    const { acc, a } = await readyAccount();
    const c = must(await svc.createDraft(env.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }));
    expect(stateKey(c)).toBe('draft/draft_generating');
    // A hand-made value a version ahead: refused now, but not for good.
    expectRefused(await svc.convert(env.ctx, a.requester, c.id, { expectedVersion: c.version + 1 }), 'ACTION_NOT_ALLOWED');
    const ready = must(await svc.draftGenerated(env.ctx, a.system, c.id));
    expect(ready.version).toBe(c.version + 1);
    must(await svc.convert(env.ctx, a.requester, c.id, { expectedVersion: ready.version }));
    // The same click from another workspace, after this one's is remembered: not theirs to see.
    expectRefused(await svc.convert(env.ctx, a.requester, c.id, { expectedVersion: ready.version }), 'ACTION_NOT_ALLOWED');
    const stranger = { type: 'user' as const, accountId: (await env.seed()).accountId, userId: a.requester.userId };
    expectRefused(await svc.convert(env.ctx, stranger, c.id, { expectedVersion: ready.version }), 'CONTRACT_NOT_FOUND');
  });
  it('lets the same click, repeated while the first is applied, wait for it instead of the row lock', async () => {
    const { acc, a } = await readyAccount({ approvalKinds: ['order'] });
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/awaiting_approval');
    const counted = countingCtx();
    try {
      // Two approvers tap the same DM at once, one of them three times.
      const clicks = [a.approver, a.approver, a.approver, a.approver2].map((who) => svc.approve(counted.ctx, who, c.id, { expectedVersion: c.version }));
      const results = await Promise.all(clicks);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const r of results.filter((x) => !x.ok)) expectRefused(r, 'ACTION_NOT_ALLOWED');
      expect(counted.contractReads()).toEqual(['for update']);
    } finally {
      await counted.close();
    }
  });
  it('a QingCloud approval seals in the same transaction without reading the contract again', async () => {
    const qing = await env.seed({ vendor: 'qingcloud', approvalKinds: ['consumption'] });
    const q = actorsOf(qing);
    const order = qing.orders.find((o) => o.type === 'postpaid' && !o.id.startsWith('EDGE'))!.id;
    const draft = must(await create(qing, 'consumption', [order]));
    const waiting = must(await svc.convert(env.ctx, q.requester, draft.id));
    expect(stateKey(waiting)).toBe('draft/awaiting_approval');
    const counted = countingCtx();
    try {
      const sealed = must(await svc.approve(counted.ctx, q.approver, draft.id, { expectedVersion: waiting.version }));
      expect(stateKey(sealed)).toBe('effective/e_effective');
      expect(counted.contractReads()).toEqual(['for update']);
    } finally {
      await counted.close();
    }
  });
  it('refuses a click on a stale view', async () => {
    const { acc, a } = await readyAccount();
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'signing/customer_signing');
    env.advance(61_000);
    expectRefused(await svc.resend(env.ctx, a.requester, c.id, { expectedVersion: c.version - 1 }), 'STALE_VERSION');
    must(await svc.resend(env.ctx, a.requester, c.id, { expectedVersion: c.version }));
  });
  it('refuses a malformed contract id as not found', async () => {
    const { a } = await readyAccount();
    expectRefused(await svc.convert(env.ctx, a.requester, "1' or '1'='1"), 'CONTRACT_NOT_FOUND');
  });
});

describe('settings', () => {
  it('validates the policy and time zone', async () => {
    const { acc, a } = await readyAccount();
    expectRefused(await svc.saveSettingsKeepRoles(env.ctx, a.admin, acc.accountId, { approvalMinTotalCents: -1 }), 'INVALID_INPUT');
    expectRefused(await svc.saveSettingsKeepRoles(env.ctx, a.admin, acc.accountId, { timeZone: 'Mars/Olympus' }), 'INVALID_INPUT');
    expectRefused(await svc.saveSettingsKeepRoles(env.ctx, a.requester, acc.accountId, { language: 'en' }), 'NOT_PERMITTED');
    must(await svc.saveSettingsKeepRoles(env.ctx, a.admin, acc.accountId, { language: 'en', timeZone: 'Europe/Berlin' }));
    const [row] = await env.ctx.db.select().from(accounts).where(eq(accounts.id, acc.accountId));
    expect(row).toMatchObject({ language: 'en', timeZone: 'Europe/Berlin' });
  });
});
