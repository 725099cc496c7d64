// Reads for the Slack views and the tests. Nothing here writes.
import { and, asc, desc, eq, ilike, inArray, ne, or } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { auditEvents, contractItems, type ContractRow, contracts, filingNumbers, members, orders, partyAProfiles, signers } from '../db/schema.js';
import type { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { itemHeld, orderIneligibility } from '../domain/rules.js';
import type { Kind, Status } from '../domain/types.js';

export async function getContract(q: Queryable, accountId: string, id: string): Promise<ContractRow | null> {
  if (!isUuid(id)) return null;
  const [c] = await q
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, id), eq(contracts.accountId, accountId)));
  return c && c.status !== 'deleted' ? c : null;
}

export async function getContractByNumber(q: Queryable, accountId: string, number: string): Promise<ContractRow | null> {
  const [c] = await q
    .select()
    .from(contracts)
    .where(and(eq(contracts.number, number.trim().toUpperCase()), eq(contracts.accountId, accountId)));
  return c && c.status !== 'deleted' ? c : null;
}

export async function listContracts(
  q: Queryable,
  accountId: string,
  filter: { requesterId?: string; statuses?: Status[]; limit?: number } = {},
): Promise<ContractRow[]> {
  const conds = [eq(contracts.accountId, accountId), inArray(contracts.status, filter.statuses ?? ['draft', 'signing', 'effective', 'voided'])];
  if (filter.requesterId) conds.push(eq(contracts.requesterId, filter.requesterId));
  return q
    .select()
    .from(contracts)
    .where(and(...conds))
    .orderBy(desc(contracts.createdAt), desc(contracts.number))
    .limit(filter.limit ?? 100);
}

export async function itemsOf(q: Queryable, contractId: string) {
  return q.select().from(contractItems).where(eq(contractItems.contractId, contractId)).orderBy(asc(contractItems.id));
}

/** Each contract's item references, for the lines that name a filing contract's numbers instead of its ¥0.00. */
export async function itemRefsOf(q: Queryable, contractIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!contractIds.length) return out;
  const rows = await q
    .select({ contractId: contractItems.contractId, ref: contractItems.itemRef })
    .from(contractItems)
    .where(inArray(contractItems.contractId, [...contractIds]))
    .orderBy(asc(contractItems.id));
  for (const r of rows) out.set(r.contractId, [...(out.get(r.contractId) ?? []), r.ref]);
  return out;
}

/** Contracts of the account waiting for an approval this person may give (four eyes: not their own). */
export async function waitingForApproval(q: Queryable, accountId: string, userId: string) {
  return q
    .select()
    .from(contracts)
    .where(and(eq(contracts.accountId, accountId), eq(contracts.subStatus, 'awaiting_approval'), ne(contracts.requesterId, userId)))
    .orderBy(contracts.createdAt)
    .limit(50);
}

/** Who rejected each contract last: the actor of its newest reject event. */
export async function lastRejectors(q: Queryable, contractIds: string[]): Promise<Map<string, string>> {
  if (!contractIds.length) return new Map();
  const rows = await q
    .select({ contractId: auditEvents.contractId, actor: auditEvents.actor })
    .from(auditEvents)
    .where(and(inArray(auditEvents.contractId, contractIds), eq(auditEvents.action, 'reject')))
    .orderBy(desc(auditEvents.id));
  const out = new Map<string, string>();
  for (const r of rows) if (r.contractId && !out.has(r.contractId) && /^[UW][A-Z0-9]+$/.test(r.actor)) out.set(r.contractId, r.actor);
  return out;
}

export async function auditTrail(q: Queryable, contractId: string) {
  return q.select().from(auditEvents).where(eq(auditEvents.contractId, contractId)).orderBy(asc(auditEvents.id));
}

/** The names people know each Slack user of the account by: display names, else the signer's name they sign as. */
export async function peopleNames(q: Queryable, accountId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const signed = await q.select({ id: signers.slackUserId, name: signers.name }).from(signers).where(eq(signers.accountId, accountId));
  for (const s of signed) if (s.id && s.name.trim()) names.set(s.id, s.name);
  const people = await q.select({ id: members.slackUserId, name: members.displayName }).from(members).where(eq(members.accountId, accountId));
  for (const m of people) if (m.name.trim()) names.set(m.id, m.name);
  return names;
}

export async function authorisedSigners(q: Queryable, accountId: string) {
  return q
    .select()
    .from(signers)
    .where(and(eq(signers.accountId, accountId), eq(signers.status, 'authorised')))
    .orderBy(asc(signers.name));
}

/** Signers requested and not yet decided by the e-sign administrator: the signing step shows them as pending. */
export async function pendingSigners(q: Queryable, accountId: string) {
  return q
    .select()
    .from(signers)
    .where(and(eq(signers.accountId, accountId), eq(signers.status, 'pending')))
    .orderBy(asc(signers.name));
}

export interface ItemChoice {
  id: string;
  detail: string;
  amountCents: number | null;
  createdOn: string;
  type: string | null;
  /** Why it cannot be chosen, or null when it can. */
  reason: DomainError | null;
}

/** The type-ahead behind the wizard's item picker: matching orders or filing numbers, each with why it is not eligible. */
export async function searchItems(q: Queryable, accountId: string, kind: Kind, query: string, limit = 100): Promise<ItemChoice[]> {
  const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const occupied = async (itemKind: 'order' | 'filing', refs: string[]) => {
    if (!refs.length) return new Map<string, { number: string; status: string }>();
    const rows = await q
      .select({ ref: contractItems.itemRef, number: contracts.number, status: contracts.status })
      .from(contractItems)
      .innerJoin(contracts, eq(contracts.id, contractItems.contractId))
      .where(
        and(eq(contractItems.accountId, accountId), eq(contractItems.itemKind, itemKind), eq(contractItems.live, true), inArray(contractItems.itemRef, refs)),
      );
    return new Map(rows.map((r) => [r.ref, { number: r.number, status: r.status }]));
  };
  if (kind === 'filing') {
    const rows = await q
      .select()
      .from(filingNumbers)
      .where(and(eq(filingNumbers.accountId, accountId), or(ilike(filingNumbers.id, like), ilike(filingNumbers.domain, like))))
      .orderBy(asc(filingNumbers.id))
      .limit(limit);
    const held = await occupied(
      'filing',
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      detail: r.domain,
      amountCents: null,
      createdOn: r.createdOn,
      type: null,
      reason: held.has(r.id) ? itemHeld(r.id, held.get(r.id)!) : null,
    }));
  }
  if (kind === 'framework') return [];
  const rows = await q
    .select()
    .from(orders)
    .where(and(eq(orders.accountId, accountId), or(ilike(orders.id, like), ilike(orders.product, like))))
    .orderBy(desc(orders.createdOn), asc(orders.id))
    .limit(limit);
  const held = await occupied(
    'order',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    detail: r.product,
    amountCents: r.amountCents,
    createdOn: r.createdOn,
    type: r.type,
    reason: held.has(r.id) ? itemHeld(r.id, held.get(r.id)!) : orderIneligibility(kind, r),
  }));
}

/** The account's Party A profile (R4), or null before an admin first saved it. */
export async function partyAProfile(q: Queryable, accountId: string) {
  const [p] = await q.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, accountId));
  return p ?? null;
}
