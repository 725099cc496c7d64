// The customer's side of a paper copy (Tencent's paper guide, 线下盖章申请): print, stamp, mail to the vendor, give a return
// address; the vendor stamps and mails it back within 15 working days of receiving it (FAQ Q2).
import type { Messages } from './errors.js';

/** The four steps of 线下盖章申请 in Tencent's paper guide, as the mailing info shows them. */
export const PAPER_STEPS: Messages[] = [
  { zh: '选择对应合同（本合同）', en: 'Pick the contract (this one)' },
  { zh: '打印合同并加盖公章', en: 'Print the contract and stamp it with the company seal' },
  { zh: '邮寄合同至供应商指定地址（见下）', en: "Mail it to the vendor's address (below)" },
  { zh: '提交回寄地址（已提交，无法修改）', en: 'Give the return address (done; it cannot change)' },
];

/** FAQ Q5: what the vendor mails back with a filing contract's paper copy. */
export const ENCLOSURE_LABEL: Record<string, Messages> = {
  access_provider_licence: {
    zh: '网站接入单位许可证正、副页及年检页',
    en: "The access provider's licence, front and back pages and the annual-inspection page",
  },
  filing_screenshots: { zh: '接入服务商企业侧查询完整页（备案查询截图）', en: "The access provider's full enterprise query page (filing screenshots)" },
};

export const enclosureLabel = (code: string): Messages => ENCLOSURE_LABEL[code] ?? { zh: code, en: code };

/** Tencent's paper guide's FAQ, Q1–Q5, in Chinese (the guide's words) and English. */
export const PAPER_FAQ: { q: Messages; a: Messages }[] = [
  {
    q: { zh: '电子协议生成后还需要申请纸质合同？', en: 'Once the electronic contract exists, do I still need a paper copy?' },
    a: {
      zh: '电子协议具有同等法律效力，纸质合同根据您方需求申请。',
      en: 'The electronic contract has the same legal effect; request a paper copy only if you need one.',
    },
  },
  {
    q: { zh: '纸质合同回寄周期？', en: 'How long until the paper copy comes back?' },
    a: {
      zh: '在收到您方纸质合同的15个工作日内完成盖章，邮寄回贵司。',
      en: 'The vendor stamps it and mails it back within 15 working days of receiving your paper copy.',
    },
  },
  {
    q: { zh: '纸质合同已寄出，何时线下打款？', en: 'The paper copy is in the post: when do we pay offline?' },
    a: { zh: '合同签订与线下打款无关，打款可按您方需要进行。', en: 'Signing and paying are unrelated; pay whenever you need to.' },
  },
  {
    q: { zh: '纸质合同已寄出并且已线下打款，何时回寄发票？', en: 'Paper copy mailed and paid offline: when does the invoice come?' },
    a: {
      zh: '相关发票内容可参考链接：https://cloud.tencent.com/doc/product/285/1889',
      en: 'See the invoice documentation: https://cloud.tencent.com/doc/product/285/1889',
    },
  },
  {
    q: {
      zh: '办理ICP经营性备案所需网站接入单位许可证正、副页及年检页、接入服务商企业侧查询完整页，在哪里找到？',
      en: "Where do I find the access provider's licence pages (incl. annual inspection) and the query page for an ICP commercial filing?",
    },
    a: {
      zh: '在收到您纸质合同盖章完毕后，会将办理ICP经营性备案所需资料一并回寄您方。',
      en: 'Once your paper contract is received and stamped, the vendor mails these back to you with it.',
    },
  },
];
