// Every post of the outbox goes through here, and none is repeated. Each message carries its outbox row's id in its
// metadata. What an attempt posted for sure is kept on the row (its progress) and not posted again. Only when an
// earlier attempt may have posted without hearing so (a timeout, a 5xx, a cut connection, a replica that died) does a
// retry look in Slack for its own posts first: never before a first attempt, never after a 429 (Slack did nothing),
// and one look-up per conversation serves every row of a batch. The WebClient given here must not retry by itself
// (retries: 0): its retry would post again without looking.
import type { WebClient } from '@slack/web-api';
import type { Message } from '../slack/views/notifications.js';
import type { OutboxRow } from './queue.js';
import { outcomeUnknown, slackErrorCode } from './slack-errors.js';

const OUTBOX_EVENT = 'contract_desk_outbox';
const THREAD_EVENT = 'contract_desk_thread';
/** How far back a retry looks for its own post, besides the row's age: clocks of replicas and Slack differ a little. */
const SKEW_S = 300;

type Metadata = { event_type?: string; event_payload?: Record<string, unknown> };
type Found = { ts?: string; metadata?: Metadata; files?: { title?: string; name?: string }[] };

export interface Upload {
  channel: string;
  threadTs: string;
  file: Buffer;
  filename: string;
  title: string;
}

/** Web API calls made, per method (the bench prints them per status change). */
export type CallCounts = Record<string, number>;

let posterIds = 0;

/**
 * One workspace's posting: its client, the DM channel of each person (conversations.open answers the same channel
 * every time, so it is asked once per person, not per message), and the calls made.
 */
export class SlackPoster {
  readonly id = ++posterIds;
  private readonly dms = new Map<string, Promise<string>>();

  constructor(
    readonly client: WebClient,
    readonly count: (method: string, n?: number) => void,
  ) {}

  /** The app's DM with this person, kept once known. */
  dm(userId: string): Promise<string> {
    let channel = this.dms.get(userId);
    if (!channel) {
      this.count('conversations.open');
      channel = this.client.conversations.open({ users: userId }).then((r) => r.channel!.id!);
      this.dms.set(userId, channel);
      // A failed open is asked again next time.
      channel.catch(() => this.dms.delete(userId));
    }
    return channel;
  }

  /** The poster for one attempt of one row. */
  forRow(row: OutboxRow, lookups: Lookups): RowPoster {
    return new RowPoster(this, row, lookups);
  }
}

/**
 * The look-ups of one batch: a conversation read once (every page back to the oldest row that needs it) serves every
 * row of the batch whose earlier attempt's outcome is unknown.
 */
export class Lookups {
  private readonly pages = new Map<string, Promise<Found[]>>();
  /** Conversations read (each may take several pages). */
  reads = 0;

  constructor(private readonly oldest: Date) {}

  messages(poster: SlackPoster, channel: string, threadTs: string | undefined, read: (oldest: Date) => Promise<Found[]>): Promise<Found[]> {
    const key = `${poster.id} ${channel} ${threadTs ?? ''}`;
    let found = this.pages.get(key);
    if (!found) {
      this.reads += 1;
      found = read(this.oldest);
      this.pages.set(key, found);
      found.catch(() => this.pages.delete(key));
    }
    return found;
  }
}

/** One attempt's posting: skips what an earlier attempt made for sure, and notes what this one makes. */
export class RowPoster {
  /** Posts made for sure, by where they went (with their ts), this attempt's and earlier ones'. */
  readonly progress: Record<string, string>;
  /** A call of this attempt may have been done by Slack without the app hearing so. */
  outcomeUnknown = false;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly s: SlackPoster,
    private readonly row: OutboxRow,
    private readonly lookups: Lookups,
  ) {
    this.progress = { ...row.progress };
  }

  get client(): WebClient {
    return this.s.client;
  }

  dm(userId: string): Promise<string> {
    return this.s.dm(userId);
  }

  /** Something this attempt decided that the row should remember (a root edit left to a later row). */
  note(key: string, value: string): void {
    this.progress[key] = value;
  }

  /** Posts this row's message into a channel, a thread or a DM, unless an earlier attempt already did. */
  async post(row: OutboxRow, to: { channel: string; threadTs?: string }, m: Message): Promise<{ channel: string; ts: string }> {
    const key = this.key(`post ${to.channel} ${to.threadTs ?? '-'}`);
    const done = this.progress[key];
    if (done) return { channel: to.channel, ts: done };
    const mine = (x: Found) => x.metadata?.event_type === OUTBOX_EVENT && Number(x.metadata.event_payload?.outbox_id) === row.id;
    const found = await this.find(to.channel, to.threadTs, mine);
    if (found) return { channel: to.channel, ts: (this.progress[key] = found) };
    const r = await this.sending(() =>
      this.inChannel(to.channel, () => {
        this.s.count('chat.postMessage');
        return this.client.chat.postMessage({
          channel: to.channel,
          text: m.text,
          ...(m.blocks ? { blocks: m.blocks } : {}),
          ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
          metadata: { event_type: OUTBOX_EVENT, event_payload: { outbox_id: row.id } },
        });
      }),
    );
    this.progress[key] = r.ts!;
    return { channel: r.channel!, ts: r.ts! };
  }

  /** A contract's thread root, found by the contract's id when an attempt that died before recording it posted it. */
  async postRoot(row: OutboxRow, channel: string, contractId: string, m: Message): Promise<string> {
    const key = `root ${contractId}`;
    const done = this.progress[key];
    if (done) return done;
    const found = await this.find(channel, undefined, (x) => x.metadata?.event_type === THREAD_EVENT && x.metadata.event_payload?.contract_id === contractId);
    if (found) return (this.progress[key] = found);
    const r = await this.sending(() =>
      this.inChannel(channel, () => {
        this.s.count('chat.postMessage');
        return this.client.chat.postMessage({
          channel,
          text: m.text,
          ...(m.blocks ? { blocks: m.blocks } : {}),
          metadata: { event_type: THREAD_EVENT, event_payload: { contract_id: contractId } },
        });
      }),
    );
    return (this.progress[key] = r.ts!);
  }

  /** A file in a thread, unless a message of the thread already carries a file of this title (uploads take no metadata). */
  async upload(row: OutboxRow, u: Upload): Promise<void> {
    const key = this.key(`upload ${u.channel} ${u.title}`);
    if (this.progress[key]) return;
    if (!(await this.find(u.channel, u.threadTs, (x) => (x.files ?? []).some((f) => f.title === u.title || f.name === u.title)))) {
      await this.sending(() =>
        this.inChannel(u.channel, () => {
          this.s.count('files.getUploadURLExternal');
          this.s.count('files.completeUploadExternal');
          return this.client.filesUploadV2({ channel_id: u.channel, thread_ts: u.threadTs, file: u.file, filename: u.filename, title: u.title });
        }),
      );
    }
    this.progress[key] = 'uploaded';
  }

  /** Editing a message is the same however often it is done. */
  async update(channel: string, ts: string, m: Message): Promise<void> {
    this.s.count('chat.update');
    await this.client.chat.update({ channel, ts, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
  }

  /** The n-th post of this attempt to one place gets its own key, so a row may post twice there and keep both. */
  private key(base: string): string {
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  }

  /** A call that creates something: when Slack may have done it unheard, the row is marked to look next time. */
  private async sending<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (outcomeUnknown(e)) this.outcomeUnknown = true;
      throw e;
    }
  }

  /**
   * A post an earlier attempt may have made unheard, found by what it carries; nothing is read when no attempt's
   * outcome is unknown. Reads every page back to the oldest such row of the batch: a busy channel has far more than
   * one page of roots since.
   */
  private async find(channel: string, threadTs: string | undefined, match: (m: Found) => boolean): Promise<string | null> {
    if (!this.row.outcomeUnknown) return null;
    const messages = await this.lookups.messages(this.s, channel, threadTs, (oldest) => this.read(channel, threadTs, oldest));
    return messages.find(match)?.ts ?? null;
  }

  private async read(channel: string, threadTs: string | undefined, since: Date): Promise<Found[]> {
    // Never later than the wall clock: the row's time comes from the services' clock, which tests move ahead.
    const oldest = String(Math.floor(Math.min(since.getTime(), Date.now()) / 1000) - SKEW_S);
    const all: Found[] = [];
    let cursor: string | undefined;
    do {
      const page = cursor ? { cursor } : {};
      const r = await this.inChannel(channel, () => {
        this.s.count(threadTs ? 'conversations.replies' : 'conversations.history');
        return threadTs
          ? this.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200, ...page })
          : this.client.conversations.history({ channel, include_all_metadata: true, limit: 200, oldest, ...page });
      });
      all.push(...((r.messages ?? []) as Found[]));
      cursor = r.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return all;
  }

  /**
   * chat:write.public lets the app post in a public channel it never joined, but not read it or share files there
   * (not_in_channel): join once and try again. A private channel cannot be joined; its error goes to the caller.
   */
  private async inChannel<T>(channel: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (slackErrorCode(e) !== 'not_in_channel') throw e;
      this.s.count('conversations.join');
      await this.client.conversations.join({ channel });
      return call();
    }
  }
}
