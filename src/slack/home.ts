// The App Home tab: the person's own contracts with their next steps. Published when the tab is opened, after the
// person acts, and by the outbox dispatcher when a contract of theirs moves.
import type { WebClient } from '@slack/web-api';
import type { AccountRow } from '../db/schema.js';
import type { Db } from '../db/client.js';
import { approvalPolicyOf } from '../domain/rules.js';
import { rolesOf } from '../services/access.js';
import { listContracts } from '../services/queries.js';
import { accountLocale, type Locale, t } from './i18n.js';
import type { LocaleCache } from './locale.js';
import { homeView } from './views/contract.js';

export async function publishHomeTab(db: Db, client: WebClient, locales: LocaleCache, account: AccountRow, userId: string): Promise<void> {
  const l = await locales.get(client, account.slackTeamId, userId, accountLocale(account));
  const [mine, roles] = await Promise.all([listContracts(db, account.id, { requesterId: userId, limit: 200 }), rolesOf(db, account.id, userId)]);
  try {
    await client.views.publish({ user_id: userId, view: homeView(mine, l, { policy: approvalPolicyOf(account), canImport: roles.isAdmin }) });
  } catch (e) {
    await tellHomeRefused(client, `${account.slackTeamId} ${userId}`, userId, l);
    throw e; // the caller logs it, with Slack's reasons
  }
}

// A Home tab is republished after every change: one message per person per hour says it is broken, not one per change.
const TOLD_EVERY_MS = 60 * 60 * 1000;
const told = new Map<string, number>();

async function tellHomeRefused(client: WebClient, who: string, userId: string, l: Locale): Promise<void> {
  const last = told.get(who);
  if (last !== undefined && Date.now() - last < TOLD_EVERY_MS) return;
  told.set(who, Date.now());
  // A DM: the Home tab is what failed, and an ephemeral needs a channel the person is looking at.
  await client.chat.postMessage({ channel: userId, text: t('homeRefused', l) }).catch(() => undefined);
}
