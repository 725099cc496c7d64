// The sandbox: a Slack-like page over the emulator, and the control API the page (and any script or test) drives it
// with. Every click goes through the emulator, which sends the same signed request real Slack would.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { SANDBOX_PUBLIC_DIR } from '../paths.js';
import { FONT_FILES } from '../pdf/fonts.js';
import type { EmuChange, EmuEphemeral, EmuMessage, SlackEmulator } from './emulator.js';
import { blocks as renderBlocks, esc, message, modal, type RenderContext } from './render.js';

export interface SandboxUser {
  id: string;
  name: string;
  /** What this person does in the demo, shown in the user switcher. */
  role: string;
  /** Their Slack locale (zh-CN, en-US): the switcher says which language the app answers them in. */
  locale?: string;
}

export interface SandboxWorkspace {
  teamId: string;
  name: string;
  /** Its own channels: each workspace shows only these and its own DMs. */
  channels: { id: string; name: string }[];
}

export interface SandboxOptions {
  emulator: SlackEmulator;
  /** The demo people, members of every workspace. */
  users: SandboxUser[];
  /** Workspaces (Slack teams, one account each) the page can switch between; the emulator speaks as the chosen one. */
  workspaces: SandboxWorkspace[];
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/sandbox/static/sandbox.js': { file: 'sandbox.js', type: 'text/javascript; charset=utf-8' },
  '/sandbox/static/sandbox.css': { file: 'sandbox.css', type: 'text/css; charset=utf-8' },
};

// The page's CJK font is the one the PDFs embed, so Chinese renders on machines without CJK fonts installed.
const FONTS: Record<string, string> = {
  '/sandbox/static/cjk-400.ttf': FONT_FILES.regular,
  '/sandbox/static/cjk-700.ttf': FONT_FILES.bold,
};

async function font(file: string, res: ServerResponse): Promise<void> {
  const bytes = await readFile(file);
  res.writeHead(200, { 'content-type': 'font/ttf', 'content-length': String(bytes.length), 'cache-control': 'public, max-age=86400' });
  res.end(bytes);
}

const user = z.string().regex(/^U[A-Z0-9]+$/, 'a Slack user id (U…)');
const schemas = {
  command: z.object({ user, text: z.string().max(4000), channel: z.string().optional() }),
  message: z.object({ user, channel: z.string().min(1), text: z.string().min(1).max(40_000), threadTs: z.string().optional() }),
  action: z.object({
    user,
    surface: z.string().regex(/^(home|view:V\w+|(message|ephemeral):[A-Z0-9]+:[\d.]+)$/, 'home, view:<id>, message:<channel>:<ts> or ephemeral:<channel>:<ts>'),
    actionId: z.string().min(1),
    blockId: z.string().optional(),
    value: z.string().optional(),
    selectedOption: z.string().optional(),
  }),
  suggest: z.object({ user, actionId: z.string().min(1), value: z.string().max(200).default('') }),
  // A file picked in a modal's file input, as base64 (Slack's limit is 10 MB: about 14 MB of base64).
  attach: z.object({ user, actionId: z.string().min(1), name: z.string().min(1).max(255), base64: z.string().max(14_000_000) }),
  submit: z.object({ user, values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])).default({}) }),
  userOnly: z.object({ user }),
};

class BadRequest extends Error {}

export class Sandbox {
  private readonly emu: SlackEmulator;
  private readonly clients = new Set<ServerResponse>();
  private readonly assets = new Map<string, string>();
  private readonly onChange = (c: EmuChange) => this.broadcast(c);

  constructor(private readonly opts: SandboxOptions) {
    this.emu = opts.emulator;
    this.emu.use(opts.workspaces[0]!.teamId);
    this.emu.events.on('change', this.onChange);
  }

  /** The paths the sandbox answers: the page, its assets, the control API and the event stream. */
  static handles(path: string): boolean {
    return path === '/' || path.startsWith('/sandbox/');
  }

  close(): void {
    this.emu.events.off('change', this.onChange);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      if (req.method === 'GET' && STATIC[url.pathname]) return await this.asset(url.pathname, res);
      if (req.method === 'GET' && FONTS[url.pathname]) return await font(FONTS[url.pathname]!, res);
      if (req.method === 'GET' && url.pathname === '/sandbox/events') return this.stream(req, res);
      if (req.method === 'GET' && url.pathname === '/sandbox/ui') return json(res, 200, this.ui(url.searchParams));
      if (url.pathname.startsWith('/sandbox/api/')) return json(res, 200, await this.api(req, url));
      json(res, 404, { ok: false, error: 'not_found' });
    } catch (e) {
      if (e instanceof BadRequest) return json(res, 400, { ok: false, error: e.message });
      if (e instanceof z.ZodError) return json(res, 400, { ok: false, error: e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      json(res, 500, { ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private async asset(path: string, res: ServerResponse): Promise<void> {
    const { file, type } = STATIC[path]!;
    let body = this.assets.get(file);
    if (body === undefined) {
      body = await readFile(join(SANDBOX_PUBLIC_DIR, file), 'utf8');
      this.assets.set(file, body);
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
    res.end(body);
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  private broadcast(c: EmuChange): void {
    const line = `event: change\ndata: ${JSON.stringify(c)}\n\n`;
    for (const client of this.clients) client.write(line);
  }

  /** The workspace the page speaks as. */
  private get current(): SandboxWorkspace {
    return this.opts.workspaces.find((w) => w.teamId === this.emu.teamId) ?? this.opts.workspaces[0]!;
  }

  /** What the page renders with: the people, and the channels and DMs of the workspace it speaks as. */
  private get ctx(): RenderContext {
    const dms = this.opts.users.map((u) => ({ id: this.emu.dmChannel(u.id), name: `dm-${u.name}` }));
    return { users: this.opts.users, channels: [...this.current.channels, ...dms] };
  }

  private userName(id: string): string {
    return this.opts.users.find((u) => u.id === id)?.name ?? id;
  }

  // ---------------------------------------------------------------- control API

  private async api(req: IncomingMessage, url: URL): Promise<unknown> {
    const parts = url.pathname.split('/').slice(3).map(decodeURIComponent); // after /sandbox/api/
    const [head, id, sub, subId] = parts;
    if (req.method === 'GET') {
      if (head === 'workspace') return this.workspace();
      if (head === 'channels' && id && !sub)
        return {
          ok: true,
          channel: id,
          messages: this.emu.roots(id).map((m) => this.messageJson(m)),
          ephemerals: this.ephemeralsIn(id, url.searchParams.get('user'), undefined),
        };
      if (head === 'channels' && id && sub === 'threads' && subId) {
        const root = this.emu.find(id, subId);
        if (!root) throw new BadRequest(`no message ${subId} in ${id}`);
        return {
          ok: true,
          root: this.messageJson(root),
          replies: this.emu.thread(id, subId).map((m) => this.messageJson(m)),
          ephemerals: this.ephemeralsIn(id, url.searchParams.get('user'), subId),
        };
      }
      if (head === 'users' && id && sub === 'views')
        return { ok: true, stack: this.emu.viewStack(id).map((v) => ({ id: v.id, hash: v.hash, view: v.view, errors: v.errors ?? null })) };
      if (head === 'users' && id && sub === 'home') return { ok: true, view: this.emu.homes.get(id) ?? null };
      if (head === 'users' && id && sub === 'ephemerals') return { ok: true, ephemerals: this.emu.ephemeralsFor(id) };
      throw new BadRequest(`unknown GET ${url.pathname}`);
    }
    if (req.method !== 'POST') throw new BadRequest('use GET or POST');
    // A file picked in a modal's file input is sent whole: up to Slack's 10 MB, as base64.
    const body = await readJson(req, head === 'attach' ? 15_000_000 : 1_000_000);
    switch (head) {
      case 'command': {
        const a = schemas.command.parse(body);
        const [cmd = '', ...rest] = a.text.trim().split(/\s+/);
        if (!cmd.startsWith('/')) throw new BadRequest('a command starts with /, e.g. /contract new');
        if (cmd !== '/contract') return { ok: false, error: `${cmd} is not a command here; try /contract help` };
        return this.answered(await this.emu.command(a.user, rest.join(' '), { channel: a.channel ?? this.emu.dmChannel(a.user) }));
      }
      case 'message': {
        const a = schemas.message.parse(body);
        return { ok: true, ts: this.emu.postAsUser(a.user, a.channel, a.text, a.threadTs).ts };
      }
      case 'action': {
        const a = schemas.action.parse(body);
        return this.answered(
          await this.emu.clickAction(a.user, this.where(a.user, a.surface), {
            actionId: a.actionId,
            ...(a.blockId ? { blockId: a.blockId } : {}),
            ...(a.value !== undefined ? { value: a.value } : {}),
            ...(a.selectedOption !== undefined ? { selectedOption: a.selectedOption } : {}),
          }),
        );
      }
      case 'suggest': {
        const a = schemas.suggest.parse(body);
        return { ok: true, options: await this.emu.suggest(a.user, a.actionId, a.value) };
      }
      case 'attach': {
        const a = schemas.attach.parse(body);
        if (!this.emu.openView(a.user)) throw new BadRequest(`${a.user} has no open modal`);
        try {
          return { ok: true, file: this.emu.attachFile(a.user, a.actionId, { name: a.name, bytes: Buffer.from(a.base64, 'base64') }, { replace: true }) };
        } catch (e) {
          // What the Slack client says when it refuses a file (a type the input does not take, over 10 MB).
          throw new BadRequest(e instanceof Error ? e.message : String(e));
        }
      }
      case 'submit': {
        const a = schemas.submit.parse(body);
        if (!this.emu.openView(a.user)) throw new BadRequest(`${a.user} has no open modal`);
        const values = Object.fromEntries(Object.entries(a.values).map(([k, v]) => [k, v ?? undefined]));
        const r = await this.emu.submitView(a.user, values);
        return { ok: r.status === 200, status: r.status, ...(r.errors ? { errors: r.errors } : {}) };
      }
      case 'close':
        await this.emu.closeView(schemas.userOnly.parse(body).user);
        return { ok: true };
      case 'back':
        this.emu.backView(schemas.userOnly.parse(body).user);
        return { ok: true };
      case 'workspace': {
        const teamId = z.object({ teamId: z.string() }).parse(body).teamId;
        if (!this.opts.workspaces.some((w) => w.teamId === teamId)) throw new BadRequest(`no workspace ${teamId}`);
        this.emu.use(teamId);
        return this.workspace();
      }
      case 'home': {
        const a = schemas.userOnly.parse(body);
        return this.answered(await this.emu.openHome(a.user));
      }
      default:
        throw new BadRequest(`unknown POST ${url.pathname}`);
    }
  }

  private answered(r: { status: number; body: string }): { ok: boolean; status: number; body?: string } {
    return { ok: r.status === 200, status: r.status, ...(r.status === 200 ? {} : { body: r.body.slice(0, 500) }) };
  }

  /** Turns a surface name from the page into where the emulator's click comes from. */
  private where(userId: string, surface: string): Parameters<SlackEmulator['clickAction']>[1] {
    if (surface === 'home') return { home: true };
    const [kind, a, b] = surface.split(':');
    if (kind === 'view') {
      const v = this.emu.viewStack(userId).find((x) => x.id === a);
      if (!v) throw new BadRequest(`view ${a} is not open for ${userId}`);
      return { view: v };
    }
    if (kind === 'ephemeral') {
      const e = this.emu.ephemeralsFor(userId).find((x) => x.channel === a && x.ts === b);
      if (!e) throw new BadRequest(`no ephemeral ${b} for ${userId} in ${a}`);
      return { message: { channel: e.channel, ts: e.ts!, text: e.text, ...(e.blocks ? { blocks: e.blocks } : {}), edits: 0 } };
    }
    const m = this.emu.find(a!, b!);
    if (!m) throw new BadRequest(`no message ${b} in ${a}`);
    return { message: m };
  }

  private workspace() {
    const current = this.current;
    return {
      ok: true,
      name: current.name,
      teamId: current.teamId,
      workspaces: this.opts.workspaces.map(({ teamId, name }) => ({ teamId, name })),
      bot: { id: this.emu.botUserId, name: 'contract-desk' },
      users: this.opts.users,
      channels: [...current.channels, ...this.opts.users.map((u) => ({ id: this.emu.dmChannel(u.id), name: `contract-desk (DM ${u.name})`, dm: u.id }))],
    };
  }

  private messageJson(m: EmuMessage) {
    const replies = this.emu.thread(m.channel, m.ts);
    return {
      ts: m.ts,
      text: m.text,
      blocks: m.blocks ?? null,
      user: m.user ?? null,
      files: m.files ?? [],
      edits: m.edits,
      threadTs: m.threadTs ?? null,
      replyCount: m.threadTs && m.threadTs !== m.ts ? 0 : replies.length,
    };
  }

  private ephemeralsIn(channel: string, userId: string | null, threadTs: string | undefined) {
    if (!userId) return [];
    return this.emu.ephemeralsFor(userId).filter((e) => e.channel === channel && e.threadTs === threadTs);
  }

  // ---------------------------------------------------------------- the page's view of one user

  /** HTML fragments for what `user` sees: the channel (or Home), the open thread, the top modal. */
  private ui(q: URLSearchParams) {
    const userId = user.parse(q.get('user'));
    // Slack's own words on the page (an optional field's mark) follow the person's client language.
    const ctx: RenderContext = { ...this.ctx, locale: this.opts.users.find((u) => u.id === userId)?.locale };
    const channel = q.get('channel') ?? this.current.channels[0]!.id;
    const threadTs = q.get('thread') ?? undefined;
    const tab = q.get('tab') === 'home' ? 'home' : 'messages';
    let main: string;
    if (tab === 'home') {
      const home = this.emu.homes.get(userId);
      main = home ? `<div class="home" data-surface="home">${renderBlocks(home.blocks, ctx)}</div>` : '<div class="empty">Opening Home… 正在打开主页…</div>';
    } else {
      const items: { ts: string; html: string }[] = this.emu.roots(channel).map((m) => {
        const replies = this.emu.thread(channel, m.ts);
        return {
          ts: m.ts,
          html: message(m, ctx, {
            surface: `message:${channel}:${m.ts}`,
            replies: replies.length,
            ...(replies.at(-1)?.at ? { lastReplyAt: replies.at(-1)!.at! } : {}),
          }),
        };
      });
      for (const e of this.ephemeralsIn(channel, userId, undefined))
        items.push({ ts: e.ts ?? '0', html: message(fromBot(e), ctx, { surface: `ephemeral:${channel}:${e.ts}`, ephemeral: true }) });
      items.sort((a, b) => Number(a.ts) - Number(b.ts));
      main = items.length
        ? items.map((i) => i.html).join('')
        : `<div class="empty">No messages yet. Type <code>/contract new</code> below to start. 还没有消息，在下方输入 <code>/contract new</code> 开始。</div>`;
    }
    let thread: string | null = null;
    const root = threadTs ? this.emu.find(channel, threadTs) : undefined;
    if (root) {
      const replies = this.emu.thread(channel, root.ts).map((m) => ({ ts: m.ts, html: message(m, ctx, { surface: `message:${channel}:${m.ts}` }) }));
      for (const e of this.ephemeralsIn(channel, userId, root.ts))
        replies.push({ ts: e.ts ?? '0', html: message(fromBot(e), ctx, { surface: `ephemeral:${channel}:${e.ts}`, ephemeral: true }) });
      replies.sort((a, b) => Number(a.ts) - Number(b.ts));
      thread = `${message(root, ctx, { surface: `message:${channel}:${root.ts}` })}<div class="replies-sep">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</div>${replies.map((r) => r.html).join('')}`;
    }
    const stack = this.emu.viewStack(userId);
    const top = stack.at(-1);
    const counts: Record<string, number> = {};
    for (const c of ctx.channels) counts[c.id] = this.emu.roots(c.id).length + this.emu.ephemeralsFor(userId).filter((e) => e.channel === c.id).length;
    return {
      ok: true,
      user: { id: userId, name: this.userName(userId) },
      title: tab === 'home' ? 'contract-desk' : esc(ctx.channels.find((c) => c.id === channel)?.name ?? channel),
      main,
      thread,
      modal: top ? { key: `${top.id}:${top.hash}`, html: modal(top, ctx, stack.length), errors: top.errors ?? {} } : null,
      counts,
    };
  }
}

/** An ephemeral is the app speaking to one person: shown as the bot's, not as its addressee's. */
function fromBot(e: EmuEphemeral) {
  return { ts: e.ts ?? '0', text: e.text, ...(e.blocks ? { blocks: e.blocks } : {}), ...(e.at ? { at: e.at } : {}) };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage, max: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > max) throw new BadRequest(`body over ${Math.round(max / 1_000_000)} MB`);
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not JSON');
  }
}
