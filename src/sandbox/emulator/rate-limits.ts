// Slack's rate limits, enforced as Slack does: per app per workspace per method (and per channel for posts), an excess
// call answered 429 with Retry-After and `ratelimited`, nothing done. The numbers are src/slack/rate-limits.ts's, which
// the app's gate paces by. Budgets are the workspace's, whichever of its tokens a call carries (a rotated token,
// a user token); a call with no valid token is counted under the token it carried.
import { historyPageLimit, lanesFor, type LimitOptions, NON_MARKETPLACE_HISTORY } from '../../slack/rate-limits.js';
import { TokenBucket } from '../../slack/token-bucket.js';
import type { Json } from './types.js';

export interface RateLimitSwitches {
  /** On unless switched off: the app paces its calls through its gate (src/slack/gate.ts), as it must with Slack. */
  enabled?: boolean;
  /** conversations.history/replies at 1 a minute and 15 a page, as for apps outside the Slack Marketplace. */
  nonMarketplace?: boolean;
  /** LimitOptions.scale: the same figure must be given to the app's gate. */
  scale?: number;
  /** The clock budgets refill by (tests that count calls without racing the wall clock). */
  now?: () => number;
}

export class RateLimits {
  enabled: boolean;
  nonMarketplace: boolean;
  scale: number;
  /** Calls answered 429, per method. */
  readonly refused = new Map<string, number>();
  private readonly buckets = new Map<string, TokenBucket>();

  private readonly now: () => number;

  constructor(o: RateLimitSwitches = {}) {
    this.now = o.now ?? Date.now;
    this.enabled = o.enabled ?? true;
    this.nonMarketplace = o.nonMarketplace ?? false;
    this.scale = o.scale ?? 1;
  }

  get options(): LimitOptions {
    return { nonMarketplace: this.nonMarketplace, scale: this.scale };
  }

  /**
   * Seconds to wait when this call is over a limit (the call is refused and counts against nothing), else null and
   * the call is counted. `channel` is the conversation a post goes to, already resolved (a user id means their DM).
   */
  check(method: string, workspace: string, channel: string | null): number | null {
    if (!this.enabled) return null;
    const lanes = lanesFor(method, channel, this.options);
    if (!lanes.length) return null;
    const now = this.now();
    const buckets = lanes.map((l) => {
      const key = `${workspace}\u0000${l.key}`;
      let b = this.buckets.get(key);
      if (!b) this.buckets.set(key, (b = new TokenBucket(l)));
      return b;
    });
    const wait = Math.max(...buckets.map((b) => b.waitFor(now)));
    if (wait > 0) {
      this.refused.set(method, (this.refused.get(method) ?? 0) + 1);
      // Slack's Retry-After is whole seconds, never 0.
      return Math.max(1, Math.ceil(wait / 1000));
    }
    for (const b of buckets) b.take(now);
    return null;
  }

  /** Outside the Marketplace history and replies pages hold 15 messages at most, 15 by default: the args as Slack reads them. */
  pageArgs(method: string, args: Json): Json {
    if (!this.nonMarketplace || !NON_MARKETPLACE_HISTORY.methods.includes(method)) return args;
    return { ...args, limit: historyPageLimit(Number(args.limit ?? NON_MARKETPLACE_HISTORY.pageLimit), this.options) };
  }

  /** Every budget full again (a test that wants a fresh minute). */
  reset(): void {
    this.buckets.clear();
    this.refused.clear();
  }
}
