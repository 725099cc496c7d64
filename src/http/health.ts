// What /healthz reports beyond the process being up.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';

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

/** What /healthz reads of the jobs: jobs/scheduler.ts's Jobs, handed in by app.ts (http/ does not import jobs/). */
export interface JobsHealth {
  readonly health: Readonly<Record<string, unknown>>;
}

/** The last successful tick of each job and the outbox backlog (pending, parked, the oldest waiting row's age). */
export async function health(database: Database, jobs: JobsHealth | null) {
  return { jobs: jobs?.health ?? {}, outbox: await outboxHealth(database) };
}
