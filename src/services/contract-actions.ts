// The contract's use cases after creation: each is one call to applyAction with the rule it adds.
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { contractItems, type ContractRow, contracts, paperRequests, signers } from '../db/schema.js';
import { domainError, type Result } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { firstError, parseInput, RejectReason, SigningPhone } from '../domain/inputs.js';
import { actionLabel, stateLabel } from '../domain/labels.js';
import { performerOf } from '../domain/lifecycle.js';
import { type ApprovalPolicy, approvalPolicyOf, checkReturnAddress, needsApproval, paperEnclosures, resendWait, type ReturnAddress } from '../domain/rules.js';
import { type Actor, type PartyA, personOrSystem } from '../domain/types.js';
import { vendorOffers, vendorProfile } from '../domain/vendors.js';
import { authorize, membersWith } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse, unwrap } from './context.js';
import { loadAccount, partyASnapshot } from './create-draft.js';
import { followImmediately } from './immediate.js';
import { issueSigningLink } from './sms-signing.js';
import type { Notice } from './trail.js';
import { type ActionOptions, applyAction, type EffectOutput, lockContract } from './transition.js';
import { writeEvent } from './transition-writer.js';

type R = Promise<Result<ContractRow>>;

async function approvalPolicy(tx: Tx, accountId: string): Promise<ApprovalPolicy> {
  return approvalPolicyOf(await loadAccount(tx, accountId));
}

/** Every signing SMS carries a new link to the signing page (R8); the ones sent before stop working. */
async function smsNotice(tx: Tx, c: ContractRow, now: Date): Promise<Notice> {
  const link = await issueSigningLink(tx, c, now);
  return { topic: 'signing.sms', payload: { number: c.number, signerId: c.signerId, signerName: c.signerName, phone: c.signerPhone, ...link } };
}

const approvalNotice = (c: ContractRow): Notice => ({
  topic: 'approval.requested',
  payload: { number: c.number, kind: c.kind, totalCents: c.totalCents, requesterId: c.requesterId, version: c.version + 1 },
});

/** Before the vendor seals or the SMS goes out, the policy may ask for an approver (ours: docs/domain.md, awaiting_approval). */
async function routeThroughApproval(tx: Tx, c: ContractRow, direct: () => Promise<EffectOutput>): Promise<EffectOutput> {
  if (needsApproval(await approvalPolicy(tx, c.accountId), c)) {
    // Nobody but the requester could approve it (four eyes): it would wait forever; refused instead (issue 26 item 1).
    if (!(await membersWith(tx, c.accountId, 'isApprover')).some((id) => id !== c.requesterId)) refuse('APPROVAL_NOBODY');
    return { to: 'draft/awaiting_approval', patch: { rejectionReason: null }, notices: [approvalNotice(c)], detail: { approval: 'requested' } };
  }
  return direct();
}

// ---- dual channel wizard (R9)

export const fillPartyA = (ctx: Ctx, actor: Actor, id: string, typed: Partial<PartyA>, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'fillPartyA', o, async ({ tx, contract }) => {
    const account = await loadAccount(tx, contract.accountId);
    const partyA = await partyASnapshot(tx, account, typed);
    return { patch: { partyA }, detail: { partyA } };
  });

export const confirmText = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R => applyAction(ctx, actor, id, 'confirmText', o);

export interface SigningInfo {
  /** Enterprise accounts: one of the authorised signers (R8). */
  signerId?: string;
  /** Personal accounts: the phone that receives the SMS, confirmed or corrected (R8). */
  phone?: string;
}

export const confirmSigningInfo = (ctx: Ctx, actor: Actor, id: string, info: SigningInfo, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'confirmSigningInfo', o, async ({ tx, contract }) => {
    const account = await loadAccount(tx, contract.accountId);
    if (account.subjectType === 'personal') {
      if (info.signerId) refuse('R8_PERSON_SIGNS_SELF');
      const parsed = parseInput(SigningPhone, { phone: info.phone ?? '' });
      if (!parsed.ok) throw new Refusal(firstError(parsed.errors));
      const { phone } = parsed.value;
      return { patch: { signerId: null, signerName: account.verifiedSubject, signerPhone: phone }, detail: { phone } };
    }
    if (!info.signerId) refuse('SIGNER_REQUIRED');
    if (!isUuid(info.signerId)) refuse('SIGNER_NOT_FOUND');
    const [s] = await tx
      .select()
      .from(signers)
      .where(and(eq(signers.id, info.signerId), eq(signers.accountId, account.id)));
    if (!s) refuse('SIGNER_NOT_FOUND');
    if (s.status !== 'authorised') refuse('R8_SIGNER_NOT_AUTHORISED', { name: s.name });
    return { patch: { signerId: s.id, signerName: s.name, signerPhone: s.phone }, detail: { signer: s.name } };
  });

export const startSigning = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'startSigning', o, async ({ tx, contract, now }) => {
    if (!contract.signerPhone) refuse('SIGNING_INFO_REQUIRED');
    return routeThroughApproval(tx, contract, async () => ({ patch: { smsSentAt: now }, notices: [await smsNotice(tx, contract, now)] }));
  });

export const cancelSigning = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R => applyAction(ctx, actor, id, 'cancelSigning', o);

export const resend = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'resend', o, async ({ tx, contract, now }) => {
    const wait = resendWait(contract.smsSentAt, now);
    if (wait > 0) refuse('RESEND_TOO_SOON', { seconds: wait });
    return { patch: { smsSentAt: now }, notices: [await smsNotice(tx, contract, now)] };
  });

// ---- vendor channel (R10)

export const convert = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'convert', o, ({ tx, contract }) => routeThroughApproval(tx, contract, async () => ({})), immediately(ctx));

/** R15: a QingCloud contract is formal the moment it is converted (or approved): 转为正式合同成功. */
const immediately = (ctx: Ctx) => (tx: Tx, c: ContractRow) => followImmediately(ctx, tx, c);

export const voidContract = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'void', o, async ({ tx, contract }) => {
    // R13 (Tencent's overview and order guide): a voided contract holds its items until deleted. QingCloud's guide has no delete: 废弃 frees them.
    if (vendorProfile(contract.vendor).separateDelete) return {};
    await tx.update(contractItems).set({ live: false }).where(eq(contractItems.contractId, contract.id));
    return { detail: { released: true } };
  });

export const deleteContract = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'delete', o, async ({ contract }) => {
    // QingCloud's guide discards a draft in one step; there is nothing left to delete.
    if (!vendorOffers(contract.vendor, 'delete'))
      refuse('ACTION_NOT_ALLOWED', { state: stateLabel(contract, contract.vendor), action: actionLabel('delete', contract.vendor) });
  });

// ---- approvals (ours: docs/domain.md, awaiting_approval)

export const approve = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R =>
  applyAction(
    ctx,
    actor,
    id,
    'approve',
    o,
    async ({ tx, contract, now }) => {
      const decidedBy = personOrSystem(actor);
      if (contract.sealChannel === 'dual_seal') {
        return { patch: { smsSentAt: now, rejectionReason: null }, notices: [await smsNotice(tx, contract, now)], detail: { decidedBy } };
      }
      return { patch: { rejectionReason: null }, detail: { decidedBy } };
    },
    immediately(ctx),
  );

export const reject = (ctx: Ctx, actor: Actor, id: string, reason: string, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'reject', o, async () => {
    const parsed = parseInput(RejectReason, { reason });
    if (!parsed.ok) throw new Refusal(parsed.errors.reason?.code === 'FIELD_REQUIRED' ? domainError('REASON_REQUIRED') : firstError(parsed.errors));
    const why = parsed.value.reason;
    return {
      patch: { rejectionReason: why },
      detail: { reason: why, decidedBy: personOrSystem(actor) },
    };
  });

// ---- effective contracts (R14)

export const requestPaper = (ctx: Ctx, actor: Actor, id: string, address: Partial<ReturnAddress>, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'requestPaper', o, async ({ tx, contract, now }) => {
    if (!vendorOffers(contract.vendor, 'requestPaper')) refuse('VENDOR_NO_PAPER', { vendor: vendorProfile(contract.vendor).name });
    const returnAddress = unwrap(checkReturnAddress(address));
    const enclosures = paperEnclosures(contract.kind);
    // No due date yet: the 15 working days count from the vendor's receipt of the customer's copy (paper.ts).
    await tx.insert(paperRequests).values({
      contractId: contract.id,
      ...returnAddress,
      enclosures,
      requestedBy: personOrSystem(actor),
      requestedAt: now,
    });
    return { detail: { returnAddress, enclosures } };
  });

export interface MailingInfo extends ReturnAddress {
  enclosures: string[];
  requestedAt: Date;
  mailedAt: Date | null;
  outboundTracking: string | null;
  receivedAt: Date | null;
  shipDueAt: Date | null;
  trackingNumber: string | null;
  shippedAt: Date | null;
  timeZone: string;
}

/** "View mailing info" (Tencent's overview): read-only, allowed where the table allows it. */
export async function mailingInfo(ctx: Ctx, actor: Actor, id: string): Promise<Result<MailingInfo>> {
  return inTransaction(ctx, async (tx) => {
    const c = await lockContract(tx, actor, id);
    // The return address is personal data: the requester and admins only, as for the other requester actions.
    await authorize(tx, actor, c, performerOf('viewMailing'), 'viewMailing');
    if (c.subStatus !== 'paper_requested' && c.subStatus !== 'paper_shipped') refuse('R14_NOT_EFFECTIVE');
    const [p] = await tx.select().from(paperRequests).where(eq(paperRequests.contractId, c.id));
    if (!p) refuse('CONTRACT_NOT_FOUND');
    return {
      recipient: p.recipient,
      phone: p.phone,
      address: p.address,
      enclosures: p.enclosures,
      requestedAt: p.requestedAt,
      mailedAt: p.mailedAt,
      outboundTracking: p.outboundTracking,
      receivedAt: p.receivedAt,
      shipDueAt: p.shipDueAt,
      trackingNumber: p.trackingNumber,
      shippedAt: p.shippedAt,
      timeZone: (await loadAccount(tx, c.accountId)).timeZone,
    };
  });
}

// ---- what the outside world reports (e-sign service, paper office)

export const draftGenerated = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R => applyAction(ctx, actor, id, 'draftGenerated', o);
export const customerSigned = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R => applyAction(ctx, actor, id, 'customerSigned', o);
export const cancelConfirmed = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R => applyAction(ctx, actor, id, 'cancelConfirmed', o);

// Taking effect (effective_at, a filing's expiry) is the writer's: every way into effective sets it.
export const vendorSealed = (ctx: Ctx, actor: Actor, id: string, o?: ActionOptions): R => applyAction(ctx, actor, id, 'vendorSealed', o);

export const paperShipped = (ctx: Ctx, actor: Actor, id: string, trackingNumber: string, o?: ActionOptions): R =>
  applyAction(ctx, actor, id, 'paperShipped', o, async ({ tx, contract, now }) => {
    const tracking = trackingNumber.trim();
    if (!tracking) refuse('INVALID_INPUT', { detail: { zh: '请填写运单号', en: 'a tracking number is required' } });
    await tx.update(paperRequests).set({ trackingNumber: tracking, shippedAt: now }).where(eq(paperRequests.contractId, contract.id));
    return { detail: { trackingNumber: tracking } };
  });

/** R12: a year after it became effective a filing contract expires and its filing numbers are free again. */
export async function expireFilings(ctx: Ctx, actor: Actor): Promise<{ expired: string[] }> {
  const now = ctx.clock();
  const due = await ctx.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.kind, 'filing'), eq(contracts.status, 'effective'), isNull(contracts.expiredAt), lte(contracts.expiresAt, now)));
  const expired: string[] = [];
  for (const { id } of due) {
    const r = await inTransaction(ctx, async (tx) => {
      const c = await lockContract(tx, actor, id);
      if (c.expiredAt) return null; // another replica got there first
      await writeEvent(
        tx,
        {
          contract: c,
          actor,
          action: 'filingExpired',
          patch: { expiredAt: now },
          versioned: true,
          freesItems: true,
          detail: { expiresAt: c.expiresAt?.toISOString() },
          notices: (updated) => [{ topic: 'contract.expired', payload: { number: c.number, kind: c.kind, version: updated.version } }],
        },
        now,
      );
      return c.number;
    });
    if (r.ok && r.value) expired.push(r.value);
  }
  return { expired };
}
