// What every listener needs: the services' context, the account of the workspace, the user's language.
import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { accounts, type AccountRow } from '../db/schema.js';
import type { DomainError } from '../domain/errors.js';
import type { EsignService } from '../esign/types.js';
import type { Actor } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../notify/dispatcher.js';
import type { Ctx } from '../services/context.js';
import { listContracts } from '../services/queries.js';
import type { Locale } from './i18n.js';
import type { LocaleCache } from './locale.js';
import { homeView } from './views/contract.js';

export interface SlackDeps {
  ctx: Ctx;
  log: Logger;
  locales: LocaleCache;
  notifier: Notifier;
  /** The e-sign service: the Sign button records the signature there, as the e-sign app would. */
  esign: EsignService;
  /** Applies what the e-sign service knows about one contract now, instead of at the next poller tick. */
  pollNow: (contractId: string) => Promise<unknown>;
  /** Where a contract's draft PDF can be downloaded (the PDF issue signs these links). */
  documentUrl: (contractId: string, kind: 'draft' | 'formal') => string;
}

export async function accountForTeam(deps: SlackDeps, teamId: string | undefined): Promise<AccountRow | null> {
  if (!teamId) return null;
  const [a] = await deps.ctx.db.select().from(accounts).where(eq(accounts.slackTeamId, teamId));
  return a ?? null;
}

export const userActor = (a: AccountRow, userId: string): Actor & { type: 'user' } => ({ type: 'user', accountId: a.id, userId });

export const fallbackLocale = (a: AccountRow | null): Locale => (a?.language === 'en' ? 'en' : 'zh');

export async function localeOf(deps: SlackDeps, client: WebClient, a: AccountRow | null, userId: string): Promise<Locale> {
  return deps.locales.get(client, userId, fallbackLocale(a));
}

export const refusalText = (e: DomainError, l: Locale) => `⚠️ ${e.message[l]}`;

/** An answer only the user sees, in their DM with the app (clicks from the Home tab have no channel). */
export async function tellUser(client: WebClient, userId: string, text: string, channel?: string): Promise<void> {
  const target = channel ?? (await client.conversations.open({ users: userId })).channel!.id!;
  await client.chat.postEphemeral({ channel: target, user: userId, text });
}

export async function publishHome(deps: SlackDeps, client: WebClient, a: AccountRow, userId: string): Promise<void> {
  const l = await localeOf(deps, client, a, userId);
  const mine = await listContracts(deps.ctx.db, a.id, { requesterId: userId, limit: 200 });
  await client.views.publish({ user_id: userId, view: homeView(mine, l) as never });
}
