// The shapes the emulator's parts share, and that tests and the sandbox page read.
import { randomBytes } from 'node:crypto';
import type { RateLimitSwitches } from './rate-limits.js';

export type Json = Record<string, unknown>;

export interface EmuUser {
  id: string;
  name: string;
  locale: string;
  /** IANA time zone, as users.info answers it (default Asia/Shanghai). */
  tz?: string;
  /** users.info's is_admin and is_owner: a workspace admin or owner (who may set the app up). */
  isAdmin?: boolean;
  isOwner?: boolean;
  /** A deactivated account: users.info still answers, with deleted: true. */
  deleted?: boolean;
}

export interface EmuMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: Json[];
  edits: number;
  files?: { name: string; url: string }[];
  metadata?: Json;
  /** Who wrote it: the bot unless a person typed it in the sandbox's composer. */
  user?: string;
  /** Wall-clock time of posting (ms), for display. */
  at?: number;
}

export interface EmuEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: Json[];
  ts?: string;
  at?: number;
  /** Where it answered: ephemerals show under the thread they belong to, as in Slack. */
  threadTs?: string;
}

/** What changed, and in which workspace, so a watcher (the sandbox page) can refresh the part it shows. */
export type EmuChange = { team: string } & (
  | { type: 'message'; channel: string; ts: string; threadTs?: string }
  | { type: 'ephemeral'; channel: string; user: string }
  | { type: 'view'; user: string }
  | { type: 'home'; user: string }
);

/** One workspace's conversations and Home tabs. */
export interface EmuTeamSnapshot {
  id: string;
  channels: [string, EmuMessage[]][];
  ephemerals: EmuEphemeral[];
  homes: [string, Json][];
}

/**
 * What survives a restart of `npm start`: the conversations, so threads the database points at still exist. Before
 * the emulator held many workspaces, one set of channels and homes was kept at the top level (still read).
 */
export interface EmuSnapshot {
  seq: number;
  clock: number;
  teams?: EmuTeamSnapshot[];
  channels?: [string, EmuMessage[]][];
  ephemerals?: EmuEphemeral[];
  homes?: [string, Json][];
}

export interface EmuView {
  id: string;
  hash: string;
  user: string;
  view: Json;
  rootViewId: string;
  previousViewId?: string;
  /** The app's last response_action: errors, by block_id, shown under the inputs until the next submit. */
  errors?: Record<string, string>;
}

export interface AppResponse {
  status: number;
  body: string;
  json?: Json;
}

/** A workspace (Slack team): its people and the bot the app has there once installed. */
export interface TeamOptions {
  id: string;
  name?: string;
  /** The workspace's subdomain (`<domain>.slack.com`), sent as `team_domain` / `team.domain`. */
  domain?: string;
  /** Set for a workspace of an Enterprise Grid organisation. */
  enterpriseId?: string;
  enterpriseName?: string;
  users?: EmuUser[];
  /** The app is installed with this bot token (default: one is made); `null`: not installed (install it by OAuth). */
  botToken?: string | null;
  botUserId?: string;
}

/** The app's OAuth credentials as Slack knows them (App Credentials), and whether it has token rotation on. */
export interface OAuthAppOptions {
  clientId: string;
  clientSecret: string;
  /** The Redirect URLs of the app's OAuth settings; a redirect_uri must match one of them. Empty: any. */
  redirectUrls?: string[];
  /** Token rotation on: bot tokens are `xoxe.xoxb-…`, expire, and come with a refresh token. */
  tokenRotation?: boolean;
  /** How long a rotating token lives (Slack: 12 hours). */
  tokenLifetimeSec?: number;
}

export interface EmulatorOptions {
  /** The first workspace; more are added with createTeam(). */
  teamId: string;
  teamName?: string;
  /** The app's bot token in the first workspace (default: one is made; read it from `botToken`). */
  botToken?: string;
  botUserId?: string;
  users?: EmuUser[];
  /** The app's OAuth credentials; unset: OAuth installs are refused (invalid_client_id). */
  oauth?: OAuthAppOptions;
  /** Slack's trigger_id lives 3 s; tests of the expiry shorten or lengthen it. */
  triggerTtlMs?: number;
  /** The clock triggers age by (ms); tests of their expiry move it instead of waiting. */
  now?: () => number;
  /**
   * How payloads reach the app: signed HTTP requests to its /slack/events (default), or envelopes over the Socket
   * Mode WebSocket the app opened with apps.connections.open.
   */
  transport?: Transport;
  /** The app-level token apps.connections.open accepts; unset: any `xapp-` token. */
  appToken?: string;
  /** Slack's rate limits (emulator/rate-limits.ts); `nonMarketplace` lowers conversations.history/replies as for unlisted apps. */
  rateLimits?: RateLimitSwitches;
}

export type Transport = 'http' | 'socket';
export const APP_ID = 'A0CONTRACT';

/** What the parts read live from the facade: the URL is known only once it serves. */
export interface Host {
  readonly url: string;
}

/** Who a workspace is, as payloads and auth.test name it. */
export interface TeamInfo {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly enterpriseId?: string;
  readonly enterpriseName?: string;
  readonly botUserId: string;
  readonly botId: string;
}

export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
  }
}

/** Slack-like ids (V…, F…, h…): a prefix and random hex, unique enough for one run. */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
}
