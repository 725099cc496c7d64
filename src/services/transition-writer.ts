// The one writer of a contract's row once it exists: a move in the status table (one person's click, or the poller's
// batch of e-sign outcomes) and a same-state event (a filing expiring, a contract flagged as stuck, a paper fact).
// Whatever the number of contracts, one UPDATE, one INSERT of audit rows and one of outbox rows (trail.ts, with the
// documents now due), so what a transition sets or resets is said once, here. Callers decide under the contracts'
// locks; this writes.
import { getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client.js';
import { contractItems, type ContractRow, contracts } from '../db/schema.js';
import { awaitsEsign, parseStateKey, type StateKey, stateKey, type Transition } from '../domain/lifecycle.js';
import { filingExpiry } from '../domain/rules.js';
import { type Actor, actorLabel, type State } from '../domain/types.js';
import { type Change, type Notice, recordChanges } from './trail.js';

export type ContractPatch = Partial<typeof contracts.$inferInsert>;

/** A move the status table allows, decided under the contract's lock. */
export interface Move {
  /** The contract as read under its lock. */
  contract: ContractRow;
  actor: Actor;
  transition: Transition;
  /** The approval routing's target (the transition's toWhenApprovalNeeded) instead of its usual one. */
  to?: StateKey;
  /** What the action itself sets (Party A, the signer, a rejection's reason); the state's own columns are the writer's. */
  patch?: ContractPatch;
  detail?: Record<string, unknown>;
  /** Outbox rows beyond the status notice every move writes. */
  notices?: Notice[];
}

/** Facts about a contract that leave its state as it is: audited and announced like a move. */
export type ContractEvent = 'filingExpired' | 'flaggedStale' | 'paperMailed' | 'paperReceived';

export interface SameStateEvent {
  contract: ContractRow;
  actor: Actor;
  action: ContractEvent;
  patch: ContractPatch;
  /**
   * Whether the event changes what a person may do or is shown: the version moves on (views shown before it are
   * stale, reminders go out again). A stuck flag changes neither.
   */
  versioned: boolean;
  /** R12: the contract's orders or filing numbers are free again. */
  freesItems?: boolean;
  detail: Record<string, unknown>;
  notices: (updated: ContractRow) => Notice[];
}

export const stateOf = (c: { status: ContractRow['status']; subStatus: ContractRow['subStatus'] }): State => ({
  status: c.status,
  subStatus: c.subStatus,
});

/** The notice every move writes: the contract's thread, its requester and the Home tabs hear of it. */
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

/** Sealed by the vendor: the contract takes effect now; a filing contract expires a year later (R12). */
function takingEffect(c: Pick<ContractRow, 'kind'>, now: Date): ContractPatch {
  return { effectiveAt: now, expiresAt: c.kind === 'filing' ? filingExpiry(now) : null };
}

/** What every move sets besides its own patch. */
function moveColumns(c: ContractRow, from: State, to: State, now: Date): ContractPatch {
  return {
    status: to.status,
    subStatus: to.subStatus,
    version: c.version + 1,
    updatedAt: now,
    // The poller asks the e-sign service at once about a state that waits on it; a move ends a stuck episode.
    nextPollAt: awaitsEsign(to) ? now : null,
    staleSince: null,
    staleReason: null,
    ...(to.status === 'effective' && from.status !== 'effective' ? takingEffect(c, now) : {}),
  };
}

/** The state a move leads to, which must be the status table's; anything else is a bug and rolls back. */
function targetOf(m: Move): State {
  const t = m.transition;
  const to = m.to ?? t.to;
  if (t.from !== stateKey(m.contract) || !t.channels.includes(m.contract.sealChannel) || (to !== t.to && to !== t.toWhenApprovalNeeded)) {
    throw new Error(`${t.action} of contract ${m.contract.number} from ${stateKey(m.contract)} to ${to} is not in the status table`);
  }
  return parseStateKey(to);
}

/** Applies the moves (contracts locked by the caller, each once); returns the rows as written, in the moves' order. */
export async function writeMoves(tx: Tx, moves: Move[], now: Date): Promise<ContractRow[]> {
  return write(
    tx,
    now,
    moves.map((m) => {
      const from = stateOf(m.contract);
      const to = targetOf(m);
      const detail = m.detail ?? {};
      return {
        contract: m.contract,
        set: { ...m.patch, ...moveColumns(m.contract, from, to, now) },
        // R13: deleting is what frees the orders and filing numbers.
        freesItems: to.status === 'deleted',
        change: { actor: m.actor, action: m.transition.action, from, to, detail },
        notices: (u) => [statusNotice(u, m.transition.action, m.actor, from, to, detail), ...(m.notices ?? [])],
      };
    }),
  );
}

/** Applies a same-state event to a contract locked by the caller. */
export async function writeEvent(tx: Tx, e: SameStateEvent, now: Date): Promise<ContractRow> {
  const state = stateOf(e.contract);
  const [updated] = await write(tx, now, [
    {
      contract: e.contract,
      set: { ...e.patch, ...(e.versioned ? { version: e.contract.version + 1, updatedAt: now } : {}) },
      freesItems: e.freesItems ?? false,
      change: { actor: e.actor, action: e.action, from: state, to: state, detail: e.detail },
      notices: e.notices,
    },
  ]);
  return updated!;
}

interface Write {
  contract: ContractRow;
  set: ContractPatch;
  freesItems: boolean;
  change: Pick<Change, 'actor' | 'action' | 'from' | 'to' | 'detail'>;
  notices: (updated: ContractRow) => Notice[];
}

const COLUMNS = getTableColumns(contracts);
type Column = keyof typeof COLUMNS;

async function write(tx: Tx, now: Date, writes: Write[]): Promise<ContractRow[]> {
  if (!writes.length) return [];
  // One statement for every row: each row's new values as JSON, read as a contracts record. A column that only some
  // rows set keeps its value in the others.
  const sets = writes.map((w) => Object.fromEntries(Object.entries(w.set).filter(([k, value]) => value !== undefined && k !== 'id')) as ContractPatch);
  const columns = [...new Set(sets.flatMap((s) => Object.keys(s) as Column[]))];
  if (!columns.length) throw new Error('contract writer: nothing to write');
  const rows = writes.map((w, i) => ({
    was: w.contract.version,
    set: Object.fromEntries([['id', w.contract.id], ...Object.entries(sets[i]!).map(([k, value]) => [COLUMNS[k as Column].name, value])]),
  }));
  const set = Object.fromEntries(
    columns.map((k) => {
      const name = COLUMNS[k].name;
      const value = sql`v.${sql.identifier(name)}`;
      return [k, sets.every((s) => k in s) ? value : sql`case when e -> 'set' ? ${name} then ${value} else ${COLUMNS[k]} end`];
    }),
  ) as PgUpdateSetSource<typeof contracts>;
  const updated = await tx
    .update(contracts)
    .set(set)
    .from(sql`jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as e, jsonb_populate_record(null::contracts, e -> 'set') as v`)
    .where(sql`${contracts.id} = v.id and ${contracts.version} = (e ->> 'was')::int`)
    .returning({ id: contracts.id });
  // Every row is locked at the version read, so each update lands; anything else is a bug that must roll back.
  if (updated.length !== writes.length) throw new Error(`contract writer: ${updated.length} of ${writes.length} contracts updated`);
  // The rows as written, known without reading them back (the poller's batches need only their ids).
  const inOrder = writes.map((w, i) => ({ ...w.contract, ...sets[i] }));

  const freed = writes.filter((w) => w.freesItems).map((w) => w.contract.id);
  if (freed.length) await tx.update(contractItems).set({ live: false }).where(inArray(contractItems.contractId, freed));
  await recordChanges(
    tx,
    writes.map((w, i) => ({ ...w.change, accountId: w.contract.accountId, contractId: w.contract.id, notices: w.notices(inOrder[i]!), at: now })),
  );
  return inOrder;
}
