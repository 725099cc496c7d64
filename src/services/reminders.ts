// A reminder is a change like any other: the reminders row (once per contract version), its audit event and its
// outbox row are written in one transaction.
import type { ContractRow } from '../db/schema.js';
import { reminders } from '../db/schema.js';
import type { Notice, ReminderKind } from '../domain/notices.js';
import type { Actor } from '../domain/types.js';
import { type Ctx, inTransaction } from './context.js';
import { recordChange } from './trail.js';

export const REMINDER_ACTOR: Actor = { type: 'system', name: 'reminders' };

function reminderNotice(c: ContractRow, kind: ReminderKind): Notice {
  switch (kind) {
    case 'signer':
      return { topic: 'reminder.signer', payload: { number: c.number, signerId: c.signerId } };
    case 'requester':
      return { topic: 'reminder.requester', payload: { number: c.number, requesterId: c.requesterId } };
    case 'approvers':
      return { topic: 'reminder.approvers', payload: { number: c.number } };
    case 'filingExpiry':
      return { topic: 'reminder.filingExpiry', payload: { number: c.number, expiresAt: c.expiresAt?.toISOString() ?? '' } };
  }
}

/** Sends this reminder unless it went out for this version of the contract already; true when it was sent now. */
export async function remindOnce(ctx: Ctx, c: ContractRow, kind: ReminderKind): Promise<boolean> {
  const r = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock();
    const [first] = await tx.insert(reminders).values({ contractId: c.id, kind, version: c.version, sentAt: now }).onConflictDoNothing().returning();
    if (!first) return false;
    await recordChange(tx, {
      accountId: c.accountId,
      contractId: c.id,
      actor: REMINDER_ACTOR,
      action: 'reminderSent',
      detail: { kind },
      notices: [reminderNotice(c, kind)],
      at: now,
    });
    return true;
  });
  return r.ok && r.value;
}
