import { writeFileSync } from 'node:fs';
import { type DocumentInput, renderContract } from '../src/pdf/document.js';
export function sampleDocument(over: Partial<DocumentInput> = {}): DocumentInput {
  const at = new Date('2026-11-23T02:00:00Z');
  return {
    edition: 'formal',
    number: 'HT-2026-000123',
    kind: 'order',
    channel: 'dual_seal',
    vendor: 'tencent',
    subjectType: 'enterprise',
    partyA: {
      name: '北京云杉科技有限公司',
      address: '北京市海淀区中关村大街 1 号云杉大厦 12 层',
      contactName: '张伟',
      phone: '13800138000',
      email: 'finance@yunshan.example.cn',
    },
    totalCents: 0,
    frameworkNumber: 'HT-2026-000001',
    issuedAt: at,
    effectiveAt: at,
    signer: { name: '王芳', at },
    items: Array.from({ length: 30 }, (_, i) => ({
      ref: `2024031${i % 10}${String(100000 + i)}`,
      type: i % 7 === 0 ? 'postpaid' : 'prepaid',
      date: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      amountCents: 12345 * (i + 1),
    })),
    events: Array.from({ length: 8 }, (_, i) => ({
      at: new Date(at.getTime() + i * 60000),
      actor: i % 2 ? 'system:esign' : 'U0REQUEST1',
      action: ['create', 'fillPartyA', 'draftGenerated', 'confirmText', 'confirmSigningInfo', 'startSigning', 'customerSigned', 'vendorSealed'][i]!,
      from: i ? { status: 'draft', subStatus: 'filling_info' } : null,
      to: { status: 'signing', subStatus: 'vendor_signing' },
    })),
    timeZone: 'Asia/Shanghai',
    ...over,
  };
}
if (process.argv[2]) {
  const d = sampleDocument();
  d.totalCents = d.items.reduce((s, i) => s + (i.amountCents ?? 0), 0);
  writeFileSync(process.argv[2], await renderContract(d));
  writeFileSync(process.argv[2].replace('.pdf', '-draft.pdf'), await renderContract({ ...d, edition: 'draft' }));
}
