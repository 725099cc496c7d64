// The one path by which a contract changes state: lock, authorise, check the table, apply, audit, notify.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type ContractRow, contractItems, contracts } from '../db/schema.js';
import { type DomainError, domainError, type Result } from '../domain/errors.js';
import { type Action, awaitsEsign, findTransition, parseStateKey, performerOf, type StateKey, type Transition } from '../domain/lifecycle.js';
import { whyNotAllowed } from '../domain/refusals.js';
import { type Actor, actorLabel, type State } from '../domain/types.js';
import { authorize } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse } from './context.js';
import { type Notice, recordChange } from './records.js';
import { isUuid } from '../domain/ids.js';
import { type StaleCause, staleReason } from '../domain/stale.js';

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
  if (!isUuid(contractId)) refuse('CONTRACT_NOT_FOUND');
  const [c] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
  return visibleOrRefuse(c, actor);
}

function visibleOrRefuse<T extends Pick<ContractRow, 'status' | 'accountId'>>(c: T | undefined, actor: Actor): T {
  if (!c || c.status === 'deleted' || (actor.type === 'user' && c.accountId !== actor.accountId)) refuse('CONTRACT_NOT_FOUND');
  return c;
}

/**
 * The refusal a click would get under the lock, found with one read and no transaction: the contract does not
 * exist for the actor, its state does not take the action, or the view was older than the contract (versions only
 * grow, so a stale click stays stale). Old buttons are clicked in bursts (everyone taps the approval DM at once); they cost one statement
 * instead of BEGIN, a locking read and ROLLBACK. Anything else is decided under the lock.
 */
async function refusalWithoutLock(ctx: Ctx, actor: Actor, contractId: string, action: Action, opts: ActionOptions): Promise<DomainError | null> {
  if (!isUuid(contractId)) return domainError('CONTRACT_NOT_FOUND');
  // A click carries the version it was shown at, and a contract's state at a version never changes: a refusal for
  // (who, contract, version, action) holds forever, so a burst of the same old click is answered from memory.
  const key =
    opts.expectedVersion === undefined ? null : `${actor.type === 'user' ? actor.accountId : 'system'}:${contractId}:${opts.expectedVersion}:${action}`;
  const known = key ? settledRefusals.get(key) : undefined;
  if (known) return known;
  const refusal = await readRefusal(ctx, actor, contractId, action, opts);
  if (refusal && key) {
    if (settledRefusals.size >= SETTLED_REFUSALS_MAX) settledRefusals.delete(settledRefusals.keys().next().value!);
    settledRefusals.set(key, refusal);
  }
  return refusal;
}

const SETTLED_REFUSALS_MAX = 10_000;
const settledRefusals = new Map<string, DomainError>();

async function readRefusal(ctx: Ctx, actor: Actor, contractId: string, action: Action, opts: ActionOptions): Promise<DomainError | null> {
  const [c] = await ctx.db
    .select({
      status: contracts.status,
      subStatus: contracts.subStatus,
      accountId: contracts.accountId,
      requesterId: contracts.requesterId,
      sealChannel: contracts.sealChannel,
      vendor: contracts.vendor,
      version: contracts.version,
    })
    .from(contracts)
    .where(eq(contracts.id, contractId));
  try {
    visibleOrRefuse(c, actor);
    // Actions of the system and the signer are refused to people without a query; roles are checked under the lock.
    const performer = performerOf(action);
    if (performer === 'system' || performer === 'signer') await authorize(ctx.db, actor, c!, performer, action);
  } catch (e) {
    if (e instanceof Refusal) return e.error;
    throw e;
  }
  // The same order of refusals as under the lock.
  if (!findTransition(c!.sealChannel, stateOf(c!), action)) return whyNotAllowed(stateOf(c!), action, c!.vendor);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== c!.version) return domainError('STALE_VERSION');
  return null;
}

export function statusNotice(
  c: Pick<ContractRow, 'number' | 'kind' | 'sealChannel' | 'version' | 'vendor'>,
  action: string,
  actor: Actor,
  from: State | null,
  to: State,
  detail: Record<string, unknown>,
): Notice {
  return {
    topic: 'contract.changed' as const,
    payload: {
      number: c.number,
      kind: c.kind,
      channel: c.sealChannel,
      vendor: c.vendor,
      action,
      actor: actorLabel(actor),
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
  /** What else happens in the same transaction once the action is applied (R15: QingCloud seals at once). */
  then?: (tx: Tx, updated: ContractRow) => Promise<ContractRow>,
): Promise<Result<ContractRow>> {
  return refusalWithoutLock(ctx, actor, contractId, action, opts).then((refusal) =>
    refusal
      ? { ok: false as const, error: refusal }
      : inTransaction(ctx, async (tx) => {
          const updated = await applyLocked(ctx, tx, actor, contractId, action, opts, effect);
          return then ? then(tx, updated) : updated;
        }),
  );
}

export async function applyLocked(
  ctx: Ctx,
  tx: Tx,
  actor: Actor,
  contractId: string,
  action: Action,
  opts: ActionOptions,
  effect?: Effect,
): Promise<ContractRow> {
  {
    const now = ctx.clock();
    const c = await lockContract(tx, actor, contractId);
    await authorize(tx, actor, c, performerOf(action), action);
    const from = stateOf(c);
    const transition = findTransition(c.sealChannel, from, action);
    if (!transition) throw new Refusal(whyNotAllowed(from, action, c.vendor));
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
  }
}

/**
 * Flags a contract that stopped moving (the e-sign service failed, a flow was lost), once per episode:
 * its thread and the App Home say so instead of it sitting silently.
 */
export function flagStale(ctx: Ctx, actor: Actor, contractId: string, cause: StaleCause): Promise<Result<ContractRow | null>> {
  const reason = staleReason(cause);
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
