// Stale work (the stale job's use case): a contract that waits on the e-sign service with no poll scheduled lost
// its flow. It is given a poll now and flagged, so the thread and the requester hear that it stopped moving.
import { and, inArray, isNull } from 'drizzle-orm';
import { contracts } from '../db/schema.js';
import { ESIGN_WAITS, esignWaitOf } from '../domain/lifecycle.js';
import type { Actor } from '../domain/types.js';
import type { Ctx } from './context.js';
import { flagStale } from './transition.js';

/** Repairs every lost flow; returns the numbers of the contracts repaired. */
export async function repairLostFlows(ctx: Ctx, actor: Actor): Promise<string[]> {
  const lost = await ctx.db
    .update(contracts)
    .set({ nextPollAt: ctx.clock() })
    .where(and(isNull(contracts.nextPollAt), inArray(contracts.subStatus, Object.keys(ESIGN_WAITS) as (keyof typeof ESIGN_WAITS)[])))
    .returning({ id: contracts.id, number: contracts.number, status: contracts.status, subStatus: contracts.subStatus });
  for (const c of lost) {
    const wait = esignWaitOf(c);
    if (wait) await flagStale(ctx, actor, c.id, { why: 'lost', flow: wait.flow, detail: 'no poll was scheduled; polling again' });
  }
  return lost.map((c) => c.number);
}
