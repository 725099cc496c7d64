// What Postgres refuses even when code forgets a rule: raw SQL tries to break each invariant.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pgError } from '../../src/db/client.js';
import { accounts, auditEvents, contractItems, contracts, paperRequests } from '../../src/db/schema.js';
import { useTestDb } from '../helpers/db.js';
import { effectiveFramework, eligibleOrders, newContractIn } from '../helpers/flows.js';

const env = useTestDb();

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return pgError(e)?.code ?? String(e);
  }
}

describe('database guards', () => {
  it('refuses a (channel, status, sub-status) outside the status table', async () => {
    const acc = await env.seed();
    const f = await effectiveFramework(env, acc);
    const db = env.ctx.db;
    expect(await failure(db.update(contracts).set({ status: 'draft', subStatus: 'vendor_signing' }).where(eq(contracts.id, f.id)))).toBe('23514');
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_ready');
    // customer_signing exists only on the dual channel
    expect(await failure(db.update(contracts).set({ status: 'signing', subStatus: 'customer_signing' }).where(eq(contracts.id, c.id)))).toBe('23514');
    expect(await failure(db.update(contracts).set({ status: 'voided', subStatus: 'draft_ready' }).where(eq(contracts.id, c.id)))).toBe('23514');
  });

  it('R6: the seal channel never changes, and effective never goes back', async () => {
    const acc = await env.seed();
    const f = await effectiveFramework(env, acc);
    const db = env.ctx.db;
    expect(await failure(db.update(contracts).set({ sealChannel: 'dual_seal' }).where(eq(contracts.id, f.id)))).toBe('23514');
    expect(await failure(db.update(contracts).set({ status: 'voided', subStatus: null }).where(eq(contracts.id, f.id)))).toBe('23514');
    expect(await failure(db.delete(contracts).where(eq(contracts.id, f.id)))).toBe('23001');
  });

  it('R17: the vendor of an account never changes once it has a contract; before that it may', async () => {
    const empty = await env.seed();
    await env.ctx.db.update(accounts).set({ vendor: 'qingcloud' }).where(eq(accounts.id, empty.accountId));
    const acc = await env.seed();
    await effectiveFramework(env, acc);
    const db = env.ctx.db;
    expect(await failure(db.update(accounts).set({ vendor: 'qingcloud' }).where(eq(accounts.id, acc.accountId)))).toBe('23514');
    await db.update(accounts).set({ language: 'en' }).where(eq(accounts.id, acc.accountId)); // other columns still change
  });

  it('R2: a second valid framework cannot be inserted', async () => {
    const acc = await env.seed();
    const f = await effectiveFramework(env, acc);
    const { id: _id, number: _n, ...rest } = f;
    expect(await failure(env.ctx.db.insert(contracts).values({ ...rest, number: `${f.number}-B` }))).toBe('23505');
    await env.ctx.db.insert(contracts).values({ ...rest, number: `${f.number}-C`, status: 'voided', subStatus: null });
  });

  it('R13: an order cannot be live in two contracts', async () => {
    const acc = await env.seed();
    await effectiveFramework(env, acc);
    const order = eligibleOrders(acc)[0]!;
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [order] }, 'draft/draft_ready');
    const row = { contractId: c.id, accountId: acc.accountId, itemKind: 'order' as const, itemRef: order };
    expect(await failure(env.ctx.db.insert(contractItems).values(row))).toBe('23505');
    await env.ctx.db.insert(contractItems).values({ ...row, live: false });
  });

  it('the audit trail is append-only', async () => {
    const acc = await env.seed();
    const f = await effectiveFramework(env, acc);
    const db = env.ctx.db;
    expect(await failure(db.update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.contractId, f.id)))).toBe('23001');
    expect(await failure(db.delete(auditEvents).where(eq(auditEvents.contractId, f.id)))).toBe('23001');
    expect(await failure(db.execute(sql`truncate audit_events cascade`))).not.toBe('no error');
  });

  it('R14: the return address cannot change once submitted; tracking can be added', async () => {
    const acc = await env.seed();
    await effectiveFramework(env, acc);
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'effective/paper_requested');
    const db = env.ctx.db;
    expect(await failure(db.update(paperRequests).set({ address: '别处' }).where(eq(paperRequests.contractId, c.id)))).toBe('23514');
    await db.update(paperRequests).set({ trackingNumber: 'SF1' }).where(eq(paperRequests.contractId, c.id));
  });
});
