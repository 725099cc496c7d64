// The use cases that used to live in listeners: settings saved in one transaction, the signer's Sign, the stale repair.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, auditEvents, contracts, members } from '../../src/db/schema.js';
import { SYSTEM } from '../../src/domain/types.js';
import { DEMO_USERS } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { useTestDb } from '../helpers/db.js';
import { actorsOf } from '../helpers/flows.js';

const env = useTestDb();

describe('saveSettingsAndRoles', () => {
  it('writes the policy and the approvers together, or nothing when one of them is refused', async () => {
    const acc = await env.seed();
    const a = actorsOf(acc);
    const audits = async () => (await env.ctx.db.select().from(auditEvents).where(eq(auditEvents.accountId, acc.accountId))).length;
    const before = await audits();
    const bad = await svc.saveSettingsAndRoles(env.ctx, a.admin, acc.accountId, {
      approvalMinTotalCents: 123,
      approvalKinds: ['order'],
      approvers: [DEMO_USERS.approver.id, 'not a user'],
    });
    expect(bad.ok ? 'saved' : bad.error.code).toBe('INVALID_INPUT');
    const [kept] = await env.ctx.db.select().from(accounts).where(eq(accounts.id, acc.accountId));
    expect(kept!.approvalMinTotalCents).not.toBe(123);
    expect(await audits()).toBe(before);

    const good = await svc.saveSettingsAndRoles(env.ctx, a.admin, acc.accountId, {
      approvalMinTotalCents: 123,
      approvalKinds: ['order'],
      approvers: [DEMO_USERS.requester2.id],
    });
    expect(good.ok).toBe(true);
    const approvers = (await env.ctx.db.select().from(members).where(eq(members.accountId, acc.accountId)))
      .filter((m) => m.isApprover)
      .map((m) => m.slackUserId);
    expect(approvers).toEqual([DEMO_USERS.requester2.id]);
    expect(await svc.membersWith(env.ctx.db, acc.accountId, 'isApprover')).toEqual([DEMO_USERS.requester2.id]);
  });
});

describe('repairLostFlows', () => {
  it('gives a contract waiting on e-sign with no poll a poll now, and flags it', async () => {
    const acc = await env.seed();
    const c = await svc.createDraft(env.ctx, actorsOf(acc).requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] });
    if (!c.ok) throw new Error(c.error.code);
    await env.ctx.db.update(contracts).set({ nextPollAt: null }).where(eq(contracts.id, c.value.id));
    expect(await svc.repairLostFlows(env.ctx, SYSTEM)).toContain(c.value.number);
    const [after] = await env.ctx.db.select().from(contracts).where(eq(contracts.id, c.value.id));
    expect(after!.nextPollAt).not.toBeNull();
    expect(after!.staleSince).not.toBeNull();
    expect(await svc.repairLostFlows(env.ctx, SYSTEM)).toEqual([]);
  });
});
