// What every listener needs: the services' context, the account of the workspace, the user's language.
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { type AccountRow, accounts } from '../db/schema.js';
import type { DocKind } from '../domain/documents.js';
import type { DomainError } from '../domain/errors.js';
import type { Actor, Kind } from '../domain/types.js';
import type { Vendor } from '../domain/vendors.js';
import type { EsignService } from '../esign/types.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import type { TencentSyncDeps } from '../services/import-tencent.js';
import { noteOnHome, publishHomeTab } from './home.js';
import { accountLocale, type Locale } from './i18n.js';
import type { LocaleCache } from './locale.js';

export interface SlackDeps {
  ctx: Ctx;
  log: Logger;
  locales: LocaleCache;
  /**
   * Starts delivering the outbox now (after a change a listener made) instead of at the next tick: given a contract,
   * only its rows (the click's own, not the backlog); without one, the backlog. Never rejects (OutboxDispatcher logs
   * a failed run and the next one retries its rows), so listeners start it with a bare `void`.
   */
  deliverNow: (contractId?: string) => Promise<unknown>;
  /** The e-sign service: the Sign button records the signature there, as the e-sign app would. */
  esign: EsignService;
  /** Applies what the e-sign service knows about one contract now, instead of at the next poller tick. */
  pollNow: (contractId: string) => Promise<unknown>;
  /** Where a contract's draft PDF can be downloaded (the PDF issue signs these links). */
  documentUrl: (contractId: string, kind: DocKind) => string;
  /** How long the links documentUrl makes stay valid (LINK_TTL_HOURS), so what people are told is what they get. */
  linkTtlHours?: number;
  /** How much faster than the seeds the e-sign service runs (TIME_SCALE), so the durations people are told hold. */
  timeScale?: number;
  /** Where each kind's template (a sample PDF) is, for the vendor's 合同模板 link (docs/domain.md, Before starting) on the first step. */
  templateUrl?: (kind: Kind, vendor?: Vendor) => string;
  /** Who installed the app in a workspace (the installation store keeps it); null when unknown (one token). */
  installerOf?: (teamId: string) => Promise<string | null>;
  /** Tencent Cloud's billing API for the import modal's sync (its key sealed with TOKEN_ENCRYPTION_KEY). */
  tencent?: TencentSyncDeps;
  /** Slack says the workspace removed the app or revoked its bot token: its tokens go (install/index.ts). */
  workspaceGone?: (teamId: string, why: 'app_uninstalled' | 'tokens_revoked') => Promise<void>;
  /** The app's version, shown under /contract help (config.npm_package_version); none when unknown. */
  appVersion?: string;
}

// Every request starts by finding its workspace's account; the row changes only through /contract settings, which
// forgets it. Kept for a few seconds per app, so another replica's settings change shows within that time.
const ACCOUNT_TTL_MS = 5_000;
const accountCache = new WeakMap<SlackDeps, Map<string, { row: AccountRow; until: number }>>();

export async function accountForTeam(deps: SlackDeps, teamId: string | undefined): Promise<AccountRow | null> {
  if (!teamId) return null;
  let cache = accountCache.get(deps);
  if (!cache) accountCache.set(deps, (cache = new Map()));
  const hit = cache.get(teamId);
  if (hit && hit.until > Date.now()) return hit.row;
  const [account] = await deps.ctx.db.select().from(accounts).where(eq(accounts.slackTeamId, teamId));
  // A miss is not remembered: a workspace set up a moment ago must be found on its first command.
  if (account) cache.set(teamId, { row: account, until: Date.now() + ACCOUNT_TTL_MS });
  return account ?? null;
}

/** The account of the workspace if it is already known here, without a query. */
export function cachedAccount(deps: SlackDeps, teamId: string | undefined): AccountRow | null {
  const hit = teamId ? accountCache.get(deps)?.get(teamId) : undefined;
  return hit && hit.until > Date.now() ? hit.row : null;
}

export function forgetAccount(deps: SlackDeps, teamId: string): void {
  accountCache.get(deps)?.delete(teamId);
}

export const userActor = (account: AccountRow, userId: string): Actor & { type: 'user' } => ({ type: 'user', accountId: account.id, userId });

/** Who is asking: the workspace's account (null when it has none) and the person's language. */
export async function accountAndLocale(deps: SlackDeps, client: WebClient, body: { team?: { id: string } | null; user: { id: string; team_id?: string } }) {
  const teamId = body.team?.id ?? body.user.team_id;
  const account = await accountForTeam(deps, teamId);
  return { account, l: await localeOf(deps, client, account, body.user.id, teamId) };
}

export const fallbackLocale = (account: AccountRow | null): Locale => accountLocale(account);

/** The person's language; `teamId` is their workspace (the account's, unless it has none yet). */
export async function localeOf(
  deps: SlackDeps,
  client: WebClient,
  account: AccountRow | null,
  userId: string,
  teamId: string | undefined = account?.slackTeamId,
): Promise<Locale> {
  return deps.locales.get(client, teamId ?? '', userId, fallbackLocale(account));
}

export const refusalText = (e: DomainError, l: Locale) => `⚠️ ${e.message[l]}`;

/** An answer only the user sees, in their DM with the app (clicks from the Home tab have no channel). */
async function tellUser(client: WebClient, userId: string, text: string, channel?: string): Promise<void> {
  const target = channel ?? (await client.conversations.open({ users: userId })).channel!.id!;
  await client.chat.postEphemeral({ channel: target, user: userId, text });
}

/**
 * An answer to the person who clicked. A click on a message comes with a response_url, and an ephemeral reply through
 * it is what Slack recommends for answering a click: one small POST instead of a Web API call. Clicks elsewhere (the
 * Home tab, a modal) have none, and a response_url stops working after 30 minutes or five uses; both fall back to
 * chat.postEphemeral.
 */
export async function tellClicker(client: WebClient, userId: string, text: string, channel: string | undefined, respond?: RespondFn): Promise<void> {
  if (respond) {
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
      return;
    } catch {
      // fall through to the Web API
    }
  }
  await tellUser(client, userId, text, channel);
}

export function publishHome(deps: SlackDeps, client: WebClient, account: AccountRow, userId: string): Promise<void> {
  return publishHomeTab(deps.ctx.db, client, deps.locales, account, userId);
}

/** A click on the person's Home tab (its payload carries the Home view), not on a message or a modal. */
export const isHomeClick = (body: { view?: { type?: string } | null }): boolean => body.view?.type === 'home';

/**
 * A click on Home is answered where the person is: the answer goes to the top of their Home, republished now (a link
 * in place, a refusal, what happened), besides the answer in Messages every click gets (issue 26, item 15).
 */
export async function answerOnHome(deps: SlackDeps, client: WebClient, account: AccountRow, userId: string, text: string): Promise<void> {
  noteOnHome(account.id, userId, text);
  await publishHome(deps, client, account, userId).catch((e: unknown) => deps.log.warn({ err: e, user: userId }, 'home tab not refreshed with the answer'));
}
