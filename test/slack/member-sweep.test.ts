// The daily sweep of role holders (issue 24 item 5): Slack deactivated two approvers of one workspace while the app
// missed the user_change event. The sweep asks users.info about each role holder, every workspace with its own token:
// both lose every role (audited as the event would), the admins hear that no approver is left, and the same people in
// another workspace, still active there, keep theirs. A workspace that removed the app is not called. Calls of one
// workspace are spaced within users.info's tier (Tier 4, 100 a minute: the sweep takes half).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, members } from '../../src/db/schema.js';
import { SWEEP_SPACING_MS } from '../../src/slack/member-sweep.js';
import { METHOD_LIMITS } from '../../src/slack/rate-limits.js';
import { eventually, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

describe('the daily sweep of people holding roles', () => {
  it('removes the roles of members Slack deactivated while the event was missed, tells the admins, and leaves other workspaces alone', async () => {
    const a = await s.workspace({ approvalKinds: ['order'] });
    const teamA = s.emu.teamId;
    // Deactivated in Slack, no event sent (the app was down).
    for (const id of [U.approver, U.approver2]) s.emu.users.get(id)!.deleted = true;
    const b = await s.workspace({ approvalKinds: ['order'] });
    const teamB = s.emu.teamId;
    const gone = await s.workspace();
    const teamGone = s.emu.teamId;
    const goneToken = s.emu.botToken(teamGone)!;
    await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'list')); // the app has used its token
    await s.emu.uninstall(teamGone);
    await eventually(async () => s.app.installations.store.isRevoked(goneToken), 'the uninstall recorded');

    const waits: number[] = [];
    const mark = s.emu.calls.length;
    const r = await s.app.slack.sweepMembers({ clientFor: (t) => s.app.clients.forTeam(t), sleep: async (ms) => void waits.push(ms) });
    await s.drain();

    // Each role holder asked once, in their own workspace with its own token; none in the one that removed the app.
    const asked = s.emu.calls.slice(mark).filter((c) => c.method === 'users.info' && c.args.user && [teamA, teamB].includes(c.team!));
    const holders = [U.admin, U.approver, U.approver2].sort();
    // (The admin's language may be asked too, to tell them: the same people.)
    for (const team of [teamA, teamB]) expect([...new Set(asked.filter((c) => c.team === team).map((c) => c.args.user))].sort()).toEqual(holders);
    expect(s.emu.calls.slice(mark).filter((c) => c.team === teamGone)).toEqual([]);
    expect(r.deactivated.sort()).toEqual([U.approver, U.approver2].sort());
    // Within the tier: between two calls of one workspace, at least a minute's share of Tier 4.
    expect(SWEEP_SPACING_MS).toBeGreaterThanOrEqual(60_000 / METHOD_LIMITS['users.info']!.perMinute);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((w) => w === SWEEP_SPACING_MS)).toBe(true);

    const rolesIn = async (accountId: string) =>
      (await s.db.ctx.db.select().from(members).where(eq(members.accountId, accountId))).filter((m) => m.isAdmin || m.isApprover || m.isEsignAdmin);
    expect((await rolesIn(a.accountId)).map((m) => m.slackUserId)).toEqual([U.admin]);
    expect((await rolesIn(b.accountId)).map((m) => m.slackUserId).sort()).toEqual(holders);
    expect((await rolesIn(gone.accountId)).length).toBe(3);
    const trail = await s.db.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, a.accountId), eq(auditEvents.action, 'memberDeactivated')));
    expect(trail.map((e) => e.detail.userId).sort()).toEqual([U.approver, U.approver2].sort());
    expect(trail.find((e) => (e.detail.emptied as string[]).length)?.detail.emptied).toEqual(['approver']);

    // The admin (Chinese) is told once that no approver is left.
    s.emu.use(teamA);
    const told = s.emu.messages(s.emu.dmChannel(U.admin)).filter((m) => m.text.includes('已停用'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('现在没有审批人');
    s.emu.use(teamB);
    expect(s.emu.messages(s.emu.dmChannel(U.admin)).filter((m) => m.text.includes('已停用'))).toEqual([]);

    // Tomorrow: nothing left to remove, nobody told again.
    const again = await s.app.slack.sweepMembers({ clientFor: (t) => s.app.clients.forTeam(t), sleep: async () => {} });
    await s.drain();
    expect(again.deactivated).toEqual([]);
    s.emu.use(teamA);
    expect(s.emu.messages(s.emu.dmChannel(U.admin)).filter((m) => m.text.includes('已停用'))).toHaveLength(1);
  });

  it('runs as a node-cron job of the scheduler', async () => {
    await s.workspace();
    const runs = s.app.jobs!.health.members?.runs ?? 0;
    const mark = s.emu.calls.length;
    await s.app.jobs!.tick.members();
    expect(s.app.jobs!.health.members!.runs).toBe(runs + 1);
    expect(s.emu.calls.slice(mark).some((c) => c.method === 'users.info')).toBe(true);
  });
});
