// The App Home tab: the person's own contracts with their next steps. Published when the tab is opened, after the
// person acts, and by the outbox dispatcher when a contract of theirs moves.
import type { WebClient } from '@slack/web-api';
import type { AccountRow } from '../db/schema.js';
import type { Db } from '../db/client.js';
import { listContracts } from '../services/queries.js';
import type { LocaleCache } from './locale.js';
import { homeView } from './views/contract.js';

export async function publishHomeTab(db: Db, client: WebClient, locales: LocaleCache, account: AccountRow, userId: string): Promise<void> {
  const l = await locales.get(client, userId, account.language === 'en' ? 'en' : 'zh');
  const mine = await listContracts(db, account.id, { requesterId: userId, limit: 200 });
  await client.views.publish({ user_id: userId, view: homeView(mine, l) as never });
}
