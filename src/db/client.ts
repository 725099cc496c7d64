// Opens the database: embedded PGlite in a data folder by default, PostgreSQL through postgres.js when a URL is given.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDirLock } from './dir-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers take both. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');
/** Any constant works; it only has to be the same for every replica. */
const MIGRATION_LOCK_KEY = 7_240_001;

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** An already opened PGlite (tests load a migrated template into one). */
  pglite?: PGlite;
  migrate?: boolean;
  poolMax?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.migrate ?? true, opts.poolMax ?? 10);
  return openPglite(opts);
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let release: () => void = () => {};
  let client = opts.pglite;
  if (!client) {
    const dir = resolve(opts.dataDir ?? './.data');
    mkdirSync(dir, { recursive: true });
    // Two processes on one PGlite folder corrupt it silently; the lock makes the second one stop with a reason.
    release = acquireDirLock(dir);
    try {
      client = await PGlite.create(join(dir, 'pglite'));
    } catch (e) {
      release();
      throw e;
    }
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  if (opts.migrate ?? true) await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
  const pg = client;
  return {
    db,
    driver: 'pglite',
    async close() {
      await pg.close();
      release();
    },
  };
}

async function openPostgres(url: string, migrate: boolean, max: number): Promise<Database> {
  if (migrate) {
    // Replicas starting together must not run the same migration twice: serialise on an advisory lock,
    // held by a one-connection client so the lock and the migration share a session.
    const single = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder: MIGRATIONS_DIR });
      await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    } finally {
      await single.end({ timeout: 5 });
    }
  }
  const client = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'contract-desk' } });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
}

/** Rows of a raw `db.execute()`: PGlite answers `{ rows }`, postgres.js an array. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
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
