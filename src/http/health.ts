// What /healthz reports beyond the process being up.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Jobs } from '../jobs/scheduler.js';

/** The last successful tick of each job and the outbox backlog (pending, parked). */
export async function health(database: Database, jobs: Jobs | null) {
  const rows = await database.db.execute<{ pending: number; parked: number }>(
    sql`select (count(*) filter (where delivered_at is null and parked_at is null))::int as pending, (count(*) filter (where parked_at is not null))::int as parked from outbox`,
  );
  return { jobs: jobs?.health ?? {}, outbox: { pending: Number(rows[0]?.pending ?? 0), parked: Number(rows[0]?.parked ?? 0) } };
}
