// Every row of docs/domain.md's status table: what the row allows succeeds, everything else is refused and changes nothing.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contracts, outbox } from '../../src/db/schema.js';
import type { Result } from '../../src/domain/errors.js';
import { type Action, ACTIONS, findTransition, parseStateKey, type StateKey, stateKey, validStates } from '../../src/domain/lifecycle.js';
import type { SealChannel } from '../../src/domain/types.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf, effectiveFramework, eligibleOrders, newContractIn } from '../helpers/flows.js';

const env = useTestDb();
let acc: SeededAccount;
let free: string[];

beforeAll(async () => {
  acc = await env.seed({ orderCount: 400 });
  await effectiveFramework(env, acc);
  free = eligibleOrders(acc);
});

/** Performs one action as the person (or system) the table names, with valid input. */
function perform(action: Action, id: string): Promise<Result<unknown>> {
  const a = actorsOf(acc);
  const ctx = env.ctx;
  const signing = acc.signers ? { signerId: acc.signers.authorised } : { phone: '13912345678' };
  const calls: Record<Action, () => Promise<Result<unknown>>> = {
    fillPartyA: () => svc.fillPartyA(ctx, a.requester, id, {}),
    confirmText: () => svc.confirmText(ctx, a.requester, id),
    confirmSigningInfo: () => svc.confirmSigningInfo(ctx, a.requester, id, signing),
    startSigning: () => svc.startSigning(ctx, a.requester, id),
    convert: () => svc.convert(ctx, a.requester, id),
    void: () => svc.voidContract(ctx, a.requester, id),
    delete: () => svc.deleteContract(ctx, a.requester, id),
    cancelSigning: () => svc.cancelSigning(ctx, a.requester, id),
    resend: () => svc.resend(ctx, a.requester, id),
    requestPaper: () => svc.requestPaper(ctx, a.requester, id, { recipient: '张伟', phone: '13800138000', address: '北京市海淀区' }),
    viewMailing: () => svc.mailingInfo(ctx, a.requester, id),
    approve: () => svc.approve(ctx, a.approver, id),
    reject: () => svc.reject(ctx, a.approver, id, '金额有误 / wrong amount'),
    draftGenerated: () => svc.draftGenerated(ctx, a.system, id),
    customerSigned: () => svc.customerSigned(ctx, a.system, id),
    cancelConfirmed: () => svc.cancelConfirmed(ctx, a.system, id),
    vendorSealed: () => svc.vendorSealed(ctx, a.system, id),
    paperShipped: () => svc.paperShipped(ctx, a.system, id, 'SF1234567890'),
  };
  return calls[action]();
}

async function snapshot(id: string) {
  const [c] = await env.ctx.db.select().from(contracts).where(eq(contracts.id, id));
  const audits = await env.ctx.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.contractId, id));
  const notes = await env.ctx.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.contractId, id));
  return { state: stateKey(c!), version: c!.version, audits: audits.length, notes: notes.length };
}

const rows = validStates()
  .filter(({ state }) => state.status !== 'deleted')
  .map(({ channel, state }) => ({ channel, key: stateKey(state) }))
  .sort((x, y) => `${x.channel}${x.key}`.localeCompare(`${y.channel}${y.key}`));

describe.each(rows)('$channel $key', ({ channel, key }: { channel: SealChannel; key: StateKey }) => {
  const allowed = ACTIONS.filter((act) => findTransition(channel, parseStateKey(key), act));
  const refusedActions = ACTIONS.filter((act) => !allowed.includes(act));

  const reach = () => newContractIn(env, acc, { kind: 'order', channel, itemIds: [free.shift()!] }, key);

  it.each(allowed)('allows %s', async (action) => {
    const c = await reach();
    env.advance(61_000); // past the resend throttle
    if (action === 'startSigning') expect((await perform('confirmSigningInfo', c.id)).ok).toBe(true);
    const before = await snapshot(c.id);
    const r = await perform(action, c.id);
    expect(r.ok ? 'ok' : r.error.code).toBe('ok');
    const after = await snapshot(c.id);
    if (action === 'viewMailing') {
      expect(after).toEqual(before); // read-only
      return;
    }
    const t = findTransition(channel, parseStateKey(key), action)!;
    expect([t.to, t.toWhenApprovalNeeded]).toContain(after.state);
    expect(after.version).toBe(before.version + 1);
    expect(after.audits).toBe(before.audits + 1);
    expect(after.notes).toBeGreaterThan(before.notes);
  });

  it(`refuses the ${refusedActions.length} other actions and changes nothing`, async () => {
    const c = await reach();
    const before = await snapshot(c.id);
    for (const action of refusedActions) {
      const r = await perform(action, c.id);
      expect(r.ok, `${action} should be refused in ${channel} ${key}`).toBe(false);
      if (!r.ok) {
        expect(['ACTION_NOT_ALLOWED', 'R6_EFFECTIVE_IMMUTABLE', 'R14_NOT_EFFECTIVE']).toContain(r.error.code);
        expect(r.error.message.zh).not.toBe(r.error.message.en);
      }
    }
    expect(await snapshot(c.id)).toEqual(before);
  });
});
