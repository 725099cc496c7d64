// Each user's language from Slack's users.info (include_locale), cached: interaction payloads carry no locale. The same
// answer carries the name Slack shows for them, kept for the surfaces that cannot mention a user (a select's options).
// Kept per workspace: a user id means one person in one workspace only.
import type { WebClient } from '@slack/web-api';
import { type Locale, localeFromSlack } from './i18n.js';

const TTL_MS = 10 * 60 * 1000;

const key = (teamId: string, userId: string) => `${teamId} ${userId}`;

export class LocaleCache {
  private cache = new Map<string, { locale: Locale; name: string | null; until: number }>();

  async get(client: WebClient, teamId: string, userId: string, fallback: Locale): Promise<Locale> {
    return (await this.lookUp(client, teamId, userId, fallback))?.locale ?? fallback;
  }

  /** The name Slack shows for this person (display name, else real name), or null when Slack does not know them. */
  async name(client: WebClient, teamId: string, userId: string, fallback: Locale = 'zh'): Promise<string | null> {
    return (await this.lookUp(client, teamId, userId, fallback))?.name ?? null;
  }

  private async lookUp(client: WebClient, teamId: string, userId: string, fallback: Locale) {
    const hit = this.cache.get(key(teamId, userId));
    if (hit && hit.until > Date.now()) return hit;
    try {
      const r = await client.users.info({ user: userId, include_locale: true });
      const name = r.user?.profile?.display_name?.trim() || r.user?.real_name?.trim() || r.user?.profile?.real_name?.trim() || null;
      const entry = { locale: localeFromSlack(r.user?.locale, fallback), name, until: Date.now() + TTL_MS };
      this.cache.set(key(teamId, userId), entry);
      return entry;
    } catch {
      return null; // an unknown user or a Slack hiccup must not block the answer
    }
  }

  /** The language already known for this person, without asking Slack. */
  peek(teamId: string, userId: string): Locale | null {
    const hit = this.cache.get(key(teamId, userId));
    return hit && hit.until > Date.now() ? hit.locale : null;
  }

  /** user_change events refresh the cache. */
  forget(teamId: string, userId: string): void {
    this.cache.delete(key(teamId, userId));
  }

  /** The workspace removed the app: nothing of its people is kept. */
  forgetTeam(teamId: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${teamId} `)) this.cache.delete(k);
  }
}
