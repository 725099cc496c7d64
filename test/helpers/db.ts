// A database of its own for each test file, copied from the migrated template (CREATE DATABASE … TEMPLATE).
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { seedDemoAccount, type SeedOptions } from '../../src/seed/demo.js';
import type { Ctx } from '../../src/services/context.js';
import { withDatabase } from './db-info.js';

export async function openTestDatabase(): Promise<Database> {
  const info = inject('testDb');
  const name = `cd_t_${process.ppid}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(info.url, { max: 1, onnotice: () => {} });
  try {
    // Two files copying the template at the same instant collide (55006): try again shortly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${info.template}"`);
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== '55006' || attempt > 50) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const d = await openDatabase({ url: withDatabase(info.url, name), migrate: false, poolMax: 20 });
  return {
    ...d,
    async close() {
      await d.close();
      const a = postgres(info.url, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

export interface TestEnv {
  database: Database;
  ctx: Ctx;
  /** The services' clock; tests move it. */
  now: Date;
  advance(ms: number): void;
  seed(opts?: Partial<SeedOptions>): ReturnType<typeof seedDemoAccount>;
}

let teamCounter = 0;

/** Opens the file's database before its tests and closes it after; each seed() is a fresh account. */
export function useTestDb(): TestEnv {
  const env = {
    now: new Date('2026-11-23T02:00:00Z'),
    advance(ms: number) {
      env.now = new Date(env.now.getTime() + ms);
    },
  } as TestEnv;
  beforeAll(async () => {
    env.database = await openTestDatabase();
    env.ctx = { db: env.database.db, clock: () => env.now };
    env.seed = (opts = {}) =>
      seedDemoAccount(env.database.db, {
        teamId: `T${process.pid}x${++teamCounter}x${randomBytes(3).toString('hex')}`,
        orderCount: 40,
        filingCount: 25,
        today: env.now,
        ...opts,
      });
  });
  afterAll(async () => {
    await env.database?.close();
  });
  return env;
}

/** The services' database on a pool of its own whose every statement is kept: which reads a use case makes. */
export function watchedCtx(url: string, clock: () => Date) {
  const statements: string[] = [];
  const client = postgres(url, { max: 5, onnotice: () => {}, debug: (_c, query) => void statements.push(query) });
  const ctx: Ctx = { db: drizzle({ client, schema }), clock };
  /** The statements that read a table's rows (the writer's UPDATE … FROM is no read). */
  const readsOf = (table: string) => statements.filter((q) => new RegExp(`^select .* from "${table}"`, 'is').test(q));
  return { ctx, statements, readsOf, close: () => client.end() };
}
