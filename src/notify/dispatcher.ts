// The outbox's one owner at run time: claims due rows, hands each to its topic's handler, and records the outcome.
// Wired in app.ts beside the jobs; Slack listeners only get `deliverNow`.
//
// Slack's budget is spent on what people still need to read: a 429 is no failure (the row waits for Retry-After and is
// never parked for it); a thread root is edited once for several changes of its contract (by the last row that edits
// it); a person's Home is published at most once per HOME_INTERVAL_MS (a backlog run's end publishes what is due).
import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { type AccountRow, accounts, type ContractRow } from '../db/schema.js';
import { isTopic, type Notice } from '../domain/notices.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { writeNotices } from '../services/trail.js';
import type { LocaleCache } from '../slack/locale.js';
import { type Delivery, type HandlerDeps, HANDLERS, ROOT_EDIT_KEY, ROOT_EDITING_TOPICS } from './handlers.js';
import { type CallCounts, Lookups, type RowPoster, SlackPoster } from './poster.js';
import { type ClaimedBatch, OutboxQueue, type OutboxRow } from './queue.js';
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
  /**
   * Publishes a person's App Home (slack/home.ts's publishHomeTab, wired in app.ts): Home reads the services and the
   * Bolt app's views, above notify/, so it comes in as a dependency rather than an import.
   */
  publishHome: (client: WebClient, account: AccountRow, userId: string) => Promise<void>;
}

/** Posts in flight at once within a batch (each to a different thread); Slack's rate limits are paced by the gate. */
const PARALLEL_POSTS = 4;

/** When a call the gate did not send (the app stopping) is due again. */
const NOT_SENT_RETRY_MS = 1_000;

/** How often the leases of a batch in progress are renewed (a third of the lease: two renewals may fail in a row). */
const LEASE_RENEW_MS = 20_000;

/** A person's Home is published at most this often (a backlog run's end publishes everyone due, with the latest). */
export const HOME_INTERVAL_MS = 5_000;

/** Why a row waits when its workspace has no token (the app was uninstalled or its tokens revoked). */
export const NOT_INSTALLED = 'not_installed';

/** What the dispatcher did since it started: the bench prints Web API calls per status change from these. */
export interface OutboxCounts {
  /** Web API calls made by delivery (posts, edits, DM opens, look-ups, uploads, Home publishes), per method. */
  calls: CallCounts;
  /** contract.changed rows delivered: one per status change (or same-state event) announced. */
  statusChanges: number;
  delivered: number;
  /** Thread-root edits left to a later row of the same contract (that row edits the root with the latest state). */
  rootEditsSuperseded: number;
  /** Conversations read to find posts an attempt may have made unheard. */
  lookups: number;
  /** Rows that met a 429 (rescheduled after Retry-After, not counted as attempts). */
  rateLimited: number;
}

export class OutboxDispatcher {
  private running: Promise<number> = Promise.resolve(0);
  /** A run asked for but not started: later asks join it instead of queueing one run each. */
  private pending: Promise<number> | null = null;
  /** A click's own contract being delivered beside the backlog run. */
  private readonly own = new Set<Promise<number>>();
  private closed = false;
  private readonly queue: OutboxQueue;
  private readonly handlerDeps: Omit<HandlerDeps, 'client' | 'poster'>;
  private readonly posters = new WeakMap<WebClient, SlackPoster>();
  /** People whose contracts moved (by account and user), with their account: their Home is published once for many. */
  private homesDue = new Map<string, { userId: string; account: AccountRow }>();
  /** When each person's Home was last published by us (ms, wall clock: Slack's budgets are in real time). */
  private readonly homePublished = new Map<string, number>();
  /** Publishes the Homes put off by the interval once it is up. */
  private homeTimer: NodeJS.Timeout | null = null;
  private readonly counts: OutboxCounts = { calls: {}, statusChanges: 0, delivered: 0, rootEditsSuperseded: 0, lookups: 0, rateLimited: 0 };

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

  /** Counts since start (a copy). Web API calls per status change = sum(calls) / statusChanges. */
  stats(): OutboxCounts {
    return { ...this.counts, calls: { ...this.counts.calls } };
  }

  private readonly count = (method: string, n = 1): void => {
    this.counts.calls[method] = (this.counts.calls[method] ?? 0) + n;
  };

  private posterFor(client: WebClient): SlackPoster {
    let poster = this.posters.get(client);
    if (!poster) this.posters.set(client, (poster = new SlackPoster(client, this.count)));
    return poster;
  }

  /**
   * Delivers everything due; calls made while a run is going wait for it and then run again (once, however many
   * asked meanwhile). Never rejects: a failure is logged and the rows are retried by the next run.
   */
  deliverDue(): Promise<number> {
    if (this.pending) return this.pending;
    const run = this.running
      .then(() => {
        this.pending = null;
        return this.closed ? 0 : this.deliverOnce(null);
      })
      .catch((e: unknown) => {
        this.d.log.error({ err: e }, 'outbox delivery failed');
        return 0;
      });
    this.pending = run;
    this.running = run;
    return run;
  }

  /**
   * For listeners, after a change they made: deliver now, without waiting for the next tick. Given the contract, only
   * its rows go, beside the backlog run rather than behind it (a click's thread post does not wait for a month-end
   * burst, and the click does not hold a slot while the backlog drains); without one, the backlog run.
   */
  readonly deliverNow = (contractId?: string): Promise<number> => {
    if (!contractId) return this.deliverDue();
    if (this.closed) return Promise.resolve(0);
    const run = this.deliverOnce(contractId).catch((e: unknown) => {
      this.d.log.error({ err: e, contract: contractId }, 'outbox delivery failed');
      return 0;
    });
    this.own.add(run);
    void run.finally(() => this.own.delete(run));
    return run;
  };

  /** No run starts after this; resolves when the running ones are done (shutdown, before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.homeTimer) clearTimeout(this.homeTimer);
    this.homeTimer = null;
    await this.idle();
  }

  async idle(): Promise<void> {
    for (let last: Promise<number> | null = null; last !== this.running || this.own.size;) {
      last = this.running;
      await Promise.all([last, ...this.own].map((p) => p.catch(() => 0)));
    }
  }

  private async deliverOnce(contractId: string | null): Promise<number> {
    let delivered = 0;
    for (;;) {
      // Stopping: the batch in hand is finished (its calls fail unsent once the gate is closed), no new one is taken.
      if (this.closed) return delivered;
      const claimed = await this.queue.claimBatch(contractId ? 1 : 20, contractId);
      const rows = claimed.rows;
      if (rows.length) {
        const batch = this.batchOf(claimed);
        // The batch's calls wait for Slack's budgets in the gate (a busy channel takes one post a second): its leases
        // are renewed meanwhile, or another run would take a row whose post is still on its way and post it twice.
        const renewal = setInterval(
          () => void this.queue.renew(rows).catch((e: unknown) => this.d.log.warn({ err: e }, 'outbox lease renewal failed')),
          LEASE_RENEW_MS,
        );
        try {
          // A claim holds at most one row per contract, so the rows of a batch belong to different threads: they go
          // out side by side (a few at a time), and each thread still gets its posts in order, batch after batch.
          for (let i = 0; i < rows.length; i += PARALLEL_POSTS) {
            const done = await Promise.all(rows.slice(i, i + PARALLEL_POSTS).map((row) => this.attempt(row, batch)));
            delivered += done.filter(Boolean).length;
          }
        } finally {
          clearInterval(renewal);
        }
        this.counts.lookups += batch.lookups.reads;
      }
      // Many rows of one person's contracts: their Home is published once for them, not per row.
      await this.refreshHomes(!rows.length && !contractId);
      if (!rows.length) {
        // A click's contract being delivered beside this run holds rows this run could not claim: the backlog run
        // ends once they are done too, so that it leaves nothing due behind it.
        if (!contractId && this.own.size) {
          await Promise.all([...this.own].map((p) => p.catch(() => 0)));
          continue;
        }
        if (delivered) this.d.log.info({ delivered }, 'outbox delivered');
        return delivered;
      }
    }
  }

  /** What a batch's rows share: their accounts and contracts (read with the rows), and the look-ups of the rows whose earlier outcome is unknown. */
  private batchOf({ rows, accounts, contracts }: ClaimedBatch): Batch {
    const unsure = rows.filter((r) => r.outcomeUnknown).map((r) => new Date(r.createdAt).getTime());
    return { accounts, contracts, lookups: new Lookups(new Date(unsure.length ? Math.min(...unsure) : this.d.ctx.clock().getTime())) };
  }

  private async attempt(row: OutboxRow, batch: Batch): Promise<boolean> {
    let poster: RowPoster | null = null;
    try {
      if (!isTopic(row.topic)) throw new Error(`no handler for topic ${row.topic}`);
      const notice = { topic: row.topic, payload: row.payload } as Notice;
      const account = batch.accounts.get(row.accountId)!;
      const contract = row.contractId ? (batch.contracts.get(row.contractId) ?? null) : null;
      const x: Delivery = { row, account, contract, rootEditLater: () => this.queue.laterRow(row, ROOT_EDITING_TOPICS) };
      const client = await this.d.clientFor(account);
      if (!client) {
        // No token for the workspace: no call at all. The row waits (never parked) and goes out once it is installed again.
        await this.queue.hold(row, NOT_INSTALLED);
        this.d.log.info({ outbox: row.id, account: row.accountId }, 'notification held: the app is not installed in its workspace');
        return false;
      }
      poster = this.posterFor(client).forRow(row, batch.lookups);
      await (HANDLERS[notice.topic] as (d: HandlerDeps, x: Delivery, p: Notice['payload']) => Promise<void>)(
        { ...this.handlerDeps, client, poster },
        x,
        notice.payload,
      );
      await this.queue.delivered(row, poster.progress);
      this.counts.delivered += 1;
      if (row.topic === 'contract.changed') this.counts.statusChanges += 1;
      if (poster.progress[ROOT_EDIT_KEY]) this.counts.rootEditsSuperseded += 1;
      return true;
    } catch (e) {
      await this.failed(row, e, poster);
      return false;
    }
  }

  private async failed(row: OutboxRow, e: unknown, poster: RowPoster | null): Promise<void> {
    const f = classify(e);
    const outcome = { progress: poster?.progress ?? row.progress, outcomeUnknown: poster?.outcomeUnknown ?? false };
    if (f.kind === 'rateLimited') {
      // Slack did nothing with the call: no attempt spent, never parked; the gate has paused the method meanwhile.
      this.counts.rateLimited += 1;
      await this.queue.rateLimited(row, f.retryAfterMs, f.why, outcome);
      this.d.log.info({ outbox: row.id, topic: row.topic, retryAfterMs: f.retryAfterMs }, 'notification rate-limited, due after Retry-After');
      return;
    }
    if (f.kind === 'notSent') {
      // Stopping: the call never left, so no attempt is spent; due again in a second, for another replica or the next
      // start (not at once: this run would take it straight back).
      await this.queue.rateLimited(row, NOT_SENT_RETRY_MS, f.why, outcome);
      return;
    }
    if (f.kind === 'permanent') {
      const { news } = await this.queue.hold(row, f.code, outcome);
      this.d.log.warn({ outbox: row.id, topic: row.topic, error: f.code, news }, 'notification held until an admin fixes the Slack set-up');
      // The admins hear of it once per error, not per row; a failing message to the admins tells nobody.
      if (news && row.topic !== 'delivery.held') {
        const [a] = await this.d.ctx.db.select().from(accounts).where(eq(accounts.id, row.accountId));
        const channel = /channel|archived|restricted/.test(f.code) ? (a?.notificationChannel ?? null) : null;
        await writeNotices(this.d.ctx.db, row.accountId, null, [{ topic: 'delivery.held', payload: { error: f.code, channel } }], this.d.ctx.clock());
      }
      return;
    }
    const { parked } = await this.queue.retryLater(row, f.why, outcome);
    this.d.log.warn(
      { outbox: row.id, topic: row.topic, attempts: row.attempts, parked, why: f.why, outcomeUnknown: outcome.outcomeUnknown },
      parked ? 'notification parked' : 'notification failed, will retry',
    );
  }

  /**
   * The Home tab shows the next step as soon as the contract moves, even when the system moved it. Best effort: the
   * thread reply is what must arrive; a stale Home is corrected when the tab is next opened. A person published less
   * than HOME_INTERVAL_MS ago waits (their later changes join the same publish, read when it goes), published by a
   * timer when the interval is up; `force` (the end of a backlog run) publishes everyone due now.
   */
  private async refreshHomes(force: boolean): Promise<void> {
    const now = Date.now();
    let next = Infinity;
    for (const [key, { userId, account }] of [...this.homesDue]) {
      const at = (this.homePublished.get(key) ?? -Infinity) + HOME_INTERVAL_MS;
      if (!force && at > now) {
        next = Math.min(next, at);
        continue;
      }
      this.homesDue.delete(key);
      this.homePublished.set(key, now);
      try {
        const client = await this.d.clientFor(account);
        if (!client) continue;
        this.count('views.publish');
        await this.d.publishHome(client, account, userId);
      } catch (e) {
        this.d.log.warn({ err: e, user: userId }, 'home tab not refreshed');
      }
    }
    if (next < Infinity && !this.homeTimer && !this.closed) {
      this.homeTimer = setTimeout(() => {
        this.homeTimer = null;
        if (this.closed) return;
        const run = this.refreshHomes(false).then(() => 0);
        this.own.add(run);
        void run.finally(() => this.own.delete(run));
      }, next - now);
      this.homeTimer.unref();
    }
    for (const [key, at] of this.homePublished) if (at + HOME_INTERVAL_MS < now) this.homePublished.delete(key);
  }
}

interface Batch {
  accounts: Map<string, AccountRow>;
  contracts: Map<string, ContractRow>;
  lookups: Lookups;
}
