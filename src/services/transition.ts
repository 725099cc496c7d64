// A person's or the system's action on one contract: lock it, authorise, find the move in the status table, run the
// action's own rule, and hand the move to the writer (transition-writer.ts), which writes it with its audit and notices.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type ContractRow, contracts } from '../db/schema.js';
import { type DomainError, domainError, type Result } from '../domain/errors.js';
import { type Action, findTransition, performerOf, type StateKey, type Transition } from '../domain/lifecycle.js';
import { whyNotAllowed } from '../domain/refusals.js';
import type { Actor } from '../domain/types.js';
import { authorize } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse } from './context.js';
import type { Notice } from './trail.js';
import { isUuid } from '../domain/ids.js';
import { type StaleCause, staleReason } from '../domain/stale.js';
import { type ContractPatch, stateOf, writeEvent, writeMoves } from './transition-writer.js';

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
  /** The table's target when the approval policy asks for an approver first (toWhenApprovalNeeded). */
  to?: StateKey;
  patch?: ContractPatch;
  detail?: Record<string, unknown>;
  notices?: Notice[];
}

export type Effect = (input: EffectInput) => Promise<EffectOutput | void>;

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
  const now = ctx.clock();
  const c = await lockContract(tx, actor, contractId);
  await authorize(tx, actor, c, performerOf(action), action);
  const from = stateOf(c);
  const transition = findTransition(c.sealChannel, from, action);
  if (!transition) throw new Refusal(whyNotAllowed(from, action, c.vendor));
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version) refuse('STALE_VERSION');

  const out = (await effect?.({ tx, contract: c, transition, now })) ?? {};
  const [updated] = await writeMoves(tx, [{ contract: c, actor, transition, ...out }], now);
  return updated!;
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
    return writeEvent(
      tx,
      {
        contract: c,
        actor,
        action: 'flaggedStale',
        patch: { staleSince: now, staleReason: reason },
        versioned: false,
        detail: { reason },
        notices: () => [{ topic: 'contract.stale', payload: { number: c.number, reason, state: stateOf(c) } }],
      },
      now,
    );
  });
}
