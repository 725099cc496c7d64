// Wires the parts together: database, demo data, Slack (real or the local emulator), one HTTP server.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq, sql } from 'drizzle-orm';
import type { Config } from './config.js';
import { type Database, openDatabase, rowsOf } from './db/client.js';
import { EsignSimulator } from './esign/simulator.js';
import { pollContract } from './jobs/poller.js';
import { Jobs } from './jobs/scheduler.js';
import { accounts, contracts } from './db/schema.js';
import { checkLink, signedPath } from './pdf/links.js';
import { ensureDocument } from './services/documents.js';
import type { Logger } from './log.js';
import { SlackEmulator } from './sandbox/emulator.js';
import { DEMO_USERS, seedDemoAccount } from './seed/demo.js';
import type { Ctx } from './services/context.js';
import { createSlackApp, type SlackApp } from './slack/app.js';

export interface App {
  database: Database;
  ctx: Ctx;
  server: Server;
  url: string;
  slack: SlackApp;
  /** The local Slack stand-in, when no Slack tokens are configured. */
  emulator: SlackEmulator | null;
  jobs: Jobs | null;
  esign: EsignSimulator;
  stop(): Promise<void>;
}

/** GET /documents/:contract/:kind?exp&sig: the stored PDF for a valid link; 403 and no bytes for anything else. */
async function serveDocument(ctx: Ctx, secret: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const link = req.method === 'GET' ? checkLink(secret, new URL(req.url ?? '/', 'http://x'), ctx.clock().getTime()) : null;
  if (!link) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Forbidden: this link is invalid or has expired / 链接无效或已过期');
    return;
  }
  const doc = await ensureDocument(ctx, link.contractId, link.kind);
  if (!doc) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not issued yet / 文件尚未生成');
    return;
  }
  const [c] = await ctx.db.select({ number: contracts.number }).from(contracts).where(eq(contracts.id, link.contractId));
  res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': String(doc.bytes.length),
    'content-disposition': `inline; filename="${c?.number ?? 'contract'}-${link.kind}.pdf"`,
    'x-content-sha256': doc.sha256,
    'cache-control': 'private, no-store',
  });
  res.end(Buffer.from(doc.bytes));
}

/** The last successful tick of each job and the outbox backlog (pending, parked). */
async function health(database: Database, jobs: Jobs | null) {
  const rows = rowsOf<{ pending: string | number; parked: string | number }>(
    await database.db.execute(sql`select count(*) filter (where delivered_at is null and parked_at is null) as pending, count(*) filter (where parked_at is not null) as parked from outbox`),
  );
  return { jobs: jobs?.health ?? {}, outbox: { pending: Number(rows[0]?.pending ?? 0), parked: Number(rows[0]?.parked ?? 0) } };
}

export const DEMO_TEAM_ID = 'T0DEMO0001';

export interface StartOptions {
  /** An open database (tests); otherwise one is opened from the config. */
  database?: Database;
  clock?: () => Date;
}

export async function startApp(config: Config, log: Logger, opts: StartOptions = {}): Promise<App> {
  const started = Date.now();
  const database = opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DB_POOL_MAX }));
  log.info({ driver: database.driver }, 'database ready, migrations applied');
  const ctx: Ctx = { db: database.db, clock: opts.clock ?? (() => new Date()) };

  if (config.SEED_DEMO) {
    const [{ n } = { n: 0 }] = await database.db.select({ n: count() }).from(accounts);
    if (Number(n) === 0) {
      const acc = await seedDemoAccount(database.db, { teamId: DEMO_TEAM_ID });
      log.info({ account: acc.accountId, orders: acc.orders.length, filings: acc.filings.length }, 'demo workspace seeded');
    }
  }

  // No tokens: the real Bolt app talks to the local emulator instead of Slack.
  let emulator: SlackEmulator | null = null;
  let apiUrl = config.SLACK_API_URL;
  const signingSecret = config.SLACK_SIGNING_SECRET ?? randomBytes(16).toString('hex');
  if (!config.SLACK_BOT_TOKEN) {
    emulator = new SlackEmulator({
      teamId: DEMO_TEAM_ID,
      users: Object.values(DEMO_USERS).map((u, i) => ({ id: u.id, name: u.name, locale: i % 2 ? 'en-US' : 'zh-CN' })),
    });
    apiUrl = await emulator.start(0, config.HOST).then((u) => `${u}/api/`);
  }

  const timeScale = config.TIME_SCALE ?? (emulator ? 60 : 1);
  const esign = new EsignSimulator({ db: database.db, clock: ctx.clock, timeScale });
  let jobs: Jobs | null = null;

  const linkSecret = config.LINK_SECRET ?? signingSecret;
  let baseUrl = '';
  const slack = createSlackApp({
    esign,
    uploadPdfs: config.UPLOAD_PDFS ? config.UPLOAD_PDFS === 'true' : Boolean(config.SLACK_BOT_TOKEN && !config.SLACK_API_URL),
    pollNow: (id) => pollContract(jobs!.poller, id),
    ctx,
    log,
    signingSecret,
    botToken: config.SLACK_BOT_TOKEN ?? 'xoxb-local-emulator',
    appToken: config.SLACK_APP_TOKEN,
    apiUrl,
    ...(emulator ? { botUserId: emulator.botUserId } : {}),
    documentUrl: (id, kind) => {
      const exp = Math.floor(ctx.clock().getTime() / 1000) + config.LINK_TTL_HOURS * 3600;
      return `${config.PUBLIC_URL ?? baseUrl}${signedPath(linkSecret, id, kind, exp)}`;
    },
  });

  const server = createServer((req, res) => {
    if (req.url?.startsWith('/slack/') && slack.handle) return slack.handle(req, res);
    if (req.url?.startsWith('/documents/')) return void serveDocument(ctx, linkSecret, req, res);
    if (req.url === '/healthz') {
      void health(database, jobs).then((h) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, driver: database.driver, slack: emulator ? 'emulator' : 'slack', timeScale, ...h }));
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${config.HOST}:${port}`;
  emulator?.connectApp(baseUrl, signingSecret);
  jobs = new Jobs({ ctx, esign, notifier: slack.notifier, log, timeScale });
  if (config.JOBS_ENABLED) jobs.start();
  await slack.start();
  log.info({ url: baseUrl, slack: emulator ? emulator.url : 'slack', ms: Date.now() - started }, 'contract-desk ready');

  return {
    database,
    ctx,
    server,
    url: baseUrl,
    slack,
    emulator,
    jobs,
    esign,
    async stop() {
      await jobs?.stop();
      await slack.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await slack.notifier.close();
      await emulator?.stop();
      if (!opts.database) await database.close();
    },
  };
}
