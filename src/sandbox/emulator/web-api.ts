// The Web API methods the app calls: one small handler per Slack method, each answering the fields after `ok: true`.
// Every call acts in the workspace its token belongs to: its people, channels, modals and Home tabs only.
import type { Ledger } from './ledger.js';
import type { Team } from './team.js';
import { type EmuMessage, type EmuUser, type Host, type Json, newId, SlackApiError } from './types.js';
import type { ViewState } from './views.js';
import type { Workspace } from './workspace.js';

export interface ApiContext {
  host: Host;
  team: Team;
  ws: Workspace;
  views: ViewState;
  ledger: Ledger;
  /** The token the call came with, and whether it is an org-wide install's. */
  token: string;
  orgWide: boolean;
  /** auth.revoke: the calling token stops working. */
  revoke: (token: string) => void;
}

type Handler = (a: Json, ctx: ApiContext) => Json;

const threadOf = (a: Json) => (a.thread_ts ? { threadTs: String(a.thread_ts) } : {});

export const webApi: Record<string, Handler> = {
  'auth.test': (_a, { team, orgWide }) => {
    const i = team.info;
    const enterprise = i.enterpriseId ? { enterprise_id: i.enterpriseId } : {};
    if (orgWide) {
      const url = `https://${i.enterpriseId!.toLowerCase()}.enterprise.slack.com/`;
      return { url, team: i.enterpriseName ?? '', user: 'contract-desk', user_id: i.botUserId, bot_id: i.botId, ...enterprise, is_enterprise_install: true };
    }
    const url = `https://${i.domain}.slack.com/`;
    return { url, team: i.name, user: 'contract-desk', team_id: i.id, user_id: i.botUserId, bot_id: i.botId, ...enterprise, is_enterprise_install: false };
  },

  'auth.revoke': (a, { token, revoke }) => {
    if (a.test === true || a.test === 'true' || a.test === '1') return { revoked: false };
    revoke(token);
    return { revoked: true };
  },

  'users.info': (a, { team, ws }) => {
    const u = ws.users.get(String(a.user));
    if (!u) throw new SlackApiError('user_not_found');
    return { user: userJson(u, team.id, Boolean(a.include_locale)) };
  },

  // Cursor-paged as Slack pages it: `limit` at most 1000 (Slack's advice is 200 or fewer), next_cursor empty at the end.
  'users.list': (a, { team, ws }) => {
    const limit = Math.max(1, Math.min(1000, Number(a.limit ?? 1000) || 1000));
    const from = a.cursor
      ? Number(
          Buffer.from(String(a.cursor), 'base64')
            .toString()
            .replace(/^user:/, ''),
        )
      : 0;
    if (!Number.isInteger(from) || from < 0) throw new SlackApiError('invalid_cursor');
    const all = [...ws.users.values()];
    const page = all.slice(from, from + limit);
    const next = from + limit < all.length ? Buffer.from(`user:${from + limit}`).toString('base64') : '';
    return { members: page.map((u) => userJson(u, team.id, Boolean(a.include_locale))), response_metadata: { next_cursor: next } };
  },

  'conversations.open': (a, { ws }) => {
    const users = String(a.users ?? '')
      .split(',')
      .filter(Boolean);
    if (users.length !== 1) throw new SlackApiError('invalid_arguments');
    // Only the workspace's own people have a DM with its bot.
    if (!ws.users.has(users[0]!)) throw new SlackApiError('user_not_found');
    return { channel: { id: ws.dmChannel(users[0]!) } };
  },

  // Answered by the membership check, which runs before every method.
  'conversations.join': () => ({}),
  'conversations.info': () => ({}),

  'conversations.history': (a, { ws }) => {
    // Newest first, after `oldest`, in pages of `limit` with a cursor, as Slack serves it.
    const channel = ws.resolveChannel(String(a.channel));
    const oldest = a.oldest === undefined ? -Infinity : Number(a.oldest);
    return ws.page(
      ws
        .roots(channel)
        .filter((m) => Number(m.ts) > oldest)
        .reverse(),
      a,
    );
  },

  'conversations.replies': (a, { ws }) => {
    const channel = ws.resolveChannel(String(a.channel));
    const root = ws.find(channel, String(a.ts));
    if (!root) throw new SlackApiError('thread_not_found');
    return ws.page([root, ...ws.thread(channel, root.ts)], a);
  },

  'chat.postMessage': (a, { ws, ledger }) => {
    const warned = ledger.takeMessage('chat.postMessage', a);
    const channel = ws.resolveChannel(String(a.channel));
    const ts = ws.nextTs();
    if (a.thread_ts && !ws.find(channel, String(a.thread_ts))) throw new SlackApiError('thread_not_found');
    const metadata = a.metadata ? { metadata: a.metadata as Json } : {};
    const text = String(a.text ?? '');
    const msg = ws.post({ channel, ts, text, blocks: a.blocks as Json[] | undefined, edits: 0, at: Date.now(), ...threadOf(a), ...metadata });
    return { channel, ts, message: { ts, text: msg.text, blocks: msg.blocks }, ...warned };
  },

  'chat.update': (a, { ws, ledger }) => {
    const warned = ledger.takeMessage('chat.update', a);
    const channel = ws.resolveChannel(String(a.channel));
    const msg = ws.find(channel, String(a.ts));
    if (!msg) throw new SlackApiError('message_not_found');
    msg.text = String(a.text ?? msg.text);
    if (a.blocks) msg.blocks = a.blocks as Json[];
    msg.edits += 1;
    ws.messageChanged(msg);
    return { channel, ts: msg.ts, text: msg.text, ...warned };
  },

  'chat.postEphemeral': (a, { ws, ledger }) => {
    const warned = ledger.takeMessage('chat.postEphemeral', a);
    const ts = ws.nextTs();
    const channel = ws.resolveChannel(String(a.channel));
    ws.postEphemeral({ channel, user: String(a.user), text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, ts, at: Date.now(), ...threadOf(a) });
    return { message_ts: ts, ...warned };
  },

  'views.open': (a, { views }) => views.open('views.open', a),
  'views.push': (a, { views }) => views.open('views.push', a),
  'views.update': (a, { views }) => views.update(a),
  'views.publish': (a, { views }) => views.publish(a),

  'files.getUploadURLExternal': (a, { host, ws }) => {
    const fileId = newId('F');
    ws.files.set(fileId, { name: String(a.filename ?? fileId), bytes: null });
    return { upload_url: `${host.url}/upload/${fileId}`, file_id: fileId };
  },

  'files.completeUploadExternal': (a, { host, ws }) => {
    const files = (typeof a.files === 'string' ? JSON.parse(a.files) : a.files) as { id: string; title?: string }[];
    if (files.some((f) => !ws.files.get(f.id)?.bytes)) throw new SlackApiError('file_not_found');
    const channel = String(a.channel_id ?? '');
    if (channel) {
      const shared = files.map((f) => ({ name: f.title ?? f.id, url: `${host.url}/files/${f.id}` }));
      const msg: EmuMessage = { channel, ts: ws.nextTs(), text: String(a.initial_comment ?? ''), edits: 0, at: Date.now(), files: shared, ...threadOf(a) };
      ws.post(msg);
    }
    return { files };
  },
};

/** A user object as users.info, users.list and the user_change event carry it. */
export function userJson(u: EmuUser, teamId: string, withLocale: boolean): Json {
  const tz = u.tz ?? 'Asia/Shanghai';
  return {
    id: u.id,
    team_id: teamId,
    name: u.name,
    real_name: u.name,
    deleted: Boolean(u.deleted),
    is_admin: Boolean(u.isAdmin || u.isOwner),
    is_owner: Boolean(u.isOwner),
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: false,
    is_app_user: false,
    tz,
    tz_offset: tzOffset(tz),
    profile: { real_name: u.name, display_name: u.name, team: teamId },
    ...(withLocale ? { locale: u.locale } : {}),
  };
}

/** Seconds east of UTC in a time zone now, as users.info's `tz_offset`. */
function tzOffset(tz: string): number {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name?.value ?? '');
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  } catch {
    return 0;
  }
}

export function callMethod(method: string, a: Json, ctx: ApiContext): Json {
  const handler = Object.hasOwn(webApi, method) ? webApi[method] : undefined;
  if (!handler) throw new SlackApiError('unknown_method');
  return handler(a, ctx);
}
