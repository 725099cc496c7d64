// The customer's side of a paper copy: the stamped contract mailed to the vendor, then received by it. Both are
// facts on the paper request with an audit event, not statuses: the status table keeps paper_requested until the
// vendor ships, and its actions (view mailing info) do not change with them.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type ContractRow, paperRequests } from '../db/schema.js';
import { addWorkingDays } from '../domain/calendar.js';
import type { Result } from '../domain/errors.js';
import { firstError, PaperMailed, parseInput } from '../domain/inputs.js';
import { PAPER_WORKING_DAYS } from '../domain/rules.js';
import type { Actor } from '../domain/types.js';
import { authorize } from './access.js';
import { type Ctx, inTransaction, Refusal, refuse } from './context.js';
import { loadAccount } from './create-draft.js';
import { lockContract } from './transition.js';
import { stateOf, statusNotice, writeEvent } from './transition-writer.js';

export { MAX_TRACKING } from '../domain/inputs.js';

type PaperRow = typeof paperRequests.$inferSelect;

async function paperFact(
  ctx: Ctx,
  actor: Actor,
  id: string,
  action: 'paperMailed' | 'paperReceived',
  write: (tx: Tx, c: ContractRow, p: PaperRow, now: Date) => Promise<Record<string, unknown>>,
  expectedVersion?: number,
): Promise<Result<ContractRow>> {
  return inTransaction(ctx, async (tx) => {
    const c = await lockContract(tx, actor, id);
    // The same people as for the mailing info: the requester and admins (the return address is personal data).
    await authorize(tx, actor, c, 'requester', 'viewMailing');
    if (c.subStatus !== 'paper_requested') refuse('R14_NOT_EFFECTIVE');
    if (expectedVersion !== undefined && expectedVersion !== c.version) refuse('STALE_VERSION');
    const [p] = await tx.select().from(paperRequests).where(eq(paperRequests.contractId, c.id)).for('update');
    if (!p) refuse('CONTRACT_NOT_FOUND');
    const now = ctx.clock();
    const detail = await write(tx, c, p, now);
    return writeEvent(
      tx,
      {
        contract: c,
        actor,
        action,
        patch: {},
        versioned: true,
        detail,
        notices: (updated) => [statusNotice(updated, action, actor, stateOf(c), stateOf(c), detail)],
      },
      now,
    );
  });
}

const who = (actor: Actor) => (actor.type === 'user' ? actor.userId : `system:${actor.name}`);

/** Tencent's paper guide step 3: the printed, stamped contract is in the post to the vendor; the courier number is optional. */
export const paperMailed = (ctx: Ctx, actor: Actor, id: string, tracking?: string | null, o?: { expectedVersion?: number }) =>
  paperFact(
    ctx,
    actor,
    id,
    'paperMailed',
    async (tx, c, p, now) => {
      if (p.mailedAt) refuse('ACTION_NOT_ALLOWED', { state: { zh: '已邮寄', en: 'already mailed' }, action: { zh: '记录邮寄', en: 'record mailing' } });
      const form = parseInput(PaperMailed, { tracking: tracking ?? '' });
      if (!form.ok) throw new Refusal(firstError(form.errors));
      const t = form.value.tracking;
      await tx
        .update(paperRequests)
        .set({ mailedAt: now, mailedBy: who(actor), outboundTracking: t })
        .where(eq(paperRequests.contractId, c.id));
      return t ? { trackingNumber: t } : {};
    },
    o?.expectedVersion,
  );

/** The vendor has the customer's copy: the 15 working days (mainland-China calendar) start now (FAQ Q2, R14). */
export const paperReceived = (ctx: Ctx, actor: Actor, id: string, o?: { expectedVersion?: number }) =>
  paperFact(
    ctx,
    actor,
    id,
    'paperReceived',
    async (tx, c, p, now) => {
      if (!p.mailedAt || p.receivedAt) {
        const state = p.receivedAt ? { zh: '供应商已收到', en: 'already received' } : { zh: '尚未邮寄', en: 'not mailed yet' };
        refuse('ACTION_NOT_ALLOWED', { state, action: { zh: '记录签收', en: 'record receipt' } });
      }
      const account = await loadAccount(tx, c.accountId);
      const shipDueAt = addWorkingDays(now, PAPER_WORKING_DAYS, account.timeZone);
      await tx
        .update(paperRequests)
        .set({ receivedAt: now, receivedBy: who(actor), shipDueAt })
        .where(eq(paperRequests.contractId, c.id));
      return { shipDueAt: shipDueAt.toISOString() };
    },
    o?.expectedVersion,
  );
