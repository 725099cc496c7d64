// Answers to clicks that Slack could not take when they were made (an outage): queued in the outbox, delivered as a
// DM once Slack is back. Not a change of anything, so no audit event.
import type { Messages } from '../domain/errors.js';
import type { Ctx } from './context.js';
import { writeNotices } from './trail.js';

export async function queueClickAnswer(ctx: Ctx, accountId: string, userId: string, text: Messages): Promise<void> {
  await writeNotices(ctx.db, accountId, null, [{ topic: 'click.answer', payload: { userId, text } }], ctx.clock());
}
