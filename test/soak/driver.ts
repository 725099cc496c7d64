// The crash soak: the app runs as a child process against PostgreSQL and is killed with SIGKILL at random moments
// while people (this driver) push contracts through mixed flows and Slack (the emulator, in this process) goes down
// for a while. At the end the database and Slack must agree: every contract settled and consistent with its audit
// trail, no order or filing number in two live contracts, every status change in its thread exactly once, in order.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { and, asc, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { auditEvents, contracts, outbox } from '../../src/db/schema.js';
import { awaitsEsign } from '../../src/domain/lifecycle.js';
import type { Actor, Kind, SealChannel } from '../../src/domain/types.js';
import { type EmuMessage, SlackEmulator } from '../../src/sandbox/emulator.js';
import { DEMO_USERS, seedDemoAccount } from '../../src/seed/demo.js';
import { mulberry32 } from '../../src/seeded-random.js';
import type { Ctx } from '../../src/services/context.js';
import * as svc from '../../src/services/index.js';
import { startArgs } from '../helpers/app-process.js';
import { withDatabase } from '../helpers/db-info.js';

export interface SoakOptions {
  /** A PostgreSQL server; the soak creates its own database there and drops it afterwards. */
  pgUrl: string;
  contracts: number;
  kills: number;
  /** How long Slack fails every call, mid-soak. */
  outageMs: number;
  /** Divides the e-sign service's durations (the app's TIME_SCALE). */
  timeScale: number;
  /** Stop waiting for contracts to settle after this long. */
  deadlineMs: number;
  seed?: number;
  log?: (line: string) => void;
  keepDatabase?: boolean;
  /**
   * Before each kill, Slack takes a thread post and never answers it, so the kill always cuts a lease on an outbox row:
   * the bench's recovery figure (how soon the restarted app takes such rows up again) then always has cases.
   */
  cutLeaseAtKill?: boolean;
}

export interface SoakReport {
  contracts: number;
  created: number;
  refusedAtCreation: number;
  kills: number;
  outageMs: number;
  seconds: number;
  finalStates: Record<string, number>;
  threadReplies: number;
  slackCalls: number;
  failedDuringOutage: number;
  appRestartsMs: number[];
  /**
   * For each kill that cut a lease on outbox rows: how long from the kill until every such row was claimed again
   * (or delivered) by the restarted app. The leases are 60 s; claims tied to the dead instance free at once.
   */
  orphanedClaimsResumedMs: number[];
  /** Everything that is wrong; empty when the soak passed. */
  problems: string[];
}

type Scenario = 'vendor' | 'vendor-paper' | 'vendor-void' | 'vendor-delete' | 'dual' | 'dual-cancel' | 'quick';
const SCENARIOS: { scenario: Scenario; weight: number; kind: Kind; channel: SealChannel }[] = [
  { scenario: 'vendor', weight: 30, kind: 'order', channel: 'vendor_seal' },
  { scenario: 'vendor-paper', weight: 10, kind: 'order', channel: 'vendor_seal' },
  { scenario: 'vendor-void', weight: 8, kind: 'order', channel: 'vendor_seal' },
  { scenario: 'vendor-delete', weight: 7, kind: 'order', channel: 'vendor_seal' },
  { scenario: 'dual', weight: 25, kind: 'filing', channel: 'dual_seal' },
  { scenario: 'dual-cancel', weight: 10, kind: 'order', channel: 'dual_seal' },
  // QingCloud's kinds belong to QingCloud accounts (R1a); the soak's account is Tencent's, so its quick one is an order.
  { scenario: 'quick', weight: 10, kind: 'order', channel: 'vendor_seal' },
];

const TEAM = 'T0SOAK0001';
/**
 * Slack's rate limits at ten times their rate in the emulator and the app alike: the soak pushes 40 contracts through
 * one channel in seconds (TIME_SCALE 600), which Slack's one post a second per channel would spread over minutes.
 */
const SOAK_RATE_SCALE = 10;
const SECRET = 'soak-signing-secret';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The app as `npm start` runs it, against real Slack's stand-in; restarted after every kill. */
class AppProcess {
  child: ChildProcess | null = null;
  readonly restarts: number[] = [];
  /** Exits nobody asked for: the app died by itself. */
  readonly crashes: string[] = [];
  private expectingExit = false;
  constructor(
    private readonly env: Record<string, string>,
    private readonly log: (l: string) => void,
    private readonly logFile: string,
  ) {}

  async start(): Promise<void> {
    const started = Date.now();
    const child = spawn(process.execPath, startArgs(), { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.expectingExit = false;
    let out = '';
    child.stdout.on('data', (b: Buffer) => appendFileSync(this.logFile, b));
    child.stderr.on('data', (b: Buffer) => appendFileSync(this.logFile, b));
    child.once('exit', (code, signal) => {
      if (!this.expectingExit) {
        this.crashes.push(`exit ${code ?? signal}: ${out.slice(-600)}`);
        this.log(`the app died by itself (${code ?? signal}); see ${this.logFile}`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app did not start in 60 s:\n${out}`)), 60_000);
      const read = (b: Buffer) => {
        out += b.toString();
        if (out.includes('contract-desk ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', (b: Buffer) => {
        out += b.toString();
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!out.includes('contract-desk ready')) reject(new Error(`the app exited (${code ?? signal}) before ready:\n${out}`));
      });
    });
    this.restarts.push(Date.now() - started);
  }

  get alive(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** SIGKILL: no shutdown hook runs, in-flight transactions and posts are cut wherever they are. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** SIGTERM, as an operator stops it; SIGKILL after 15 s. */
  stop(): Promise<void> {
    return this.end('SIGTERM', 15_000);
  }

  private async end(signal: NodeJS.Signals, graceMs?: number): Promise<void> {
    const c = this.child;
    if (!c || !this.alive) return;
    const exited = new Promise((r) => c.once('exit', r));
    this.expectingExit = true;
    c.kill(signal);
    await (graceMs ? Promise.race([exited, sleep(graceMs).then(() => c.kill('SIGKILL'))]) : exited);
  }
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {});
  const rand = mulberry32(o.seed ?? 7);
  const t0 = Date.now();
  const dbName = `soak_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(o.pgUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  const url = withDatabase(o.pgUrl, dbName);
  const database = await openDatabase({ url, poolMax: 5 });
  const ctx: Ctx = { db: database.db, clock: () => new Date() };
  const emu = new SlackEmulator({
    teamId: TEAM,
    botToken: 'xoxb-soak',
    users: Object.values(DEMO_USERS).map((u) => ({ id: u.id, name: u.name, locale: 'zh-CN' })),
    rateLimits: { scale: SOAK_RATE_SCALE },
  });
  let app: AppProcess | null = null;
  const problems: string[] = [];
  mkdirSync('.test-artifacts', { recursive: true });
  const appLog = `.test-artifacts/soak-app-${dbName}.log`;
  writeFileSync(appLog, '');
  try {
    // The workspace: enough orders and filing numbers for every contract, an effective framework, approvals above ¥30,000.
    const acc = await seedDemoAccount(database.db, {
      teamId: TEAM,
      orderCount: o.contracts * 3 + 300,
      filingCount: Math.ceil(o.contracts * 0.6) + 20,
      seed: o.seed ?? 7,
    });
    const requester: Actor = { type: 'user', accountId: acc.accountId, userId: DEMO_USERS.requester.id };
    const adminActor: Actor = { type: 'user', accountId: acc.accountId, userId: DEMO_USERS.admin.id };
    const system: Actor = { type: 'system', name: 'soak' };
    const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }, what: string): T => {
      if (!r.ok) throw new Error(`${what} refused: ${r.error.code}`);
      return r.value;
    };
    const f = must(await svc.createDraft(ctx, requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }), 'framework');
    must(await svc.draftGenerated(ctx, system, f.id), 'framework draft');
    must(await svc.convert(ctx, requester, f.id), 'framework convert');
    must(await svc.vendorSealed(ctx, system, f.id), 'framework seal');
    must(await svc.saveSettingsKeepRoles(ctx, adminActor, acc.accountId, { approvalMinTotalCents: 3_000_000 }), 'settings');

    await emu.start();
    const port = await freePort();
    emu.connectApp(`http://127.0.0.1:${port}`, SECRET);
    app = new AppProcess(
      {
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        SLACK_BOT_TOKEN: 'xoxb-soak',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: emu.apiUrl,
        SLACK_RATE_SCALE: String(SOAK_RATE_SCALE),
        LINK_SECRET: 'soak-links',
        TIME_SCALE: String(o.timeScale),
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        DB_POOL_MAX: '5',
      },
      log,
      appLog,
    );
    await app.start();
    log(`app ready on :${port}; database ${dbName}`);

    // ---- people: what each contract's requester, approver and signer do when it is their turn
    const plans = new Map<string, Scenario>();
    const lastTry = new Map<string, number>();
    const used = new Set<string>();
    let created = 0;
    let refused = 0;
    const refusals: Record<string, number> = {};
    const eligible = new Map<Kind, Awaited<ReturnType<typeof svc.searchItems>>>();
    const pickScenario = () => {
      let r = rand() * SCENARIOS.reduce((a, s) => a + s.weight, 0);
      for (const s of SCENARIOS) if ((r -= s.weight) < 0) return s;
      return SCENARIOS[0]!;
    };
    const createOne = async () => {
      const s = pickScenario();
      // Eligible items per kind, read once: this driver is the only one creating contracts.
      if (!eligible.has(s.kind))
        eligible.set(
          s.kind,
          (await svc.searchItems(database.db, acc.accountId, s.kind, '', 10_000)).filter((c) => !c.reason),
        );
      // Refunds only with something to refund against: a refund alone is refused (R11), and the soak wants contracts.
      const choices = eligible.get(s.kind)!.filter((c) => !used.has(c.id) && (c.amountCents ?? 0) >= 0);
      const n = s.kind === 'filing' ? 1 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 3);
      const from = Math.floor(rand() * Math.max(1, Math.min(20, choices.length - n)));
      const itemIds = choices.slice(from, from + n).map((c) => c.id);
      if (!itemIds.length) {
        refused += 1;
        refusals.NO_ELIGIBLE_ITEMS = (refusals.NO_ELIGIBLE_ITEMS ?? 0) + 1;
        return;
      }
      const r = await svc.createDraft(ctx, requester, { kind: s.kind, channel: s.channel, itemIds });
      if (!r.ok) {
        refused += 1;
        refusals[r.error.code] = (refusals[r.error.code] ?? 0) + 1;
        return;
      }
      for (const id of itemIds) used.add(id);
      plans.set(r.value.id, s.scenario);
      created += 1;
    };

    const clickFromDm = async (user: string, actionId: string, contractId: string): Promise<boolean> => {
      const dm = emu.messages(emu.dmChannel(user));
      for (const m of [...dm].reverse()) {
        const b = (m.blocks ?? [])
          .flatMap((x) => (x.elements as { action_id?: string; value?: string }[] | undefined) ?? [])
          .find((e) => e.action_id === actionId && e.value?.includes(contractId));
        if (b) {
          const r = await emu.clickAction(user, { message: m }, { actionId, value: b.value! }).catch(() => ({ status: 0 }));
          return r.status === 200;
        }
      }
      return false;
    };

    /** One person step for a contract whose turn it is; false when nothing was due. */
    const step = async (c: typeof contracts.$inferSelect): Promise<void> => {
      const plan = plans.get(c.id);
      if (!plan) return;
      const last = lastTry.get(c.id) ?? 0;
      if (Date.now() - last < 1_000) return;
      lastTry.set(c.id, Date.now());
      const sub = c.subStatus;
      switch (sub) {
        case 'filling_info':
          await svc.fillPartyA(ctx, requester, c.id, {});
          return;
        case 'confirming_text':
          await svc.confirmText(ctx, requester, c.id);
          return;
        case 'confirming_signing':
          if (!c.signerId) await svc.confirmSigningInfo(ctx, requester, c.id, { signerId: acc.signers!.authorised });
          else await svc.startSigning(ctx, requester, c.id);
          return;
        case 'draft_ready':
          if (plan === 'vendor-void' || plan === 'vendor-delete') await svc.voidContract(ctx, requester, c.id);
          else await svc.convert(ctx, requester, c.id);
          return;
        case 'awaiting_approval':
          await clickFromDm(DEMO_USERS.approver.id, 'approval:approve', c.id);
          return;
        case 'customer_signing':
          if (plan === 'dual-cancel') await svc.cancelSigning(ctx, requester, c.id);
          else await clickFromDm(DEMO_USERS.signer.id, 'esign:sign', c.id);
          return;
        case 'e_effective':
          if (plan === 'vendor-paper')
            await svc.requestPaper(ctx, requester, c.id, { recipient: '张伟', phone: '13800138000', address: '北京市海淀区中关村大街 1 号' });
          return;
        default:
          if (c.status === 'voided' && plan === 'vendor-delete') await svc.deleteContract(ctx, requester, c.id);
      }
    };
    const settled = (c: typeof contracts.$inferSelect) => {
      const plan = plans.get(c.id);
      if (c.status === 'deleted') return true;
      if (c.status === 'voided') return plan !== 'vendor-delete';
      if (c.subStatus === 'paper_requested' || c.subStatus === 'paper_shipped') return true;
      return c.subStatus === 'e_effective' && plan !== 'vendor-paper';
    };

    // ---- the run: creation, people, kills and the outage interleaved
    const createWindowMs = Math.max(10_000, o.contracts * 60);
    const killAt = Array.from({ length: o.kills }, () => 2_000 + rand() * (createWindowMs + 15_000)).sort((a, b) => a - b);
    const outageAt = createWindowMs * 0.5;
    let outageDone = o.outageMs <= 0;
    let kills = 0;
    const resumedMs: number[] = [];
    let orphans: { killedAt: number; rows: string } | null = null;
    /** Outbox rows whose leases the last kill cut: once each is delivered or attempted again, the time it took. */
    const checkResumed = async () => {
      if (!orphans) return;
      const [{ waiting } = { waiting: 0 }] = await database.db.execute<{ waiting: number }>(sql`
        select count(*)::int as waiting from outbox o join jsonb_to_recordset(${orphans.rows}::jsonb) as c(id bigint, attempts int) on o.id = c.id
        where o.delivered_at is null and o.parked_at is null and o.attempts <= c.attempts`);
      if (waiting === 0) {
        resumedMs.push(Date.now() - orphans.killedAt);
        orphans = null;
      }
    };
    const start = Date.now();
    for (;;) {
      const elapsed = Date.now() - start;
      const due = Math.min(o.contracts, Math.ceil((elapsed / createWindowMs) * o.contracts));
      for (let tries = 0; created < due && tries < 3 * o.contracts; tries++) await createOne();
      if (killAt.length && elapsed >= killAt[0]!) {
        killAt.shift();
        if (o.cutLeaseAtKill) {
          const lost = () => emu.calls.filter((c) => c.method === 'lost:chat.postMessage').length;
          const before = lost();
          emu.lostAnswers.set('chat.postMessage', { mode: 'hang', times: 1 });
          // Up to 10 s for a post to hang (none to post: no lease cut); the last kill's cut rows are watched meanwhile.
          for (let waited = 0; lost() === before && waited < 10_000; waited += 50) {
            await sleep(50);
            await checkResumed();
          }
          emu.lostAnswers.delete('chat.postMessage');
        }
        await checkResumed();
        // Rows the last restart has not taken up yet: the time so far is recorded (a lower bound) rather than dropped.
        if (orphans) {
          resumedMs.push(Date.now() - orphans.killedAt);
          orphans = null;
        }
        await app.kill();
        const killedAt = Date.now();
        const cut = await database.db.execute<{ id: number; attempts: number }>(
          sql`select id, attempts from outbox where delivered_at is null and parked_at is null and claimed_until > now()`,
        );
        if (cut.length) orphans = { killedAt, rows: JSON.stringify(cut.map((r) => ({ id: Number(r.id), attempts: r.attempts }))) };
        kills += 1;
        await sleep(200 + rand() * 1500);
        await app.start();
        log(`kill ${kills}/${o.kills} at ${Math.round(elapsed / 1000)} s, restarted in ${app.restarts.at(-1)} ms`);
      }
      if (!app.alive) await app.start();
      await checkResumed();
      if (!outageDone && elapsed >= outageAt) {
        emu.outageUntil = Date.now() + o.outageMs;
        outageDone = true;
        log(`Slack outage for ${o.outageMs / 1000} s from ${Math.round(elapsed / 1000)} s`);
      }
      const open = (
        await database.db
          .select()
          .from(contracts)
          .where(and(eq(contracts.accountId, acc.accountId), sql`${contracts.kind} <> 'framework'`))
      ).filter((c) => !settled(c));
      for (const c of open) {
        if (awaitsEsign(c) && c.subStatus !== 'customer_signing') continue; // the e-sign service's turn
        await step(c).catch((e: unknown) => log(`step ${c.number}: ${(e as Error).message}`));
      }
      const [{ pending } = { pending: 0 }] = await database.db.execute<{ pending: number }>(
        sql`select count(*)::int as pending from outbox where delivered_at is null and parked_at is null`,
      );
      const allCreated = created >= o.contracts || refused >= 2 * o.contracts;
      if (allCreated && !killAt.length && outageDone && Date.now() > emu.outageUntil && open.length === 0 && pending === 0) break;
      if (Date.now() - t0 > o.deadlineMs) {
        problems.push(
          `deadline: ${open.length} contracts not settled (${[...new Set(open.map((c) => `${c.status}/${c.subStatus}`))].join(', ')}), ${pending} notifications pending`,
        );
        break;
      }
      if (elapsed % 10_000 < 300) log(`${Math.round(elapsed / 1000)} s: ${created} created, ${open.length} open, ${pending} notifications pending`);
      await sleep(250);
    }
    await app.stop();

    // ---- the checks
    const all = await database.db.select().from(contracts).where(eq(contracts.accountId, acc.accountId));
    const finalStates: Record<string, number> = {};
    for (const c of all) finalStates[`${c.status}/${c.subStatus ?? '-'}`] = (finalStates[`${c.status}/${c.subStatus ?? '-'}`] ?? 0) + 1;

    // Each contract's audit trail is an unbroken chain ending in its current state.
    const trail = await database.db.select().from(auditEvents).where(eq(auditEvents.accountId, acc.accountId)).orderBy(asc(auditEvents.id));
    const byContract = new Map<string, typeof trail>();
    for (const e of trail) if (e.contractId) byContract.set(e.contractId, [...(byContract.get(e.contractId) ?? []), e]);
    for (const c of all) {
      const events = (byContract.get(c.id) ?? []).filter((e) => e.toStatus !== null);
      let at: string | null = null;
      for (const e of events) {
        const from = e.fromStatus ? `${e.fromStatus}/${e.fromSubStatus ?? '-'}` : null;
        if (from !== at) problems.push(`${c.number}: audit chain breaks at ${e.action} (${from} after ${at})`);
        at = `${e.toStatus}/${e.toSubStatus ?? '-'}`;
      }
      if (at !== `${c.status}/${c.subStatus ?? '-'}`) problems.push(`${c.number}: state ${c.status}/${c.subStatus} but audit ends at ${at}`);
    }

    // No order or filing number in two live contracts.
    const doubles = await database.db.execute<{ item_ref: string; n: number }>(sql`
      select i.item_ref, count(*)::int as n from contract_items i join contracts c on c.id = i.contract_id
      where c.account_id = ${acc.accountId} and c.status not in ('voided', 'deleted') and c.expired_at is null
      group by i.item_kind, i.item_ref having count(*) > 1`);
    for (const d of doubles) problems.push(`item ${d.item_ref} is in ${d.n} live contracts`);

    // Every notification delivered (none parked); every status change in its thread once, in order.
    const rows = await database.db.select().from(outbox).where(eq(outbox.accountId, acc.accountId)).orderBy(asc(outbox.id));
    const undelivered = rows.filter((r) => !r.deliveredAt);
    if (undelivered.length) problems.push(`${undelivered.length} notifications not delivered (${undelivered.filter((r) => r.parkedAt).length} parked)`);
    const threads = await database.db.execute<{ contract_id: string; channel: string; root_ts: string }>(
      sql`select contract_id, channel, root_ts from contract_threads`,
    );
    let threadReplies = 0;
    for (const th of threads) {
      const expected = rows
        .filter((r) => r.contractId === th.contract_id && (r.topic === 'contract.changed' || r.topic === 'contract.stale' || r.topic === 'contract.expired'))
        .map((r) => r.id);
      const got = emu.thread(th.channel, th.root_ts).map((m) => Number((m.metadata?.event_payload as { outbox_id?: number } | undefined)?.outbox_id));
      threadReplies += got.length;
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        const c = all.find((x) => x.id === th.contract_id);
        problems.push(`${c?.number}: thread shows outbox rows [${got.join(',')}], expected [${expected.join(',')}]`);
      }
      const changes = (byContract.get(th.contract_id) ?? []).filter((e) => e.toStatus !== null).length;
      const announced = rows.filter((r) => r.contractId === th.contract_id && r.topic === 'contract.changed').length;
      if (changes !== announced) problems.push(`contract ${th.contract_id}: ${changes} status changes but ${announced} announcements`);
    }
    const roots = (await database.db.execute<{ n: number }>(sql`select count(*)::int as n from contract_threads`))[0]!.n;
    const postedRoots = emu.roots(`C0CONTRACTS`).length;
    if (postedRoots !== roots) problems.push(`${postedRoots} thread roots in the channel for ${roots} threads`);
    // Direct messages (approval requests, the signer's SMS): each outbox row posted at most once.
    const outboxIdOf = (m: EmuMessage) => (m.metadata?.event_payload as { outbox_id?: number } | undefined)?.outbox_id;
    const dmIds = [...emu.channels.entries()]
      .filter(([ch]) => ch.startsWith('D'))
      .flatMap(([, ms]) => ms.filter((m) => outboxIdOf(m) !== undefined).map((m) => `${m.channel}:${outboxIdOf(m)}`));
    const dmDupes = dmIds.length - new Set(dmIds).size;
    if (dmDupes) problems.push(`${dmDupes} direct messages posted twice`);

    for (const crash of app.crashes) problems.push(`the app crashed by itself: ${crash}`);
    if (refused) log(`refused at creation: ${JSON.stringify(refusals)}`);
    const settledCount = all.filter((c) => c.kind === 'framework' || settled(c)).length;
    if (settledCount !== all.length) problems.push(`${all.length - settledCount} contracts not settled`);
    return {
      contracts: o.contracts,
      created,
      refusedAtCreation: refused,
      kills,
      outageMs: o.outageMs,
      seconds: Math.round((Date.now() - t0) / 1000),
      finalStates,
      threadReplies,
      slackCalls: emu.calls.filter((c) => !c.method.startsWith('outage:')).length,
      failedDuringOutage: emu.calls.filter((c) => c.method.startsWith('outage:')).length,
      appRestartsMs: app.restarts,
      orphanedClaimsResumedMs: resumedMs,
      problems,
    };
  } finally {
    await app?.stop().catch(() => {});
    await emu.stop();
    await database.close();
    if (!o.keepDatabase) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}
