// 合同模板 (Tencent's filing and order guides: "如需了解合同文本内容，可单击合同模板"): a sample of each kind's text, rendered by the
// same pure renderer as real contracts, with placeholders where the customer's data goes and the draft watermark.
import { type Kind, KINDS } from '../domain/types.js';
import { type Vendor, VENDORS } from '../domain/vendors.js';
import type { DocumentInput } from './document.js';

const SAMPLE_DAY = new Date('2026-01-01T00:00:00Z');

export function templateInput(kind: Kind, vendor: Vendor): DocumentInput {
  const hasOrders = kind === 'order' || kind === 'consumption' || kind === 'recharge';
  return {
    edition: 'draft',
    number: 'HT-TEMPLATE',
    kind,
    channel: 'vendor_seal',
    vendor,
    subjectType: 'enterprise',
    partyA: {
      name: '（甲方名称 / Party A）',
      address: '（地址 / address）',
      contactName: '（联系人 / contact）',
      phone: '（电话 / phone）',
      email: '（邮箱 / email）',
    },
    totalCents: 0,
    frameworkNumber: kind === 'framework' ? null : '（框架合同编号 / framework contract number）',
    issuedAt: SAMPLE_DAY,
    effectiveAt: null,
    signer: null,
    items: kind === 'filing' ? [{ ref: '（备案号 / ICP filing number）' }] : hasOrders ? [{ ref: '（订单号 / order id）', amountCents: 0 }] : [],
    events: [],
    timeZone: 'Asia/Shanghai',
  };
}

const cache = new Map<string, Promise<Uint8Array>>();

/** The template PDF of a kind, as the vendor words it (R1a), rendered once per process. */
export function templatePdf(kind: Kind, vendor: Vendor): Promise<Uint8Array> {
  let p = cache.get(`${vendor}:${kind}`);
  if (!p) {
    p = import('./document.js').then(({ renderContract }) => renderContract(templateInput(kind, vendor)));
    cache.set(`${vendor}:${kind}`, p);
  }
  return p;
}

/** `?vendor=qingcloud` on a template link; Tencent's otherwise. */
export function templateVendor(query: string): Vendor {
  const v = new URLSearchParams(query).get('vendor');
  return (VENDORS as readonly string[]).includes(v ?? '') ? (v as Vendor) : 'tencent';
}

export const TEMPLATE_PATH = new RegExp(`^/templates/(${KINDS.join('|')})\\.pdf$`);
