// Every kind, draft and formal: the words a finance team files, pages that render with real glyphs.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCents } from '../../src/domain/labels.js';
import type { Kind, SealChannel } from '../../src/domain/types.js';
import type { Vendor } from '../../src/domain/vendors.js';
import * as svc from '../../src/services/index.js';
import { useTestDb } from '../helpers/db.js';
import { effectiveFramework, eligibleOrders, newContractIn } from '../helpers/flows.js';
import { darkPixelsPerPage, pdfText, pixelsPerPage } from '../helpers/poppler.js';

const env = useTestDb();
const squash = (s: string) => s.replace(/\s+/g, '');

const CASES: { kind: Kind; channel: SealChannel; vendor?: Vendor; items: (acc: Awaited<ReturnType<typeof env.seed>>) => string[] }[] = [
  { kind: 'framework', channel: 'vendor_seal', items: () => [] },
  { kind: 'order', channel: 'dual_seal', items: (acc) => eligibleOrders(acc).slice(0, 30) },
  { kind: 'filing', channel: 'vendor_seal', items: (acc) => acc.filings.slice(0, 20) },
  { kind: 'framework', channel: 'vendor_seal', vendor: 'qingcloud', items: () => [] },
  {
    kind: 'consumption',
    channel: 'vendor_seal',
    vendor: 'qingcloud',
    items: (acc) =>
      acc.orders
        .filter((o) => o.type === 'monthly_bill' && !o.id.startsWith('EDGE'))
        .slice(0, 3)
        .map((o) => o.id),
  },
  { kind: 'recharge', channel: 'vendor_seal', vendor: 'qingcloud', items: (acc) => eligibleOrders(acc).slice(30, 35) },
];

describe.each(CASES)('$kind contract ($vendor)', ({ kind, channel, vendor, items }) => {
  it('draft and formal read right and render every page with real glyphs', async () => {
    const acc = await env.seed({ orderCount: 200, vendor: vendor ?? 'tencent' });
    const f = await effectiveFramework(env, acc);
    const ids = items(acc);
    const c = kind === 'framework' ? f : await newContractIn(env, acc, { kind, channel, itemIds: ids }, 'effective/e_effective');
    const greyOnFirstPage = { draft: 0, formal: 0 };
    for (const version of ['draft', 'formal'] as const) {
      const doc = (await svc.ensureDocument(env.ctx, c.id, version))!;
      expect(doc.sha256).toBe(createHash('sha256').update(doc.bytes).digest('hex'));
      const text = squash(pdfText(doc.bytes));
      expect(text).toContain(c.number);
      expect(text).toContain('北京云杉科技有限公司');
      // R1a: Party B and the framework's title are the account's own vendor's, and no other vendor is named.
      if (vendor === 'qingcloud') {
        expect(text).toContain('北京青云科技股份有限公司');
        expect(text).toContain(squash(kind === 'framework' ? 'QingCloud 服务协议（框架合同）' : '《QingCloud 服务协议》'));
        expect(text).not.toMatch(/腾讯|Tencent/i);
      } else {
        expect(text).toContain('腾讯云计算（北京）有限责任公司');
        if (kind === 'framework') expect(text).toContain('腾讯云服务协议');
        else expect(text).toContain('《腾讯云服务协议》');
        expect(text).not.toMatch(/青云|QingCloud/i);
      }
      for (const id of ids) expect(text).toContain(squash(id));
      if (kind !== 'framework' && kind !== 'filing') expect(text).toContain(squash(formatCents(c.totalCents)));
      if (kind !== 'framework') expect(text).toContain(f.number); // refers to the framework contract
      expect(text).toContain('操作记录'); // the audit page
      expect(text).toMatch(/内容指纹.*[0-9a-f]{64}/);
      if (version === 'draft') {
        expect(text).not.toContain('电子合同专用章');
      } else {
        expect(text).toContain('电子合同专用章');
      }
      greyOnFirstPage[version] = pixelsPerPage(doc.bytes, (p) => p >= 200 && p < 240)[0]!;
      const pages = darkPixelsPerPage(doc.bytes);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      // A page of Chinese text: thousands of dark pixels. Blank glyphs would leave only the table rules.
      expect(pages[0]).toBeGreaterThan(1500);
    }
    // The diagonal watermark (pdftotext drops rotated text) adds a band of light grey to the draft only.
    expect(greyOnFirstPage.draft - greyOnFirstPage.formal).toBeGreaterThan(800);
    // Issued once: asking again returns the same document.
    expect((await svc.ensureDocument(env.ctx, c.id, 'formal'))!.sha256).toBe((await svc.ensureDocument(env.ctx, c.id, 'formal'))!.sha256);
  });
});

describe('documents', () => {
  it('do not exist before their time', async () => {
    const acc = await env.seed();
    await effectiveFramework(env, acc);
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_generating');
    expect(await svc.ensureDocument(env.ctx, c.id, 'draft')).toBeNull();
    expect(await svc.ensureDocument(env.ctx, c.id, 'formal')).toBeNull();
  });

  it('the dual channel formal document carries the customer seal with the signer; a person signs with a signature', async () => {
    const acc = await env.seed({ subjectType: 'personal' });
    await effectiveFramework(env, acc);
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'effective/e_effective');
    const text = pdfText((await svc.ensureDocument(env.ctx, c.id, 'formal'))!.bytes);
    expect(squash(text)).toContain('孙磊'); // the person's signature mark
  });
});
