// What the Home tab's and /contract help's 常见问题 answer, per vendor: Tencent Cloud's is Tencent's paper guide's FAQ (paper
// copies, Q1–Q5); QingCloud has no FAQ and no paper copies, so its answers are QingCloud's guide's own explanations (合同说明,
// 前提条件, 创建框架合同, 转为正式合同, 下载电子合同), in its words.
import type { Messages } from './errors.js';
import { PAPER_FAQ } from './paper.js';
import { type Vendor, vendorProfile } from './vendors.js';

export interface Faq {
  title: Messages;
  items: { q: Messages; a: Messages }[];
}

const QINGCLOUD_FAQ: Faq['items'] = [
  {
    q: { zh: '合同草稿和正式合同有什么区别？', en: 'What is the difference between a draft and a formal contract?' },
    a: {
      zh: '合同草稿是线上直接生成的合同，未盖电子章，不具有法律效力；正式合同是合同草稿申请盖电子章后的正式合同，具有法律效力。生成合同草稿后，可盖电子章生成正式合同。',
      en: 'A draft is made online and carries no e-seal, so it has no legal effect; the formal contract is the draft once sealed, and it is legally binding. A draft is sealed into the formal contract when you convert it.',
    },
  },
  {
    q: { zh: '谁可以申请合同？甲方名称能改吗？', en: "Who can apply? Can Party A's name be changed?" },
    a: {
      zh: '合同申请仅针对已完成实名认证的客户。甲方名称必须与实名认证保持一致；如需修改甲方名称，请先修改实名认证信息。',
      en: 'Only customers who completed real-name verification. Party A must be the verified name; to change it, change the verification first.',
    },
  },
  {
    q: { zh: '申请合同中填写的公司是什么身份？', en: 'Who is the company named in the contract?' },
    a: {
      zh: '申请合同中填写的公司（或个人）视为实际交易的法律主体。',
      en: 'The company (or person) named in the contract is the legal party to the transactions.',
    },
  },
  {
    q: { zh: '框架合同可以申请几份？', en: 'How many framework contracts can we have?' },
    a: { zh: '仅允许生成一份框架合同，无法重复申请。', en: 'One: a second framework contract cannot be requested.' },
  },
  {
    q: { zh: '转为正式合同后还能作废吗？不需要的草稿怎么办？', en: 'Can a formal contract be voided? What about a draft we do not need?' },
    a: {
      zh: '转为正式合同后，无法作废；电子合同生效，具有法律效力，可直接使用。若不需要生成正式合同，可在合同申请记录中将该草稿废弃。',
      en: 'A formal contract cannot be voided: it is effective, binding and ready to use. A draft you do not need is discarded from the contract record.',
    },
  },
  {
    q: { zh: '如何下载电子合同？', en: 'How do I download the contract?' },
    a: { zh: '在合同申请记录中，点击合同所在行的「下载」即可下载电子合同。', en: "In the contract record, click Download on the contract's row." },
  },
];

export function vendorFaq(vendor: Vendor): Faq {
  if (vendorProfile(vendor).paperCopies) return { title: { zh: '纸质合同常见问题', en: 'Paper copies: FAQ' }, items: PAPER_FAQ };
  return { title: { zh: `${vendorProfile(vendor).name.zh} 合同说明`, en: `${vendorProfile(vendor).name.en} contracts: how they work` }, items: QINGCLOUD_FAQ };
}
