// Reminders: a signer who has not signed for a day (then the requester), approvals waiting a day, filing contracts
// 30 days before they expire; and the yearly expiry itself (R12). Each reminder goes out once per contract version.
import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type ContractRow, contracts, outbox, reminders } from '../db/schema.js';
import { ESIGN_WAITS } from '../domain/lifecycle.js';
import type { Actor } from '../domain/types.js';
import type { Logger } from '../log.js';
import { type Ctx, inTransaction } from '../services/context.js';
import { expireFilings } from '../services/index.js';

export const REMINDER_ACTOR: Actor = { type: 'system', name: 'reminders' };
const DAY = 24 * 3600 * 1000;

async function remindOnce(ctx: Ctx, c: ContractRow, kind: string, payload: Record<string, unknown>): Promise<boolean> {
  const r = await inTransaction(ctx, async (tx: Tx) => {
    const now = ctx.clock();
    const [first] = await tx.insert(reminders).values({ contractId: c.id, kind, version: c.version, sentAt: now }).onConflictDoNothing().returning();
    if (!first) return false;
    await tx.insert(outbox).values({ accountId: c.accountId, contractId: c.id, topic: `reminder.${kind}`, payload: { number: c.number, ...payload }, createdAt: now, nextAttemptAt: now });
    return true;
  });
  return r.ok && r.value;
}

export async function sendReminders(ctx: Ctx, log: Logger): Promise<{ sent: number; expired: string[] }> {
  const now = ctx.clock();
  const db = ctx.db;
  let sent = 0;
  const signing = await db.select().from(contracts).where(and(eq(contracts.subStatus, 'customer_signing'), lte(contracts.smsSentAt, new Date(now.getTime() - DAY))));
  for (const c of signing) {
    if (await remindOnce(ctx, c, 'signer', { signerId: c.signerId })) sent += 1;
    if (c.smsSentAt! <= new Date(now.getTime() - 2 * DAY) && (await remindOnce(ctx, c, 'requester', { requesterId: c.requesterId }))) sent += 1;
  }
  const waiting = await db.select().from(contracts).where(and(eq(contracts.subStatus, 'awaiting_approval'), lte(contracts.updatedAt, new Date(now.getTime() - DAY))));
  for (const c of waiting) if (await remindOnce(ctx, c, 'approvers', {})) sent += 1;
  const expiring = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.kind, 'filing'), eq(contracts.status, 'effective'), isNull(contracts.expiredAt), lte(contracts.expiresAt, new Date(now.getTime() + 30 * DAY))));
  for (const c of expiring) {
    if (c.expiresAt! > now && (await remindOnce(ctx, c, 'filingExpiry', { expiresAt: c.expiresAt!.toISOString() }))) sent += 1;
  }
  const { expired } = await expireFilings(ctx, REMINDER_ACTOR);
  if (sent || expired.length) log.info({ sent, expired }, 'reminders');
  return { sent, expired };
}

/** Stale work: a contract that waits on the e-sign service but has no poll scheduled lost its flow; repair and flag it. */
export async function repairLostFlows(ctx: Ctx, log: Logger, flag: (id: string, reason: string) => Promise<unknown>): Promise<number> {
  const now = ctx.clock();
  const lost = await ctx.db
    .update(contracts)
    .set({ nextPollAt: now })
    .where(and(isNull(contracts.nextPollAt), inArray(contracts.subStatus, Object.keys(ESIGN_WAITS) as (keyof typeof ESIGN_WAITS)[])))
    .returning({ id: contracts.id, number: contracts.number });
  for (const c of lost) await flag(c.id, 'no poll was scheduled; polling again');
  if (lost.length) log.warn({ contracts: lost.map((c) => c.number) }, 'repaired lost flows');
  return lost.length;
}
