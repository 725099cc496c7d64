// What people read for each glossary term, in both languages.
import type { Messages } from './errors.js';
import type { Action } from './lifecycle.js';
import type { Kind, OrderType, SealChannel, State, Status, SubStatus } from './types.js';

export const KIND_LABEL: Record<Kind, Messages> = {
  framework: { zh: '框架合同', en: 'framework contract' },
  order: { zh: '订单合同', en: 'order contract' },
  filing: { zh: '备案合同', en: 'ICP filing contract' },
  consumption: { zh: '消费合同', en: 'consumption contract' },
  recharge: { zh: '充值合同', en: 'recharge contract' },
};

export const CHANNEL_LABEL: Record<SealChannel, Messages> = {
  vendor_seal: { zh: '腾讯云单方电子签章', en: 'vendor e-seal' },
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
  vendor_signing: { zh: '腾讯云签署', en: 'vendor sealing' },
  e_effective: { zh: '电子合同已生效', en: 'e-contract effective' },
  paper_requested: { zh: '纸质合同申请中', en: 'paper copy requested' },
  paper_shipped: { zh: '纸质合同已寄出', en: 'paper copy shipped' },
};

export const ACTION_LABEL: Record<Action, Messages> = {
  fillPartyA: { zh: '填写甲方信息', en: 'fill in Party A' },
  confirmText: { zh: '确认合同文本内容', en: 'confirm the text' },
  confirmSigningInfo: { zh: '确认签署信息', en: 'confirm signing info' },
  startSigning: { zh: '在线签署', en: 'start signing' },
  convert: { zh: '转为正式合同', en: 'convert to formal' },
  void: { zh: '作废', en: 'void' },
  delete: { zh: '删除', en: 'delete' },
  cancelSigning: { zh: '取消签署', en: 'cancel signing' },
  resend: { zh: '重新发送', en: 'resend the SMS' },
  requestPaper: { zh: '申请纸质合同', en: 'request a paper copy' },
  viewMailing: { zh: '查看邮寄信息', en: 'view mailing info' },
  approve: { zh: '批准', en: 'approve' },
  reject: { zh: '驳回', en: 'reject' },
  draftGenerated: { zh: '草稿已生成', en: 'draft generated' },
  customerSigned: { zh: '客户已签署', en: 'customer signed' },
  cancelConfirmed: { zh: '已取消签署', en: 'signing cancelled' },
  vendorSealed: { zh: '腾讯云已签章', en: 'vendor sealed' },
  paperShipped: { zh: '纸质合同已寄出', en: 'paper copy shipped' },
};

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

export function stateLabel(s: State): Messages {
  const status = STATUS_LABEL[s.status];
  if (!s.subStatus) return status;
  const sub = SUB_STATUS_LABEL[s.subStatus];
  return { zh: `${status.zh} / ${sub.zh}`, en: `${status.en} / ${sub.en}` };
}

/** Amounts are kept in fen (cents); people read yuan with two decimals. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
