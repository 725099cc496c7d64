// What /healthz reports beyond the process being up.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Jobs } from '../jobs/scheduler.js';

/** The outbox as the database holds it now: rows waiting, the oldest one's age (seconds, wall clock) and rows parked. */
export async function outboxHealth(database: Database): Promise<{ pending: number; parked: number; oldestPendingSeconds: number }> {
  const rows = await database.db.execute<{ pending: number; parked: number; oldest: number | null }>(
    sql`select (count(*) filter (where delivered_at is null and parked_at is null))::int as pending,
               (count(*) filter (where parked_at is not null))::int as parked,
               extract(epoch from now() - min(created_at) filter (where delivered_at is null and parked_at is null))::float8 as oldest
        from outbox`,
  );
  const r = rows[0];
  return { pending: Number(r?.pending ?? 0), parked: Number(r?.parked ?? 0), oldestPendingSeconds: Math.max(0, Number(r?.oldest ?? 0)) };
}

/** The last successful tick of each job and the outbox backlog (pending, parked, the oldest waiting row's age). */
export async function health(database: Database, jobs: Jobs | null) {
  return { jobs: jobs?.health ?? {}, outbox: await outboxHealth(database) };
}
