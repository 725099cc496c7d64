// Who may set a workspace up (R17) and whom the others ask: whoever installed the app (the installation store knows),
// or a workspace admin or owner as Slack's users.info says. Also whether a person picked for a role is still active.
import type { WebClient } from '@slack/web-api';
import type { SetupRight } from '../domain/roles.js';
import type { SlackDeps } from './context.js';

interface SlackUser {
  id?: string;
  deleted?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  real_name?: string;
  tz?: string;
  profile?: { real_name?: string; display_name?: string };
}

const installerOf = async (deps: SlackDeps, teamId: string): Promise<string | null> => {
  try {
    return (await deps.installerOf?.(teamId)) ?? null;
  } catch (e) {
    deps.log.warn({ err: e, teamId }, 'installer look-up failed');
    return null;
  }
};

async function userInfo(client: WebClient, userId: string): Promise<SlackUser | null> {
  try {
    return (await client.users.info({ user: userId })).user ?? null;
  } catch {
    return null;
  }
}

/** The name people know a Slack user by. */
export const nameOf = (u: SlackUser | null): string => u?.profile?.display_name || u?.real_name || u?.profile?.real_name || '';

/** Whether this person may set the workspace up, and the time zone Slack has for them (the form's default). */
export async function setupRight(deps: SlackDeps, client: WebClient, teamId: string, userId: string): Promise<{ right: SetupRight | null; tz: string | null }> {
  const [installer, me] = await Promise.all([installerOf(deps, teamId), userInfo(client, userId)]);
  const tz = me?.tz ?? null;
  if (me?.deleted) return { right: null, tz };
  if (installer === userId) return { right: 'installer', tz };
  if (me?.is_owner) return { right: 'owner', tz };
  if (me?.is_admin) return { right: 'admin', tz };
  return { right: null, tz };
}

// users.list is Tier 2 and pages a whole workspace: the admins found are kept a while per workspace.
const ADMINS_TTL_MS = 10 * 60 * 1000;
const ADMIN_PAGES = 5;
const PAGE = 200;
const ASK_MAX = 5;
const adminCache = new WeakMap<SlackDeps, Map<string, { ids: string[]; until: number }>>();

/** The workspace's owners and admins (active people, not bots), owners first, from users.list. */
async function workspaceAdmins(deps: SlackDeps, client: WebClient, teamId: string): Promise<string[]> {
  let cache = adminCache.get(deps);
  if (!cache) adminCache.set(deps, (cache = new Map()));
  const hit = cache.get(teamId);
  if (hit && hit.until > Date.now()) return hit.ids;
  const owners: string[] = [];
  const admins: string[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < ADMIN_PAGES; page++) {
      const r = await client.users.list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const u of (r.members ?? []) as SlackUser[]) {
        if (!u.id || u.deleted || u.is_bot || u.is_restricted) continue;
        if (u.is_owner) owners.push(u.id);
        else if (u.is_admin) admins.push(u.id);
      }
      cursor = r.response_metadata?.next_cursor || undefined;
      if (!cursor || owners.length + admins.length >= ASK_MAX) break;
    }
  } catch (e) {
    deps.log.warn({ err: e, teamId }, 'users.list failed: no admins to name');
  }
  const ids = [...owners, ...admins];
  cache.set(teamId, { ids, until: Date.now() + ADMINS_TTL_MS });
  return ids;
}

/** Whom a person who may not set up should ask: whoever installed the app, then the workspace's owners and admins. */
export async function whomToAsk(deps: SlackDeps, client: WebClient, teamId: string): Promise<string[]> {
  const installer = await installerOf(deps, teamId);
  const admins = await workspaceAdmins(deps, client, teamId);
  return [...new Set([...(installer ? [installer] : []), ...admins])].slice(0, ASK_MAX);
}

/** Who is told when no admin is left: whoever installed the app, else the workspace's owners and admins. */
export async function fallbackAdmins(deps: SlackDeps, client: WebClient, teamId: string, except: string): Promise<string[]> {
  return (await whomToAsk(deps, client, teamId)).filter((id) => id !== except);
}

/** People picked for a role: the deactivated among them (Slack still answers users.info for them), and everyone's name. */
export async function checkPeople(client: WebClient, ids: string[]): Promise<{ deactivated: Map<string, string>; names: Record<string, string> }> {
  const infos = await Promise.all([...new Set(ids)].map(async (id) => [id, await userInfo(client, id)] as const));
  const deactivated = new Map<string, string>();
  const names: Record<string, string> = {};
  for (const [id, u] of infos) {
    const name = nameOf(u);
    if (name) names[id] = name;
    if (u?.deleted) deactivated.set(id, name || id);
  }
  return { deactivated, names };
}
