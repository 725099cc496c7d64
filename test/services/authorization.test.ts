// Every action × every role: allowed exactly where the status table and the policy say, refused (and nothing
// changed) everywhere else.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema.js';
import type { Result } from '../../src/domain/errors.js';
import { type Action, ACTIONS, performerOf, TRANSITIONS } from '../../src/domain/lifecycle.js';
import type { Actor } from '../../src/domain/types.js';
import { DEMO_USERS, type SeededAccount } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf, effectiveFramework, eligibleOrders, newContractIn } from '../helpers/flows.js';

const env = useTestDb();
let acc: SeededAccount;
let free: string[];
let stranger: Actor;

beforeAll(async () => {
  acc = await env.seed({ orderCount: 600 });
  await effectiveFramework(env, acc);
  free = eligibleOrders(acc);
  // The requester's own user id, but in another workspace.
  stranger = { type: 'user', accountId: (await env.seed()).accountId, userId: DEMO_USERS.requester.id };
});

const ROLES = ['requester', 'colleague', 'approver', 'signer', 'admin', 'stranger'] as const;
type Role = (typeof ROLES)[number];

function actorFor(role: Role): Actor {
  const a = actorsOf(acc);
  return { requester: a.requester, colleague: a.colleague, approver: a.approver, signer: a.signerUser, admin: a.admin, stranger }[role];
}

/** Who may do it: the requester or an admin for the requester's actions, an approver (not the requester) for approvals, nobody in Slack for the system's. */
function allowed(action: Action, role: Role): boolean {
  const by = performerOf(action);
  if (by === 'requester') return role === 'requester' || role === 'admin';
  if (by === 'approver') return role === 'approver';
  return false;
}

function perform(action: Action, actor: Actor, id: string): Promise<Result<unknown>> {
  const ctx = env.ctx;
  const calls: Record<Action, () => Promise<Result<unknown>>> = {
    fillPartyA: () => svc.fillPartyA(ctx, actor, id, {}),
    confirmText: () => svc.confirmText(ctx, actor, id),
    confirmSigningInfo: () => svc.confirmSigningInfo(ctx, actor, id, { signerId: acc.signers!.authorised }),
    startSigning: () => svc.startSigning(ctx, actor, id),
    convert: () => svc.convert(ctx, actor, id),
    void: () => svc.voidContract(ctx, actor, id),
    delete: () => svc.deleteContract(ctx, actor, id),
    cancelSigning: () => svc.cancelSigning(ctx, actor, id),
    resend: () => svc.resend(ctx, actor, id),
    requestPaper: () => svc.requestPaper(ctx, actor, id, { recipient: '张伟', phone: '13800138000', address: '北京' }),
    viewMailing: () => svc.mailingInfo(ctx, actor, id),
    approve: () => svc.approve(ctx, actor, id),
    reject: () => svc.reject(ctx, actor, id, '不同意'),
    draftGenerated: () => svc.draftGenerated(ctx, actor, id),
    customerSigned: () => svc.customerSigned(ctx, actor, id),
    cancelConfirmed: () => svc.cancelConfirmed(ctx, actor, id),
    vendorSealed: () => svc.vendorSealed(ctx, actor, id),
    paperShipped: () => svc.paperShipped(ctx, actor, id, 'SF1'),
  };
  return calls[action]();
}

/** One state in which each action is allowed, on a channel that has it. */
const CASES = ACTIONS.map((action) => {
  const t = TRANSITIONS.find((x) => x.action === action)!;
  return { action, channel: t.channels[0]!, from: t.from };
});

describe.each(CASES)('$action (from $from, $channel)', ({ action, channel, from }) => {
  it.each(ROLES)('as %s', async (role) => {
    const c = await newContractIn(env, acc, { kind: 'order', channel, itemIds: [free.shift()!] }, from);
    if (action === 'startSigning')
      expect((await svc.confirmSigningInfo(env.ctx, actorsOf(acc).requester, c.id, { signerId: acc.signers!.authorised })).ok).toBe(true);
    env.advance(61_000);
    const audits = async () => (await env.ctx.db.select().from(auditEvents).where(eq(auditEvents.contractId, c.id))).length;
    const before = await audits();
    const r = await perform(action, actorFor(role), c.id);
    if (allowed(action, role)) {
      expect(r.ok ? 'ok' : r.error.code).toBe('ok');
    } else {
      expect(r.ok ? 'ok' : r.error.code).toBe(role === 'stranger' ? 'CONTRACT_NOT_FOUND' : 'NOT_PERMITTED');
      expect(await audits()).toBe(before);
    }
  });
});
