// node-cron schedules, thin: each tick calls one job function. Row-claiming jobs run on every replica; the ones that
// scan (paper, reminders, stale repair) run once per slot across replicas through a claim table in Postgres.
import { randomBytes } from 'node:crypto';
import { lt } from 'drizzle-orm';
import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Db } from '../db/client.js';
import { jobSlots } from '../db/schema.js';
import type { EsignService } from '../esign/types.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { issueDueDocuments, repairLostFlows, syncAllTencentAccounts, type TencentSyncDeps } from '../services/index.js';
import { shipDuePaper } from './paper.js';
import { ESIGN_ACTOR, pollDue, type PollerDeps } from './poller.js';
import { sendReminders } from './reminders.js';

/**
 * node-cron's own messages (a tick skipped because the last one still runs, a tick missed while the process was busy)
 * as the app's JSON log lines with the job's name; by default node-cron prints them as plain text to the console.
 */
export function cronLogger(log: Logger, job: string): NonNullable<Parameters<typeof cron.schedule>[2]>['logger'] {
  const l = log.child({ job });
  const withError = (level: 'error' | 'debug') => (m: string | Error, err?: Error) =>
    m instanceof Error ? l[level]({ err: m }, m.message) : l[level](err ? { err } : {}, m);
  return { info: (m) => l.info(m), warn: (m) => l.warn(m), error: withError('error'), debug: withError('debug') };
}

/**
 * node-cron's distributed mode asks shouldRun(key) with key = name:slot. The first replica to insert the key runs
 * the slot; measured here, an advisory lock alone let a lagging replica run a slot again, a claim table did not.
 */
export class PgRunCoordinator implements RunCoordinator {
  constructor(
    private readonly db: Db,
    private readonly instance: string,
  ) {}

  async shouldRun(key: string): Promise<boolean> {
    const rows = await this.db.insert(jobSlots).values({ key, claimedBy: this.instance }).onConflictDoNothing().returning();
    return rows.length === 1;
  }

  /** Slots older than a day are only history. */
  async prune(now: Date): Promise<void> {
    await this.db.delete(jobSlots).where(lt(jobSlots.claimedAt, new Date(now.getTime() - 24 * 3600 * 1000)));
  }
}

export interface JobHealth {
  lastOk: string | null;
  lastError: string | null;
  runs: number;
}

export interface JobsDeps {
  ctx: Ctx;
  esign: EsignService;
  /** Delivers the outbox rows that are due (the outbox dispatcher's, wired in app.ts). */
  deliverOutbox: () => Promise<number>;
  log: Logger;
  /** Divides the poll interval and leases like the simulator's durations. */
  timeScale?: number;
  /** This app instance's key (db/instance.ts), so its claims free at once should it die. */
  instance?: number;
  /** Tencent Cloud's billing sync (issue 24): every account with an API key, on this schedule (Beijing time). */
  tencent?: TencentSyncDeps & { cron: string };
  /** The daily sweep of role holders through Slack's users.info (slack/member-sweep.ts): how many it checked. */
  sweepMembers?: () => Promise<number>;
}

/** The member sweep: daily at 04:41 Beijing time, away from the Tencent sync and the hour's mark. */
export const MEMBER_SWEEP_CRON = '0 41 4 * * *';

export class Jobs {
  readonly instance = `${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly health: Record<string, JobHealth> = {};
  private tasks: ScheduledTask[] = [];
  readonly poller: PollerDeps;
  readonly coordinator: PgRunCoordinator;

  constructor(private readonly d: JobsDeps) {
    const scale = d.timeScale ?? 1;
    this.poller = {
      ctx: d.ctx,
      esign: d.esign,
      log: d.log,
      intervalMs: Math.max(500, 20_000 / scale),
      leaseMs: Math.max(2_000, 30_000 / scale),
      instance: d.instance,
    };
    this.coordinator = new PgRunCoordinator(d.ctx.db, this.instance);
  }

  /** Every run not yet finished, ticks and resume() alike: stop() waits for them before the database closes. */
  private readonly running = new Set<Promise<unknown>>();

  private run<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    const p = this.attempt(name, fn);
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  private async attempt<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    const h = (this.health[name] ??= { lastOk: null, lastError: null, runs: 0 });
    try {
      const r = await fn();
      h.lastOk = new Date().toISOString();
      h.runs += 1;
      return r;
    } catch (e) {
      h.lastError = `${new Date().toISOString()} ${(e as Error).message}`;
      this.d.log.error({ err: e, job: name }, 'job failed');
      return undefined;
    }
  }

  readonly tick = {
    poller: () => this.run('poller', () => pollDue(this.poller)),
    outbox: () => this.run('outbox', () => this.d.deliverOutbox()),
    paper: () => this.run('paper', () => shipDuePaper(this.d.ctx, this.d.log)),
    // Right after the poller or a person made a contract effective: its formal PDF, as of that moment (issue 26).
    documents: () =>
      this.run('documents', async () => {
        const r = await issueDueDocuments(this.d.ctx);
        for (const f of r.failed) this.d.log.error({ err: f.error, contract: f.contractId, kind: f.kind }, 'document not issued; retried after its lease');
        return r.issued;
      }),
    reminders: () => this.run('reminders', () => sendReminders(this.d.ctx, this.d.log)),
    tencent: () =>
      this.run('tencent', async () => {
        if (!this.d.tencent) return 0;
        const r = await syncAllTencentAccounts(this.d.ctx, this.d.tencent);
        for (const x of r.filter((y) => !y.ok)) this.d.log.warn({ account: x.accountId, code: x.code }, 'tencent billing sync refused');
        return r.length;
      }),
    members: () => this.run('members', async () => (this.d.sweepMembers ? this.d.sweepMembers() : 0)),
    stale: () =>
      this.run('stale', async () => {
        await this.coordinator.prune(this.d.ctx.clock());
        const repaired = await repairLostFlows(this.d.ctx, ESIGN_ACTOR);
        if (repaired.length) this.d.log.warn({ contracts: repaired }, 'repaired lost flows');
        return repaired.length;
      }),
  };

  /**
   * Everything once, in the order a tick would: used by tests and the sandbox's fast-forward. The documents job is not
   * in it: it renders PDFs (tens of ms each) on its own schedule, and a download issues the same document meanwhile.
   */
  async runAll(): Promise<void> {
    await this.tick.poller();
    await this.tick.paper();
    await this.tick.reminders();
    await this.tick.stale();
    await this.tick.outbox();
  }

  start(): void {
    const every = (expr: string, name: string, fn: () => Promise<unknown>, distributed = false) => {
      this.tasks.push(
        cron.schedule(expr, () => fn(), {
          name,
          noOverlap: true,
          logger: cronLogger(this.d.log, name),
          ...(distributed ? { distributed: true, runCoordinator: this.coordinator } : {}),
        }),
      );
    };
    every('*/2 * * * * *', 'poller', this.tick.poller);
    every('* * * * * *', 'outbox', this.tick.outbox);
    every('* * * * * *', 'documents', this.tick.documents);
    every('*/15 * * * * *', 'paper', this.tick.paper, true);
    every('*/30 * * * * *', 'reminders', this.tick.reminders, true);
    every('*/30 * * * * *', 'stale', this.tick.stale, true);
    // Once a day, on one replica: the deals Tencent Cloud's billing API lists for each account with an API key.
    if (this.d.tencent) {
      const cronTask = cron.schedule(this.d.tencent.cron, () => this.tick.tencent(), {
        name: 'tencent',
        noOverlap: true,
        timezone: 'Asia/Shanghai',
        logger: cronLogger(this.d.log, 'tencent'),
        distributed: true,
        runCoordinator: this.coordinator,
      });
      this.tasks.push(cronTask);
    }
    // Once a day, on one replica: whether Slack deactivated anyone holding a role while the app missed the event.
    if (this.d.sweepMembers) {
      const sweep = cron.schedule(MEMBER_SWEEP_CRON, () => this.tick.members(), {
        name: 'members',
        noOverlap: true,
        timezone: 'Asia/Shanghai',
        logger: cronLogger(this.d.log, 'members'),
        distributed: true,
        runCoordinator: this.coordinator,
      });
      this.tasks.push(sweep);
    }
    this.d.log.info({ instance: this.instance, jobs: this.tasks.length }, 'jobs scheduled');
    void this.resume(); // never rejects: every run is an attempt(), which logs
  }

  /**
   * Run by start(): a restart after a crash takes up the dead instance's work now rather than at the next ticks (up
   * to 2 s and 1 s away). The poller frees the claims of dead instances before it polls; the outbox then delivers
   * the rows they held.
   */
  async resume(): Promise<void> {
    await this.tick.poller();
    await this.tick.outbox();
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.stop();
    this.tasks = [];
    // A clean stop lets a run finish its transaction; stopping the cron tasks only prevents the next ones. Runs never
    // reject (attempt() logs), and main.ts bounds the whole stop at 15 s.
    await Promise.all(this.running);
  }
}
