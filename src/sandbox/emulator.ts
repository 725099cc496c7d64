// A Slack stand-in on loopback: answers the Web API methods the app calls, keeps channels, threads, views and
// home tabs, refuses what real Slack would refuse, and sends signed requests to the app as a given user.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSlackRequest } from '../slack/signing.js';
import { messageRefusal, slackMessage, suggestionProblems, textAdvice, truncatedText, viewRefusal } from './limits.js';
import { type EnvelopeType, SocketModeLink } from './socket-mode.js';

type Json = Record<string, unknown>;

export interface EmuUser {
  id: string;
  name: string;
  locale: string;
  tz?: string;
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
  /** The app-level token apps.connections.open accepts; unset: any `xapp-` token. */
  appToken?: string;
}

export type Transport = 'http' | 'socket';
export const APP_ID = 'A0CONTRACT';

const TRIGGER_TTL_MS = 3_000;
const MAX_STACK = 3;

export class SlackEmulator {
  /** The workspace the emulated users belong to; tests switch it to act in a fresh workspace. */
  teamId: string;
  readonly botUserId: string;
  readonly channels = new Map<string, EmuMessage[]>();
  readonly ephemerals: EmuEphemeral[] = [];
  readonly views = new Map<string, EmuView>();
  readonly homes = new Map<string, Json>();
  /** Files uploaded through the v2 steps (getUploadURLExternal, the upload, completeUploadExternal). */
  readonly files = new Map<string, { name: string; bytes: Buffer | null }>();
  readonly users = new Map<string, EmuUser>();
  /** Every payload the app sent that real Slack would have refused, with the reason. */
  readonly violations: { method: string; problems: string[] }[] = [];
  /** Messages whose text Slack would take but advises against (over 4,000 characters): worth a look, not a refusal. */
  readonly advice: { method: string; note: string }[] = [];
  readonly calls: { method: string; args: Json }[] = [];
  /** Fail the next calls of these methods with this error (tests of error paths). */
  readonly failures = new Map<string, { error: string; status?: number; retryAfter?: number; times: number }>();
  /** Until this time (ms since epoch) every Web API call fails with 503, as in a Slack outage. */
  outageUntil = 0;
  /**
   * The next calls of these methods do their work and then fail to say so: a 500 after saving, or no answer at all
   * (the caller times out), as when Slack's edge loses the response. A retry that does not look first posts twice.
   */
  readonly lostAnswers = new Map<string, { mode: '500' | 'hang'; times: number; channel?: string }>();
  /** Channels whose membership is modelled (see addChannel); any other channel id lets the app do everything. */
  private readonly rooms = new Map<string, { name: string; isPrivate: boolean; archived: boolean; botMember: boolean }>();
  private readonly hanging = new Set<ServerResponse>();
  /** Emits 'change' (EmuChange) after every change of what a person would see. */
  readonly events = new EventEmitter();
  private stacks = new Map<string, string[]>();
  private byTs = new Map<string, EmuMessage>();
  private replies = new Map<string, EmuMessage[]>();
  private triggers = new Map<string, { user: string; issued: number; used: boolean }>();
  private server: Server | null = null;
  private clock = Math.floor(Date.now() / 1000);
  private seq = 0;
  private appUrl = '';
  private signingSecret = '';
  private triggerTtlMs: number;
  private readonly now: () => number;
  private appToken: string | undefined;
  readonly transport: Transport;
  /** Slack's side of Socket Mode: tickets, the WebSocket, envelopes and acks. */
  readonly socketMode = new SocketModeLink(APP_ID);
  url = '';

  constructor(opts: EmulatorOptions) {
    this.teamId = opts.teamId;
    this.botUserId = opts.botUserId ?? 'U0BOTUSER1';
    this.triggerTtlMs = opts.triggerTtlMs ?? TRIGGER_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.transport = opts.transport ?? 'http';
    this.appToken = opts.appToken;
    for (const u of opts.users ?? []) this.users.set(u.id, u);
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('upgrade', (req, socket, head) => this.socketMode.upgrade(req, socket, head));
    await new Promise<void>((r) => this.server!.listen(port, host, () => r()));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.socketMode.close();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }

  /** Serve from another server (the app's own port, in the sandbox): requests for `handles()` paths go to `handle`. */
  attach(url: string): void {
    this.url = url.replace(/\/$/, '');
  }

  /** The paths the emulator answers when it shares a server. */
  static handles(path: string): boolean {
    return /^\/(api|upload|files|respond)\//.test(path);
  }

  /** Where the app listens and the secret it checks: the emulator signs every request it sends there. */
  connectApp(appUrl: string, signingSecret: string): void {
    this.appUrl = appUrl.replace(/\/$/, '');
    this.signingSecret = signingSecret;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  // ---------------------------------------------------------------- reading the state

  messages(channel: string): EmuMessage[] {
    return this.channels.get(channel) ?? [];
  }

  /** One message by channel and ts (indexed: a soak's channel holds thousands). */
  find(channel: string, ts: string): EmuMessage | undefined {
    return this.byTs.get(`${channel} ${ts}`);
  }

  private append(msg: EmuMessage): void {
    let list = this.channels.get(msg.channel);
    if (!list) this.channels.set(msg.channel, (list = []));
    list.push(msg);
    this.byTs.set(`${msg.channel} ${msg.ts}`, msg);
    if (msg.threadTs && msg.threadTs !== msg.ts) {
      const key = `${msg.channel} ${msg.threadTs}`;
      const replies = this.replies.get(key);
      if (replies) replies.push(msg);
      else this.replies.set(key, [msg]);
    }
  }

  /** Top-level messages of a channel (thread roots and lone posts). */
  roots(channel: string): EmuMessage[] {
    return this.messages(channel).filter((m) => !m.threadTs || m.threadTs === m.ts);
  }

  thread(channel: string, rootTs: string): EmuMessage[] {
    return [...(this.replies.get(`${channel} ${rootTs}`) ?? [])];
  }

  dmChannel(userId: string): string {
    return `D${userId}`;
  }

  /** The modal on top of a user's stack, if one is open. */
  openView(userId: string): EmuView | undefined {
    const stack = this.stacks.get(userId) ?? [];
    const top = stack.at(-1);
    return top ? this.views.get(top) : undefined;
  }

  ephemeralsFor(userId: string): EmuEphemeral[] {
    return this.ephemerals.filter((e) => e.user === userId);
  }

  /** The user's open modals, bottom first (Slack keeps up to three). */
  viewStack(userId: string): EmuView[] {
    return (this.stacks.get(userId) ?? []).map((id) => this.views.get(id)).filter((v): v is EmuView => Boolean(v));
  }

  snapshot(): EmuSnapshot {
    return { seq: this.seq, clock: this.clock, channels: [...this.channels], ephemerals: this.ephemerals.slice(-500), homes: [...this.homes] };
  }

  restore(s: EmuSnapshot): void {
    this.seq = s.seq;
    this.clock = Math.max(this.clock, s.clock);
    this.channels.clear();
    this.byTs.clear();
    this.replies.clear();
    for (const [, list] of s.channels) for (const m of list) this.append(m);
    this.ephemerals.splice(0, this.ephemerals.length, ...s.ephemerals);
    this.homes.clear();
    for (const [k, v] of s.homes) this.homes.set(k, v);
  }

  /** A person types a message that is not a command: it lands in the channel (or thread) like any message. */
  postAsUser(userId: string, channel: string, text: string, threadTs?: string): EmuMessage {
    const ts = this.nextTs();
    const msg: EmuMessage = { channel, ts, text, edits: 0, user: userId, at: Date.now(), ...(threadTs ? { threadTs } : {}) };
    this.append(msg);
    this.changed({ type: 'message', channel, ts, ...(threadTs ? { threadTs } : {}) });
    return msg;
  }

  private changed(c: EmuChange): void {
    this.events.emit('change', c);
  }

  // ---------------------------------------------------------------- Web API

  /** Slack's ts: the posting time in seconds, and a part after the point that keeps it unique and increasing. */
  private nextTs(): string {
    this.seq += 1;
    this.clock = Math.max(this.clock, Math.floor(Date.now() / 1000));
    return `${this.clock}.${String(this.seq % 1_000_000).padStart(6, '0')}`;
  }

  private id(prefix: string): string {
    return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const body = rawBody.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, payload: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (url.pathname.startsWith('/upload/') || url.pathname.startsWith('/files/')) {
      const f = this.files.get(url.pathname.split('/')[2] ?? '');
      if (!f) return send(404, { ok: false, error: 'file_not_found' });
      if (url.pathname.startsWith('/upload/')) {
        f.bytes = uploadedBytes(String(req.headers['content-type'] ?? ''), rawBody);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`OK - ${f.bytes.length}`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${encodeURIComponent(f.name)}"` });
      res.end(f.bytes ?? Buffer.alloc(0));
      return;
    }
    if (url.pathname.startsWith('/respond/')) {
      const args = JSON.parse(body || '{}') as Json;
      const [, , channel, user] = url.pathname.split('/');
      if (Date.now() < this.outageUntil) {
        this.record('outage:response_url', args);
        return send(503, { ok: false, error: 'service_unavailable' });
      }
      // A response_url works for 30 minutes and five uses; `failures.set('response_url', …)` plays an expired one.
      const failure = this.failures.get('response_url');
      if (failure && failure.times > 0) {
        failure.times -= 1;
        this.record('expired:response_url', args);
        return send(failure.status ?? 404, { ok: false, error: failure.error });
      }
      this.record('response_url', args);
      // Response URLs take the same blocks as chat.postMessage; like incoming webhooks they refuse with HTTP 400.
      const refusal = args.delete_original ? null : messageRefusal(args);
      if (refusal) {
        this.violations.push({ method: 'response_url', problems: refusal.messages });
        return send(400, { ok: false, error: refusal.error, response_metadata: { messages: refusal.messages } });
      }
      this.respondUrl(decodeURIComponent(channel ?? ''), decodeURIComponent(user ?? ''), args);
      return send(200, { ok: true });
    }
    if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_path' });
    const method = url.pathname.slice(5);
    const args = parseArgs(req.headers['content-type'] ?? '', body);
    if (Date.now() < this.outageUntil) {
      this.record(`outage:${method}`, args);
      return send(503, { ok: false, error: 'service_unavailable' });
    }
    this.record(method, args);
    if (method === 'apps.connections.open') return send(200, this.openConnection(String(req.headers.authorization ?? ''), args));
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      return send(failure.status ?? 200, { ok: false, error: failure.error }, headers);
    }
    try {
      const result = { ok: true, ...this.checkMembership(method, args), ...this.call(method, args) };
      if (this.loseAnswer(method, args, res)) return;
      send(200, result);
    } catch (e) {
      if (e instanceof SlackApiError) return send(200, { ok: false, error: e.code, response_metadata: { messages: e.messages } });
      throw e;
    }
  }

  /**
   * apps.connections.open takes an app-level token, in the Authorization header only (Slack refuses it as a POST
   * parameter), and answers a single-use WebSocket URL.
   */
  private openConnection(authorization: string, args: Json): Json {
    const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (!token) return { ok: false, error: args.token ? 'invalid_arguments' : 'not_authed' };
    if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (this.appToken !== undefined && token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    return { ok: true, url: this.socketMode.openTicket(this.url) };
  }

  // ---------------------------------------------------------------- membership and lost answers

  /**
   * A channel whose membership matters, as Slack has it: a bot with chat:write.public may post into a public channel
   * it is not in, but not read it (conversations.history/replies) or share files there: not_in_channel. A private
   * channel it is not in does not exist for it: channel_not_found for everything, joining included.
   */
  addChannel(id: string, o: { name?: string; isPrivate?: boolean; botMember?: boolean; archived?: boolean } = {}): void {
    this.rooms.set(id, { name: o.name ?? id.toLowerCase(), isPrivate: o.isPrivate ?? false, archived: o.archived ?? false, botMember: o.botMember ?? false });
  }

  /** What /invite @app does. */
  inviteBot(id: string): void {
    const r = this.rooms.get(id);
    if (r) r.botMember = true;
  }

  isBotMember(id: string): boolean {
    return this.rooms.get(id)?.botMember ?? true;
  }

  /** Refuses what Slack refuses for membership; answers conversations.join and conversations.info. */
  private checkMembership(method: string, a: Json): Json {
    const id = String(a.channel ?? a.channel_id ?? '');
    const room = this.rooms.get(id);
    if (method === 'conversations.join' || method === 'conversations.info') {
      if (!room) return { channel: { id, is_channel: true, is_private: false, is_member: true, is_archived: false } };
      if (room.isPrivate && !room.botMember) throw new SlackApiError('channel_not_found');
      if (method === 'conversations.join') {
        if (room.archived) throw new SlackApiError('is_archived');
        room.botMember = true;
      }
      return { channel: { id, name: room.name, is_channel: true, is_private: room.isPrivate, is_member: room.botMember, is_archived: room.archived } };
    }
    if (!room || room.botMember) return {};
    if (room.isPrivate) throw new SlackApiError('channel_not_found');
    if (room.archived && method === 'chat.postMessage') throw new SlackApiError('is_archived');
    if (['conversations.history', 'conversations.replies', 'files.completeUploadExternal'].includes(method)) throw new SlackApiError('not_in_channel');
    return {};
  }

  /** True when the answer to this call is to be lost (the call's work is already done). */
  private loseAnswer(method: string, a: Json, res: ServerResponse): boolean {
    const lost = this.lostAnswers.get(method);
    if (!lost || lost.times <= 0) return false;
    if (lost.channel && this.resolveChannel(String(a.channel ?? a.channel_id ?? '')) !== lost.channel) return false;
    lost.times -= 1;
    this.record(`lost:${method}`, {});
    if (lost.mode === 'hang') {
      this.hanging.add(res);
      return true;
    }
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
    return true;
  }

  private record(method: string, args: Json): void {
    this.calls.push({ method, args });
  }

  /** Refuses as Slack does: the error code it answers, with its `[ERROR] … [json-pointer:…]` lines. */
  private refuse(method: string, refusal: { error: string; messages: string[] } | null): void {
    if (!refusal) return;
    this.violations.push({ method, problems: refusal.messages.length ? refusal.messages : [refusal.error] });
    throw new SlackApiError(refusal.error, refusal.messages);
  }

  /** Checks a message's blocks, and cuts an over-long text as Slack does (posted, with a warning). */
  private takeMessage(method: string, a: Json): { warning?: string } {
    this.refuse(method, messageRefusal(a));
    const note = textAdvice(a.text);
    if (note) this.advice.push({ method, note });
    const cut = truncatedText(a.text);
    if (!cut) return {};
    a.text = cut.text;
    return { warning: cut.warning };
  }

  private static warned(w: { warning?: string }): Json {
    return w.warning ? { warning: 'message_truncated', response_metadata: { messages: [w.warning], warnings: ['message_truncated'] } } : {};
  }

  private call(method: string, a: Json): Json {
    switch (method) {
      case 'auth.test':
        return { url: 'https://sandbox.slack.local/', team: 'Sandbox', user: 'contract-desk', team_id: this.teamId, user_id: this.botUserId, bot_id: 'B0BOT00001' };
      case 'users.info': {
        const u = this.users.get(String(a.user));
        if (!u) throw new SlackApiError('user_not_found');
        return { user: { id: u.id, team_id: this.teamId, name: u.name, real_name: u.name, tz: u.tz ?? 'Asia/Shanghai', ...(a.include_locale ? { locale: u.locale } : {}) } };
      }
      case 'conversations.open': {
        const users = String(a.users ?? '').split(',').filter(Boolean);
        if (users.length !== 1) throw new SlackApiError('invalid_arguments');
        return { channel: { id: this.dmChannel(users[0]!) } };
      }
      case 'chat.postMessage': {
        const w = this.takeMessage(method, a);
        const channel = this.resolveChannel(String(a.channel));
        const ts = this.nextTs();
        const threadTs = a.thread_ts ? String(a.thread_ts) : undefined;
        if (threadTs && !this.find(channel, threadTs)) throw new SlackApiError('thread_not_found');
        const msg: EmuMessage = { channel, ts, text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, edits: 0, at: Date.now(), ...(threadTs ? { threadTs } : {}), ...(a.metadata ? { metadata: a.metadata as Json } : {}) };
        this.append(msg);
        this.changed({ type: 'message', channel, ts, ...(threadTs ? { threadTs } : {}) });
        return { channel, ts, message: { ts, text: msg.text, blocks: msg.blocks }, ...SlackEmulator.warned(w) };
      }
      case 'conversations.join':
      case 'conversations.info':
        return {};
      case 'conversations.history': {
        // Newest first, after `oldest`, in pages of `limit` with a cursor, as Slack serves it.
        const channel = this.resolveChannel(String(a.channel));
        const oldest = a.oldest === undefined ? -Infinity : Number(a.oldest);
        const all = this.roots(channel).filter((m) => Number(m.ts) > oldest).reverse();
        return this.page(all, a);
      }
      case 'conversations.replies': {
        const channel = this.resolveChannel(String(a.channel));
        const root = this.find(channel, String(a.ts));
        if (!root) throw new SlackApiError('thread_not_found');
        return this.page([root, ...this.thread(channel, root.ts)], a);
      }
      case 'chat.update': {
        const w = this.takeMessage(method, a);
        const channel = this.resolveChannel(String(a.channel));
        const msg = this.find(channel, String(a.ts));
        if (!msg) throw new SlackApiError('message_not_found');
        msg.text = String(a.text ?? msg.text);
        if (a.blocks) msg.blocks = a.blocks as Json[];
        msg.edits += 1;
        this.changed({ type: 'message', channel, ts: msg.ts, ...(msg.threadTs ? { threadTs: msg.threadTs } : {}) });
        return { channel, ts: msg.ts, text: msg.text, ...SlackEmulator.warned(w) };
      }
      case 'chat.postEphemeral': {
        const w = this.takeMessage(method, a);
        const ts = this.nextTs();
        const channel = this.resolveChannel(String(a.channel));
        this.ephemerals.push({ channel, user: String(a.user), text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, ts, at: Date.now(), ...(a.thread_ts ? { threadTs: String(a.thread_ts) } : {}) });
        this.changed({ type: 'ephemeral', channel, user: String(a.user) });
        return { message_ts: ts, ...SlackEmulator.warned(w) };
      }
      case 'views.open':
      case 'views.push': {
        const view = a.view as Json;
        const user = this.takeTrigger(String(a.trigger_id));
        this.refuse(method, viewRefusal(view));
        // A Home tab is only ever published; opening or pushing one is refused like any other wrong view.
        if (view?.type !== 'modal') {
          this.refuse(method, { error: 'invalid_arguments', messages: ['[ERROR] failed to match all allowed schemas [json-pointer:/view/type]'] });
        }
        const stack = method === 'views.open' ? [] : [...(this.stacks.get(user) ?? [])];
        if (method === 'views.push' && !stack.length) throw new SlackApiError('not_found');
        if (stack.length >= MAX_STACK) throw new SlackApiError('push_limit_reached');
        const v = this.storeView(user, view, stack[0], stack.at(-1));
        this.stacks.set(user, [...stack, v.id]);
        this.changed({ type: 'view', user });
        return { view: this.viewJson(v) };
      }
      case 'views.update': {
        const view = a.view as Json;
        const existing = this.views.get(String(a.view_id ?? ''));
        if (!existing) throw new SlackApiError('not_found');
        if (a.hash && a.hash !== existing.hash) throw new SlackApiError('hash_conflict');
        this.refuse(method, viewRefusal(view));
        existing.view = view;
        existing.hash = this.id('h');
        delete existing.errors;
        this.changed({ type: 'view', user: existing.user });
        return { view: this.viewJson(existing) };
      }
      case 'views.publish': {
        const view = a.view as Json;
        this.refuse(method, viewRefusal(view));
        if (view.type !== 'home') throw new SlackApiError('invalid_arguments', ['views.publish takes a home view']);
        this.homes.set(String(a.user_id), view);
        this.changed({ type: 'home', user: String(a.user_id) });
        return { view: { id: this.id('VH'), ...view } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = this.id('F');
        this.files.set(fileId, { name: String(a.filename ?? fileId), bytes: null });
        return { upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof a.files === 'string' ? JSON.parse(a.files) : a.files) as { id: string; title?: string }[];
        if (files.some((f) => !this.files.get(f.id)?.bytes)) throw new SlackApiError('file_not_found');
        const channel = String(a.channel_id ?? '');
        if (channel) {
          const ts = this.nextTs();
          const msg: EmuMessage = { channel, ts, text: String(a.initial_comment ?? ''), edits: 0, at: Date.now(), files: files.map((f) => ({ name: f.title ?? f.id, url: `${this.url}/files/${f.id}` })), ...(a.thread_ts ? { threadTs: String(a.thread_ts) } : {}) };
          this.append(msg);
          this.changed({ type: 'message', channel, ts, ...(msg.threadTs ? { threadTs: msg.threadTs } : {}) });
        }
        return { files };
      }
      default:
        throw new SlackApiError('unknown_method');
    }
  }

  private page(list: EmuMessage[], a: Json): Json {
    const limit = Math.min(1000, Number(a.limit ?? 100));
    const from = a.cursor ? Number(Buffer.from(String(a.cursor), 'base64').toString()) || 0 : 0;
    const slice = list.slice(from, from + limit);
    const more = from + limit < list.length;
    return {
      messages: slice.map((m) => this.messageJson(m, Boolean(a.include_all_metadata))),
      has_more: more,
      response_metadata: { next_cursor: more ? Buffer.from(String(from + limit)).toString('base64') : '' },
    };
  }

  private messageJson(m: EmuMessage, withMetadata: boolean): Json {
    return {
      type: 'message',
      ts: m.ts,
      text: m.text,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.files ? { files: m.files.map((f) => ({ title: f.name, name: f.name })) } : {}),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    };
  }

  private resolveChannel(channel: string): string {
    // A user id as channel means "the DM with that user", as in real Slack.
    return /^U/.test(channel) ? this.dmChannel(channel) : channel;
  }

  private storeView(user: string, view: Json, rootId?: string, previousId?: string): EmuView {
    const id = this.id('V');
    const v: EmuView = { id, hash: this.id('h'), user, view, rootViewId: rootId ?? id, ...(previousId ? { previousViewId: previousId } : {}) };
    this.views.set(id, v);
    return v;
  }

  private viewJson(v: EmuView): Json {
    return { ...v.view, id: v.id, hash: v.hash, team_id: this.teamId, root_view_id: v.rootViewId, previous_view_id: v.previousViewId ?? null, state: { values: {} } };
  }

  private takeTrigger(triggerId: string): string {
    const t = this.triggers.get(triggerId);
    if (!t) throw new SlackApiError('invalid_trigger_id');
    if (t.used || this.now() - t.issued > this.triggerTtlMs) throw new SlackApiError('expired_trigger_id');
    t.used = true;
    return t.user;
  }

  private issueTrigger(user: string): string {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { user, issued: this.now(), used: false });
    return id;
  }

  private respondUrl(channel: string, user: string, a: Json): void {
    if (a.response_type === 'in_channel') {
      const ts = this.nextTs();
      this.append({ channel, ts, text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, edits: 0, at: Date.now() });
      this.changed({ type: 'message', channel, ts });
      return;
    }
    if (a.replace_original || a.delete_original) return;
    this.ephemerals.push({ channel, user, text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, ts: this.nextTs(), at: Date.now() });
    this.changed({ type: 'ephemeral', channel, user });
  }

  // ---------------------------------------------------------------- sending to the app, signed, as a user

  private async post(path: string, body: string, contentType: string, headers: Record<string, string> = {}): Promise<AppResponse> {
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.appUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(this.signingSecret, ts, body),
        ...headers,
      },
      body,
    });
    const text = await res.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: text, ...(json ? { json } : {}) };
  }

  /**
   * One payload to the app over the chosen transport. Over HTTP each kind has Slack's encoding (a form for commands,
   * a form with a `payload` field for interactivity, JSON for events) and the response body is the app's answer;
   * over Socket Mode it is an envelope and the ack's payload is the answer, so callers read both the same way.
   */
  private async toApp(type: EnvelopeType, payload: Json): Promise<AppResponse> {
    if (this.transport === 'http') {
      if (type === 'events_api') return this.post('/slack/events', JSON.stringify(payload), 'application/json');
      const form = type === 'slash_commands'
        ? new URLSearchParams(payload as Record<string, string>)
        : new URLSearchParams({ payload: JSON.stringify(payload) });
      return this.post('/slack/events', form.toString(), 'application/x-www-form-urlencoded');
    }
    const r = await this.socketMode.deliver(type, payload, type !== 'events_api');
    if (!r.acked) return { status: r.reason === 'no_ack' ? 504 : 503, body: r.reason };
    const empty = Object.keys(r.payload).length === 0;
    return { status: 200, body: empty ? '' : JSON.stringify(r.payload), ...(empty ? {} : { json: r.payload }) };
  }

  private interactive(payload: Json): Promise<AppResponse> {
    return this.toApp('interactive', payload);
  }

  private userRef(userId: string): Json {
    return { id: userId, username: this.users.get(userId)?.name ?? userId, team_id: this.teamId };
  }

  /** A slash command typed by a user in a channel. */
  async command(userId: string, text: string, opts: { command?: string; channel?: string } = {}): Promise<AppResponse> {
    const channel = opts.channel ?? this.dmChannel(userId);
    const r = await this.toApp('slash_commands', {
      token: 'legacy',
      team_id: this.teamId,
      team_domain: 'sandbox',
      channel_id: channel,
      channel_name: channel,
      user_id: userId,
      user_name: this.users.get(userId)?.name ?? userId,
      command: opts.command ?? '/contract',
      text,
      api_app_id: APP_ID,
      response_url: `${this.url}/respond/${encodeURIComponent(channel)}/${encodeURIComponent(userId)}`,
      trigger_id: this.issueTrigger(userId),
    });
    // A message in the answer (HTTP body or ack payload) is shown at once, as if posted to the response_url; Slack
    // checks its blocks as it checks a message's.
    if (r.json && (r.json.text !== undefined || r.json.blocks !== undefined)) {
      const refusal = messageRefusal(r.json);
      if (refusal) this.violations.push({ method: 'slash_command_response', problems: refusal.messages });
      else this.respondUrl(channel, userId, r.json);
    }
    return r;
  }

  /** A button (or select) in a message, the App Home or an open modal. */
  clickAction(
    userId: string,
    where: { message: EmuMessage } | { home: true } | { view: EmuView },
    action: { actionId: string; value?: string; blockId?: string; selectedOption?: string },
  ): Promise<AppResponse> {
    const act: Json = {
      action_id: action.actionId,
      block_id: action.blockId ?? findBlockId(this.surfaceBlocks(userId, where), action.actionId) ?? 'b',
      type: action.selectedOption !== undefined ? 'static_select' : 'button',
      action_ts: String(Date.now() / 1000),
      ...(action.value !== undefined ? { value: action.value } : {}),
      ...(action.selectedOption !== undefined ? { selected_option: { value: action.selectedOption, text: { type: 'plain_text', text: action.selectedOption } } } : {}),
    };
    const base: Json = { type: 'block_actions', user: this.userRef(userId), team: { id: this.teamId, domain: 'sandbox' }, api_app_id: APP_ID, trigger_id: this.issueTrigger(userId), actions: [act], token: 'legacy' };
    if ('message' in where) {
      const m = where.message;
      return this.interactive({ ...base, container: { type: 'message', message_ts: m.ts, channel_id: m.channel }, channel: { id: m.channel }, message: { ts: m.ts, text: m.text, blocks: m.blocks, ...(m.threadTs ? { thread_ts: m.threadTs } : {}) }, response_url: `${this.url}/respond/${encodeURIComponent(m.channel)}/${encodeURIComponent(userId)}` });
    }
    if ('home' in where) {
      const home = this.homes.get(userId);
      return this.interactive({ ...base, container: { type: 'view', view_id: 'VHOME' }, view: { ...home, id: 'VHOME', type: 'home', state: { values: {} } } });
    }
    const v = where.view;
    return this.interactive({ ...base, container: { type: 'view', view_id: v.id }, view: { ...this.viewJson(v), state: { values: {} } } });
  }

  /** Type-ahead in an external select of the open modal: the app answers with options. */
  async suggest(userId: string, actionId: string, value: string): Promise<{ text: string; value: string; group?: string; description?: string }[]> {
    const v = this.openView(userId);
    const blockId = v ? findBlockId(v.view.blocks as Json[], actionId) : undefined;
    const r = await this.interactive({ type: 'block_suggestion', user: this.userRef(userId), team: { id: this.teamId }, api_app_id: APP_ID, action_id: actionId, block_id: blockId ?? 'b', value, ...(v ? { view: this.viewJson(v), container: { type: 'view', view_id: v.id } } : {}) });
    if (r.status !== 200) throw new Error(`the app refused the suggestion request: ${r.status} ${r.body.slice(0, 200)}`);
    const json = r.json ?? {};
    // Slack shows no options at all when an answer breaks the option limits; the test run hears of it as a violation.
    const problems = suggestionProblems(json).map(slackMessage);
    if (problems.length) this.violations.push({ method: 'block_suggestion', problems });
    const one = (o: Json, group?: string) => {
      const description = (o.description as Json | undefined)?.text;
      return { text: String((o.text as Json).text), value: String(o.value), ...(group ? { group } : {}), ...(description ? { description: String(description) } : {}) };
    };
    const groups = (json.option_groups as { label: Json; options: Json[] }[] | undefined) ?? [];
    return [...((json.options as Json[] | undefined) ?? []).map((o) => one(o)), ...groups.flatMap((g) => g.options.map((o) => one(o, String(g.label?.text ?? ''))))];
  }

  /**
   * Submits the user's open modal with values keyed by action_id (string, string[] for multi-selects).
   * Applies the app's response_action to the view stack, as Slack does, and returns the response.
   */
  async submitView(userId: string, values: Record<string, string | string[] | undefined>): Promise<AppResponse & { errors?: Record<string, string> }> {
    const v = this.openView(userId);
    if (!v) throw new Error(`no open view for ${userId}`);
    if (!v.view.submit) throw new Error(`the open view of ${userId} has no submit button`);
    const state = buildState(v.view.blocks as Json[], values);
    const r = await this.interactive({ type: 'view_submission', team: { id: this.teamId }, user: this.userRef(userId), api_app_id: APP_ID, trigger_id: this.issueTrigger(userId), view: { ...this.viewJson(v), state: { values: state } } });
    const action = r.json?.response_action;
    const stack = this.stacks.get(userId) ?? [];
    if (action === 'errors') {
      v.errors = r.json!.errors as Record<string, string>;
      this.changed({ type: 'view', user: userId });
      return { ...r, errors: v.errors };
    }
    delete v.errors;
    if (action === 'update') {
      this.refuse('response_action:update', viewRefusal(r.json!.view));
      v.view = r.json!.view as Json;
      v.hash = this.id('h');
    } else if (action === 'push') {
      this.refuse('response_action:push', viewRefusal(r.json!.view));
      if (stack.length >= MAX_STACK) throw new Error('push_limit_reached');
      const pushed = this.storeView(userId, r.json!.view as Json, stack[0], v.id);
      this.stacks.set(userId, [...stack, pushed.id]);
    } else if (action === 'clear') {
      this.stacks.set(userId, []);
    } else {
      this.stacks.set(userId, stack.slice(0, -1));
    }
    this.changed({ type: 'view', user: userId });
    return r;
  }

  /**
   * Sends a view_submission for a view the test builds itself (hostile metadata, values of any shape), without a
   * modal open on the stack: what a forged or replayed-from-elsewhere submission looks like to the app.
   */
  async submitCrafted(userId: string, view: Json): Promise<AppResponse> {
    return this.interactive({ type: 'view_submission', team: { id: this.teamId }, user: this.userRef(userId), api_app_id: APP_ID, trigger_id: this.issueTrigger(userId), view: { id: this.id('V'), hash: this.id('h'), team_id: this.teamId, ...view } });
  }

  /** The user closes the modal; a view opened with notify_on_close tells the app (view_closed), as Slack does. */
  closeView(userId: string): Promise<AppResponse> | null {
    const top = this.openView(userId);
    this.stacks.set(userId, []);
    this.changed({ type: 'view', user: userId });
    if (!top?.view.notify_on_close) return null;
    const user = this.userRef(userId);
    return this.interactive({ type: 'view_closed', team: { id: this.teamId }, user, api_app_id: APP_ID, view: this.viewJson(top), is_cleared: true });
  }

  /** The user presses Back in a pushed modal: Slack drops the top of the stack. */
  backView(userId: string): void {
    this.stacks.set(userId, (this.stacks.get(userId) ?? []).slice(0, -1));
    this.changed({ type: 'view', user: userId });
  }

  /** The user opens the App Home tab: Slack sends app_home_opened. */
  openHome(userId: string): Promise<AppResponse> {
    const event = { type: 'event_callback', team_id: this.teamId, api_app_id: APP_ID, event_id: this.id('Ev'), event_time: Math.floor(Date.now() / 1000), event: { type: 'app_home_opened', user: userId, channel: this.dmChannel(userId), tab: 'home', event_ts: String(Date.now() / 1000) } };
    return this.toApp('events_api', event);
  }

  /** Sends a raw body with chosen headers (security tests). */
  raw(body: string, headers: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<AppResponse> {
    return fetch(`${this.appUrl}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body }).then(async (res) => ({ status: res.status, body: await res.text() }));
  }

  private surfaceBlocks(userId: string, where: { message: EmuMessage } | { home: true } | { view: EmuView }): Json[] {
    if ('message' in where) return where.message.blocks ?? [];
    if ('home' in where) return (this.homes.get(userId)?.blocks as Json[] | undefined) ?? [];
    return (where.view.view.blocks as Json[] | undefined) ?? [];
  }
}

export class SlackApiError extends Error {
  constructor(readonly code: string, readonly messages: string[] = []) {
    super(code);
  }
}

/** An upload arrives raw or as multipart form data (what @slack/web-api sends): take the file part's bytes. */
function uploadedBytes(contentType: string, body: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || !boundary) return Buffer.from(body);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0 && /filename=|name="(?:body|file)"/.test(part.subarray(0, split).toString('latin1'))) return Buffer.from(part.subarray(split + 4));
    at = next;
  }
  return Buffer.from(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** @slack/web-api sends form fields with nested objects as JSON strings; the JSON body form is also accepted. */
function parseArgs(contentType: string, body: string): Json {
  if (contentType.includes('application/json')) return body ? (JSON.parse(body) as Json) : {};
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(body)) {
    out[k] = (k === 'blocks' || k === 'view' || k === 'attachments' || k === 'metadata') && v ? JSON.parse(v) : v;
  }
  return out;
}

function findBlockId(blocks: Json[] | undefined, actionId: string): string | undefined {
  for (const b of blocks ?? []) {
    const els = [...((b.elements as Json[] | undefined) ?? []), ...(b.accessory ? [b.accessory as Json] : []), ...(b.element ? [b.element as Json] : [])];
    if (els.some((e) => e.action_id === actionId)) return b.block_id as string | undefined;
  }
  return undefined;
}

/** Slack's view.state.values: block_id -> action_id -> typed value. Fields the user leaves alone keep their initial value. */
function buildState(blocks: Json[], values: Record<string, string | string[] | undefined>): Json {
  const state: Json = {};
  for (const b of blocks ?? []) {
    if (b.type !== 'input' || !b.element) continue;
    const el = b.element as Json;
    const actionId = String(el.action_id);
    const given = actionId in values;
    const v = values[actionId];
    const initialOption = el.initial_option as Json | undefined;
    const initialOptions = (el.initial_options as Json[] | undefined) ?? [];
    const opt = (x: string) => ({ value: x, text: { type: 'plain_text', text: x } });
    const many = (x: string | string[] | undefined) => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
    let entry: Json;
    switch (el.type) {
      case 'plain_text_input':
      case 'email_text_input':
      case 'number_input':
        entry = { type: el.type, value: given ? (v === undefined ? null : String(v)) : ((el.initial_value as string | undefined) ?? null) };
        break;
      case 'static_select':
      case 'external_select':
      case 'radio_buttons':
        entry = { type: el.type, selected_option: given ? (v === undefined ? null : opt(String(v))) : (initialOption ?? null) };
        break;
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        entry = { type: el.type, selected_options: given ? many(v).map(opt) : initialOptions };
        break;
      case 'users_select':
        entry = { type: el.type, selected_user: given ? (v ?? null) : (el.initial_user ?? null) };
        break;
      case 'multi_users_select':
        entry = { type: el.type, selected_users: given ? many(v) : ((el.initial_users as string[] | undefined) ?? []) };
        break;
      case 'conversations_select':
        entry = { type: el.type, selected_conversation: given ? (v ?? null) : (el.initial_conversation ?? null) };
        break;
      case 'datepicker':
        entry = { type: el.type, selected_date: given ? (v ?? null) : (el.initial_date ?? null) };
        break;
      default:
        entry = { type: el.type, value: v ?? null };
    }
    state[String(b.block_id)] = { [actionId]: entry };
  }
  return state;
}
