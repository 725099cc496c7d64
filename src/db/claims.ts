// Row claims shared by the jobs and the outbox dispatcher: a lease written in the same statement that picks the rows,
// skipping rows another replica holds, stamped with the claiming instance. A replica that dies mid-work has its
// claims freed at once by freeDeadClaims (db/instance.ts); without an instance, the lease simply runs out.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './client.js';

const iso = (d: Date) => d.toISOString();

/** Contracts due for a poll, leased until `until`. */
export async function claimDueContracts(db: Db, now: Date, until: Date, batch: number, instance: number | null = null): Promise<string[]> {
  const res = await db.execute<{ id: string }>(sql`
    update contracts set next_poll_at = ${iso(until)}::timestamptz, claimed_by = ${instance}
    where id = any(array(
      select id from contracts
      where next_poll_at <= ${iso(now)}::timestamptz
      order by next_poll_at
      limit ${batch}
      for update skip locked))
    returning id`);
  return res.map((r) => r.id);
}

/**
 * Outbox rows ready to go, leased until `until`: only the oldest pending row of each contract, so a thread's posts
 * go out in order even across replicas.
 *
 * The heads are found in one pass over the pending rows (a scan and a unique, no join): every join shape (NOT
 * EXISTS, a correlated min(), IN) turned into a nested loop over the backlog when the table's statistics were stale
 * (4,000 pending rows after the crash soak's Slack outage: 3–4.5 s per claim), and autovacuum may be off or late to
 * refresh them. Without FOR UPDATE, two replicas may pick the same head; the outer WHERE, re-checked on the locked
 * row, lets only one of them lease it.
 *
 * Fair across workspaces: the due heads take turns by account (each account's oldest first, then each one's second…),
 * so one company's month-end burst cannot fill every batch while another's single DM waits behind it.
 *
 * A row leased again while its old lease is still on it was left by an attempt that never said how it ended (its
 * replica died or hung mid-post): its posts may be in Slack, so it is marked to look for them first.
 *
 * `contractId`: only that contract's head (a click's own rows, delivered without the backlog).
 */
export async function claimOutbox(
  db: Db,
  now: Date,
  until: Date,
  batch: number,
  instance: number | null = null,
  contractId: string | null = null,
): Promise<number[]> {
  const res = await db.execute<{ id: string | number }>(sql`
    update outbox set claimed_until = ${iso(until)}::timestamptz, attempts = attempts + 1, claimed_by = ${instance},
      outcome_unknown = outcome_unknown or claimed_until is not null
    where id = any(array(
      select f.id from (
        select h.id, row_number() over (partition by h.account_id order by h.id) as turn from (
          select distinct on (contract_id, case when contract_id is null then id end) id, account_id, next_attempt_at, claimed_until
          from outbox
          where delivered_at is null and parked_at is null ${contractId ? sql`and contract_id = ${contractId}` : sql``}
          order by contract_id, case when contract_id is null then id end, id) h
        where h.next_attempt_at <= ${iso(now)}::timestamptz
          and (h.claimed_until is null or h.claimed_until < ${iso(now)}::timestamptz)) f
      order by f.turn, f.id
      limit ${batch}))
      and delivered_at is null and parked_at is null
      and (claimed_until is null or claimed_until < ${iso(now)}::timestamptz)
    returning id`);
  return res.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** What `last_error` starts with while a row waits for a person to fix something Slack refused for good. */
export const HELD_PREFIX = 'held: ';

/**
 * Rows held on a permanent Slack error (the app not in the channel, a revoked token…) become due now: called when an
 * admin changes the notification channel or presses Retry, so the fix shows at once instead of at the next recheck.
 */
export async function releaseHeldOutbox(db: Db | Tx, accountId: string, now: Date): Promise<number> {
  const res = await db.execute<{ id: string }>(sql`
    update outbox set next_attempt_at = ${iso(now)}::timestamptz
    where account_id = ${accountId} and delivered_at is null and parked_at is null and last_error like ${`${HELD_PREFIX}%`}
    returning id`);
  return res.length;
}
