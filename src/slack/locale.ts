// Each user's language from Slack's users.info (include_locale), cached: interaction payloads carry no locale.
import type { WebClient } from '@slack/web-api';
import { type Locale, localeFromSlack } from './i18n.js';

const TTL_MS = 10 * 60 * 1000;

export class LocaleCache {
  private cache = new Map<string, { locale: Locale; until: number }>();

  async get(client: WebClient, userId: string, fallback: Locale): Promise<Locale> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.locale;
    try {
      const r = await client.users.info({ user: userId, include_locale: true });
      const locale = localeFromSlack(r.user?.locale, fallback);
      this.cache.set(userId, { locale, until: Date.now() + TTL_MS });
      return locale;
    } catch {
      return fallback; // an unknown user or a Slack hiccup must not block the answer
    }
  }

  /** The language already known for this person, without asking Slack. */
  peek(userId: string): Locale | null {
    const hit = this.cache.get(userId);
    return hit && hit.until > Date.now() ? hit.locale : null;
  }

  /** user_change events refresh the cache. */
  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
