// Rules R1-R15 of docs/domain.md as pure checks. Each returns a Result; none touches the database.
import { type DomainError, domainError, ok, refused, type Result } from './errors.js';
import { firstError, parseInput, PartyADetails, ReturnAddressForm } from './inputs.js';
import { formatCents, KIND_LABEL, ORDER_TYPE_LABEL } from './labels.js';
import { isValid } from './lifecycle.js';
import type { FilingLike, Kind, OrderLike, OrderType, PartyA, SealChannel, State, SubjectType } from './types.js';
import { type Vendor, vendorProfile } from './vendors.js';

export const MAX_ORDERS = 30;
/**
 * QingCloud's guide sets no cap on QingCloud's consumption and recharge contracts. Ours is 50 records: the picked records ride
 * in the form's private_metadata to the Party A step (Slack: 3,000 characters; 50 ids of up to 50 characters fit).
 */
export const MAX_QING_RECORDS = 50;
export const MAX_FILINGS = 20;
/** Postpaid orders from this day on can go into an order contract (R11). */
export const POSTPAID_CUTOFF = '2018-09-01';
const RESEND_INTERVAL_SECONDS = 60;
const FILING_VALIDITY_YEARS = 1;
/** R14 / Tencent's paper guide: the vendor stamps and ships within 15 working days. */
export const PAPER_WORKING_DAYS = 15;

/** R1 / R1a + QingCloud's guide: each vendor offers its own kinds and channels; QingCloud's kinds have no dual channel. */
export function checkKindChannel(kind: Kind, channel: SealChannel, vendor: Vendor): Result<void> {
  const p = vendorProfile(vendor);
  if (!p.kinds.includes(kind)) {
    const kinds = { zh: p.kinds.map((k) => KIND_LABEL[k].zh).join('、'), en: p.kinds.map((k) => KIND_LABEL[k].en).join(', ') };
    return refused('VENDOR_KIND_UNSUPPORTED', { vendor: p.name, kind: KIND_LABEL[kind], kinds });
  }
  if (!p.channels.includes(channel) || (channel === 'dual_seal' && (kind === 'consumption' || kind === 'recharge'))) {
    return refused('KIND_CHANNEL_UNSUPPORTED', { kind: KIND_LABEL[kind], channel: p.vendorSealChannel });
  }
  return ok(undefined);
}

/** R7: an enterprise must activate e-sign before the dual channel; a person signs with a signature and needs none. */
export function checkEsignActivated(channel: SealChannel, subjectType: SubjectType, activated: boolean, vendor: Vendor): Result<void> {
  if (channel === 'dual_seal' && subjectType === 'enterprise' && !activated) {
    return refused('R7_ESIGN_NOT_ACTIVATED', { esign: vendorProfile(vendor).esignService });
  }
  return ok(undefined);
}

/** R2 / R3: one valid framework; every other kind needs it effective where the vendor says so (Tencent only). */
export function checkFramework(kind: Kind, framework: { number: string; state: State } | null, vendor: Vendor): Result<void> {
  if (kind === 'framework') {
    if (framework && isValid(framework.state)) {
      return refused('R2_FRAMEWORK_EXISTS', { number: framework.number });
    }
    return ok(undefined);
  }
  if (!vendorProfile(vendor).needsFramework) return ok(undefined);
  if (!framework || framework.state.status !== 'effective') {
    return refused('R3_FRAMEWORK_NOT_EFFECTIVE', { framework: vendorProfile(vendor).frameworkTitle });
  }
  return ok(undefined);
}

/** R5: after a subject change, new contracts wait for the supplementary agreement. */
export function checkSubjectChange(subjectChangePending: boolean): Result<void> {
  return subjectChangePending ? refused('R5_SUBJECT_CHANGED') : ok(undefined);
}

/**
 * Which order types each kind accepts. R11 for Tencent's order contract. QingCloud's two kinds are ours to split (seed
 * 004 says of both only 附带消费记录的协议，适用于消费后报销): consumption takes what is paid after use (postpaid
 * orders, monthly bills), recharge what is paid before use (prepaid orders, marketplace purchases). Refunds go into
 * neither. The picker and docs/domain.md say so.
 */
export const ACCEPTED_ORDER_TYPES: Record<'order' | 'consumption' | 'recharge', readonly OrderType[]> = {
  order: ['prepaid', 'postpaid', 'refund'],
  consumption: ['postpaid', 'monthly_bill'],
  recharge: ['prepaid', 'marketplace'],
};

/** How many orders one contract of this kind takes: R11's 30 for Tencent's order contract, our 50 for QingCloud's. */
export const maxOrders = (kind: 'order' | 'consumption' | 'recharge'): number => (kind === 'order' ? MAX_ORDERS : MAX_QING_RECORDS);

/** Why one order cannot go into a contract of this kind, or null when it can (the total is checked separately). */
export function orderIneligibility(kind: 'order' | 'consumption' | 'recharge', o: OrderLike): DomainError | null {
  if (kind === 'order') {
    // Tencent's order guide's rules, for its order contract only: QingCloud's guide has none of them.
    if (o.type === 'marketplace') return domainError('R11_MARKETPLACE', { item: o.id });
    if (o.type === 'monthly_bill') return domainError('R11_MONTHLY_BILL', { item: o.id });
    if (o.type === 'postpaid' && o.createdOn < POSTPAID_CUTOFF) {
      return domainError('R11_POSTPAID_BEFORE_2018_09', { item: o.id });
    }
  }
  if (!ACCEPTED_ORDER_TYPES[kind].includes(o.type)) {
    const accepted = ACCEPTED_ORDER_TYPES[kind].map((t) => ORDER_TYPE_LABEL[t]);
    const types = { zh: accepted.map((t) => t.zh).join('、'), en: accepted.map((t) => t.en).join(', ') };
    return domainError('R11_WRONG_ORDER_TYPE', { item: o.id, type: ORDER_TYPE_LABEL[o.type], kind: KIND_LABEL[kind], types });
  }
  return null;
}

/** Too many orders for one contract of this kind, whatever they are: R11's words for Tencent, ours for QingCloud. */
export function checkOrderCount(kind: 'order' | 'consumption' | 'recharge', count: number): Result<void> {
  if (count <= maxOrders(kind)) return ok(undefined);
  return kind === 'order' ? refused('R11_TOO_MANY_ORDERS', { count }) : refused('TOO_MANY_RECORDS', { count, max: MAX_QING_RECORDS, kind: KIND_LABEL[kind] });
}

/** R11: the whole selection of orders for an order (or QingCloud) contract; yields the total. */
export function checkOrders(kind: 'order' | 'consumption' | 'recharge', orders: readonly OrderLike[]): Result<{ totalCents: number }> {
  if (orders.length === 0) return refused('ITEMS_REQUIRED');
  const count = checkOrderCount(kind, orders.length);
  if (!count.ok) return count;
  const dup = firstDuplicate(orders.map((o) => o.id));
  if (dup) return refused('ITEM_DUPLICATE', { item: dup });
  for (const o of orders) {
    const why = orderIneligibility(kind, o);
    if (why) return { ok: false, error: why };
  }
  const totalCents = orders.reduce((sum, o) => sum + o.amountCents, 0);
  if (totalCents < 0) return refused('R11_NEGATIVE_TOTAL', { total: formatCents(totalCents) });
  return ok({ totalCents });
}

/** R12: at most 20 filing numbers. */
export function checkFilings(filings: readonly FilingLike[]): Result<void> {
  if (filings.length === 0) return refused('ITEMS_REQUIRED');
  if (filings.length > MAX_FILINGS) return refused('R12_TOO_MANY_FILINGS', { count: filings.length });
  const dup = firstDuplicate(filings.map((f) => f.id));
  if (dup) return refused('ITEM_DUPLICATE', { item: dup });
  return ok(undefined);
}

/** Party A's editable details (R4): the same schema as the forms (inputs.ts); the first refusal. */
export function checkPartyADetails(p: Omit<PartyA, 'name'>): Result<PartyADetails> {
  const r = parseInput(PartyADetails, p);
  return r.ok ? ok(r.value) : { ok: false, error: firstError(r.errors) };
}

/** R4: Party A is always the verified subject; a different name is refused, not silently replaced. */
export function checkPartyAName(name: string | undefined, verifiedSubject: string): Result<void> {
  if (name !== undefined && name.trim() !== verifiedSubject) return refused('R4_PARTY_A_NAME_MISMATCH', { subject: verifiedSubject });
  return ok(undefined);
}

export interface ApprovalPolicy {
  kinds: readonly Kind[];
  /** Contracts whose total reaches this amount need an approver too; null = no amount rule. */
  minTotalCents: number | null;
}

/** An account's policy as its row keeps it. */
export const approvalPolicyOf = (a: { approvalKinds: readonly string[]; approvalMinTotalCents: number | null }): ApprovalPolicy => ({
  kinds: a.approvalKinds as readonly Kind[],
  minTotalCents: a.approvalMinTotalCents,
});

/** Product card: which contracts need an approver before convert (vendor) or before the SMS (dual). */
export function needsApproval(policy: ApprovalPolicy, contract: { kind: Kind; totalCents: number }): boolean {
  if (policy.kinds.includes(contract.kind)) return true;
  return policy.minTotalCents !== null && contract.totalCents >= policy.minTotalCents;
}

export interface ReturnAddress {
  recipient: string;
  phone: string;
  address: string;
}

/** R14: the return address is required (and immutable once submitted, which the database keeps). */
export function checkReturnAddress(address: Partial<ReturnAddress>): Result<ReturnAddress> {
  const r = parseInput(ReturnAddressForm, { recipient: address.recipient ?? '', phone: address.phone ?? '', address: address.address ?? '' });
  if (r.ok) return ok(r.value);
  // A caller without the form (the API, a test) hears the whole rule; the form shows each field's own error.
  if (Object.values(r.errors).some((e) => e?.code === 'FIELD_REQUIRED')) return refused('PAPER_ADDRESS_REQUIRED');
  return { ok: false, error: firstError(r.errors) };
}

/** R12: the paper copy of a filing contract ships with the vendor's licence and the filing screenshots. */
export function paperEnclosures(kind: Kind): string[] {
  return kind === 'filing' ? ['access_provider_licence', 'filing_screenshots'] : [];
}

/** R12: a filing contract expires a year after it became effective. */
export function filingExpiry(effectiveAt: Date): Date {
  const d = new Date(effectiveAt);
  d.setUTCFullYear(d.getUTCFullYear() + FILING_VALIDITY_YEARS);
  return d;
}

/** Resend throttling: an SMS a minute at most, as SMS gateways and users expect. */
export function resendWait(lastSentAt: Date | null, now: Date): number {
  if (!lastSentAt) return 0;
  const elapsed = Math.floor((now.getTime() - lastSentAt.getTime()) / 1000);
  return Math.max(0, RESEND_INTERVAL_SECONDS - elapsed);
}

/** Contract numbers read HT-<year>-<six digits>. */
export function formatContractNumber(year: number, seq: number): string {
  return `HT-${year}-${String(seq).padStart(6, '0')}`;
}

function firstDuplicate(ids: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return null;
}

/**
 * R13: an item held by another contract, with what frees it. A voided contract still holds its items until it is
 * deleted (Tencent's order guide), so its holder is told to delete it rather than to void it again.
 */
export function itemHeld(item: string, holder: { number: string; status: string }): DomainError {
  return domainError(holder.status === 'voided' ? 'R13_ITEM_IN_VOIDED' : 'R13_ITEM_OCCUPIED', { item, number: holder.number });
}
