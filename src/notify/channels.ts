// The notification channels the app must be a member of. chat:write.public lets it post into a public channel it
// never joined, but conversations.history/replies (the double-post check) and file uploads answer not_in_channel there.
import type { WebClient } from '@slack/web-api';
import { isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accounts } from '../db/schema.js';
import type { Logger } from '../log.js';

/**
 * Joins every account's notification channel (channels:join) with its own workspace's client; best effort: a private
 * one is left to the admins, and a workspace the app is not installed in is skipped.
 */
export async function joinNotificationChannels(db: Db, clientFor: (account: { slackTeamId: string }) => Promise<WebClient | null>, log: Logger): Promise<void> {
  try {
    const rows = await db
      .select({ channel: accounts.notificationChannel, slackTeamId: accounts.slackTeamId })
      .from(accounts)
      .where(isNotNull(accounts.notificationChannel));
    for (const { channel, slackTeamId } of rows) {
      try {
        const client = await clientFor({ slackTeamId });
        if (client) await client.conversations.join({ channel: channel! });
      } catch (e) {
        log.warn({ channel, err: (e as { data?: { error?: string } }).data?.error ?? String(e) }, 'notification channel not joined');
      }
    }
  } catch (e) {
    log.warn({ err: e }, 'notification channels not joined');
  }
}
