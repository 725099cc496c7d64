// Reminders: a signer who has not signed for a day (then the requester), approvals waiting a day, filing contracts
// 30 days before they expire; and the yearly expiry itself (R12). Each reminder goes out once per contract version,
// written by the services with its audit event like any other change.
import { and, eq, isNull, lte } from 'drizzle-orm';
import { contracts } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { expireFilings, REMINDER_ACTOR, remindOnce } from '../services/index.js';

const DAY = 24 * 3600 * 1000;

export async function sendReminders(ctx: Ctx, log: Logger): Promise<{ sent: number; expired: string[] }> {
  const now = ctx.clock();
  const db = ctx.db;
  let sent = 0;
  const signing = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.subStatus, 'customer_signing'), lte(contracts.smsSentAt, new Date(now.getTime() - DAY))));
  for (const c of signing) {
    if (await remindOnce(ctx, c, 'signer')) sent += 1;
    if (c.smsSentAt! <= new Date(now.getTime() - 2 * DAY) && (await remindOnce(ctx, c, 'requester'))) sent += 1;
  }
  const waiting = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.subStatus, 'awaiting_approval'), lte(contracts.updatedAt, new Date(now.getTime() - DAY))));
  for (const c of waiting) if (await remindOnce(ctx, c, 'approvers')) sent += 1;
  const expiring = await db
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.kind, 'filing'),
        eq(contracts.status, 'effective'),
        isNull(contracts.expiredAt),
        lte(contracts.expiresAt, new Date(now.getTime() + 30 * DAY)),
      ),
    );
  for (const c of expiring) {
    if (c.expiresAt! > now && (await remindOnce(ctx, c, 'filingExpiry'))) sent += 1;
  }
  const { expired } = await expireFilings(ctx, REMINDER_ACTOR);
  if (sent || expired.length) log.info({ sent, expired }, 'reminders');
  return { sent, expired };
}
