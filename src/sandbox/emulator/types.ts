// The shapes the emulator's parts share, and that tests and the sandbox page read.
import { randomBytes } from 'node:crypto';

export type Json = Record<string, unknown>;

export interface EmuUser {
  id: string;
  name: string;
  locale: string;
  tz?: string;
  /** users.info's is_admin and is_owner: a workspace admin or owner (who may set the app up). */
  isAdmin?: boolean;
  isOwner?: boolean;
  /** A deactivated account: users.info still answers, with deleted: true. */
  deleted?: boolean;
  /** The workspace they belong to, when tests hold several in one emulator: users.list lists a workspace's own. */
  teamId?: string;
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

/** What changed, so a watcher (the sandbox page) can refresh the part it shows. */
export type EmuChange =
  | { type: 'message'; channel: string; ts: string; threadTs?: string }
  | { type: 'ephemeral'; channel: string; user: string }
  | { type: 'view'; user: string }
  | { type: 'home'; user: string };

/** What survives a restart of `npm start`: the conversations, so threads the database points at still exist. */
export interface EmuSnapshot {
  seq: number;
  clock: number;
  channels: [string, EmuMessage[]][];
  ephemerals: EmuEphemeral[];
  homes: [string, Json][];
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

export interface EmulatorOptions {
  teamId: string;
  botUserId?: string;
  users?: EmuUser[];
  /** Slack's trigger_id lives 3 s; tests of the expiry shorten or lengthen it. */
  triggerTtlMs?: number;
  /** The clock triggers age by (ms); tests of their expiry move it instead of waiting. */
  now?: () => number;
  /**
   * How payloads reach the app: signed HTTP requests to its /slack/events (default), or envelopes over the Socket
   * Mode WebSocket the app opened with apps.connections.open.
   */
  transport?: Transport;
  /** The bot token files.info and file downloads accept; unset: any `xoxb-` token. */
  botToken?: string;
  /** The app-level token apps.connections.open accepts; unset: any `xapp-` token. */
  appToken?: string;
  /** Slack's rate limits (emulator/rate-limits.ts); `nonMarketplace` lowers conversations.history/replies as for unlisted apps. */
  rateLimits?: { enabled?: boolean; nonMarketplace?: boolean };
}

export type Transport = 'http' | 'socket';
export const APP_ID = 'A0CONTRACT';

/** What the parts read live from the facade: tests switch the workspace, and the URL is known only once it serves. */
export interface Host {
  readonly teamId: string;
  readonly botUserId: string;
  readonly url: string;
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
