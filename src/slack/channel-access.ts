// Whether the app can use a channel as the notification channel, checked when an admin picks it: a public channel is
// joined (channels:join: reading it back and sharing files there need membership), a private one must have had the
// app invited, or every post would fail with channel_not_found and nobody would know.
import type { WebClient } from '@slack/web-api';
import { type Locale, t } from './i18n.js';

const codeOf = (e: unknown) => (e as { data?: { error?: string } }).data?.error ?? 'service_unavailable';

/** Null when the app is (now) a member and can post; otherwise what to tell the admin, in their language. */
export async function notificationChannelProblem(client: WebClient, channel: string, l: Locale): Promise<string | null> {
  let info: { is_private?: boolean; is_member?: boolean; is_archived?: boolean } | undefined;
  try {
    info = (await client.conversations.info({ channel })).channel;
  } catch (e) {
    // A private channel the app was not invited to does not exist for it.
    return codeOf(e) === 'channel_not_found' ? t('channelPrivateNotMember', l) : t('channelUnusable', l, { error: codeOf(e) });
  }
  if (info?.is_archived) return t('channelArchived', l);
  if (info?.is_member) return null;
  if (info?.is_private) return t('channelPrivateNotMember', l);
  try {
    await client.conversations.join({ channel });
    return null;
  } catch (e) {
    return t('channelUnusable', l, { error: codeOf(e) });
  }
}
