// How fast the lifecycle core moves contracts: full vendor-channel lives (create -> effective) per second.
import postgres from 'postgres';
import { type Database, openDatabase } from '../src/db/client.js';
import { DEMO_USERS, seedDemoAccount } from '../src/seed/demo.js';
import * as svc from '../src/services/index.js';

export interface LifecycleResult {
  engine: string;
  contracts: number;
  ms: number;
  perSecond: number;
  msPerTransition: number;
}

async function run(database: Database, n: number): Promise<LifecycleResult> {
  const now = new Date('2026-11-23T02:00:00Z');
  const ctx = { db: database.db, clock: () => now };
  const acc = await seedDemoAccount(database.db, { teamId: `TBENCH${Date.now()}`, orderCount: n * 2 + 50, filingCount: 0 });
  const me = { type: 'user' as const, accountId: acc.accountId, userId: DEMO_USERS.requester.id };
  const sys = { type: 'system' as const, name: 'bench' };
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
    if (!r.ok) throw new Error(r.error.code);
    return r.value;
  };
  const f = must(await svc.createDraft(ctx, me, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
  must(await svc.draftGenerated(ctx, sys, f.id));
  must(await svc.convert(ctx, me, f.id));
  must(await svc.vendorSealed(ctx, sys, f.id));
  const orders = acc.orders.filter((o) => o.type === 'prepaid' && !o.id.startsWith('EDGE')).map((o) => o.id);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const c = must(await svc.createDraft(ctx, me, { kind: 'order', channel: 'vendor_seal', itemIds: [orders[i]!] }));
    must(await svc.draftGenerated(ctx, sys, c.id));
    must(await svc.convert(ctx, me, c.id));
    must(await svc.vendorSealed(ctx, sys, c.id));
  }
  const ms = performance.now() - started;
  return { engine: engineOf(database), contracts: n, ms: Math.round(ms), perSecond: Math.round((n / ms) * 1000), msPerTransition: +(ms / (n * 4)).toFixed(2) };
}

export async function benchLifecycle(n: number, urls: string[]): Promise<LifecycleResult[]> {
  const results: LifecycleResult[] = [];
  for (const url of urls) await withBenchDatabase(url, async (d) => void results.push(await run(d, n)));
  return results;
}

/** Which engine a bench database lives on: the embedded cluster listens on a port of its own. */
export const engineOf = (d: Database) => (new URL(d.url).port === '5432' ? 'server' : 'embedded');

/** A PostgreSQL database of the bench's own, dropped afterwards: the server's other databases stay untouched. */
export async function withBenchDatabase(pgUrl: string, fn: (d: Database, url: string) => Promise<void>): Promise<void> {
  const name = `contract_desk_bench_${process.pid}_${Date.now()}`;
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    const pg = await openDatabase({ url: url.toString() });
    try {
      await fn(pg, url.toString());
    } finally {
      await pg.close();
    }
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
