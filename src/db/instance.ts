// An app instance's liveness, as PostgreSQL sees it: each instance holds a session advisory lock on a connection of
// its own for as long as it runs. A kill -9 closes that connection and the lock goes with it, so the instance's
// claims (contracts being polled, outbox rows being posted) are freed at once instead of when their lease runs out.
import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Db } from './client.js';

/** Advisory locks of this class (its first key) mark live instances; the second key is the instance's. */
export const INSTANCE_LOCK_CLASS = 7_240_003;

export interface AppInstance {
  key: number;
  /** Closes the lock's connection: the instance's claims are free from then on. */
  release(): Promise<void>;
}

export async function registerInstance(url: string, db: Db): Promise<AppInstance> {
  const conn = postgres(url, { max: 1, idle_timeout: 0, onnotice: () => {}, connection: { application_name: 'contract-desk instance' } });
  for (;;) {
    const key = randomInt(1, 2 ** 31 - 1);
    const [{ locked } = { locked: false }] = await conn<{ locked: boolean }[]>`select pg_try_advisory_lock(${INSTANCE_LOCK_CLASS}, ${key}) as locked`;
    if (!locked) continue;
    await db.execute(
      sql`insert into app_instances (key, label) values (${key}, ${`${hostname()}:${process.pid}`}) on conflict (key) do update set started_at = now(), label = excluded.label`,
    );
    return { key, release: () => conn.end({ timeout: 2 }) };
  }
}

/**
 * Frees the claims of instances that died (their lock is gone) and forgets them: their contracts are due for a poll
 * now and their outbox rows can be leased again. One small query while every instance lives.
 */
export async function freeDeadClaims(db: Db, now: Date): Promise<number[]> {
  const dead = (
    await db.execute<{ key: number }>(sql`
      select i.key from app_instances i
      where not exists (
        select 1 from pg_locks l
        where l.locktype = 'advisory' and l.granted and l.classid = ${INSTANCE_LOCK_CLASS}::oid and l.objid = i.key::oid
          and l.database = (select oid from pg_database where datname = current_database()))`)
  ).map((r) => r.key);
  if (!dead.length) return dead;
  const keys = `{${dead.join(',')}}`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update contracts set claimed_by = null, next_poll_at = least(next_poll_at, ${now.toISOString()}::timestamptz)
      where claimed_by = any(${keys}::int[])`);
    // A row still leased was mid-attempt: the dead instance may have posted what it never recorded, so the next
    // attempt looks in Slack first.
    await tx.execute(sql`
      update outbox set claimed_by = null, claimed_until = null, outcome_unknown = outcome_unknown or claimed_until is not null
      where claimed_by = any(${keys}::int[])`);
    await tx.execute(sql`delete from app_instances where key = any(${keys}::int[])`);
  });
  return dead;
}
