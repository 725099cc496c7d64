// The outbox's one owner at run time: claims due rows, hands each to its topic's handler, and records the outcome.
// Wired in app.ts beside the jobs; Slack listeners only get `deliverNow`.
import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { accounts, type AccountRow, contracts } from '../db/schema.js';
import { isTopic, type Notice } from '../domain/notices.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { writeNotices } from '../services/trail.js';
import { publishHomeTab } from '../slack/home.js';
import type { LocaleCache } from '../slack/locale.js';
import { type Delivery, HANDLERS, type HandlerDeps } from './handlers.js';
import { IdempotentPoster } from './poster.js';
import { type OutboxRow, OutboxQueue } from './queue.js';
import { classify } from './slack-errors.js';

export { MAX_ATTEMPTS } from './queue.js';

export interface DispatcherDeps {
  ctx: Ctx;
  /**
   * The bot's client in an account's workspace (each workspace has its own token), or null while the app is not
   * installed there: that account's rows wait, held, until it is installed again. It must not retry by itself
   * (`retryConfig: { retries: 0 }`): every retry is ours.
   */
  clientFor: (account: AccountRow) => Promise<WebClient | null>;
  locales: LocaleCache;
  log: Logger;
  documentUrl: HandlerDeps['documentUrl'];
  uploadPdfs?: boolean;
  /** The signing SMS (R8): its link and the phone network that carries it. */
  sms?: HandlerDeps['sms'];
  /** TIME_SCALE: the durations people are told are divided by it, as the e-sign service's are. */
  timeScale?: number;
  /** This app instance's key (db/instance.ts): its leases on outbox rows free at once should it die. */
  instance?: number;
}

/** Posts in flight at once within a batch (each to a different thread); Slack's rate limits are answered by the queue. */
const PARALLEL_POSTS = 4;

/** Why a row waits when its workspace has no token (the app was uninstalled or its tokens revoked). */
export const NOT_INSTALLED = 'not_installed';

export class OutboxDispatcher {
  private running: Promise<number> = Promise.resolve(0);
  private closed = false;
  private readonly queue: OutboxQueue;
  private readonly handlerDeps: Omit<HandlerDeps, 'client' | 'poster'>;
  private readonly posters = new WeakMap<WebClient, IdempotentPoster>();
  /** People whose contracts moved in this batch (by account and user), with their account: their Home is published once per batch. */
  private homesDue = new Map<string, { userId: string; account: AccountRow }>();

  constructor(private readonly d: DispatcherDeps) {
    this.queue = new OutboxQueue(d.ctx.db, d.ctx.clock, d.instance ?? null);
    this.handlerDeps = {
      ctx: d.ctx,
      locales: d.locales,
      documentUrl: d.documentUrl,
      uploadPdfs: d.uploadPdfs ?? false,
      ...(d.sms ? { sms: d.sms } : {}),
      timeScale: d.timeScale ?? 1,
      homeDue: (userId, account) => this.homesDue.set(`${account.id} ${userId}`, { userId, account }),
    };
  }

  private depsWith(client: WebClient): HandlerDeps {
    let poster = this.posters.get(client);
    if (!poster) this.posters.set(client, (poster = new IdempotentPoster(client)));
    return { ...this.handlerDeps, client, poster };
  }

  /**
   * Delivers everything due; calls made while a run is going wait for it and then run again. Never rejects: a
   * failure is logged and the rows are retried by the next run.
   */
  deliverDue(): Promise<number> {
    this.running = this.running
      .then(() => (this.closed ? 0 : this.deliverOnce()))
      .catch((e: unknown) => {
        this.d.log.error({ err: e }, 'outbox delivery failed');
        return 0;
      });
    return this.running;
  }

  /** For listeners, after a change they made: deliver now, without waiting for the next tick. */
  readonly deliverNow = (): Promise<number> => this.deliverDue();

  /** No run starts after this; resolves when the running one is done (shutdown, before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  async idle(): Promise<void> {
    for (let last: Promise<number> | null = null; last !== this.running;) {
      last = this.running;
      await last.catch(() => 0);
    }
  }

  private async deliverOnce(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const rows = await this.queue.claim();
      // A claim holds at most one row per contract, so the rows of a batch belong to different threads: they go out
      // side by side (a few at a time), and each thread still gets its posts in order, one batch after another.
      for (let i = 0; i < rows.length; i += PARALLEL_POSTS) {
        const done = await Promise.all(rows.slice(i, i + PARALLEL_POSTS).map((row) => this.attempt(row)));
        delivered += done.filter(Boolean).length;
      }
      // A batch can move many contracts of one person: their Home tab is published once per batch, not per row.
      await this.refreshHomes();
      if (!rows.length) {
        if (delivered) this.d.log.info({ delivered }, 'outbox delivered');
        return delivered;
      }
    }
  }

  private async attempt(row: OutboxRow): Promise<boolean> {
    try {
      if (!isTopic(row.topic)) throw new Error(`no handler for topic ${row.topic}`);
      const notice = { topic: row.topic, payload: row.payload } as Notice;
      const x = await this.delivery(row);
      const client = await this.d.clientFor(x.account);
      if (!client) {
        // No token for the workspace: no call at all. The row waits (never parked) and goes out once it is installed again.
        await this.queue.hold(row, NOT_INSTALLED);
        this.d.log.info({ outbox: row.id, account: row.accountId }, 'notification held: the app is not installed in its workspace');
        return false;
      }
      await (HANDLERS[notice.topic] as (d: HandlerDeps, x: Delivery, p: Notice['payload']) => Promise<void>)(this.depsWith(client), x, notice.payload);
      await this.queue.delivered(row);
      return true;
    } catch (e) {
      await this.failed(row, e);
      return false;
    }
  }

  private async failed(row: OutboxRow, e: unknown): Promise<void> {
    const f = classify(e);
    if (f.kind === 'permanent') {
      const { news } = await this.queue.hold(row, f.code);
      this.d.log.warn({ outbox: row.id, topic: row.topic, error: f.code, news }, 'notification held until an admin fixes the Slack set-up');
      // The admins hear of it once per error, not per row; a failing message to the admins tells nobody.
      if (news && row.topic !== 'delivery.held') {
        const [a] = await this.d.ctx.db.select().from(accounts).where(eq(accounts.id, row.accountId));
        const channel = /channel|archived|restricted/.test(f.code) ? (a?.notificationChannel ?? null) : null;
        await writeNotices(this.d.ctx.db, row.accountId, null, [{ topic: 'delivery.held', payload: { error: f.code, channel } }], this.d.ctx.clock());
      }
      return;
    }
    const { parked } = await this.queue.retryLater(row, f.why, f.kind === 'rateLimited' ? f.retryAfterMs : null);
    this.d.log.warn(
      { outbox: row.id, topic: row.topic, attempts: row.attempts, parked, why: f.why },
      parked ? 'notification parked' : 'notification failed, will retry',
    );
  }

  private async delivery(row: OutboxRow): Promise<Delivery> {
    const db = this.d.ctx.db;
    const [account] = await db.select().from(accounts).where(eq(accounts.id, row.accountId));
    const [contract] = row.contractId ? await db.select().from(contracts).where(eq(contracts.id, row.contractId)) : [];
    return { row, account: account!, contract: contract ?? null };
  }

  /**
   * The Home tab shows the next step as soon as the contract moves, even when the system moved it. Best effort: the
   * thread reply is what must arrive; a stale Home is corrected when the tab is next opened.
   */
  private async refreshHomes(): Promise<void> {
    const due = [...this.homesDue.values()];
    this.homesDue.clear();
    for (const { userId, account } of due) {
      try {
        const client = await this.d.clientFor(account);
        if (client) await publishHomeTab(this.d.ctx.db, client, this.d.locales, account, userId);
      } catch (e) {
        this.d.log.warn({ err: e, user: userId }, 'home tab not refreshed');
      }
    }
  }
}
