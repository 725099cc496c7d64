// A Slack stand-in on loopback: answers the Web API methods the app calls, keeps channels, threads, views and
// home tabs, refuses what real Slack would refuse, and sends signed requests to the app as a given user.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSlackRequest } from '../slack/signing.js';
import { checkMessage, checkView } from './limits.js';

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
}

export interface EmuEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: Json[];
}

export interface EmuView {
  id: string;
  hash: string;
  user: string;
  view: Json;
  rootViewId: string;
  previousViewId?: string;
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
}

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
  readonly calls: { method: string; args: Json }[] = [];
  /** Fail the next calls of these methods with this error (tests of error paths). */
  readonly failures = new Map<string, { error: string; status?: number; retryAfter?: number; times: number }>();
  private stacks = new Map<string, string[]>();
  private triggers = new Map<string, { user: string; issued: number; used: boolean }>();
  private server: Server | null = null;
  private clock = 1_795_400_000;
  private seq = 0;
  private appUrl = '';
  private signingSecret = '';
  private triggerTtlMs: number;
  url = '';

  constructor(opts: EmulatorOptions) {
    this.teamId = opts.teamId;
    this.botUserId = opts.botUserId ?? 'U0BOTUSER1';
    this.triggerTtlMs = opts.triggerTtlMs ?? TRIGGER_TTL_MS;
    for (const u of opts.users ?? []) this.users.set(u.id, u);
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(port, host, () => r()));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
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

  /** Top-level messages of a channel (thread roots and lone posts). */
  roots(channel: string): EmuMessage[] {
    return this.messages(channel).filter((m) => !m.threadTs || m.threadTs === m.ts);
  }

  thread(channel: string, rootTs: string): EmuMessage[] {
    return this.messages(channel).filter((m) => m.threadTs === rootTs && m.ts !== rootTs);
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

  // ---------------------------------------------------------------- Web API

  private nextTs(): string {
    this.seq += 1;
    return `${this.clock + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  private id(prefix: string): string {
    return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      this.record('response_url', args);
      this.respondUrl(decodeURIComponent(channel ?? ''), decodeURIComponent(user ?? ''), args);
      return send(200, { ok: true });
    }
    if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_path' });
    const method = url.pathname.slice(5);
    const args = parseArgs(req.headers['content-type'] ?? '', body);
    this.record(method, args);
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      return send(failure.status ?? 200, { ok: false, error: failure.error }, headers);
    }
    try {
      send(200, { ok: true, ...this.call(method, args) });
    } catch (e) {
      if (e instanceof SlackApiError) return send(200, { ok: false, error: e.code, response_metadata: { messages: e.messages } });
      throw e;
    }
  }

  private record(method: string, args: Json): void {
    this.calls.push({ method, args });
  }

  private refuse(method: string, problems: string[]): void {
    if (!problems.length) return;
    this.violations.push({ method, problems });
    throw new SlackApiError('invalid_blocks', problems);
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
        this.refuse(method, checkMessage(a));
        const channel = this.resolveChannel(String(a.channel));
        const ts = this.nextTs();
        const threadTs = a.thread_ts ? String(a.thread_ts) : undefined;
        if (threadTs && !this.messages(channel).some((m) => m.ts === threadTs)) throw new SlackApiError('thread_not_found');
        const msg: EmuMessage = { channel, ts, text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, edits: 0, ...(threadTs ? { threadTs } : {}), ...(a.metadata ? { metadata: a.metadata as Json } : {}) };
        this.channels.set(channel, [...this.messages(channel), msg]);
        return { channel, ts, message: { ts, text: msg.text, blocks: msg.blocks } };
      }
      case 'conversations.history': {
        const channel = this.resolveChannel(String(a.channel));
        const top = this.roots(channel).reverse().slice(0, Number(a.limit ?? 100));
        return { messages: top.map((m) => this.messageJson(m, Boolean(a.include_all_metadata))), has_more: false };
      }
      case 'conversations.replies': {
        const channel = this.resolveChannel(String(a.channel));
        const root = this.messages(channel).find((m) => m.ts === String(a.ts));
        if (!root) throw new SlackApiError('thread_not_found');
        return { messages: [root, ...this.thread(channel, root.ts)].map((m) => this.messageJson(m, Boolean(a.include_all_metadata))), has_more: false };
      }
      case 'chat.update': {
        this.refuse(method, checkMessage(a));
        const channel = this.resolveChannel(String(a.channel));
        const msg = this.messages(channel).find((m) => m.ts === String(a.ts));
        if (!msg) throw new SlackApiError('message_not_found');
        msg.text = String(a.text ?? msg.text);
        if (a.blocks) msg.blocks = a.blocks as Json[];
        msg.edits += 1;
        return { channel, ts: msg.ts, text: msg.text };
      }
      case 'chat.postEphemeral': {
        this.refuse(method, checkMessage(a));
        this.ephemerals.push({ channel: String(a.channel), user: String(a.user), text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined });
        return { message_ts: this.nextTs() };
      }
      case 'views.open':
      case 'views.push': {
        const view = a.view as Json;
        const user = this.takeTrigger(String(a.trigger_id));
        this.refuse(method, checkView(view));
        const stack = method === 'views.open' ? [] : [...(this.stacks.get(user) ?? [])];
        if (method === 'views.push' && !stack.length) throw new SlackApiError('not_found');
        if (stack.length >= MAX_STACK) throw new SlackApiError('push_limit_reached');
        const v = this.storeView(user, view, stack[0], stack.at(-1));
        this.stacks.set(user, [...stack, v.id]);
        return { view: this.viewJson(v) };
      }
      case 'views.update': {
        const view = a.view as Json;
        const existing = this.views.get(String(a.view_id ?? ''));
        if (!existing) throw new SlackApiError('not_found');
        if (a.hash && a.hash !== existing.hash) throw new SlackApiError('hash_conflict');
        this.refuse(method, checkView(view));
        existing.view = view;
        existing.hash = this.id('h');
        return { view: this.viewJson(existing) };
      }
      case 'views.publish': {
        const view = a.view as Json;
        this.refuse(method, checkView(view));
        if (view.type !== 'home') throw new SlackApiError('invalid_arguments', ['views.publish takes a home view']);
        this.homes.set(String(a.user_id), view);
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
          const msg: EmuMessage = { channel, ts, text: String(a.initial_comment ?? ''), edits: 0, files: files.map((f) => ({ name: f.title ?? f.id, url: `${this.url}/files/${f.id}` })), ...(a.thread_ts ? { threadTs: String(a.thread_ts) } : {}) };
          this.channels.set(channel, [...this.messages(channel), msg]);
        }
        return { files };
      }
      default:
        throw new SlackApiError('unknown_method');
    }
  }

  private messageJson(m: EmuMessage, withMetadata: boolean): Json {
    return { type: 'message', ts: m.ts, text: m.text, ...(m.threadTs ? { thread_ts: m.threadTs } : {}), ...(m.blocks ? { blocks: m.blocks } : {}), ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) };
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
    if (t.used || Date.now() - t.issued > this.triggerTtlMs) throw new SlackApiError('expired_trigger_id');
    t.used = true;
    return t.user;
  }

  private issueTrigger(user: string): string {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { user, issued: Date.now(), used: false });
    return id;
  }

  private respondUrl(channel: string, user: string, a: Json): void {
    if (a.response_type === 'in_channel') {
      const ts = this.nextTs();
      this.channels.set(channel, [...this.messages(channel), { channel, ts, text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined, edits: 0 }]);
      return;
    }
    if (a.replace_original || a.delete_original) return;
    this.ephemerals.push({ channel, user, text: String(a.text ?? ''), blocks: a.blocks as Json[] | undefined });
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

  private interactive(payload: Json): Promise<AppResponse> {
    return this.post('/slack/events', new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  }

  private userRef(userId: string): Json {
    return { id: userId, username: this.users.get(userId)?.name ?? userId, team_id: this.teamId };
  }

  /** A slash command typed by a user in a channel. */
  command(userId: string, text: string, opts: { command?: string; channel?: string } = {}): Promise<AppResponse> {
    const channel = opts.channel ?? this.dmChannel(userId);
    const form = new URLSearchParams({
      token: 'legacy',
      team_id: this.teamId,
      team_domain: 'sandbox',
      channel_id: channel,
      channel_name: channel,
      user_id: userId,
      user_name: this.users.get(userId)?.name ?? userId,
      command: opts.command ?? '/contract',
      text,
      api_app_id: 'A0CONTRACT',
      response_url: `${this.url}/respond/${encodeURIComponent(channel)}/${encodeURIComponent(userId)}`,
      trigger_id: this.issueTrigger(userId),
    });
    return this.post('/slack/events', form.toString(), 'application/x-www-form-urlencoded');
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
    const base: Json = { type: 'block_actions', user: this.userRef(userId), team: { id: this.teamId, domain: 'sandbox' }, api_app_id: 'A0CONTRACT', trigger_id: this.issueTrigger(userId), actions: [act], token: 'legacy' };
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
  async suggest(userId: string, actionId: string, value: string): Promise<{ text: string; value: string }[]> {
    const v = this.openView(userId);
    const blockId = v ? findBlockId(v.view.blocks as Json[], actionId) : undefined;
    const r = await this.interactive({ type: 'block_suggestion', user: this.userRef(userId), team: { id: this.teamId }, api_app_id: 'A0CONTRACT', action_id: actionId, block_id: blockId ?? 'b', value, ...(v ? { view: this.viewJson(v), container: { type: 'view', view_id: v.id } } : {}) });
    const json = r.json ?? {};
    const flat = [...((json.options as Json[] | undefined) ?? []), ...((json.option_groups as { options: Json[] }[] | undefined) ?? []).flatMap((g) => g.options)];
    return flat.map((o) => ({ text: String((o.text as Json).text), value: String(o.value) }));
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
    const r = await this.interactive({ type: 'view_submission', team: { id: this.teamId }, user: this.userRef(userId), api_app_id: 'A0CONTRACT', trigger_id: this.issueTrigger(userId), view: { ...this.viewJson(v), state: { values: state } } });
    const action = r.json?.response_action;
    const stack = this.stacks.get(userId) ?? [];
    if (action === 'errors') return { ...r, errors: r.json!.errors as Record<string, string> };
    if (action === 'update') {
      this.refuse('response_action:update', checkView(r.json!.view as Json));
      v.view = r.json!.view as Json;
      v.hash = this.id('h');
    } else if (action === 'push') {
      this.refuse('response_action:push', checkView(r.json!.view as Json));
      if (stack.length >= MAX_STACK) throw new Error('push_limit_reached');
      const pushed = this.storeView(userId, r.json!.view as Json, stack[0], v.id);
      this.stacks.set(userId, [...stack, pushed.id]);
    } else if (action === 'clear') {
      this.stacks.set(userId, []);
    } else {
      this.stacks.set(userId, stack.slice(0, -1));
    }
    return r;
  }

  /**
   * Sends a view_submission for a view the test builds itself (hostile metadata, values of any shape), without a
   * modal open on the stack: what a forged or replayed-from-elsewhere submission looks like to the app.
   */
  async submitCrafted(userId: string, view: Json): Promise<AppResponse> {
    return this.interactive({ type: 'view_submission', team: { id: this.teamId }, user: this.userRef(userId), api_app_id: 'A0CONTRACT', trigger_id: this.issueTrigger(userId), view: { id: this.id('V'), hash: this.id('h'), team_id: this.teamId, ...view } });
  }

  /** The user closes the modal. */
  closeView(userId: string): void {
    this.stacks.set(userId, []);
  }

  /** The user opens the App Home tab: Slack sends app_home_opened. */
  openHome(userId: string): Promise<AppResponse> {
    const event = { type: 'event_callback', team_id: this.teamId, api_app_id: 'A0CONTRACT', event_id: this.id('Ev'), event_time: Math.floor(Date.now() / 1000), event: { type: 'app_home_opened', user: userId, channel: this.dmChannel(userId), tab: 'home', event_ts: String(Date.now() / 1000) } };
    return this.post('/slack/events', JSON.stringify(event), 'application/json');
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
