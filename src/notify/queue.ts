// The outbox as a queue: claim due rows under a lease, then record what became of each: delivered, due again after a
// backoff, due again after Slack's Retry-After (not a failure), held until a person fixes what Slack refused, or
// parked after too many failures.
import { and, asc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import { claimOutbox, HELD_PREFIX } from '../db/claims.js';
import type { Db } from '../db/client.js';
import { type AccountRow, accounts, type ContractRow, contracts, outbox } from '../db/schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** Claimed rows, with the accounts and contracts they are about. */
export interface ClaimedBatch {
  rows: OutboxRow[];
  accounts: Map<string, AccountRow>;
  contracts: Map<string, ContractRow>;
}

/** What an attempt leaves for the next: the posts it made for sure, and whether one may have gone out unheard. */
export interface AttemptOutcome {
  progress: Record<string, string>;
  outcomeUnknown: boolean;
}

const LEASE_MS = 60_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;
/** A held row is tried again this often anyway: inviting the app into a channel fixes it without telling us. */
const HOLD_RECHECK_MS = 30 * 60_000;
/** About an hour and a half of retries, then the row is parked (kept, visible on /healthz) instead of retried forever. */
export const MAX_ATTEMPTS = 12;

export class OutboxQueue {
  /** `instance`: this app instance's key (db/instance.ts), so its leases free at once should it die. */
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly instance: number | null = null,
  ) {}

  /**
   * The next rows due, oldest first taking turns by account, at most one per contract (a thread's posts keep their
   * order), leased to us. `contractId`: that contract's only.
   */
  async claim(batch = 20, contractId: string | null = null): Promise<OutboxRow[]> {
    return (await this.claimBatch(batch, contractId)).rows;
  }

  /**
   * As `claim`, with the accounts and contracts the rows are about, read in the same statement as the rows: delivery
   * shows a contract as it is when its row goes out (a click's copy may be older: a QingCloud seal, another click).
   */
  async claimBatch(batch = 20, contractId: string | null = null): Promise<ClaimedBatch> {
    const now = this.clock();
    const ids = await claimOutbox(this.db, now, new Date(now.getTime() + LEASE_MS), batch, this.instance, contractId);
    if (!ids.length) return { rows: [], accounts: new Map(), contracts: new Map() };
    const read = await this.db
      .select({ row: outbox, account: accounts, contract: contracts })
      .from(outbox)
      .leftJoin(accounts, eq(accounts.id, outbox.accountId))
      .leftJoin(contracts, eq(contracts.id, outbox.contractId))
      .where(inArray(outbox.id, ids))
      .orderBy(asc(outbox.id));
    return {
      rows: read.map((r) => r.row),
      accounts: new Map(read.flatMap((r) => (r.account ? [[r.account.id, r.account] as const] : []))),
      contracts: new Map(read.flatMap((r) => (r.contract ? [[r.contract.id, r.contract] as const] : []))),
    };
  }

  /** Whether a later row of the same contract, one of these topics, waits to be delivered. */
  async laterRow(row: OutboxRow, topics: string[]): Promise<boolean> {
    if (!row.contractId) return false;
    const [later] = await this.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(eq(outbox.contractId, row.contractId), gt(outbox.id, row.id), inArray(outbox.topic, topics), isNull(outbox.deliveredAt), isNull(outbox.parkedAt)),
      )
      .limit(1);
    return !!later;
  }

  /**
   * The leases of rows still being worked on, extended by a lease from now: only those not yet settled (a settled
   * row has no lease left) and still ours.
   */
  async renew(rows: OutboxRow[]): Promise<void> {
    const until = new Date(this.clock().getTime() + LEASE_MS);
    await this.db
      .update(outbox)
      .set({ claimedUntil: until })
      .where(
        and(
          inArray(
            outbox.id,
            rows.map((r) => r.id),
          ),
          isNull(outbox.deliveredAt),
          sql`${outbox.claimedUntil} is not null`,
          this.instance === null ? sql`true` : eq(outbox.claimedBy, this.instance),
        ),
      );
  }

  /** Delivered; its progress stays on the row (which posts it made, a root edit it left to a later row). */
  async delivered(row: OutboxRow, progress: Record<string, string> = row.progress): Promise<void> {
    await this.db.update(outbox).set({ deliveredAt: this.clock(), claimedUntil: null, lastError: null, progress }).where(eq(outbox.id, row.id));
  }

  /** Due again after an exponential backoff; parked once it has failed MAX_ATTEMPTS times. */
  async retryLater(row: OutboxRow, why: string, o: AttemptOutcome): Promise<{ parked: boolean }> {
    const now = this.clock();
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (row.attempts - 1), BACKOFF_MAX_MS);
    const parked = row.attempts >= MAX_ATTEMPTS;
    await this.db
      .update(outbox)
      .set({
        claimedUntil: null,
        lastError: why,
        nextAttemptAt: new Date(now.getTime() + backoff),
        progress: o.progress,
        outcomeUnknown: row.outcomeUnknown || o.outcomeUnknown,
        ...(parked ? { parkedAt: now } : {}),
      })
      .where(eq(outbox.id, row.id));
    return { parked };
  }

  /**
   * Slack refused the call for the rate (429): it did nothing, so this is no failed attempt. The claim's count is
   * given back, the row is due after Retry-After, and it is never parked for it.
   */
  async rateLimited(row: OutboxRow, retryAfterMs: number, why: string, o: AttemptOutcome): Promise<void> {
    await this.db
      .update(outbox)
      .set({
        claimedUntil: null,
        lastError: why,
        attempts: sql`greatest(${outbox.attempts} - 1, 0)`,
        nextAttemptAt: new Date(this.clock().getTime() + retryAfterMs),
        progress: o.progress,
        outcomeUnknown: row.outcomeUnknown || o.outcomeUnknown,
      })
      .where(eq(outbox.id, row.id));
  }

  /**
   * Waits for a person: never parked, tried again at the recheck or as soon as an admin changes the channel or
   * presses Retry. Says whether this is news: neither this row nor another of the account was held on this error.
   */
  async hold(row: OutboxRow, code: string, o?: AttemptOutcome): Promise<{ news: boolean }> {
    const why = `${HELD_PREFIX}${code}`;
    const [other] = await this.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.accountId, row.accountId), ne(outbox.id, row.id), eq(outbox.lastError, why), isNull(outbox.deliveredAt), isNull(outbox.parkedAt)))
      .limit(1);
    await this.db
      .update(outbox)
      .set({
        claimedUntil: null,
        lastError: why,
        nextAttemptAt: new Date(this.clock().getTime() + HOLD_RECHECK_MS),
        ...(o ? { progress: o.progress, outcomeUnknown: row.outcomeUnknown || o.outcomeUnknown } : {}),
      })
      .where(eq(outbox.id, row.id));
    return { news: row.lastError !== why && !other };
  }
}
