// The one path by which a contract changes state: lock, authorise, check the table, apply, audit, notify.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type ContractRow, contractItems, contracts } from '../db/schema.js';
import type { Result } from '../domain/errors.js';
import { type Action, awaitsEsign, findTransition, parseStateKey, performerOf, type StateKey, type Transition } from '../domain/lifecycle.js';
import { whyNotAllowed } from '../domain/refusals.js';
import type { Actor, State } from '../domain/types.js';
import { authorize } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse } from './context.js';
import { type Notice, recordChange } from './records.js';

export interface ActionOptions {
  /** The version the person saw; a click on an older view is refused instead of acting twice. */
  expectedVersion?: number;
}

export interface EffectInput {
  tx: Tx;
  contract: ContractRow;
  transition: Transition;
  now: Date;
}

export interface EffectOutput {
  /** Overrides the table's target (approval routing). */
  to?: StateKey;
  patch?: Partial<typeof contracts.$inferInsert>;
  detail?: Record<string, unknown>;
  notices?: Notice[];
}

export type Effect = (input: EffectInput) => Promise<EffectOutput | void>;

export const stateOf = (c: { status: ContractRow['status']; subStatus: ContractRow['subStatus'] }): State => ({
  status: c.status,
  subStatus: c.subStatus,
});

/** Loads and locks a contract the actor may see; another account's contract does not exist for them. */
export async function lockContract(tx: Tx, actor: Actor, contractId: string): Promise<ContractRow> {
  if (!/^[0-9a-f-]{36}$/i.test(contractId)) refuse('CONTRACT_NOT_FOUND');
  const [c] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
  if (!c || c.status === 'deleted' || (actor.type === 'user' && c.accountId !== actor.accountId)) refuse('CONTRACT_NOT_FOUND');
  return c;
}

export function statusNotice(c: ContractRow, action: string, actor: Actor, from: State | null, to: State, detail: Record<string, unknown>): Notice {
  return {
    topic: 'contract.changed' as const,
    payload: {
      number: c.number,
      kind: c.kind,
      channel: c.sealChannel,
      action,
      actor: actor.type === 'user' ? actor.userId : `system:${actor.name}`,
      from,
      to,
      version: c.version,
      detail,
    },
  };
}

export function applyAction(
  ctx: Ctx,
  actor: Actor,
  contractId: string,
  action: Action,
  opts: ActionOptions = {},
  effect?: Effect,
): Promise<Result<ContractRow>> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock();
    const c = await lockContract(tx, actor, contractId);
    await authorize(tx, actor, c, performerOf(action), action);
    const from = stateOf(c);
    const transition = findTransition(c.sealChannel, from, action);
    if (!transition) throw new Refusal(whyNotAllowed(from, action));
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version) refuse('STALE_VERSION');

    const out = (await effect?.({ tx, contract: c, transition, now })) ?? {};
    const to = parseStateKey(out.to ?? transition.to);
    const [updated] = await tx
      .update(contracts)
      .set({
        ...out.patch,
        status: to.status,
        subStatus: to.subStatus,
        version: c.version + 1,
        updatedAt: now,
        // The poller asks the e-sign service at once about a state that waits on it; a transition ends a stale episode.
        nextPollAt: awaitsEsign(to) ? now : null,
        staleSince: null,
        staleReason: null,
      })
      .where(and(eq(contracts.id, c.id), eq(contracts.version, c.version)))
      .returning();
    if (!updated) refuse('STALE_VERSION');
    if (to.status === 'deleted') {
      // R13: deleting is what frees the orders and filing numbers.
      await tx.update(contractItems).set({ live: false }).where(eq(contractItems.contractId, c.id));
    }
    const detail = out.detail ?? {};
    await recordChange(tx, {
      accountId: c.accountId,
      contractId: c.id,
      actor,
      action,
      from,
      to,
      detail,
      notices: [statusNotice(updated, action, actor, from, to, detail), ...(out.notices ?? [])],
      at: now,
    });
    return updated;
  });
}

/**
 * Flags a contract that stopped moving (the e-sign service failed, a flow was lost), once per episode:
 * its thread and the App Home say so instead of it sitting silently.
 */
export function flagStale(ctx: Ctx, actor: Actor, contractId: string, reason: string): Promise<Result<ContractRow | null>> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock();
    const c = await lockContract(tx, actor, contractId);
    if (c.staleSince) return null;
    const [updated] = await tx.update(contracts).set({ staleSince: now, staleReason: reason }).where(eq(contracts.id, c.id)).returning();
    const state = stateOf(c);
    await recordChange(tx, {
      accountId: c.accountId,
      contractId: c.id,
      actor,
      action: 'flaggedStale',
      from: state,
      to: state,
      detail: { reason },
      notices: [{ topic: 'contract.stale', payload: { number: c.number, reason, state } }],
      at: now,
    });
    return updated ?? null;
  });
}
