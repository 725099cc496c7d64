// The signing poller: claims contracts that wait on the e-sign service, asks it, and applies what happened through
// the services. Runs on every replica; the claims keep them from doing the same work.
import { and, eq } from 'drizzle-orm';
import { contracts } from '../db/schema.js';
import { awaitsEsign } from '../domain/lifecycle.js';
import type { Actor } from '../domain/types.js';
import type { EsignService, FlowKind, FlowStatus } from '../esign/types.js';
import type { Logger } from '../log.js';
import * as svc from '../services/index.js';
import type { Ctx } from '../services/context.js';
import { claimDueContracts } from '../db/claims.js';

export const ESIGN_ACTOR: Actor = { type: 'system', name: 'esign' };

export interface PollerDeps {
  ctx: Ctx;
  esign: EsignService;
  log: Logger;
  /** How long a claim holds a contract before another replica may take it. */
  leaseMs?: number;
  /** How soon to ask again about a flow still running. */
  intervalMs?: number;
  batch?: number;
  /** A flow running this much longer than expected is flagged as stuck. */
  stuckAfterMs?: number;
}

export interface PollResult {
  claimed: number;
  moved: number;
}

const FLOW: Record<string, FlowKind> = {
  draft_generating: 'draft',
  customer_signing: 'customer',
  vendor_signing: 'vendor',
  cancelling: 'cancel',
};

export async function pollDue(d: PollerDeps): Promise<PollResult> {
  const now = d.ctx.clock();
  const ids = await claimDueContracts(d.ctx.db, now, new Date(now.getTime() + (d.leaseMs ?? 30_000)), d.batch ?? 200);
  let moved = 0;
  for (const id of ids) {
    try {
      if (await pollContract(d, id)) moved += 1;
    } catch (e) {
      // The lease runs out and the contract is tried again; one bad contract does not stop the others.
      d.log.error({ err: e, contract: id }, 'poll failed');
    }
  }
  if (ids.length) d.log.info({ claimed: ids.length, moved }, 'signing poller tick');
  return { claimed: ids.length, moved };
}

/**
 * Asks the e-sign service about one contract and applies the outcome; true when the contract moved. A move into
 * another waiting state (signed, now the vendor seals) starts that flow at once rather than a tick later.
 */
export async function pollContract(d: PollerDeps, id: string): Promise<boolean> {
  let moved = false;
  for (let step = 0; step < 4 && (await pollOnce(d, id)); step++) moved = true;
  return moved;
}

async function pollOnce(d: PollerDeps, id: string): Promise<boolean> {
  const [c] = await d.ctx.db.select().from(contracts).where(eq(contracts.id, id));
  if (!c) return false;
  const now = d.ctx.clock();
  if (!awaitsEsign(c)) {
    await d.ctx.db.update(contracts).set({ nextPollAt: null }).where(and(eq(contracts.id, id), eq(contracts.version, c.version)));
    return false;
  }
  const kind = FLOW[c.subStatus!]!;
  let flow: FlowStatus = await d.esign.start(c.id, kind, { phone: c.signerPhone ?? undefined, channel: c.sealChannel });
  if (kind === 'customer' && c.smsSentAt && flow.smsLastAt && c.smsSentAt > flow.smsLastAt) {
    flow = (await d.esign.resend(c.id)) ?? flow; // the requester pressed Resend
  }
  const o = { expectedVersion: c.version };
  if (flow.state === 'done') {
    const r =
      kind === 'draft' ? await svc.draftGenerated(d.ctx, ESIGN_ACTOR, c.id, o)
      : kind === 'customer' ? await svc.customerSigned(d.ctx, ESIGN_ACTOR, c.id, o)
      : kind === 'vendor' ? await svc.vendorSealed(d.ctx, ESIGN_ACTOR, c.id, o)
      : await svc.cancelConfirmed(d.ctx, ESIGN_ACTOR, c.id, o);
    if (r.ok) return true;
    if (r.error.code !== 'STALE_VERSION' && r.error.code !== 'ACTION_NOT_ALLOWED') d.log.warn({ contract: c.number, code: r.error.code }, 'transition refused');
    return false;
  }
  if (flow.state === 'failed') {
    await svc.flagStale(d.ctx, ESIGN_ACTOR, c.id, `e-sign ${kind}: ${flow.error ?? 'failed'}`);
    await d.esign.retry(c.id, kind);
  } else if (!flow.smsDelivered) {
    await svc.flagStale(d.ctx, ESIGN_ACTOR, c.id, 'SMS not delivered');
  } else if (kind !== 'customer' && now.getTime() - flow.startedAt.getTime() > (d.stuckAfterMs ?? 60 * 60_000)) {
    await svc.flagStale(d.ctx, ESIGN_ACTOR, c.id, `e-sign ${kind}: no progress since ${flow.startedAt.toISOString()}`);
  }
  await d.ctx.db
    .update(contracts)
    .set({ nextPollAt: new Date(now.getTime() + (d.intervalMs ?? 20_000)) })
    .where(and(eq(contracts.id, c.id), eq(contracts.version, c.version)));
  return false;
}
