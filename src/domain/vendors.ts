// The cloud vendor an account is a customer of (R1a), and every word that names it. Labels, views, the PDF and the
// thread read vendor words from here only, so a QingCloud account never reads a Tencent word and the reverse.
import type { Messages } from './errors.js';
import type { Kind, SealChannel } from './types.js';

export const VENDORS = ['tencent', 'qingcloud'] as const;
export type Vendor = (typeof VENDORS)[number];
export const DEFAULT_VENDOR: Vendor = 'tencent';

export interface VendorProfile {
  /** The vendor as people name it in a sentence. */
  name: Messages;
  /** Party B on every contract (R1a). */
  partyB: { name: string; nameEn: string; address: string; contact: string };
  /** The framework contract's own title, quotes included (《腾讯云服务协议》). */
  frameworkTitle: Messages;
  kinds: readonly Kind[];
  channels: readonly SealChannel[];
  /** R3: order-like contracts wait for an effective framework (Tencent only; no seed says so for QingCloud). */
  needsFramework: boolean;
  /** Paper copies are Tencent's (Tencent's paper guide); QingCloud's guide offers the e-contract only (下载电子合同). */
  paperCopies: boolean;
  /** R15: the draft is made at once and 立即转为正式合同 seals at once, with no waiting on the vendor. */
  immediate: boolean;
  /** The vendor-only e-seal channel (腾讯云单方电子签章). */
  vendorSealChannel: Messages;
  /** The sub-status while the vendor seals (腾讯云签署). */
  vendorSigning: Messages;
  /** The event when the vendor's seal is on (腾讯云已签章). */
  vendorSealed: Messages;
  /** The convert button: QingCloud's guide says 立即转为正式合同, for it takes effect at once. */
  convertButton: Messages;
  /** Giving up a vendor-channel draft: Tencent's order guide 作废, QingCloud's guide 废弃. */
  voidDraft: Messages;
  /** What the vendor channel tells the requester when it is chosen. */
  vendorHint: Messages;
  /** The e-sign service an enterprise activates for the dual channel. */
  esignService: Messages;
  /** Where paper copies are mailed when no address is configured (Tencent's paper guide names none). */
  paperAddressee: string;
  /** What each kind is for, as the vendor's documents say (Tencent's overview 关于合同类型; QingCloud's guide 合同类型): ≤ 75 characters. */
  kindPurpose: Partial<Record<Kind, Messages>>;
  /** What the vendor's documents tell a customer before they apply (Tencent's overview 流程概览 and 规则; the opening of QingCloud's guide). */
  startNotices: Messages[];
  /**
   * Tencent's overview and order guide: a wrong draft is voided (作废), then the voided contract deleted (删除) to free its orders. QingCloud's guide:
   * a draft is discarded (废弃) from 合同申请记录 in one step, which frees its orders at once.
   */
  separateDelete: boolean;
  /** The status a given-up draft rests in: 已作废 (Tencent), 已废弃 (QingCloud). */
  voidedStatus: Messages;
}

export const VENDOR_PROFILE: Record<Vendor, VendorProfile> = {
  tencent: {
    name: { zh: '腾讯云', en: 'Tencent Cloud' },
    partyB: {
      name: '腾讯云计算（北京）有限责任公司',
      nameEn: 'Tencent Cloud Computing (Beijing) Co., Ltd.',
      address: '北京市海淀区知春路 49 号 3 层西部 309',
      contact: '腾讯云合同管理',
    },
    frameworkTitle: { zh: '《腾讯云服务协议》', en: 'Tencent Cloud Service Agreement' },
    kinds: ['framework', 'order', 'filing'],
    channels: ['vendor_seal', 'dual_seal'],
    needsFramework: true,
    paperCopies: true,
    immediate: false,
    vendorSealChannel: { zh: '腾讯云单方电子签章', en: 'Tencent Cloud e-seal' },
    vendorSigning: { zh: '腾讯云签署', en: 'Tencent Cloud sealing' },
    vendorSealed: { zh: '腾讯云已签章', en: 'Tencent Cloud sealed' },
    convertButton: { zh: '转为正式合同', en: 'Convert to formal' },
    voidDraft: { zh: '作废', en: 'Void' },
    vendorHint: { zh: '系统自动加盖腾讯云电子签章，无需激活电子签', en: 'Tencent Cloud seals automatically; no e-sign activation needed' },
    esignService: { zh: '腾讯电子签', en: 'e-sign' },
    paperAddressee: '腾讯云 合同管理组',
    kindPurpose: {
      framework: { zh: '生成带有电子签章并可下载的《腾讯云服务协议》', en: 'The Tencent Cloud Service Agreement, e-sealed, to download' },
      order: { zh: '选择订单生成合同，用于售前请款和售后报销', en: 'Chosen orders, for pre-sale payment requests and reimbursement' },
      filing: { zh: '根据备案订单申请经营性备案', en: 'For an ICP commercial filing, from your filing numbers' },
    },
    startNotices: [
      {
        zh: '通过网页确认接受的《服务协议》（注册、实名认证时）与在此申请的电子版或纸质合同具有同等法律效力；这里提供的是通用合同。',
        en: 'The Service Agreement accepted on the website (at sign-up or verification) has the same legal effect as the contracts made here; these are the standard contracts.',
      },
      {
        zh: '对合同条款有个性化诉求的，请联系对接商务，走线下合同签订流程。',
        en: 'For terms of your own, contact your account manager and sign offline.',
      },
    ],
    separateDelete: true,
    voidedStatus: { zh: '已作废', en: 'Voided' },
  },
  qingcloud: {
    name: { zh: 'QingCloud', en: 'QingCloud' },
    partyB: {
      name: '北京青云科技股份有限公司',
      nameEn: 'Beijing Yunify Technology Co., Ltd. (QingCloud)',
      // QingCloud's guide gives the website, not a postal address; the contract names what the guide names.
      address: 'https://www.qingcloud.com/',
      contact: 'QingCloud 合同管理',
    },
    frameworkTitle: { zh: '《QingCloud 服务协议》', en: 'QingCloud Service Agreement' },
    kinds: ['framework', 'consumption', 'recharge'],
    channels: ['vendor_seal'],
    needsFramework: false,
    paperCopies: false,
    immediate: true,
    vendorSealChannel: { zh: 'QingCloud 电子章', en: 'QingCloud e-seal' },
    vendorSigning: { zh: '盖电子章', en: 'applying the e-seal' },
    vendorSealed: { zh: '已盖电子章', en: 'E-seal applied' },
    convertButton: { zh: '立即转为正式合同', en: 'Convert to formal now' },
    voidDraft: { zh: '废弃', en: 'Discard' },
    vendorHint: { zh: '转为正式合同时由 QingCloud 加盖电子章，立即生效', en: 'QingCloud applies its e-seal when you convert; effective at once' },
    esignService: { zh: '电子签', en: 'e-sign' },
    paperAddressee: 'QingCloud 合同管理',
    kindPurpose: {
      framework: { zh: '《QingCloud 服务协议》：使用 QingCloud 云计算服务的协议', en: 'The QingCloud Service Agreement, for using its cloud services' },
      // QingCloud's guide says the same of both: 附带消费记录的协议，适用于消费后报销. Which records each takes is ours (rules.ts).
      consumption: { zh: '附带消费记录，适用于消费后报销（先用后付的记录）', en: 'Usage records for reimbursement (records paid after use)' },
      recharge: { zh: '附带消费记录，适用于消费后报销（先付后用的记录）', en: 'Usage records for reimbursement (records paid before use)' },
    },
    startNotices: [
      {
        zh: '申请合同中填写的公司（或个人）视为实际交易的法律主体；甲方名称须与实名认证一致。',
        en: 'The company (or person) named in the contract is the legal party to the transactions; Party A must be the verified name.',
      },
      {
        zh: '申请合同指引：选择合同类型 → 勾选订单并确认记录（框架合同无需）→ 填写甲方信息 → 保存合同草稿 → 立即转为正式合同 → 在合同申请记录中下载；不需要的草稿在合同申请记录中废弃。',
        en: 'How it goes: choose a kind → tick orders and review the records (not for the framework) → Party A → save the draft → convert now → download from the contract record; discard a draft you do not need there.',
      },
    ],
    separateDelete: false,
    voidedStatus: { zh: '已废弃', en: 'Discarded' },
  },
};

export const vendorProfile = (v: Vendor | null | undefined): VendorProfile => VENDOR_PROFILE[v ?? DEFAULT_VENDOR];

/** The status table is one table for every vendor; a vendor may still not offer an action at all (paper copies, delete). */
export function vendorOffers(v: Vendor | null | undefined, action: string): boolean {
  if (action === 'requestPaper') return vendorProfile(v).paperCopies;
  if (action === 'delete') return vendorProfile(v).separateDelete;
  return true;
}
