import { and, count, eq, gte, lt, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, filingNumbers, members, orders, signers } from '../src/db/schema.js';
import { POSTPAID_CUTOFF } from '../src/domain/rules.js';
import { ORDER_TYPES } from '../src/domain/types.js';
import { useTestDb } from './helpers/db.js';

const env = useTestDb();

describe('demo seed', () => {
  it('creates a realistic account: subject, roles, signers, ~200 orders of every type, ~30 filing numbers', async () => {
    const acc = await env.seed({ orderCount: 200, filingCount: 30 });
    const db = env.ctx.db;
    const [a] = await db.select().from(accounts).where(eq(accounts.id, acc.accountId));
    expect(a).toMatchObject({ verifiedSubject: '北京云杉科技有限公司', subjectType: 'enterprise', esignActivated: true });
    const byType = await db.select({ type: orders.type, n: count() }).from(orders).where(eq(orders.accountId, acc.accountId)).groupBy(orders.type);
    expect(byType.map((r) => r.type).sort()).toEqual([...ORDER_TYPES].sort());
    expect(byType.reduce((s, r) => s + Number(r.n), 0)).toBe(200);
    // Postpaid orders on both sides of R11's cut-off, so the demo shows the refusal and the acceptance.
    const postpaid = (when: SQL) =>
      db
        .select({ n: count() })
        .from(orders)
        .where(and(eq(orders.accountId, acc.accountId), eq(orders.type, 'postpaid'), when));
    const [early] = await postpaid(lt(orders.createdOn, POSTPAID_CUTOFF));
    const [late] = await postpaid(gte(orders.createdOn, POSTPAID_CUTOFF));
    expect(Number(early!.n)).toBeGreaterThan(0);
    expect(Number(late!.n)).toBeGreaterThan(10);
    const [f] = await db.select({ n: count() }).from(filingNumbers).where(eq(filingNumbers.accountId, acc.accountId));
    expect(Number(f!.n)).toBe(30);
    expect(acc.filings[0]).toMatch(/^[京沪粤浙苏]ICP备\d{10}号-\d$/);
    const roles = await db.select().from(members).where(eq(members.accountId, acc.accountId));
    expect(roles.filter((m) => m.isAdmin)).toHaveLength(1);
    expect(roles.filter((m) => m.isApprover)).toHaveLength(2);
    const s = await db.select().from(signers).where(eq(signers.accountId, acc.accountId));
    expect(s.map((x) => x.status).sort()).toEqual(['authorised', 'pending']);
  });
  it('is deterministic for a given seed', async () => {
    const x = await env.seed({ seed: 5 });
    const y = await env.seed({ seed: 5 });
    expect(x.orders).toEqual(y.orders);
  });
});
