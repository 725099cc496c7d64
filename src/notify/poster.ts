// Every post of the outbox goes through here, and none is repeated: each message carries its outbox row's id in its
// metadata, and any retry of a row (after a crash, a 5xx, a timeout: Slack may have saved what it did not confirm)
// looks for that id first. The WebClient given here must not retry by itself (retries: 0): its retry would post again
// without looking.
import type { WebClient } from '@slack/web-api';
import type { Message } from '../slack/views/notifications.js';
import type { OutboxRow } from './queue.js';
import { slackErrorCode } from './slack-errors.js';

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

export class IdempotentPoster {
  constructor(private readonly client: WebClient) {}

  /** The app's DM with this person (conversations.open answers the same channel every time). */
  async dm(userId: string): Promise<string> {
    const r = await this.client.conversations.open({ users: userId });
    return r.channel!.id!;
  }

  /** Posts this row's message into a channel, a thread or a DM, unless an earlier attempt already did. */
  async post(row: OutboxRow, to: { channel: string; threadTs?: string }, m: Message): Promise<{ channel: string; ts: string }> {
    const mine = (x: Found) => x.metadata?.event_type === OUTBOX_EVENT && Number(x.metadata.event_payload?.outbox_id) === row.id;
    const found = row.attempts > 1 ? await this.find(row, to.channel, to.threadTs, mine) : null;
    if (found) return { channel: to.channel, ts: found };
    const r = await this.inChannel(to.channel, () =>
      this.client.chat.postMessage({
        channel: to.channel,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks } : {}),
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
        metadata: { event_type: OUTBOX_EVENT, event_payload: { outbox_id: row.id } },
      }),
    );
    return { channel: r.channel!, ts: r.ts! };
  }

  /** A contract's thread root, found by the contract's id when an attempt that died before recording it posted it. */
  async postRoot(row: OutboxRow, channel: string, contractId: string, m: Message): Promise<string> {
    const found =
      row.attempts > 1
        ? await this.find(row, channel, undefined, (x) => x.metadata?.event_type === THREAD_EVENT && x.metadata.event_payload?.contract_id === contractId)
        : null;
    if (found) return found;
    const r = await this.inChannel(channel, () =>
      this.client.chat.postMessage({
        channel,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks } : {}),
        metadata: { event_type: THREAD_EVENT, event_payload: { contract_id: contractId } },
      }),
    );
    return r.ts!;
  }

  /** A file in a thread, unless a message of the thread already carries a file of this title (uploads take no metadata). */
  async upload(row: OutboxRow, u: Upload): Promise<void> {
    if (row.attempts > 1 && (await this.find(row, u.channel, u.threadTs, (x) => (x.files ?? []).some((f) => f.title === u.title || f.name === u.title))))
      return;
    await this.inChannel(u.channel, () =>
      this.client.filesUploadV2({ channel_id: u.channel, thread_ts: u.threadTs, file: u.file, filename: u.filename, title: u.title }),
    );
  }

  /** Editing a message is the same however often it is done. */
  async update(channel: string, ts: string, m: Message): Promise<void> {
    await this.client.chat.update({ channel, ts, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
  }

  /**
   * A post an earlier attempt made, found by what it carries. Reads every page back to the row's creation: a busy
   * channel has far more than one page of roots since.
   */
  private async find(row: OutboxRow, channel: string, threadTs: string | undefined, match: (m: Found) => boolean): Promise<string | null> {
    // Never later than the wall clock: the row's time comes from the services' clock, which tests move ahead.
    const oldest = String(Math.floor(Math.min(new Date(row.createdAt).getTime(), Date.now()) / 1000) - SKEW_S);
    let cursor: string | undefined;
    do {
      const page = cursor ? { cursor } : {};
      const r = await this.inChannel(channel, () =>
        threadTs
          ? this.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200, ...page })
          : this.client.conversations.history({ channel, include_all_metadata: true, limit: 200, oldest, ...page }),
      );
      const hit = (r.messages ?? []).find((m) => match(m as Found));
      if (hit?.ts) return hit.ts;
      cursor = r.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
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
      await this.client.conversations.join({ channel });
      return call();
    }
  }
}
