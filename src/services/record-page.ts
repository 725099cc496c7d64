// 合同申请记录 (QingCloud's guide) / the contract overview (Tencent's overview): the account's whole record, for the people who have a
// role in the account, filtered by kind, status and requester, a page at a time (R16).
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { type ContractRow, contracts, members, signers } from '../db/schema.js';
import { type Kind, type Status, STATUSES } from '../domain/types.js';

export const RECORD_PAGE_SIZE = 20;

export interface RecordFilter {
  kind?: Kind;
  status?: Status;
  requesterId?: string;
}

export interface RecordPage {
  rows: ContractRow[];
  total: number;
  page: number;
  pages: number;
  /** Everyone who requested a contract in the account, for the requester filter. */
  requesters: string[];
}

/** A role in the account: a member (admin, approver), a requester of any contract, or an authorised signer in Slack. */
export async function hasAccountRole(q: Queryable, accountId: string, userId: string): Promise<boolean> {
  const [m] = await q
    .select({ u: members.slackUserId })
    .from(members)
    .where(and(eq(members.accountId, accountId), eq(members.slackUserId, userId)))
    .limit(1);
  if (m) return true;
  const [r] = await q
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.accountId, accountId), eq(contracts.requesterId, userId)))
    .limit(1);
  if (r) return true;
  const [sg] = await q
    .select({ id: signers.id })
    .from(signers)
    .where(and(eq(signers.accountId, accountId), eq(signers.slackUserId, userId)))
    .limit(1);
  return !!sg;
}

/** Deleted contracts are out of the record, as Tencent's overview's list hides them; everything else is in, newest first. */
export async function recordPage(q: Queryable, accountId: string, filter: RecordFilter, page: number): Promise<RecordPage> {
  const visible: Status[] = STATUSES.filter((s) => s !== 'deleted');
  const conds: SQL[] = [
    eq(contracts.accountId, accountId),
    inArray(contracts.status, filter.status && visible.includes(filter.status) ? [filter.status] : visible),
  ];
  if (filter.kind) conds.push(eq(contracts.kind, filter.kind));
  if (filter.requesterId) conds.push(eq(contracts.requesterId, filter.requesterId));
  const where = and(...conds);
  const [{ n }] = (await q.select({ n: count() }).from(contracts).where(where)) as [{ n: number }];
  const pages = Math.max(1, Math.ceil(n / RECORD_PAGE_SIZE));
  const p = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
  const rows = await q
    .select()
    .from(contracts)
    .where(where)
    .orderBy(desc(contracts.createdAt), desc(contracts.number))
    .limit(RECORD_PAGE_SIZE)
    .offset(p * RECORD_PAGE_SIZE);
  const req = await q
    .selectDistinct({ u: contracts.requesterId })
    .from(contracts)
    .where(eq(contracts.accountId, accountId))
    .orderBy(asc(contracts.requesterId))
    .limit(100);
  return { rows, total: n, page: p, pages, requesters: req.map((r) => r.u) };
}

/** How many contracts a requester has in the record (deleted ones are not): the "N more" under a short list. */
export async function countOwn(q: Queryable, accountId: string, requesterId: string): Promise<number> {
  const visible: Status[] = STATUSES.filter((x) => x !== 'deleted');
  const [{ n }] = (await q
    .select({ n: count() })
    .from(contracts)
    .where(and(eq(contracts.accountId, accountId), eq(contracts.requesterId, requesterId), inArray(contracts.status, visible)))) as [{ n: number }];
  return n;
}
