// The App Home tab: the person's own contracts with their next steps, the approvals waiting for them, and the answer to
// their last click here. Published when the tab is opened, after the person acts, and by the outbox dispatcher when a
// contract of theirs (or an approval of theirs) moves.
import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/client.js';
import type { AccountRow } from '../db/schema.js';
import { approvalPolicyOf } from '../domain/rules.js';
import { rolesOf } from '../services/access.js';
import { itemRefsOf, lastRejectors, listContracts, waitingForApproval } from '../services/queries.js';
import { accountLocale, type Locale, t } from './i18n.js';
import type { LocaleCache } from './locale.js';
import { homeView } from './views/contract.js';

export async function publishHomeTab(db: Db, client: WebClient, locales: LocaleCache, account: AccountRow, userId: string): Promise<void> {
  const l = await locales.get(client, account.slackTeamId, userId, accountLocale(account));
  const [mine, roles] = await Promise.all([listContracts(db, account.id, { requesterId: userId, limit: 200 }), rolesOf(db, account.id, userId)]);
  const approvals = roles.isApprover ? await waitingForApproval(db, account.id, userId) : [];
  const shown = [...mine, ...approvals];
  const [items, rejectedBy] = await Promise.all([
    itemRefsOf(
      db,
      shown.filter((c) => c.kind === 'filing').map((c) => c.id),
    ),
    lastRejectors(
      db,
      mine.filter((c) => c.rejectionReason).map((c) => c.id),
    ),
  ]);
  const cx = { policy: approvalPolicyOf(account), canImport: roles.isAdmin };
  const view = homeView(mine, l, cx, { items, approvals, rejectedBy, notice: noticeFor(account.id, userId) });
  try {
    await client.views.publish({ user_id: userId, view });
  } catch (e) {
    await tellHomeRefused(client, `${account.slackTeamId} ${userId}`, userId, l);
    throw e; // the caller logs it, with Slack's reasons
  }
}

// The answer to a click on Home is shown at the top of Home (and in Messages, as every answer): kept a while, so the
// publish that follows the change (the dispatcher's) keeps showing it. Per process: another replica's publish of the
// same Home drops it, and the answer in Messages remains.
const NOTICE_MS = 10 * 60 * 1000;
const notices = new Map<string, { text: string; until: number }>();

/** Shows `text` at the top of this person's Home until it is replaced or ten minutes pass. */
export function noteOnHome(accountId: string, userId: string, text: string): void {
  notices.set(`${accountId}:${userId}`, { text, until: Date.now() + NOTICE_MS });
}

function noticeFor(accountId: string, userId: string): string | null {
  const key = `${accountId}:${userId}`;
  const n = notices.get(key);
  if (!n) return null;
  if (n.until > Date.now()) return n.text;
  notices.delete(key);
  return null;
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
