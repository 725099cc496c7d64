// Where every Web API client is made, with the options that say who is calling: a person's request (Bolt's listener
// clients and `respond`) or background work (the outbox, jobs, Home republishing by the dispatcher). Each workspace
// has its own token, so background work asks for its workspace's client here; nothing else creates a WebClient.
import { type Logger as SlackLogger, WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackGate } from './gate.js';
import { httpFetch } from './http-fetch.js';
import type { WorkspaceTokens } from './install/tokens.js';

// Every client's `fetch` is the gate's (src/slack/gate.ts): it paces calls to Slack's budgets, gives people's calls
// the way before background ones and sends a 429 again after Retry-After itself, so `rejectRateLimitedCalls` only
// hands back a 429 the gate gave up on.

/** People's requests: a 429 the gate could not wait out fails fast (the person is told), one retry for a network blip. */
export function peopleClientOptions(apiUrl: string | undefined, gate: SlackGate): WebClientOptions {
  return { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), rejectRateLimitedCalls: true, retryConfig: { retries: 1 }, fetch: gate.fetchFor('people') };
}

/**
 * Background work: no retries of its own (a retried post Slack had saved would appear twice; the outbox retries after
 * looking for it) and a timeout, so a post Slack never answers does not hold up every thread. The timeout is the
 * gate's, which starts when the call is sent: the WebClient's own would count the wait for a budget too, and a paced
 * post would look lost.
 */
export function backgroundClientOptions(apiUrl: string | undefined, timeoutMs: number, gate: SlackGate | null): WebClientOptions {
  const common = { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), rejectRateLimitedCalls: true, retryConfig: { retries: 0 } };
  // Without a gate (tests of how the outbox meets Slack's own answers, a 429 included) the transport is bare.
  return gate ? { ...common, fetch: gate.fetchFor('background', { timeoutMs }) } : { ...common, timeout: timeoutMs, fetch: httpFetch };
}

/**
 * The Socket Mode receiver's own client (apps.connections.open with the app-level token): its default retries (many,
 * backing off) are kept, since without the socket the app hears nothing.
 */
export function socketClientOptions(apiUrl: string | undefined, gate: SlackGate): WebClientOptions {
  return { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), fetch: gate.fetchFor('people') };
}

/** A client for one token (auth.test when a token is learned, the installer's own calls). */
export function clientForToken(token: string | undefined, options: WebClientOptions, logger?: SlackLogger): WebClient {
  return new WebClient(token, { ...options, ...(logger ? { logger } : {}) });
}

/**
 * One client per workspace for background work, made with its current token and kept while the token stays the same
 * (a rotated token gets a new client). A workspace without a token (uninstalled, revoked) gets none: no call is made.
 */
export class WorkspaceClients {
  private readonly clients = new Map<string, { token: string; client: WebClient }>();

  constructor(
    private readonly tokens: WorkspaceTokens,
    private readonly options: WebClientOptions,
  ) {
    tokens.onForget((teamId) => this.clients.delete(teamId));
  }

  async forTeam(teamId: string): Promise<WebClient | null> {
    const auth = await this.tokens.forTeam(teamId);
    if (!auth) {
      this.clients.delete(teamId);
      return null;
    }
    const hit = this.clients.get(teamId);
    if (hit && hit.token === auth.botToken) return hit.client;
    const client = new WebClient(auth.botToken, { ...this.options, teamId });
    this.clients.set(teamId, { token: auth.botToken, client });
    return client;
  }

  /** The client of an account's workspace; null while the app is not installed there. */
  readonly forAccount = (account: { slackTeamId: string }): Promise<WebClient | null> => this.forTeam(account.slackTeamId);
}
