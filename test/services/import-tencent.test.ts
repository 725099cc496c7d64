// Orders from Tencent Cloud's billing API (R18), through the vendor's SDK against a local stand-in of the endpoint
// that checks every request's TC3-HMAC-SHA256 signature: the key is stored sealed, pages are read until the last,
// the deals are imported by the file import's rules (held orders never change, again changes nothing), and a wrong
// key, throttling or a QingCloud account are refused in both languages.
import { randomBytes } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretBox } from '../../src/crypto/secret-box.js';
import { auditEvents, orders, tencentBilling } from '../../src/db/schema.js';
import { rowErrorText } from '../../src/domain/import-rows.js';
import { type BillingStandIn, startBillingStandIn } from '../../src/sandbox/tencent-billing.js';
import * as svc from '../../src/services/index.js';
import { tencentBillingApi, type TencentDeal } from '../../src/tencent/billing-api.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf, effectiveFramework, must } from '../helpers/flows.js';

const env = useTestDb();
const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
const box = secretBox(randomBytes(32));
let standIn: BillingStandIn;
const deps = () => ({ box, api: tencentBillingApi({ standIn: standIn.url }), sleep: async () => {} });

/** 2,500 deals over the last months (Beijing time), every 500th one unpaid. */
function deals(n: number): TencentDeal[] {
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(2026, 10, 20) - (i % 200) * 86_400_000).toISOString().slice(0, 10);
    return {
      OrderId: `2026${String(i).padStart(8, '0')}`,
      Status: i % 500 === 499 ? 1 : 4,
      CreateTime: `${day} 10:${String(i % 60).padStart(2, '0')}:00`,
      RealTotalCost: 10_000 + i,
      TotalCost: 12_000 + i,
      PayMode: i % 3 ? 'prePay' : 'postPay',
      Action: i % 7 === 6 ? 'renew' : 'purchase',
      ProductName: '云服务器',
      SubProductName: '云服务器 CVM 标准型S5',
    };
  });
}

beforeAll(async () => {
  standIn = await startBillingStandIn({ keys: { [SECRET_ID]: SECRET_KEY }, deals: deals(2500), perSecond: 1000, now: () => new Date() });
});
afterAll(() => standIn?.close());

describe('Tencent Cloud billing API', () => {
  it('stores the key sealed, reads every page through the SDK (each signature checked) and imports the deals once', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0, vendor: 'tencent' });
    const a = actorsOf(acc);
    expect(await svc.setTencentKey(env.ctx, a.admin, acc.accountId, { secretId: ` ${SECRET_ID} `, secretKey: SECRET_KEY }, box)).toEqual({ ok: true });
    const [row] = await env.database.db.select().from(tencentBilling).where(eq(tencentBilling.accountId, acc.accountId));
    expect(row!.sealedKey).not.toContain(SECRET_KEY);
    expect(row!.sealedKey).not.toContain(SECRET_ID);
    expect(row!.keyHint).toBe('AKID…MPLE');
    // Sealed for this account: the same value does not open as another's.
    expect(() => box.open(row!.sealedKey, 'tencent-billing:another')).toThrow();
    const audit = await env.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, acc.accountId), eq(auditEvents.action, 'tencentKeySet')));
    expect(JSON.stringify(audit)).not.toContain(SECRET_KEY);

    standIn.requests.length = 0;
    const first = await svc.syncTencentOrders(env.ctx, a.admin, acc.accountId, deps());
    if (!first.ok) throw new Error(first.message.en);
    expect(first.value).toMatchObject({ rows: 2500, added: 2495, updated: 0, unchanged: 0 });
    expect(first.value.refused).toHaveLength(5);
    const unpaid = first.value.refused.find((e) => e.ref === '202600000499')!;
    expect(rowErrorText(unpaid, 'zh')).toBe('订单 202600000499 · Status：订单状态为「1」：未支付或已关闭的订单不能生成合同，未导入');
    expect(rowErrorText(unpaid, 'en')).toMatch(/^Order 202600000499 · Status: The order is "1"/);
    // Every request was signed right, and the pages were asked one after another until the last (1,000 a page).
    expect(standIn.requests.every((r) => r.error === null && r.secretId === SECRET_ID && r.action === 'DescribeDealsByCond')).toBe(true);
    // A year back in windows of 90 days (the API advises at most three months a query); each window paged from 0.
    const windows = new Map<unknown, unknown[]>();
    for (const r of standIn.requests) windows.set(r.params.StartTime, [...(windows.get(r.params.StartTime) ?? []), r.params.Offset]);
    expect(windows.size).toBe(5);
    expect([...windows.values()].map((pages) => pages.join(','))).toContain('0,1');
    const stored = await env.database.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), like(orders.id, '2026%')));
    expect(stored).toHaveLength(2495);
    expect(stored.find((o) => o.id === '202600000000')).toMatchObject({ type: 'postpaid', amountCents: 10_000, product: '云服务器 CVM 标准型S5' });

    const again = await svc.syncTencentOrders(env.ctx, svc.TENCENT_SYNC_ACTOR, acc.accountId, deps());
    if (!again.ok) throw new Error(again.message.en);
    expect(again.value).toMatchObject({ added: 0, updated: 0 });
    expect((await svc.tencentStatus(env.database.db, acc.accountId))?.lastOutcome).toMatchObject({ ok: true, added: 0 });
  });

  it('never changes an order a live contract holds; the refusal names the order and the contract', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0, vendor: 'tencent' });
    const a = actorsOf(acc);
    must(
      await svc.importItems(env.ctx, a.admin, acc.accountId, {
        kind: 'orders',
        fileName: 'x.csv',
        sha256: '-',
        rows: 1,
        valid: [{ row: 2, item: { id: '202600000001', type: 'prepaid', product: 'CVM', amountCents: 1, createdOn: '2026-11-19' } }],
        errors: [],
        idColumn: 'order_id',
      }),
    );
    await effectiveFramework(env, acc);
    const c = must(await svc.createDraft(env.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: ['202600000001'] }));
    await svc.setTencentKey(env.ctx, a.admin, acc.accountId, { secretId: SECRET_ID, secretKey: SECRET_KEY }, box);
    const r = await svc.syncTencentOrders(env.ctx, a.admin, acc.accountId, deps());
    if (!r.ok) throw new Error(r.message.en);
    const held = r.value.refused.find((e) => e.ref === '202600000001');
    expect(held && rowErrorText(held, 'en')).toBe(
      `Order 202600000001 · OrderId: "202600000001" is in contract ${c.number} and cannot change (void and delete that contract first)`,
    );
    const [o] = await env.database.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), eq(orders.id, '202600000001')));
    expect(o!.amountCents).toBe(1);
  });

  it('a wrong SecretKey fails the signature check: nothing imported, the admin told why in both languages', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0, vendor: 'tencent' });
    const a = actorsOf(acc);
    await svc.setTencentKey(env.ctx, a.admin, acc.accountId, { secretId: SECRET_ID, secretKey: 'WrongWrongWrongWrongWrongWrong12' }, box);
    const r = await svc.syncTencentOrders(env.ctx, a.admin, acc.accountId, deps());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('AuthFailure.SignatureFailure');
    expect(r.message.zh).toContain('腾讯云拒绝了这个 API 密钥（AuthFailure.SignatureFailure）');
    expect(r.message.en).toContain('Tencent Cloud refused this API key (AuthFailure.SignatureFailure)');
    expect(standIn.requests.at(-1)?.error).toBe('AuthFailure.SignatureFailure');
    const unknown = await svc.setTencentKey(env.ctx, a.admin, acc.accountId, { secretId: 'AKIDunknownunknownunknown00', secretKey: SECRET_KEY }, box);
    expect(unknown.ok).toBe(true);
    const r2 = await svc.syncTencentOrders(env.ctx, a.admin, acc.accountId, deps());
    expect(!r2.ok && r2.code).toBe('AuthFailure.SecretIdNotFound');
    const stored = await env.database.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, acc.accountId), like(orders.id, '2026%')));
    expect(stored).toHaveLength(0);
    expect((await svc.tencentStatus(env.database.db, acc.accountId))?.lastOutcome).toMatchObject({ ok: false, code: 'AuthFailure.SecretIdNotFound' });
    // The daily job runs every account with a key and keeps each outcome.
    const all = await svc.syncAllTencentAccounts(env.ctx, deps());
    expect(all).toContainEqual({ accountId: acc.accountId, ok: false, code: 'AuthFailure.SecretIdNotFound' });
  });

  it('throttled past its retries: refused with what to do; a QingCloud account and a non-admin are refused', async () => {
    const acc = await env.seed({ orderCount: 0, filingCount: 0, vendor: 'tencent' });
    const a = actorsOf(acc);
    await svc.setTencentKey(env.ctx, a.admin, acc.accountId, { secretId: SECRET_ID, secretKey: SECRET_KEY }, box);
    standIn.throttled = true;
    const before = standIn.requests.length;
    const r = await svc.syncTencentOrders(env.ctx, a.admin, acc.accountId, deps()).finally(() => (standIn.throttled = false));
    expect(!r.ok && r.code).toBe('RequestLimitExceeded');
    expect(!r.ok && r.message.zh).toContain('腾讯云限制了查询频率');
    expect(standIn.requests.length - before).toBe(4);

    const qing = await env.seed({ orderCount: 0, filingCount: 0, vendor: 'qingcloud' });
    const q = actorsOf(qing);
    const refused = await svc.setTencentKey(env.ctx, q.admin, qing.accountId, { secretId: SECRET_ID, secretKey: SECRET_KEY }, box);
    expect(!refused.ok && refused.refusal.message.en).toContain('Only Tencent Cloud accounts');
    const notAdmin = await svc.syncTencentOrders(env.ctx, a.requester, acc.accountId, deps());
    expect(!notAdmin.ok && notAdmin.code).toBe('NOT_PERMITTED');
    const badId = await svc.setTencentKey(env.ctx, a.admin, acc.accountId, { secretId: 'my key', secretKey: SECRET_KEY }, box);
    expect(!badId.ok && badId.refusal).toMatchObject({ field: 'secretId' });
    expect(await svc.setTencentKey(env.ctx, a.admin, acc.accountId, { secretId: SECRET_ID, secretKey: SECRET_KEY }, null)).toMatchObject({
      ok: false,
      refusal: { field: null },
    });
  });
});
