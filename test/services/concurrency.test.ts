// Races: many transactions at once on one PostgreSQL, through the connection pool.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, contracts, outbox } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import * as svc from '../../src/services/index.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf, effectiveFramework, eligibleOrders, newContractIn } from '../helpers/flows.js';

const env = useTestDb();

async function counts(id: string) {
  const audits = await env.ctx.db.select().from(auditEvents).where(eq(auditEvents.contractId, id));
  const notes = await env.ctx.db.select().from(outbox).where(eq(outbox.contractId, id));
  return { audits: audits.length, notes: notes.length };
}

describe('concurrent actions', () => {
  it('50 identical converts: one transition, one audit row, one outbox row', async () => {
    const acc = await env.seed();
    await effectiveFramework(env, acc);
    const a = actorsOf(acc);
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/draft_ready');
    const before = await counts(c.id);
    const results = await Promise.all(Array.from({ length: 50 }, () => svc.convert(env.ctx, a.requester, c.id, { expectedVersion: c.version })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code))).toEqual(new Set(['ACTION_NOT_ALLOWED']));
    const after = await counts(c.id);
    expect(after).toEqual({ audits: before.audits + 1, notes: before.notes + 1 });
    const [row] = await env.ctx.db.select().from(contracts).where(eq(contracts.id, c.id));
    expect(stateKey(row!)).toBe('signing/vendor_signing');
    expect(row!.version).toBe(c.version + 1);
  });

  it('50 approvals racing from two approvers: one decision', async () => {
    const acc = await env.seed({ approvalKinds: ['order'] });
    await effectiveFramework(env, acc);
    const a = actorsOf(acc);
    const c = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [eligibleOrders(acc)[0]!] }, 'draft/awaiting_approval');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? svc.approve(env.ctx, a.approver, c.id) : svc.reject(env.ctx, a.approver2, c.id, '不同意'))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const trail = await svc.auditTrail(env.ctx.db, c.id);
    expect(trail.filter((e) => e.action === 'approve' || e.action === 'reject')).toHaveLength(1);
  });

  it('two contracts claiming the same order: one wins, the other is told which contract holds it', async () => {
    const acc = await env.seed();
    await effectiveFramework(env, acc);
    const a = actorsOf(acc);
    const [shared, x, y] = eligibleOrders(acc);
    const [r1, r2] = await Promise.all([
      svc.createDraft(env.ctx, a.requester, { kind: 'order', channel: 'vendor_seal', itemIds: [x!, shared!] }),
      svc.createDraft(env.ctx, a.colleague, { kind: 'order', channel: 'dual_seal', itemIds: [y!, shared!] }),
    ]);
    const wins = [r1, r2].filter((r) => r.ok);
    const losses = [r1, r2].filter((r) => !r.ok);
    expect(wins).toHaveLength(1);
    expect(losses.map((r) => !r.ok && r.error.code)).toEqual(['R13_ITEM_OCCUPIED']);
    const winner = wins[0]!.ok ? wins[0]!.value : null;
    expect(!losses[0]!.ok && losses[0]!.error.message.en).toContain(winner!.number);
  });

  it('20 frameworks created at once: exactly one', async () => {
    const acc = await env.seed();
    const a = actorsOf(acc);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        svc.createDraft(env.ctx, i % 2 ? a.requester : a.colleague, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code))).toEqual(new Set(['R2_FRAMEWORK_EXISTS']));
  });
});
