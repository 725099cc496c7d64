// What the e-sign service reports (a draft generated, the customer signed, the vendor sealed, a cancellation done),
// applied to a whole batch of contracts in one transaction: the signing poller's path. The rules are applyAction's
// (the status table, the expected version, the performer), applied set-wise: one lock of the batch, and one writer
// call (transition-writer.ts) for all its moves: one update, one insert of audit rows and one of outbox rows.
import { sql } from 'drizzle-orm';
import { contracts } from '../db/schema.js';
import { type Action, esignWaitOf, findTransition, performerOf } from '../domain/lifecycle.js';
import type { Actor, State } from '../domain/types.js';
import { authorize } from './access.js';
import type { Ctx } from './context.js';
import { type Move, stateOf, writeMoves } from './transition-writer.js';

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
    const moves: Move[] = [];
    const skipped = new Set(expected.keys());
    for (const c of rows) {
      const wait = esignWaitOf(c);
      if (c.status === 'deleted' || c.version !== expected.get(c.id) || !wait) continue;
      const transition = findTransition(c.sealChannel, stateOf(c), wait.done);
      if (!transition) continue;
      await authorize(tx, actor, c, performerOf(wait.done), wait.done);
      moves.push({ contract: c, actor, transition });
      skipped.delete(c.id);
    }
    const updated = await writeMoves(tx, moves, now);
    return {
      applied: updated.map((u, i) => ({ contractId: u.id, action: moves[i]!.transition.action, to: stateOf(u), version: u.version })),
      skipped: [...skipped],
    };
  });
}
