// Each account numbers its own contracts (HT-<year>-000001, 000002, … per account and year): a company's sequence has
// no gaps that tell how many contracts other companies made, creations racing in one account get consecutive numbers,
// and numbers given before per-account numbering stay as they were.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contractNumbers, contracts } from '../../src/db/schema.js';
import { ensureDocument } from '../../src/services/documents.js';
import * as svc from '../../src/services/index.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';

const env = useTestDb();

const numbersOf = async (accountId: string) =>
  (await env.ctx.db.select({ n: contracts.number }).from(contracts).where(eq(contracts.accountId, accountId)).orderBy(asc(contracts.number))).map((r) => r.n);

const seq = (year: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `HT-${year}-${String(from + i).padStart(6, '0')}`);

describe('contract numbers, per account', () => {
  it('two accounts each start at HT-2026-000001 and count on their own', async () => {
    const a = await env.seed();
    const b = await env.seed({ vendor: 'qingcloud' });
    const fa = await effectiveFramework(env, a);
    const fb = must(await svc.createDraft(env.ctx, actorsOf(b).requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    expect([fa.number, fb.number]).toEqual(['HT-2026-000001', 'HT-2026-000001']);
    const a2 = must(await svc.createDraft(env.ctx, actorsOf(a).requester, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(a)[0]!] }));
    expect(a2.number).toBe('HT-2026-000002');
    // Each account's number names its own contract.
    expect((await svc.getContractByNumber(env.ctx.db, a.accountId, 'HT-2026-000001'))!.id).toBe(fa.id);
    expect((await svc.getContractByNumber(env.ctx.db, b.accountId, 'HT-2026-000001'))!.id).toBe(fb.id);
    expect(await svc.getContractByNumber(env.ctx.db, b.accountId, 'HT-2026-000002')).toBeNull();
  });

  it('two accounts may issue the same document (same number, Party A and moment): each gets its own', async () => {
    const [a, b] = [await env.seed(), await env.seed()];
    const [fa, fb] = [await effectiveFramework(env, a), await effectiveFramework(env, b)];
    const [da, db] = [await ensureDocument(env.ctx, fa.id, 'formal'), await ensureDocument(env.ctx, fb.id, 'formal')];
    expect(da!.sha256).toBe(db!.sha256);
    expect([da!.contractId, db!.contractId]).toEqual([fa.id, fb.id]);
    // /contract verify of those bytes, in each account, names that account's own contract.
    expect((await svc.findDocument(env.ctx, a.accountId, da!.sha256)) as { contract?: { id: string } }).toMatchObject({ contract: { id: fa.id } });
    expect((await svc.findDocument(env.ctx, b.accountId, da!.sha256)) as { contract?: { id: string } }).toMatchObject({ contract: { id: fb.id } });
  });

  it('a race of creations in one account: no duplicate and no gap, refused creations included', async () => {
    const acc = await env.seed({ orderCount: 80 });
    await effectiveFramework(env, acc); // 000001
    const a = actorsOf(acc);
    const orders = eligibleOrders(acc).slice(0, 30);
    expect(orders).toHaveLength(30);
    // 30 contracts with an order each, and 10 more that want an order another of them holds: those are refused, some
    // before taking a number and some after (the unique index on live items), and give it back.
    const results = await Promise.all([
      ...orders.map((id) => svc.createDraft(env.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [id] })),
      ...orders.slice(0, 10).map((id) => svc.createDraft(env.ctx, a.colleague, { kind: 'order', channel: 'dual_seal', itemIds: [id] })),
    ]);
    const made = results.filter((r) => r.ok);
    expect(made).toHaveLength(30);
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code))).toEqual(new Set(['R13_ITEM_OCCUPIED']));
    expect(await numbersOf(acc.accountId)).toEqual(seq(2026, 1, 31));
    const [counter] = await env.ctx.db.select().from(contractNumbers).where(eq(contractNumbers.accountId, acc.accountId));
    expect(counter).toMatchObject({ year: 2026, last: 31 });
  });

  it('the year is the account’s own: a Beijing company’s first contract of 2027 is made at 00:30 on 1 January, 16:30 UTC', async () => {
    const acc = await env.seed();
    const saved = env.now;
    env.now = new Date('2026-12-31T16:30:00Z');
    try {
      const f = must(await svc.createDraft(env.ctx, actorsOf(acc).requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
      expect(f.number).toBe('HT-2027-000001');
    } finally {
      env.now = saved;
    }
  });

  it('the migration keeps the numbers given before: each account goes on from its own highest of each year', async () => {
    const a = await env.seed();
    const b = await env.seed();
    // As global numbering left them: a's contracts numbered 3 and 7 in 2026 and 12 in 2025, b's numbered 5.
    const base = { kind: 'framework' as const, sealChannel: 'vendor_seal' as const, requesterId: 'U0OLD', status: 'voided' as const, subStatus: null };
    await env.ctx.db.insert(contracts).values([
      { ...base, accountId: a.accountId, number: 'HT-2026-000003' },
      { ...base, accountId: a.accountId, number: 'HT-2026-000007' },
      { ...base, accountId: a.accountId, number: 'HT-2025-000012' },
      { ...base, accountId: b.accountId, number: 'HT-2026-000005' },
    ]);
    await env.ctx.db.delete(contractNumbers);
    // The migration's own statement, as it ran over the contracts that existed.
    const migration = readFileSync(join(import.meta.dirname, '../../drizzle/0017_contract_numbers.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO "contract_numbers"'))!;
    await env.ctx.db.execute(sql.raw(backfill));
    const counters = await env.ctx.db.select().from(contractNumbers).orderBy(asc(contractNumbers.year));
    expect(counters.filter((c) => c.accountId === a.accountId).map((c) => [c.year, c.last])).toEqual([
      [2025, 12],
      [2026, 7],
    ]);
    const next = must(await svc.createDraft(env.ctx, actorsOf(a).requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    expect(next.number).toBe('HT-2026-000008');
    const nextB = must(await svc.createDraft(env.ctx, actorsOf(b).requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    expect(nextB.number).toBe('HT-2026-000006');
  });
});
