// R18 through the service: an import adds, updates and leaves alone; never changes an item a live contract holds;
// re-importing changes nothing; only admins import; each import leaves an account-level audit row.
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, filingNumbers, orders } from '../../src/db/schema.js';
import { rowErrorText } from '../../src/domain/import-rows.js';
import { readExport, readTable } from '../../src/domain/import-table.js';
import type { ImportKind } from '../../src/domain/import-words.js';
import * as svc from '../../src/services/index.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf, effectiveFramework, expectRefused, must } from '../helpers/flows.js';

const env = useTestDb();

async function input(kind: ImportKind, csv: string) {
  const t = await readTable(new TextEncoder().encode(csv), `${kind}.csv`);
  if (!t.ok) throw new Error(t.error.en);
  const r = readExport(kind, t.rows, '2026-11-23');
  if (!r.ok) throw new Error(r.error.en);
  return { kind, fileName: `${kind}.csv`, sha256: 'x', rows: r.rows, valid: r.valid, errors: r.errors, idColumn: r.columns.id?.header ?? '' };
}

const ORDERS = 'order_id,type,product,amount,date\nIMP-1,prepaid,CVM,100.00,2024-01-01\nIMP-2,postpaid,COS,20.50,2024-01-02\nIMP-3,refund,CVM,5,2024-01-03\n';

describe('importItems', () => {
  it('adds, then re-importing the same file changes nothing; a changed file updates', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0 });
    const { admin } = actorsOf(acc);
    const first = must(await svc.importItems(env.ctx, admin, acc.accountId, await input('orders', ORDERS)));
    expect(first).toMatchObject({ rows: 3, added: 3, updated: 0, unchanged: 0, refused: [] });
    const rows = await env.database.db.select().from(orders).where(eq(orders.accountId, acc.accountId));
    expect(rows.filter((o) => o.id.startsWith('IMP-')).map((o) => [o.id, o.type, o.amountCents, o.createdOn])).toEqual([
      ['IMP-1', 'prepaid', 10000, '2024-01-01'],
      ['IMP-2', 'postpaid', 2050, '2024-01-02'],
      ['IMP-3', 'refund', -500, '2024-01-03'],
    ]);

    const again = must(await svc.importItems(env.ctx, admin, acc.accountId, await input('orders', ORDERS)));
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3, refused: [] });
    const after = await env.database.db.select().from(orders).where(eq(orders.accountId, acc.accountId));
    expect(after).toEqual(rows);

    const changed = must(await svc.importItems(env.ctx, admin, acc.accountId, await input('orders', ORDERS.replace('100.00', '101.00'))));
    expect(changed).toMatchObject({ added: 0, updated: 1, unchanged: 2 });
  });

  it('never alters an order a live contract holds: its row is refused with the contract number', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0 });
    const a = actorsOf(acc);
    must(await svc.importItems(env.ctx, a.admin, acc.accountId, await input('orders', ORDERS)));
    await effectiveFramework(env, acc);
    const c = must(await svc.createDraft(env.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: ['IMP-1'] }));
    const r = must(await svc.importItems(env.ctx, a.admin, acc.accountId, await input('orders', ORDERS.replace('100.00', '999.00').replace('20.50', '21.50'))));
    expect(r).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
    expect(r.refused.map((e) => rowErrorText(e, 'zh'))).toEqual([`第 2 行 · order_id：「IMP-1」在合同 ${c.number} 中，不能修改（作废并删除该合同后才能更新）`]);
    expect(rowErrorText(r.refused[0]!, 'en')).toBe(
      `Row 2 · order_id: "IMP-1" is in contract ${c.number} and cannot change (void and delete that contract first)`,
    );
    const [held] = await env.database.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), eq(orders.id, 'IMP-1')));
    expect(held!.amountCents).toBe(10000);
    // The same values again are no change, held or not.
    const same = must(await svc.importItems(env.ctx, a.admin, acc.accountId, await input('orders', ORDERS.replace('20.50', '21.50'))));
    expect(same).toMatchObject({ unchanged: 3, refused: [] });
  });

  it('imports filing numbers and monthly bills, audited at account level; only admins import', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0 });
    const a = actorsOf(acc);
    const f = must(
      await svc.importItems(env.ctx, a.admin, acc.accountId, await input('filings', '备案号,网站域名,审核通过时间\n京ICP备20240001号-1,x.cn,2024-02-01\n')),
    );
    expect(f).toMatchObject({ added: 1 });
    const b = must(await svc.importItems(env.ctx, a.admin, acc.accountId, await input('bills', '账单月份,产品名称,金额\n2024-05,CVM,88.00\n')));
    expect(b).toMatchObject({ added: 1 });
    const fil = await env.database.db.select().from(filingNumbers).where(eq(filingNumbers.accountId, acc.accountId));
    expect(fil.map((x) => [x.id, x.domain, x.createdOn])).toEqual([['京ICP备20240001号-1', 'x.cn', '2024-02-01']]);
    const [bill] = await env.database.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), eq(orders.id, '2024-05/CVM')));
    expect(bill).toMatchObject({ type: 'monthly_bill', amountCents: 8800, createdOn: '2024-05-01' });

    const audit = await env.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, acc.accountId), isNull(auditEvents.contractId), eq(auditEvents.action, 'import')));
    expect(audit.map((e) => [e.actor, e.detail.kind, e.detail.added])).toEqual([
      [a.admin.userId, 'filings', 1],
      [a.admin.userId, 'bills', 1],
    ]);

    expectRefused(await svc.importItems(env.ctx, a.requester, acc.accountId, await input('orders', ORDERS)), 'NOT_PERMITTED');
    const qing = await env.seed({ vendor: 'qingcloud', orderCount: 0, filingCount: 0 });
    expectRefused(
      await svc.importItems(env.ctx, actorsOf(qing).admin, qing.accountId, await input('filings', '备案号,审核通过时间\n京ICP备20240001号-1,2024-02-01\n')),
      'VENDOR_KIND_UNSUPPORTED',
    );
  });
});
