// One workspace's conversations: channels, threads, ephemerals, people and files, with history paging and snapshots.
import type { EventEmitter } from 'node:events';
import type { EmuChange, EmuEphemeral, EmuMessage, EmuTeamSnapshot, EmuUser, Json } from './types.js';

type Change = EmuChange extends infer C ? (C extends unknown ? Omit<C, 'team'> : never) : never;

/** Message timestamps, unique and increasing across every workspace of the emulator, as Slack's are. */
export class Stamps {
  clock = Math.floor(Date.now() / 1000);
  seq = 0;

  /** Slack's ts: the posting time in seconds, and a part after the point that keeps it unique and increasing. */
  next(): string {
    this.seq += 1;
    this.clock = Math.max(this.clock, Math.floor(Date.now() / 1000));
    return `${this.clock}.${String(this.seq % 1_000_000).padStart(6, '0')}`;
  }
}

export class Workspace {
  readonly channels = new Map<string, EmuMessage[]>();
  readonly ephemerals: EmuEphemeral[] = [];
  /** Files uploaded through the v2 steps (getUploadURLExternal, the upload, completeUploadExternal). */
  readonly files = new Map<string, { name: string; bytes: Buffer | null }>();
  readonly users = new Map<string, EmuUser>();
  private byTs = new Map<string, EmuMessage>();
  private replies = new Map<string, EmuMessage[]>();

  /** `events` is the emulator's one emitter: every change is told with its workspace. */
  constructor(
    readonly teamId: string,
    readonly events: EventEmitter,
    private readonly stamps: Stamps,
  ) {}

  messages(channel: string): EmuMessage[] {
    return this.channels.get(channel) ?? [];
  }

  /** One message by channel and ts (indexed: a soak's channel holds thousands). */
  find(channel: string, ts: string): EmuMessage | undefined {
    return this.byTs.get(`${channel} ${ts}`);
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

  resolveChannel(channel: string): string {
    return resolveChannel(channel);
  }

  ephemeralsFor(userId: string): EmuEphemeral[] {
    return this.ephemerals.filter((e) => e.user === userId);
  }

  nextTs(): string {
    return this.stamps.next();
  }

  changed(c: Change): void {
    this.events.emit('change', { ...c, team: this.teamId });
  }

  /** A message now shows (posted or edited): the watcher refreshes the channel, or the thread it is in. */
  messageChanged(m: EmuMessage): void {
    this.changed({ type: 'message', channel: m.channel, ts: m.ts, ...(m.threadTs ? { threadTs: m.threadTs } : {}) });
  }

  post(msg: EmuMessage): EmuMessage {
    this.append(msg);
    this.messageChanged(msg);
    return msg;
  }

  postEphemeral(e: EmuEphemeral): void {
    this.ephemerals.push(e);
    this.changed({ type: 'ephemeral', channel: e.channel, user: e.user });
  }

  /** One page of messages as Slack serves history and replies: `limit` at a time, with a cursor. */
  page(list: EmuMessage[], a: Json): Json {
    const limit = Math.min(1000, Number(a.limit ?? 100));
    const from = a.cursor ? Number(Buffer.from(String(a.cursor), 'base64').toString()) || 0 : 0;
    const slice = list.slice(from, from + limit);
    const more = from + limit < list.length;
    return {
      messages: slice.map((m) => messageJson(m, Boolean(a.include_all_metadata))),
      has_more: more,
      response_metadata: { next_cursor: more ? Buffer.from(String(from + limit)).toString('base64') : '' },
    };
  }

  /** The conversations; the caller adds the Home tabs, which the view state keeps. */
  snapshot(): Omit<EmuTeamSnapshot, 'homes'> {
    return { id: this.teamId, channels: [...this.channels], ephemerals: this.ephemerals.slice(-500) };
  }

  restore(s: Pick<EmuTeamSnapshot, 'channels' | 'ephemerals'>): void {
    this.channels.clear();
    this.byTs.clear();
    this.replies.clear();
    for (const [, list] of s.channels) for (const m of list) this.append(m);
    this.ephemerals.splice(0, this.ephemerals.length, ...s.ephemerals);
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
}

/** A user id as channel means "the DM with that user", as in real Slack. */
export function resolveChannel(channel: string): string {
  return /^U/.test(channel) ? `D${channel}` : channel;
}

function messageJson(m: EmuMessage, withMetadata: boolean): Json {
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
