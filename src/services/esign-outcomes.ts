// What the e-sign service reports (a draft generated, the customer signed, the vendor sealed, a cancellation done),
// applied to a whole batch of contracts in one transaction: the signing poller's path. The rules are applyAction's
// (the status table, the expected version, the performer, the audit row and the notice, all committed together),
// applied set-wise: one lock, one update, one insert of audit rows and one of outbox rows, whatever the batch's size.
import { sql } from 'drizzle-orm';
import { type ContractRow, contracts } from '../db/schema.js';
import { type Action, esignWaitOf, findTransition, parseStateKey, performerOf, awaitsEsign } from '../domain/lifecycle.js';
import { filingExpiry } from '../domain/rules.js';
import type { Actor, State } from '../domain/types.js';
import { authorize } from './access.js';
import type { Ctx } from './context.js';
import { type Change, recordChanges } from './records.js';
import { stateOf, statusNotice } from './transition.js';

/** A finished e-sign flow of a contract, as the poller saw the contract at `expectedVersion`. */
export interface EsignOutcome {
  contractId: string;
  expectedVersion: number;
}

export interface AppliedOutcome {
  contractId: string;
  action: Action;
  to: State;
  version: number;
}

export interface OutcomesResult {
  applied: AppliedOutcome[];
  /** Contracts that moved or were deleted since the poller read them: nothing to do, the next poll sees them anew. */
  skipped: string[];
}

/** Sealed by the vendor: the contract takes effect now; a filing contract expires a year later (R12). */
export function sealedPatch(c: Pick<ContractRow, 'kind'>, now: Date): { effectiveAt: Date; expiresAt: Date | null } {
  return { effectiveAt: now, expiresAt: c.kind === 'filing' ? filingExpiry(now) : null };
}

export async function applyEsignOutcomes(ctx: Ctx, actor: Actor, outcomes: EsignOutcome[]): Promise<OutcomesResult> {
  if (!outcomes.length) return { applied: [], skipped: [] };
  const expected = new Map(outcomes.map((o) => [o.contractId, o.expectedVersion]));
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    // Locked in id order, as every batch does, so two replicas' batches cannot deadlock.
    const rows = await tx
      .select()
      .from(contracts)
      .where(sql`${contracts.id} = any(${`{${[...expected.keys()].join(',')}}`}::uuid[])`)
      .orderBy(contracts.id)
      .for('update');
    const plans: { c: ContractRow; action: Action; from: State; to: State; sealed: ReturnType<typeof sealedPatch> | null }[] = [];
    const skipped = new Set(expected.keys());
    for (const c of rows) {
      const wait = esignWaitOf(c);
      if (c.status === 'deleted' || c.version !== expected.get(c.id) || !wait) continue;
      const from = stateOf(c);
      const transition = findTransition(c.sealChannel, from, wait.done);
      if (!transition) continue;
      await authorize(tx, actor, c, performerOf(wait.done), wait.done);
      plans.push({ c, action: wait.done, from, to: parseStateKey(transition.to), sealed: wait.done === 'vendorSealed' ? sealedPatch(c, now) : null });
      skipped.delete(c.id);
    }
    if (!plans.length) return { applied: [], skipped: [...skipped] };

    const values = plans.map((p) => ({
      id: p.c.id,
      version: p.c.version,
      status: p.to.status,
      sub_status: p.to.subStatus,
      awaits: awaitsEsign(p.to),
      sealed: p.sealed !== null,
      effective_at: p.sealed?.effectiveAt.toISOString() ?? null,
      expires_at: p.sealed?.expiresAt?.toISOString() ?? null,
    }));
    const at = now.toISOString();
    const updated = await tx.execute<{ id: string }>(sql`
      update contracts c set
        status = v.status::contract_status,
        sub_status = v.sub_status::contract_sub_status,
        version = c.version + 1,
        updated_at = ${at}::timestamptz,
        next_poll_at = case when v.awaits then ${at}::timestamptz else null end,
        stale_since = null,
        stale_reason = null,
        effective_at = case when v.sealed then v.effective_at else c.effective_at end,
        expires_at = case when v.sealed then v.expires_at else c.expires_at end
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as v(id uuid, version int, status text, sub_status text, awaits boolean, sealed boolean, effective_at timestamptz, expires_at timestamptz)
      where c.id = v.id and c.version = v.version
      returning c.id`);
    // Every row is locked, so each update lands; anything else is a bug that must roll the batch back.
    if (updated.length !== plans.length) throw new Error(`e-sign outcomes: ${updated.length} of ${plans.length} contracts updated`);

    const changes: Change[] = plans.map(({ c, action, from, to }) => ({
      accountId: c.accountId,
      contractId: c.id,
      actor,
      action,
      from,
      to,
      detail: {},
      notices: [statusNotice({ ...c, version: c.version + 1 }, action, actor, from, to, {})],
      at: now,
    }));
    await recordChanges(tx, changes);
    return {
      applied: plans.map((p) => ({ contractId: p.c.id, action: p.action, to: p.to, version: p.c.version + 1 })),
      skipped: [...skipped],
    };
  });
}
