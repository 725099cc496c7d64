// What people read for each glossary term, in both languages.
import type { Messages } from './errors.js';
// The form's field labels are the input layer's: one word per field.
import { FIELD_LABEL } from './inputs.js';
import type { Action } from './lifecycle.js';
import type { Kind, OrderType, SealChannel, State, Status, SubStatus } from './types.js';
import { type Vendor, vendorProfile } from './vendors.js';

export const KIND_LABEL: Record<Kind, Messages> = {
  framework: { zh: '框架合同', en: 'framework contract' },
  order: { zh: '订单合同', en: 'order contract' },
  filing: { zh: '备案合同', en: 'ICP filing contract' },
  consumption: { zh: '消费合同', en: 'consumption contract' },
  recharge: { zh: '充值合同', en: 'recharge contract' },
};

/** The Tencent account's words; a contract or account of another vendor reads them through the functions below. */
export const CHANNEL_LABEL: Record<SealChannel, Messages> = {
  vendor_seal: vendorProfile('tencent').vendorSealChannel,
  dual_seal: { zh: '双方电子签章', en: 'dual e-seal' },
};

export const STATUS_LABEL: Record<Status, Messages> = {
  draft: { zh: '草稿', en: 'Draft' },
  signing: { zh: '签署中', en: 'Signing' },
  effective: { zh: '已生效', en: 'Effective' },
  voided: { zh: '已作废', en: 'Voided' },
  deleted: { zh: '已删除', en: 'Deleted' },
};

export const SUB_STATUS_LABEL: Record<SubStatus, Messages> = {
  filling_info: { zh: '填写信息', en: 'filling in details' },
  confirming_text: { zh: '确认合同文本内容', en: 'confirming the text' },
  confirming_signing: { zh: '签署确认', en: 'confirming signing info' },
  draft_generating: { zh: '合同草稿生成中', en: 'generating the draft' },
  draft_ready: { zh: '合同草稿已生成', en: 'draft ready' },
  awaiting_approval: { zh: '待审批', en: 'awaiting approval' },
  customer_signing: { zh: '客户签署', en: 'customer signing' },
  cancelling: { zh: '取消中', en: 'cancelling' },
  vendor_signing: vendorProfile('tencent').vendorSigning,
  e_effective: { zh: '电子合同已生效', en: 'e-contract effective' },
  paper_requested: { zh: '纸质合同申请中', en: 'paper copy requested' },
  paper_shipped: { zh: '纸质合同已寄出', en: 'paper copy shipped' },
};

export const ACTION_LABEL: Record<Action, Messages> = {
  fillPartyA: { zh: '填写甲方信息', en: 'Fill in Party A' },
  confirmText: { zh: '确认合同文本内容', en: 'Confirm the text' },
  confirmSigningInfo: { zh: '确认签署信息', en: 'Confirm signing info' },
  startSigning: { zh: '在线签署', en: 'Start signing' },
  convert: { zh: '转为正式合同', en: 'Convert to formal' },
  void: { zh: '作废', en: 'Void' },
  delete: { zh: '删除', en: 'Delete' },
  cancelSigning: { zh: '取消签署', en: 'Cancel signing' },
  resend: { zh: '重新发送', en: 'Resend the SMS' },
  requestPaper: { zh: '申请纸质合同', en: 'Request a paper copy' },
  viewMailing: { zh: '查看邮寄信息', en: 'View mailing info' },
  approve: { zh: '批准', en: 'Approve' },
  reject: { zh: '驳回', en: 'Reject' },
  draftGenerated: { zh: '草稿已生成', en: 'Draft generated' },
  customerSigned: { zh: '客户已签署', en: 'Customer signed' },
  cancelConfirmed: { zh: '已取消签署', en: 'Signing cancelled' },
  vendorSealed: vendorProfile('tencent').vendorSealed,
  paperShipped: { zh: '纸质合同已寄出', en: 'Paper copy shipped' },
};

/** Party A's fields as people name them (refusals name the field, never its key). */
export const PARTY_A_FIELD_LABEL = {
  name: { zh: '甲方名称', en: 'Party A name' },
  address: FIELD_LABEL.address,
  contactName: FIELD_LABEL.contactName,
  phone: FIELD_LABEL.phone,
  email: FIELD_LABEL.email,
} as const satisfies Record<string, Messages>;

/** Facts recorded on a paper request: audit events without a change of status (the table keeps paper_requested). */
export const PAPER_FACT_LABEL: Record<'paperMailed' | 'paperReceived', Messages> = {
  paperMailed: { zh: '已将纸质合同寄给供应商', en: 'contract mailed to the vendor' },
  paperReceived: { zh: '供应商已收到纸质合同', en: 'paper contract received by the vendor' },
};

export const ORDER_TYPE_LABEL: Record<OrderType, Messages> = {
  prepaid: { zh: '预付费', en: 'prepaid' },
  postpaid: { zh: '后付费', en: 'postpaid' },
  refund: { zh: '退款', en: 'refund' },
  monthly_bill: { zh: '月结账单', en: 'monthly bill' },
  marketplace: { zh: '云市场', en: 'marketplace' },
};

/** R1a: the words that name the vendor come from its profile (vendors.ts); the rest are the same for every vendor. */
export function channelLabel(channel: SealChannel, vendor: Vendor): Messages {
  return channel === 'vendor_seal' ? vendorProfile(vendor).vendorSealChannel : CHANNEL_LABEL[channel];
}

export function subStatusLabel(sub: SubStatus, vendor: Vendor): Messages {
  return sub === 'vendor_signing' ? vendorProfile(vendor).vendorSigning : SUB_STATUS_LABEL[sub];
}

export function actionLabel(action: Action, vendor: Vendor): Messages {
  if (action === 'vendorSealed') return vendorProfile(vendor).vendorSealed;
  if (action === 'void') return vendorProfile(vendor).voidDraft;
  return ACTION_LABEL[action];
}

/** A kind as the product names it where the vendor matters: the framework carries its vendor's title (《腾讯云服务协议》). */
export function kindLabel(kind: Kind, vendor: Vendor): Messages {
  if (kind !== 'framework') return KIND_LABEL[kind];
  const f = vendorProfile(vendor).frameworkTitle;
  return { zh: `${KIND_LABEL.framework.zh}${f.zh}`, en: `${KIND_LABEL.framework.en} (${f.en})` };
}

/** What a button says: the action's word, save where the vendor's flow names the button itself (QingCloud's guide). */
export function buttonLabel(action: Action, vendor: Vendor): Messages {
  return action === 'convert' ? vendorProfile(vendor).convertButton : actionLabel(action, vendor);
}

/** A status in the vendor's words: a given-up draft is 已作废 at Tencent Cloud, 已废弃 at QingCloud (QingCloud's guide's 废弃). */
export function statusLabel(status: Status, vendor: Vendor): Messages {
  return status === 'voided' ? vendorProfile(vendor).voidedStatus : STATUS_LABEL[status];
}

/** A status and sub-status in the words of the contract's vendor (its sub-statuses name who seals). */
export function stateLabel(s: State, vendor: Vendor): Messages {
  const status = statusLabel(s.status, vendor);
  if (!s.subStatus) return status;
  const sub = subStatusLabel(s.subStatus, vendor);
  return { zh: `${status.zh} / ${sub.zh}`, en: `${status.en} / ${sub.en}` };
}

const MIN = 60_000;
/** What the seeds promise people: a draft in about 3 minutes (R10), the vendor's seal in about 15 (vendor channel) or
 * 5–10 minutes after the customer signed (dual channel, R9). The simulator's ranges (esign/simulator.ts) sit around these. */
export const EXPECTED_DURATION = {
  draft: { vendor_seal: [3 * MIN, 3 * MIN], dual_seal: [3 * MIN, 3 * MIN] },
  vendorSeal: { vendor_seal: [15 * MIN, 15 * MIN], dual_seal: [5 * MIN, 10 * MIN] },
} as const satisfies Record<string, Record<SealChannel, readonly [number, number]>>;

/**
 * "约 3 分钟" / "about 3 minutes", divided by the time scale the e-sign service runs at (TIME_SCALE: 60 in the
 * sandbox, where a draft takes 3 seconds): what people are told is what they will see.
 */
export function durationWords(range: readonly [number, number], timeScale: number): Messages {
  const [lo, hi] = range.map((ms) => ms / Math.max(timeScale, 1e-9));
  const unit = hi! >= 60_000 ? { ms: 60_000, zh: '分钟', en: 'minutes' } : { ms: 1000, zh: '秒', en: 'seconds' };
  const n = (ms: number) => String(Math.max(1, Math.round(ms / unit.ms)));
  const span = n(lo!) === n(hi!) ? n(hi!) : `${n(lo!)}–${n(hi!)}`;
  return { zh: `约 ${span} ${unit.zh}`, en: `about ${span} ${span === '1' ? unit.en.slice(0, -1) : unit.en}` };
}

/** How long a link lasts, as people say it: "7 天" / "7 days" for whole days, else hours ("36 小时" / "36 hours"). */
export function lifetimeWords(hours: number): Messages {
  const days = hours / 24;
  if (Number.isInteger(days)) return { zh: `${days} 天`, en: days === 1 ? '1 day' : `${days} days` };
  return { zh: `${hours} 小时`, en: hours === 1 ? '1 hour' : `${hours} hours` };
}

/** Amounts are kept in fen (cents); people read yuan with two decimals. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** What a contract holds and frees, as its confirmations and answers name it: a framework holds nothing. */
export const HELD_ITEMS: Record<Kind, Messages | null> = {
  framework: null,
  order: { zh: '订单', en: 'orders' },
  filing: { zh: '备案号', en: 'filing numbers' },
  consumption: { zh: '订单', en: 'orders' },
  recharge: { zh: '订单', en: 'orders' },
};

/**
 * What a contract is about, where its amount would read ¥0.00: a framework contract names its agreement
 * (《腾讯云服务协议》), a filing contract its filing numbers, the others their total (issue 26, item 11). `items` are the
 * contract's item references when the caller has them; a filing contract without them says how many it holds, or nothing.
 */
export function aboutWords(c: { kind: Kind; totalCents: number; vendor: Vendor }, items?: readonly string[] | null): { label: Messages; value: Messages } {
  if (c.kind === 'framework') {
    const title = vendorProfile(c.vendor).frameworkTitle;
    return { label: ABOUT_LABEL.agreement, value: title };
  }
  if (c.kind === 'filing') {
    const refs = items ?? [];
    const shown = refs.slice(0, FILINGS_SHOWN);
    const more = refs.length - shown.length;
    return {
      label: ABOUT_LABEL.filings,
      value: {
        zh: `${shown.join('、')}${more > 0 ? ` 等 ${refs.length} 个` : ''}` || '—',
        en: `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}` || '—',
      },
    };
  }
  const total = formatCents(c.totalCents);
  return { label: ABOUT_LABEL.total, value: { zh: total, en: total } };
}

/** A line's short form: the total or the filing numbers, or the framework's title alone (it names itself). */
export function aboutLine(c: { kind: Kind; totalCents: number; vendor: Vendor }, items?: readonly string[] | null): Messages {
  const a = aboutWords(c, items);
  if (c.kind !== 'filing') return a.value;
  return { zh: `${a.label.zh} ${a.value.zh}`, en: `${a.label.en} ${a.value.en}` };
}

const FILINGS_SHOWN = 3;
const ABOUT_LABEL = {
  total: { zh: '金额', en: 'Total' },
  agreement: { zh: '协议', en: 'Agreement' },
  filings: { zh: '备案号', en: 'Filing numbers' },
} as const satisfies Record<string, Messages>;
