// The signing poller: claims contracts that wait on the e-sign service, asks it, and applies what happened through
// the services. Runs on every replica; the claims keep them from doing the same work.
import { inArray, sql } from 'drizzle-orm';
import { claimDueContracts } from '../db/claims.js';
import { freeDeadClaims } from '../db/instance.js';
import { type ContractRow, contracts } from '../db/schema.js';
import { awaitsEsign, esignWaitOf, type FlowKind } from '../domain/lifecycle.js';
import type { Actor } from '../domain/types.js';
import { type EsignService, FLOWS_PER_CALL, type FlowStatus } from '../esign/types.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import * as svc from '../services/index.js';

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
  /** This app instance (db/instance.ts): its claims are freed at once should it die. */
  instance?: number;
}

export interface PollResult {
  claimed: number;
  moved: number;
}

/** Contracts read, asked about and moved together; the e-sign service is asked FLOWS_PER_CALL at a time. */
const DEFAULT_BATCH = 500;

export async function pollDue(d: PollerDeps): Promise<PollResult> {
  const now = d.ctx.clock();
  const dead = await freeDeadClaims(d.ctx.db, now);
  if (dead.length) d.log.warn({ instances: dead }, 'freed the claims of app instances that died');
  const ids = await claimDueContracts(d.ctx.db, now, new Date(now.getTime() + (d.leaseMs ?? 30_000)), d.batch ?? DEFAULT_BATCH, d.instance ?? null);
  const moved = await pollContracts(d, ids);
  if (ids.length) d.log.info({ claimed: ids.length, moved }, 'signing poller tick');
  return { claimed: ids.length, moved };
}

/** Asks the e-sign service about one contract now (a listener after a click) and applies the outcome; true when it moved. */
export async function pollContract(d: PollerDeps, id: string): Promise<boolean> {
  return (await pollContracts(d, [id])) > 0;
}

/**
 * Asks about the contracts and applies what finished; returns how many transitions were made. A move into another
 * waiting state (signed: now the vendor seals) is asked about at once rather than a tick later.
 */
async function pollContracts(d: PollerDeps, ids: string[]): Promise<number> {
  let moved = 0;
  let round = ids;
  for (let step = 0; step < 4 && round.length; step++) {
    const applied = await pollRound(d, round);
    moved += applied.length;
    round = applied.filter((a) => awaitsEsign(a.to)).map((a) => a.contractId);
  }
  return moved;
}

async function pollRound(d: PollerDeps, ids: string[]): Promise<svc.AppliedOutcome[]> {
  const now = d.ctx.clock();
  const rows = await d.ctx.db.select().from(contracts).where(inArray(contracts.id, ids));
  const waiting = rows.flatMap((c) => {
    const wait = esignWaitOf(c);
    return wait ? [{ c, wait }] : [];
  });
  const idle = rows.filter((c) => !esignWaitOf(c));
  if (idle.length) await reschedule(d, idle, null);

  const flows = new Map<string, FlowStatus>();
  for (let i = 0; i < waiting.length; i += FLOWS_PER_CALL) {
    const chunk = waiting.slice(i, i + FLOWS_PER_CALL);
    const got = await d.esign.startMany(
      chunk.map(({ c, wait }) => ({ contractId: c.id, kind: wait.flow, phone: c.signerPhone ?? undefined, channel: c.sealChannel })),
    );
    for (const [id, f] of got) flows.set(id, f);
  }

  const done: svc.EsignOutcome[] = [];
  const running: ContractRow[] = [];
  for (const { c, wait } of waiting) {
    let flow = flows.get(c.id);
    if (!flow) continue; // the service did not answer for it: the lease runs out and it is asked again
    if (wait.flow === 'customer' && c.smsSentAt && flow.smsLastAt && c.smsSentAt > flow.smsLastAt) {
      flow = (await d.esign.resend(c.id)) ?? flow; // the requester pressed Resend
    }
    if (flow.state === 'done') {
      done.push({ contractId: c.id, expectedVersion: c.version });
      continue;
    }
    try {
      await flagIfStuck(d, c, wait.flow, flow, now);
    } catch (e) {
      d.log.error({ err: e, contract: c.id }, 'poll failed');
    }
    running.push(c);
  }
  if (running.length) await reschedule(d, running, new Date(now.getTime() + (d.intervalMs ?? 20_000)));
  return applyDone(d, done);
}

/** The batch in one transaction; should it fail, one contract at a time, so one bad contract does not hold up the rest. */
async function applyDone(d: PollerDeps, done: svc.EsignOutcome[]): Promise<svc.AppliedOutcome[]> {
  try {
    return (await svc.applyEsignOutcomes(d.ctx, ESIGN_ACTOR, done)).applied;
  } catch (e) {
    if (done.length === 1) {
      d.log.error({ err: e, contract: done[0]!.contractId }, 'poll failed');
      return [];
    }
    d.log.warn({ err: e, contracts: done.length }, 'batch of e-sign outcomes failed; applying one by one');
    const applied: svc.AppliedOutcome[] = [];
    for (const o of done) applied.push(...(await applyDone(d, [o])));
    return applied;
  }
}

async function flagIfStuck(d: PollerDeps, c: ContractRow, kind: FlowKind, flow: FlowStatus, now: Date): Promise<void> {
  if (flow.state === 'failed') {
    await svc.flagStale(d.ctx, ESIGN_ACTOR, c.id, { why: 'failed', flow: kind, ...(flow.error ? { detail: flow.error } : {}) });
    await d.esign.retry(c.id, kind);
  } else if (!flow.smsDelivered) {
    await svc.flagStale(d.ctx, ESIGN_ACTOR, c.id, { why: 'smsUndelivered', flow: kind });
  } else if (kind !== 'customer' && now.getTime() - flow.startedAt.getTime() > (d.stuckAfterMs ?? 60 * 60_000)) {
    await svc.flagStale(d.ctx, ESIGN_ACTOR, c.id, { why: 'noProgress', flow: kind, detail: `running since ${flow.startedAt.toISOString()}` });
  }
}

/** The next poll of each contract, unless it moved since it was read (its transition set its own). */
async function reschedule(d: PollerDeps, rows: ContractRow[], at: Date | null): Promise<void> {
  const versions = JSON.stringify(rows.map((c) => ({ id: c.id, version: c.version })));
  await d.ctx.db.execute(sql`
    update contracts c set next_poll_at = ${at?.toISOString() ?? null}::timestamptz
    from jsonb_to_recordset(${versions}::jsonb) as v(id uuid, version int)
    where c.id = v.id and c.version = v.version`);
}
