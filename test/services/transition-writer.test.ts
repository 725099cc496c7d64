// The one writer of a contract's row: a click and the poller's batch write the same columns, audit rows and notices;
// a stuck flag leaves the state and the version as they were; nothing outside the status table is written.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, type ContractRow, contracts, documentsDue, outbox } from '../../src/db/schema.js';
import * as svc from '../../src/services/index.js';
import { applyAction } from '../../src/services/transition.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf, effectiveFramework, eligibleOrders, must, newContractIn } from '../helpers/flows.js';

const env = useTestDb();

const rowOf = async (id: string) => (await env.ctx.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;

/** What a contract's row, its last audit row, its outbox rows and its due documents say, without ids and names. */
async function written(c: ContractRow) {
  const row = await rowOf(c.id);
  const [audit] = await env.ctx.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.contractId, c.id))
    .orderBy(asc(auditEvents.id))
    .then((r) => r.slice(-1));
  const notices = await env.ctx.db.select().from(outbox).where(eq(outbox.contractId, c.id)).orderBy(asc(outbox.id));
  const due = await env.ctx.db.select().from(documentsDue).where(eq(documentsDue.contractId, c.id));
  const last = notices.at(-1)!.payload as { action: string; from: unknown; to: unknown; version: number; actor: string };
  return {
    status: row.status,
    subStatus: row.subStatus,
    versionStep: row.version - c.version,
    updatedAt: row.updatedAt,
    nextPollAt: row.nextPollAt,
    staleSince: row.staleSince,
    staleReason: row.staleReason,
    effectiveAt: row.effectiveAt,
    expiresAt: row.expiresAt,
    audit: { action: audit!.action, from: audit!.fromSubStatus, to: audit!.toSubStatus, actor: audit!.actor, at: audit!.at },
    notice: { topic: notices.at(-1)!.topic, action: last.action, from: last.from, to: last.to, version: last.version, actor: last.actor },
    due: due.map((d) => ({ kind: d.kind, dueAt: d.dueAt })),
  };
}

describe('the transition writer', () => {
  it("a seal applied by a click and by the poller's batch writes the same row, audit row, notice and due document; a stuck flag before it keeps the version", async () => {
    const acc = await env.seed();
    const a = actorsOf(acc);
    await effectiveFramework(env, acc);
    const filings = (n: number) => acc.filings.slice(n, n + 2);
    const spec = (n: number) => ({ kind: 'filing' as const, channel: 'vendor_seal' as const, itemIds: filings(n) });
    const one = await newContractIn(env, acc, spec(0), 'signing/vendor_signing');
    const batch = await newContractIn(env, acc, spec(2), 'signing/vendor_signing');
    env.advance(60_000);
    for (const c of [one, batch]) must(await svc.flagStale(env.ctx, a.system, c.id, { why: 'noProgress', flow: 'vendor', detail: 'slow' }));
    for (const c of [one, batch]) {
      const flagged = await rowOf(c.id);
      expect(flagged.staleSince).toEqual(env.now);
      expect([flagged.version, flagged.updatedAt]).toEqual([c.version, c.updatedAt]); // views shown before stay current
    }

    // The batch also holds a contract the customer just signed: it moves on without taking effect.
    const signed = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: eligibleOrders(acc).slice(0, 1) }, 'signing/customer_signing');

    env.advance(60_000);
    must(await svc.vendorSealed(env.ctx, a.system, one.id));
    const r = await svc.applyEsignOutcomes(
      env.ctx,
      a.system,
      [batch, signed].map((c) => ({ contractId: c.id, expectedVersion: c.version })),
    );
    expect(new Set(r.applied)).toEqual(
      new Set([
        { contractId: batch.id, action: 'vendorSealed', to: { status: 'effective', subStatus: 'e_effective' }, version: batch.version + 1 },
        { contractId: signed.id, action: 'customerSigned', to: { status: 'signing', subStatus: 'vendor_signing' }, version: signed.version + 1 },
      ]),
    );
    expect(await rowOf(signed.id)).toMatchObject({ subStatus: 'vendor_signing', nextPollAt: env.now, effectiveAt: null, expiresAt: null, updatedAt: env.now });

    const byClick = await written(one);
    expect(await written(batch)).toEqual(byClick);
    expect(byClick).toMatchObject({
      status: 'effective',
      subStatus: 'e_effective',
      versionStep: 1,
      updatedAt: env.now,
      nextPollAt: null,
      staleSince: null,
      staleReason: null,
      effectiveAt: env.now,
      expiresAt: new Date(env.now.getTime() + 365 * 24 * 3600 * 1000),
      audit: { action: 'vendorSealed', from: 'vendor_signing', to: 'e_effective', actor: 'system:test', at: env.now },
      notice: { topic: 'contract.changed', action: 'vendorSealed', version: one.version + 1 },
      due: [{ kind: 'formal', dueAt: env.now }],
    });
  });

  it('refuses a move the status table does not have, and writes nothing', async () => {
    const acc = await env.seed();
    const a = actorsOf(acc);
    await effectiveFramework(env, acc);
    const c = await newContractIn(env, acc, { kind: 'filing', channel: 'vendor_seal', itemIds: acc.filings.slice(0, 1) }, 'draft/draft_ready');
    const trail = (await svc.auditTrail(env.ctx.db, c.id)).length;
    // convert's targets are vendor_signing, or awaiting_approval when the policy asks; voided is void's.
    await expect(applyAction(env.ctx, a.requester, c.id, 'convert', {}, async () => ({ to: 'voided/-' }))).rejects.toThrow(/not in the status table/);
    expect(await rowOf(c.id)).toEqual(c);
    expect(await svc.auditTrail(env.ctx.db, c.id)).toHaveLength(trail);
  });
});
