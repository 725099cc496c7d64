// Events: the Home tab opened (publish it; a workspace without an account shows the way to set it up), a person's
// profile changed (forget their cached language; a deactivated member loses every role, R17).
import type { WebClient } from '@slack/web-api';
import * as svc from '../../services/index.js';
import { accountForTeam, publishHome, type SlackDeps } from '../context.js';
import type { EventRouter } from '../routes.js';
import { fallbackAdmins, nameOf } from '../setup-access.js';
import { publishUnlinkedHome } from './setup.js';

interface ChangedUser {
  id: string;
  deleted?: boolean;
  real_name?: string;
  profile?: { real_name?: string; display_name?: string };
}

export function registerEvents(app: EventRouter, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id;
    const account = await accountForTeam(deps, teamId);
    if (account) await publishHome(deps, client, account, event.user);
    else if (teamId) await publishUnlinkedHome(deps, client, teamId, event.user);
  });
  app.event('user_change', async ({ event, body, client }) => {
    const user = (event as { user: ChangedUser }).user;
    const teamId = (body as { team_id?: string }).team_id;
    deps.locales.forget(teamId ?? '', user.id);
    if (await isDeactivated(client, user)) await deactivated(deps, client, teamId, user);
  });
}

/** The event carries `deleted`; should it not, Slack's users.info says (it still answers for a deactivated member). */
async function isDeactivated(client: WebClient, user: ChangedUser): Promise<boolean> {
  if (typeof user.deleted === 'boolean') return user.deleted;
  const info = await client.users.info({ user: user.id }).catch(() => null);
  return Boolean(info?.user?.deleted);
}

/** A member Slack calls deleted loses every role here (the event, or the daily sweep in slack/member-sweep.ts). */
export async function deactivated(deps: SlackDeps, client: WebClient, teamId: string | undefined, user: ChangedUser): Promise<void> {
  const account = await accountForTeam(deps, teamId);
  if (!account || !teamId) return;
  const roles = await svc.rolesOf(deps.ctx.db, account.id, user.id);
  if (!roles.isAdmin && !roles.isApprover && !roles.isEsignAdmin) return;
  // With the last admin gone, whoever installed the app (or the workspace's admins) hears of it instead.
  const fallback = roles.isAdmin ? await fallbackAdmins(deps, client, teamId, user.id) : [];
  const r = await svc.memberDeactivated(deps.ctx, account.id, user.id, { name: nameOf(user), fallback });
  if (!r.ok) deps.log.warn({ code: r.error.code, user: user.id }, 'deactivated member: roles not removed');
  else void deps.deliverNow();
}
