// Why a contract stopped moving, kept as a short code beside the e-sign service's own words, and said to people in
// theirs. The service's words (an English error, a timestamp) are for the log and the audit detail; a requester reading
// Chinese must not meet "e-sign draft: upstream timeout" in their DM (issue 26, item 10).
import type { Messages } from './errors.js';
import { subStatusLabel } from './labels.js';
import type { FlowKind } from './lifecycle.js';
import type { Vendor } from './vendors.js';

export const STALE_WHYS = ['failed', 'smsUndelivered', 'noProgress', 'lost'] as const;
export type StaleWhy = (typeof STALE_WHYS)[number];

export interface StaleCause {
  why: StaleWhy;
  flow: FlowKind;
  /** What the e-sign service said, as it said it: stored and logged, never shown. */
  detail?: string;
}

const FLOWS: readonly FlowKind[] = ['draft', 'customer', 'vendor', 'cancel'];

/** The stored reason: `<why>:<flow>`, then the service's words after a space. */
export const staleReason = (c: StaleCause): string => `${c.why}:${c.flow}${c.detail ? ` ${c.detail}` : ''}`;

export function parseStaleReason(reason: string | null | undefined): StaleCause | null {
  const m = /^(\w+):(\w+)(?: (.*))?$/s.exec(reason ?? '');
  if (!m || !(STALE_WHYS as readonly string[]).includes(m[1]!) || !FLOWS.includes(m[2] as FlowKind)) return null;
  return { why: m[1] as StaleWhy, flow: m[2] as FlowKind, ...(m[3] ? { detail: m[3] } : {}) };
}

/** The step the e-sign service was at, in the words of the status table (the vendor's seal names the vendor). */
function stepWords(flow: FlowKind, vendor: Vendor): Messages {
  switch (flow) {
    case 'draft':
      return subStatusLabel('draft_generating', vendor);
    case 'customer':
      return subStatusLabel('customer_signing', vendor);
    case 'vendor':
      return subStatusLabel('vendor_signing', vendor);
    default:
      return subStatusLabel('cancelling', vendor);
  }
}

const WHY: Record<StaleWhy, Messages> = {
  failed: { zh: '电子签服务在「{step}」时出错，系统正在重试', en: 'the e-sign service failed at “{step}” and is being retried' },
  smsUndelivered: { zh: '签署短信未能送达签署人', en: 'the signing SMS did not reach the signer' },
  noProgress: { zh: '电子签服务在「{step}」已超过一小时没有进展', en: 'the e-sign service has made no progress at “{step}” for over an hour' },
  lost: { zh: '系统一度没有跟进「{step}」，已重新向电子签服务查询', en: 'nothing was following “{step}” for a while; the e-sign service is being asked again' },
};
/** A reason stored before causes had codes: said without its (English, technical) words. */
const UNKNOWN: Messages = { zh: '电子签服务暂时没有回应', en: 'the e-sign service has not answered for a while' };

/** What people read for a stored reason, in their language and the account's vendor's words. */
export function staleWords(reason: string | null | undefined, vendor: Vendor): Messages {
  const c = parseStaleReason(reason);
  if (!c) return UNKNOWN;
  const step = stepWords(c.flow, vendor);
  return { zh: WHY[c.why].zh.replace('{step}', step.zh), en: WHY[c.why].en.replace('{step}', step.en) };
}
