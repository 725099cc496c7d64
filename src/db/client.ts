// Opens the database: PostgreSQL through postgres.js, either the server DATABASE_URL names or the embedded cluster
// this app runs in DATA_DIR.
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { MIGRATIONS_DIR } from '../paths.js';
import { startEmbedded } from './embedded.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers take both. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  /** `embedded`: the cluster in DATA_DIR, started (or adopted) by this app; `server`: DATABASE_URL. */
  engine: 'embedded' | 'server';
  /** The connection URL (tests and benchmarks open a second pool on it, as a second replica would). */
  url: string;
  close(): Promise<void>;
}

/** Any constant works; it only has to be the same for every replica. */
const MIGRATION_LOCK_KEY = 7_240_001;

export interface OpenOptions {
  /** A PostgreSQL server; unset: the embedded cluster in `dataDir`. */
  url?: string;
  dataDir?: string;
  migrate?: boolean;
  poolMax?: number;
  log?: (msg: string) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, 'server', opts, async () => {});
  const cluster = await startEmbedded({ dataDir: opts.dataDir ?? './.data', log: opts.log });
  try {
    return await openPostgres(cluster.url, 'embedded', opts, () => cluster.stop());
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

async function openPostgres(url: string, engine: Database['engine'], opts: OpenOptions, after: () => Promise<void>): Promise<Database> {
  if (opts.migrate ?? true) await migrateDatabase(url);
  const client = postgres(url, { max: opts.poolMax ?? 10, onnotice: () => {}, connection: { application_name: 'contract-desk' } });
  const db = drizzle({ client, schema });
  return {
    db,
    engine,
    url,
    async close() {
      await client.end({ timeout: 5 });
      await after();
    },
  };
}

/**
 * Replicas starting together must not run the same migration twice: serialise on an advisory lock, held by a
 * one-connection client so the lock and the migration share a session.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const single = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle({ client: single }), { migrationsFolder: MIGRATIONS_DIR });
    await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await single.end({ timeout: 5 });
  }
}

export interface PgErrorInfo {
  code: string;
  constraint?: string;
}

/** The Postgres error under Drizzle's wrapper (DrizzleQueryError keeps it on `cause`). */
export function pgError(e: unknown): PgErrorInfo | null {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const c = cur as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) {
      const constraint = (c.constraint_name ?? c.constraint) as string | undefined;
      return { code: c.code, constraint };
    }
    cur = c.cause;
  }
  return null;
}
