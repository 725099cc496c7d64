// Reads for the Slack views and the tests. Nothing here writes.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { auditEvents, type ContractRow, contractItems, contracts, signers } from '../db/schema.js';
import type { Status } from '../domain/types.js';

export async function getContract(q: Queryable, accountId: string, id: string): Promise<ContractRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [c] = await q.select().from(contracts).where(and(eq(contracts.id, id), eq(contracts.accountId, accountId)));
  return c && c.status !== 'deleted' ? c : null;
}

export async function getContractByNumber(q: Queryable, accountId: string, number: string): Promise<ContractRow | null> {
  const [c] = await q.select().from(contracts).where(and(eq(contracts.number, number.trim().toUpperCase()), eq(contracts.accountId, accountId)));
  return c && c.status !== 'deleted' ? c : null;
}

export async function listContracts(
  q: Queryable,
  accountId: string,
  filter: { requesterId?: string; statuses?: Status[]; limit?: number } = {},
): Promise<ContractRow[]> {
  const conds = [eq(contracts.accountId, accountId), inArray(contracts.status, filter.statuses ?? ['draft', 'signing', 'effective', 'voided'])];
  if (filter.requesterId) conds.push(eq(contracts.requesterId, filter.requesterId));
  return q.select().from(contracts).where(and(...conds)).orderBy(desc(contracts.createdAt), desc(contracts.number)).limit(filter.limit ?? 100);
}

export async function itemsOf(q: Queryable, contractId: string) {
  return q.select().from(contractItems).where(eq(contractItems.contractId, contractId)).orderBy(asc(contractItems.id));
}

export async function auditTrail(q: Queryable, contractId: string) {
  return q.select().from(auditEvents).where(eq(auditEvents.contractId, contractId)).orderBy(asc(auditEvents.id));
}

export async function authorisedSigners(q: Queryable, accountId: string) {
  return q.select().from(signers).where(and(eq(signers.accountId, accountId), eq(signers.status, 'authorised'))).orderBy(asc(signers.name));
}
