// The vendor's paper office: a requested paper copy is stamped and shipped on its due working day (R14).
import { createHash } from 'node:crypto';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { contracts, paperRequests } from '../db/schema.js';
import type { Actor } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { paperShipped } from '../services/index.js';

const PAPER_OFFICE: Actor = { type: 'system', name: 'paper-office' };

/** A courier-style number, stable per contract so a retry ships with the same one. */
const trackingNumberFor = (contractId: string) =>
  `SF${BigInt(`0x${createHash('sha256').update(contractId).digest('hex').slice(0, 12)}`)
    .toString()
    .padStart(13, '0')
    .slice(0, 13)}`;

export async function shipDuePaper(ctx: Ctx, log: Logger): Promise<{ shipped: string[] }> {
  const now = ctx.clock();
  const due = await ctx.db
    .select({ id: contracts.id, version: contracts.version, number: contracts.number })
    .from(paperRequests)
    .innerJoin(contracts, eq(contracts.id, paperRequests.contractId))
    .where(and(isNull(paperRequests.shippedAt), lte(paperRequests.shipDueAt, now), eq(contracts.subStatus, 'paper_requested')));
  const shipped: string[] = [];
  for (const c of due) {
    const r = await paperShipped(ctx, PAPER_OFFICE, c.id, trackingNumberFor(c.id), { expectedVersion: c.version });
    if (r.ok) shipped.push(c.number);
  }
  if (shipped.length) log.info({ shipped }, 'paper copies shipped');
  return { shipped };
}
