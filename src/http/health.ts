// What /healthz reports beyond the process being up.
import { sql } from 'drizzle-orm';
import { HELD_PREFIX } from '../db/claims.js';
import type { Database } from '../db/client.js';

export interface OutboxHealth {
  /** Rows not yet delivered nor parked, held ones included. */
  pending: number;
  /** Of those, rows held until a person fixes what Slack refused (a channel, an uninstalled workspace). */
  held: number;
  parked: number;
  /** The age of the oldest row waiting to go (held rows aside: they wait for a person on purpose), 0 when none. */
  oldestPendingSeconds: number;
}

/** The outbox as the database holds it now. */
export async function outboxHealth(database: Database): Promise<OutboxHealth> {
  const waiting = sql`delivered_at is null and parked_at is null`;
  const held = sql`coalesce(last_error, '') like ${`${HELD_PREFIX}%`}`;
  const rows = await database.db.execute<{ pending: number; held: number; parked: number; oldest: number | null }>(
    sql`select (count(*) filter (where ${waiting}))::int as pending,
               (count(*) filter (where ${waiting} and ${held}))::int as held,
               (count(*) filter (where parked_at is not null))::int as parked,
               extract(epoch from now() - min(created_at) filter (where ${waiting} and not ${held}))::float8 as oldest
        from outbox`,
  );
  const r = rows[0];
  return {
    pending: Number(r?.pending ?? 0),
    held: Number(r?.held ?? 0),
    parked: Number(r?.parked ?? 0),
    oldestPendingSeconds: Math.max(0, Number(r?.oldest ?? 0)),
  };
}

/** What /healthz reads of the jobs: jobs/scheduler.ts's Jobs, handed in by app.ts (http/ does not import jobs/). */
export interface JobsHealth {
  readonly health: Readonly<Record<string, unknown>>;
}

/** The last successful tick of each job and the outbox backlog (pending, parked, the oldest waiting row's age). */
export async function health(database: Database, jobs: JobsHealth | null) {
  return { jobs: jobs?.health ?? {}, outbox: await outboxHealth(database) };
}
