// Row claims shared by the jobs: a lease written in the same statement that picks the rows, skipping rows another
// replica holds. A replica that dies mid-work leaves a lease that simply runs out.
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';

export const iso = (d: Date) => d.toISOString();

/** Contracts due for a poll, leased until `until`. */
export async function claimDueContracts(db: Db, now: Date, until: Date, batch: number): Promise<string[]> {
  const res = await db.execute(sql`
    update contracts set next_poll_at = ${iso(until)}::timestamptz
    where id = any(array(
      select id from contracts
      where next_poll_at <= ${iso(now)}::timestamptz
      order by next_poll_at
      limit ${batch}
      for update skip locked))
    returning id`);
  return rowsOf<{ id: string }>(res).map((r) => r.id);
}

/**
 * Outbox rows ready to go, leased until `until`: only the oldest pending row of each contract, so a thread's posts
 * go out in order even across replicas.
 */
export async function claimOutbox(db: Db, now: Date, until: Date, batch: number): Promise<number[]> {
  const res = await db.execute(sql`
    update outbox set claimed_until = ${iso(until)}::timestamptz, attempts = attempts + 1
    where id = any(array(
      select o.id from outbox o
      where o.delivered_at is null and o.parked_at is null
        and o.next_attempt_at <= ${iso(now)}::timestamptz
        and (o.claimed_until is null or o.claimed_until < ${iso(now)}::timestamptz)
        and not exists (
          select 1 from outbox p
          where p.contract_id = o.contract_id and p.id < o.id and p.delivered_at is null and p.parked_at is null)
      order by o.id
      limit ${batch}
      for update skip locked))
    returning id`);
  return rowsOf<{ id: string | number }>(res).map((r) => Number(r.id)).sort((a, b) => a - b);
}
