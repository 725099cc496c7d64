// The daily sweep of people holding roles (issue 24 item 5, R17). A deactivated member loses every role when Slack
// says so (the user_change event, listeners/events.ts); an event missed (the app down, a replica restarting, a
// workspace that never sends it) would leave an approver nobody can reach. Once a day each role holder is asked of
// users.info, and one Slack calls deleted goes the same way the event takes them: roles removed, the admins told when
// a role is left with nobody.
import type { WebClient } from '@slack/web-api';
import { asc, eq, or } from 'drizzle-orm';
import { accounts, members } from '../db/schema.js';
import type { SlackDeps } from './context.js';
import { deactivated } from './listeners/events.js';
import { METHOD_LIMITS } from './rate-limits.js';

/**
 * users.info is Tier 4 (src/slack/rate-limits.ts cites it): 100+ calls a minute per workspace. The sweep takes at most
 * half of that, one call every 1.2 s per workspace, so the people-facing calls (a person's language, set-up rights)
 * keep the other half. Workspaces are swept side by side, a few at a time: their limits are their own.
 */
export const SWEEP_SPACING_MS = 60_000 / (METHOD_LIMITS['users.info']!.perMinute / 2);
const WORKSPACES_AT_ONCE = 4;

export interface SweepOptions {
  /** A workspace's background client (its own token); null once it removed the app. */
  clientFor: (teamId: string) => Promise<WebClient | null>;
  /** Waits between two users.info calls of one workspace (tests record the waits instead). */
  sleep?: (ms: number) => Promise<void>;
}

export interface SweepOutcome {
  /** users.info calls answered. */
  checked: number;
  /** Members Slack calls deleted, whose roles went. */
  deactivated: string[];
  /** Calls that failed (logged; the member is asked again tomorrow). */
  failed: number;
}

interface SlackUser {
  id: string;
  deleted?: boolean;
  real_name?: string;
  profile?: { real_name?: string; display_name?: string };
}

export async function sweepRoleHolders(deps: SlackDeps, o: SweepOptions): Promise<SweepOutcome> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const rows = await deps.ctx.db
    .select({ teamId: accounts.slackTeamId, userId: members.slackUserId })
    .from(members)
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .where(or(eq(members.isAdmin, true), eq(members.isApprover, true), eq(members.isEsignAdmin, true)))
    .orderBy(asc(accounts.slackTeamId), asc(members.slackUserId));
  const byTeam = new Map<string, string[]>();
  for (const r of rows) byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), r.userId]);
  const out: SweepOutcome = { checked: 0, deactivated: [], failed: 0 };

  const sweepTeam = async (teamId: string, userIds: string[]) => {
    const client = await o.clientFor(teamId);
    if (!client) return; // not installed there (any more): nothing may be sent with its token
    for (const [i, userId] of userIds.entries()) {
      if (i > 0) await sleep(SWEEP_SPACING_MS);
      let user: SlackUser | undefined;
      try {
        user = (await client.users.info({ user: userId })).user as SlackUser | undefined;
      } catch (e) {
        out.failed += 1;
        deps.log.warn({ err: e, teamId, user: userId }, 'member sweep: users.info failed; asked again tomorrow');
        continue;
      }
      out.checked += 1;
      if (!user?.deleted) continue;
      await deactivated(deps, client, teamId, { ...user, id: userId });
      out.deactivated.push(userId);
    }
  };

  const teams = [...byTeam.entries()];
  for (let i = 0; i < teams.length; i += WORKSPACES_AT_ONCE)
    await Promise.all(teams.slice(i, i + WORKSPACES_AT_ONCE).map(([teamId, ids]) => sweepTeam(teamId, ids)));
  return out;
}
