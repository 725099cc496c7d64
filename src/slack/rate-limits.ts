// Slack's rate limits as data, shared by the emulator (which refuses what Slack would refuse) and the gate (which
// paces the app so that Slack never has to). Pure: no clock, no I/O.
//
// How Slack applies them (https://docs.slack.dev/apis/web-api/rate-limits, read in full): every Web API method has a
// tier, evaluated "per API method per workspace/team per app" in per-minute windows; Tier 1 "1+ per minute", Tier 2
// "20+", Tier 3 "50+", Tier 4 "100+"; a Special tier whose conditions each method's page gives. An excess call gets
// "HTTP 429 Too Many Requests" with a Retry-After header (seconds); "calls to other methods on behalf of this workspace
// are not restricted". Posting messages: "no more than one message per second per channel ... We allow bursts over
// that limit for short periods". The body is Slack's `ratelimited` error, listed on every method's page.
//
// Burst sizes: "Slack does not share precise burst limits externally" (same page). Every `burst` below is ours, chosen
// and marked so. Our reading of a tier is a token bucket: `burst` calls at once, refilled at `perMinute`. For Tiers
// 2–4 the burst is one minute's quota, since Slack counts in per-minute windows.

export type Tier = 1 | 2 | 3 | 4 | 'special';

export interface Budget {
  /** Calls allowed per minute, sustained. */
  perMinute: number;
  /** Calls allowed at once (a full bucket). Slack publishes none: each value is our choice. */
  burst: number;
}

export interface MethodLimit extends Budget {
  tier: Tier;
  /** The page the tier was read from; `seen` says how, when the page itself was not in our reference corpus. */
  source: string;
  seen?: string;
}

const RATE_LIMITS_PAGE = 'https://docs.slack.dev/apis/web-api/rate-limits';

/** The published per-minute figure of each tier, with the burst we chose for it. */
export const TIERS: Record<1 | 2 | 3 | 4, Budget> = {
  // "Access tier 1 methods infrequently. A small amount of burst behavior is tolerated." Burst 5: ours.
  1: { perMinute: 1, burst: 5 },
  // Bursts for Tiers 2-4: a minute's quota at once (ours; Slack counts per-minute windows).
  2: { perMinute: 20, burst: 20 },
  3: { perMinute: 50, burst: 50 },
  4: { perMinute: 100, burst: 100 },
};

const tier = (t: 1 | 2 | 3 | 4, source: string, seen?: string): MethodLimit => ({ tier: t, ...TIERS[t], source, ...(seen ? { seen } : {}) });

/**
 * Every method the app calls (grep `client\.` in src/, plus Bolt's and the OAuth installer's), with its tier. Where
 * the method's own page was not in our reference corpus, `seen` names where the tier was read instead.
 */
export const METHOD_LIMITS: Record<string, MethodLimit> = {
  // "Rate limits: Special" and "This method allows hundreds of requests per minute"; 300/min is our reading of
  // "hundreds", burst ours.
  'auth.test': { tier: 'special', perMinute: 300, burst: 100, source: 'https://api.slack.com/methods/auth.test' },
  'auth.revoke': tier(
    3,
    'https://api.slack.com/methods/auth.revoke',
    "the page's facts were not in our corpus; Tier 3 in Slack's Java SDK table (slackapi/java-slack-sdk MethodsRateLimits.java)",
  ),
  'users.info': tier(
    4,
    'https://api.slack.com/methods/users.info',
    "the page itself is not in our corpus; Tier 4 in Slack's own Java SDK table (slackapi/java-slack-sdk MethodsRateLimits.java) and in slack_kit's copy of Slack's method metadata",
  ),
  'users.list': tier(
    2,
    'https://api.slack.com/methods/users.list',
    "the page's facts were cut from what we could read; Tier 2 in Slack's Java SDK table and slack_kit's copy",
  ),
  'conversations.open': tier(3, 'https://api.slack.com/methods/conversations.open'),
  'conversations.join': tier(
    3,
    'https://api.slack.com/methods/conversations.join',
    'read at https://api.slack.com/methods/channels.join, which shows the conversations.join page',
  ),
  'conversations.info': tier(
    3,
    'https://api.slack.com/methods/conversations.info',
    "the page's facts were not in our corpus; Tier 3 in Slack's Java SDK table and in slack_kit's copy of Slack's method metadata",
  ),
  // Tier 3 for Marketplace and internal apps; see NON_MARKETPLACE_HISTORY for the others.
  'conversations.history': tier(3, 'https://docs.slack.dev/reference/methods/conversations.history'),
  'conversations.replies': tier(3, 'https://docs.slack.dev/reference/methods/conversations.replies'),
  // chat.postMessage is Special: its per-method budget is the workspace-wide one below; the per-channel one is
  // POST_PER_CHANNEL.
  'chat.postMessage': {
    tier: 'special',
    // "limiting posting to several hundred messages per minute. Generous burst behavior is also granted." 300/min is
    // our reading of "several hundred"; the burst is ours.
    perMinute: 300,
    burst: 60,
    source: 'https://api.slack.com/methods/chat.postMessage',
  },
  'chat.update': tier(3, 'https://api.slack.com/methods/chat.update'),
  'chat.postEphemeral': tier(
    4,
    'https://api.slack.com/methods/chat.postEphemeral',
    "the page is in our corpus but its facts were cut from what we could read; Tier 4 in Slack's Java SDK table and slack_kit's copy",
  ),
  'views.open': tier(4, 'https://api.slack.com/methods/views.open'),
  'views.push': tier(
    4,
    'https://api.slack.com/methods/views.push',
    "the page's facts were cut from what we could read; Tier 4 in Slack's Java SDK table and slack_kit's copy",
  ),
  'views.update': tier(4, 'https://api.slack.com/methods/views.update'),
  'views.publish': tier(
    4,
    'https://api.slack.com/methods/views.publish',
    "the page's facts were cut from what we could read; Tier 4 in Slack's Java SDK table and slack_kit's copy",
  ),
  'files.getUploadURLExternal': tier(4, 'https://api.slack.com/methods/files.getUploadURLExternal'),
  'files.completeUploadExternal': tier(4, 'https://api.slack.com/methods/files.completeUploadExternal'),
  'files.info': tier(
    4,
    'https://api.slack.com/methods/files.info',
    "the page itself is not in our corpus; Tier 4 in Slack's Java SDK table and slack_kit's copy",
  ),
  // "Rate limits: Special" with no figure given; we treat it as Tier 4 (Slack's Java SDK lists Tier 4).
  'oauth.v2.access': { tier: 'special', ...TIERS[4], source: 'https://api.slack.com/methods/oauth.v2.access' },
  'apps.connections.open': tier(1, 'https://api.slack.com/methods/apps.connections.open'),
};

/**
 * chat.postMessage per channel: "It will generally allow an app to post 1 message per second to a specific channel"
 * (https://api.slack.com/methods/chat.postMessage); "Short bursts >1 allowed" (rate-limits page). Burst 5: ours.
 */
export const POST_PER_CHANNEL: Budget & { source: string } = { perMinute: 60, burst: 5, source: 'https://api.slack.com/methods/chat.postMessage' };

/** The methods whose calls count against their channel's posting budget as well as their own. */
export const PER_CHANNEL_METHODS: ReadonlySet<string> = new Set(['chat.postMessage']);

/**
 * Apps commercially distributed outside the Slack Marketplace: "this method is rate limited to 1 request per minute.
 * The maximum and default values for the limit parameter have both been reduced to 15 objects." (the pages of both
 * methods, and https://docs.slack.dev/changelog/2025/05/29/rate-limit-changes-for-non-marketplace-apps: "changing
 * from Tier 3 to Tier 1"). A switch: internal apps like this one keep Tier 3. Burst 1: "1 request per minute" taken
 * as written.
 */
export const NON_MARKETPLACE_HISTORY: Budget & { pageLimit: number; methods: readonly string[]; source: string } = {
  perMinute: 1,
  burst: 1,
  pageLimit: 15,
  methods: ['conversations.history', 'conversations.replies'],
  source: 'https://docs.slack.dev/reference/methods/conversations.replies',
};

/**
 * A response_url is not a Web API method and has no tier: "You can use response_url to publish up to 5 times within
 * 30 minutes" (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses, read through a quote
 * of it; the page itself is not in our corpus). Each URL is its own budget, so neither the emulator nor the gate
 * paces these; an expired one is answered as the emulator's `failures.set('response_url', …)` plays it.
 */
export const RESPONSE_URL = { uses: 5, withinMinutes: 30 } as const;

export const SOURCES = { rateLimits: RATE_LIMITS_PAGE } as const;

export interface LimitOptions {
  /** The app is distributed outside the Slack Marketplace (NON_MARKETPLACE_HISTORY applies). */
  nonMarketplace?: boolean;
  /**
   * Every budget's rate multiplied by this (tests and the bench only, given to the emulator and the gate alike, so
   * that a suite posting hundreds of messages into one channel runs in seconds; bursts stay as they are). Default 1:
   * Slack's own figures.
   */
  scale?: number;
}

/** One budget a call draws on: `key` names what it is shared by (the method, or the method and a channel). */
export interface Lane extends Budget {
  key: string;
}

/**
 * The budgets a call of `method` draws on within one workspace: its method's, and for a post its channel's too.
 * Unknown methods draw on none (Slack's Tier 2 default would be a guess; the table above names every method we call).
 */
export function lanesFor(method: string, channel: string | null, o: LimitOptions = {}): Lane[] {
  const limit = METHOD_LIMITS[method];
  if (!limit) return [];
  const history = o.nonMarketplace && NON_MARKETPLACE_HISTORY.methods.includes(method);
  const scale = o.scale ?? 1;
  const own: Lane = {
    key: method,
    perMinute: (history ? NON_MARKETPLACE_HISTORY.perMinute : limit.perMinute) * scale,
    burst: history ? NON_MARKETPLACE_HISTORY.burst : limit.burst,
  };
  if (!PER_CHANNEL_METHODS.has(method) || !channel) return [own];
  return [own, { key: `${method} ${channel}`, perMinute: POST_PER_CHANNEL.perMinute * scale, burst: POST_PER_CHANNEL.burst }];
}

/** The page size conversations.history/replies allow: 15 outside the Marketplace, otherwise what the caller asks. */
export function historyPageLimit(wanted: number, o: LimitOptions = {}): number {
  return o.nonMarketplace ? Math.min(wanted, NON_MARKETPLACE_HISTORY.pageLimit) : wanted;
}
