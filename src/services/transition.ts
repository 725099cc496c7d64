// A person's or the system's action on one contract: lock it, authorise, find the move in the status table, run the
// action's own rule, and hand the move to the writer (transition-writer.ts), which writes it with its audit and notices.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type ContractRow, contracts } from '../db/schema.js';
import { type DomainError, domainError, type Result } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { type Action, findTransition, performerOf, type StateKey, type Transition } from '../domain/lifecycle.js';
import { whyNotAllowed } from '../domain/refusals.js';
import { type StaleCause, staleReason } from '../domain/stale.js';
import type { Actor } from '../domain/types.js';
import { authorize } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse } from './context.js';
import type { Notice } from './trail.js';
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
  if (!c || c.status === 'deleted' || (actor.type === 'user' && c.accountId !== actor.accountId)) settledRefusal(domainError('CONTRACT_NOT_FOUND'));
  return c;
}

/**
 * Refusals that follow from the contract at the clicked version alone (it does not exist for the actor, its state
 * does not take the action, the view was older than the contract): a contract's state at a version never changes,
 * so such a refusal for (account, contract, version, action) holds forever and a burst of the same old click is
 * answered from memory, without the role check the lock makes first (the answer is a refusal either way, perhaps
 * not the role's, as the plain read before the lock used to give). Roles and an action's own rules are not among
 * them, nor a version the contract has not reached (a hand-made button value).
 */
const settled = new WeakSet<DomainError>();
const SETTLED_REFUSALS_MAX = 10_000;
const settledRefusals = new Map<string, DomainError>();
/** Clicks being applied now, by the same key: the same button clicked again meanwhile waits for the first. */
const clicksInFlight = new Map<string, Promise<Result<ContractRow>>>();

function settledRefusal(error: DomainError, holds = true): never {
  if (holds) settled.add(error);
  throw new Refusal(error);
}

function remember(key: string, error: DomainError): void {
  if (settledRefusals.size >= SETTLED_REFUSALS_MAX) settledRefusals.delete(settledRefusals.keys().next().value!);
  settledRefusals.set(key, error);
}

/**
 * Applies a person's or the system's action: the contract is read once, under its lock, in the transaction that
 * writes the move. A click carries the version it was shown at; while one click of (account, contract, version,
 * action) is being applied, the same click again (everyone taps the approval DM at once, or one person twice) waits
 * for it instead of queueing on the row's lock: if the first moved the contract, this one is refused as the contract
 * the first left is (its state does not take the action, or the view is stale); if the first was refused for a reason
 * that holds for everyone, so is this one; otherwise (a role, a failure) it is applied on its own.
 */
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
  const apply = () =>
    inTransaction(ctx, async (tx) => {
      const updated = await applyTo(ctx, tx, actor, await lockContract(tx, actor, contractId), action, opts, effect);
      return then ? then(tx, updated) : updated;
    });
  if (!isUuid(contractId)) return Promise.resolve({ ok: false, error: domainError('CONTRACT_NOT_FOUND') });
  if (opts.expectedVersion === undefined) return apply();
  const key = `${actor.type === 'user' ? actor.accountId : 'system'}:${contractId}:${opts.expectedVersion}:${action}`;
  const known = settledRefusals.get(key);
  if (known) return Promise.resolve({ ok: false, error: known });
  const running = clicksInFlight.get(key);
  if (running) {
    return running.then(
      (first) => {
        if (first.ok) return { ok: false, error: settledRefusals.get(key) ?? refusalAfter(first.value, action) };
        return settled.has(first.error) ? first : apply();
      },
      // The first failed (a lost connection, a pool timeout): this click is no worse off than running on its own.
      () => apply(),
    );
  }
  const run = apply()
    .then((r) => {
      // Moved: the version clicked is gone for good. Refused for a reason of the contract's: so is every repeat.
      if (r.ok) remember(key, refusalAfter(r.value, action));
      else if (settled.has(r.error)) remember(key, r.error);
      return r;
    })
    .finally(() => clicksInFlight.delete(key));
  clicksInFlight.set(key, run);
  return run;
}

/** The refusal of a click on a version the contract has moved past, `u` being the contract now (roles aside). */
function refusalAfter(u: ContractRow, action: Action): DomainError {
  const now = stateOf(u);
  return findTransition(u.sealChannel, now, action) ? domainError('STALE_VERSION') : whyNotAllowed(now, action, u.vendor);
}

/** Applies the action to a contract this transaction has locked, as it was read or last written. */
export async function applyTo(ctx: Ctx, tx: Tx, actor: Actor, c: ContractRow, action: Action, opts: ActionOptions, effect?: Effect): Promise<ContractRow> {
  const now = ctx.clock();
  await authorize(tx, actor, c, performerOf(action), action);
  const from = stateOf(c);
  const transition = findTransition(c.sealChannel, from, action);
  // Settled only for a version the contract has reached: a later one (a hand-made value) may still come.
  const reached = opts.expectedVersion === undefined || opts.expectedVersion <= c.version;
  if (!transition) settledRefusal(whyNotAllowed(from, action, c.vendor), reached);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version) settledRefusal(domainError('STALE_VERSION'), opts.expectedVersion < c.version);

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
