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
  /** Seed 003's paper copies are Tencent's; seed 004 offers the e-contract only (下载电子合同). */
  paperCopies: boolean;
  /** R15: the draft is made at once and 立即转为正式合同 seals at once, with no waiting on the vendor. */
  immediate: boolean;
  /** The vendor-only e-seal channel (腾讯云单方电子签章). */
  vendorSealChannel: Messages;
  /** The sub-status while the vendor seals (腾讯云签署). */
  vendorSigning: Messages;
  /** The event when the vendor's seal is on (腾讯云已签章). */
  vendorSealed: Messages;
  /** The convert button: seed 004 says 立即转为正式合同, for it takes effect at once. */
  convertButton: Messages;
  /** Giving up a vendor-channel draft: seed 002 作废, seed 004 废弃. */
  voidDraft: Messages;
  /** What the vendor channel tells the requester when it is chosen. */
  vendorHint: Messages;
  /** The e-sign service an enterprise activates for the dual channel. */
  esignService: Messages;
  /** Where paper copies are mailed when no address is configured (seed 003 names none). */
  paperAddressee: string;
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
  },
  qingcloud: {
    name: { zh: 'QingCloud', en: 'QingCloud' },
    partyB: {
      name: '北京青云科技股份有限公司',
      nameEn: 'Beijing Yunify Technology Co., Ltd. (QingCloud)',
      // Seed 004 gives the website, not a postal address; the contract names what the seed names.
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
  },
};

export const vendorProfile = (v: Vendor | null | undefined): VendorProfile => VENDOR_PROFILE[v ?? DEFAULT_VENDOR];

/** The status table is one table for every vendor; a vendor may still not offer an action at all (paper copies). */
export const vendorOffers = (v: Vendor | null | undefined, action: string): boolean => action !== 'requestPaper' || vendorProfile(v).paperCopies;
