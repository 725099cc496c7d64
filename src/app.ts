// Wires the parts together: database, demo data, Slack (real or the local emulator), one HTTP server.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { BOT_SCOPES, type Config } from './config.js';
import { parseKey, secretBox } from './crypto/secret-box.js';
import { releaseHeldOutbox } from './db/claims.js';
import { type Database, openDatabase } from './db/client.js';
import { registerInstance } from './db/instance.js';
import { type AccountRow, accounts, contracts } from './db/schema.js';
import type { DocKind } from './domain/documents.js';
import { EsignSimulator } from './esign/simulator.js';
import { health } from './http/health.js';
import { signedPath } from './http/links.js';
import { Metrics } from './http/metrics.js';
import { createRouter } from './http/router.js';
import { signingPath } from './http/sms-signing-page.js';
import { pollContract } from './jobs/poller.js';
import { Jobs } from './jobs/scheduler.js';
import type { Logger } from './log.js';
import { joinNotificationChannels } from './notify/channels.js';
import { OutboxDispatcher } from './notify/dispatcher.js';
import { SlackEmulator } from './sandbox/emulator.js';
import { persistSnapshots, restoreSnapshot, sandboxEncryptionKey, sandboxSecret, snapshotPath } from './sandbox/persistence.js';
import { Sandbox } from './sandbox/server.js';
import { type BillingStandIn, SANDBOX_TENCENT_KEY, sandboxDeals, startBillingStandIn } from './sandbox/tencent-billing.js';
import { DEMO_CHANNELS, DEMO_USERS } from './seed/demo.js';
import { QING_CHANNEL, SANDBOX_USERS } from './seed/sandbox.js';
import { seedAtStart } from './seed/when.js';
import type { Ctx } from './services/context.js';
import type { TencentSyncDeps } from './services/index.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { backgroundClientOptions, clientForToken, peopleClientOptions, WorkspaceClients } from './slack/clients.js';
import { SlackGate } from './slack/gate.js';
import { publishHomeTab } from './slack/home.js';
import { Installations, REDIRECT_PATH } from './slack/install/index.js';
import { sandboxInstallPage } from './slack/install/pages.js';
import { WorkspaceTokens } from './slack/install/tokens.js';
import { LocaleCache } from './slack/locale.js';
import type { LimitOptions } from './slack/rate-limits.js';
import { tencentBillingApi } from './tencent/billing-api.js';

export interface App {
  database: Database;
  ctx: Ctx;
  server: Server;
  url: string;
  slack: SlackApp;
  /** The local Slack stand-in, when no Slack tokens are configured. */
  emulator: SlackEmulator | null;
  /** The sandbox page and control API (at `url`), with the emulator. */
  sandbox: Sandbox | null;
  jobs: Jobs | null;
  /** The outbox's owner: delivers status updates, approval and signing DMs to Slack. */
  outbox: OutboxDispatcher;
  esign: EsignSimulator;
  /** Each workspace's bot token: configured (SLACK_BOT_TOKEN, the sandbox's) or installed through OAuth. */
  tokens: WorkspaceTokens;
  /** The background clients, one per workspace (the outbox's, the jobs'). */
  clients: WorkspaceClients;
  /** OAuth installs and the installation store (tokens encrypted); what happens when a workspace removes the app. */
  installations: Installations;
  /** Every Web API call of this process passes here: paced to Slack's rate limits, people first. */
  gate: SlackGate;
  stop(): Promise<void>;
}

export const DEMO_TEAM_ID = 'T0DEMO0001';
/** issue 13: the sandbox's QingCloud workspace (R1a), switched to from the page. */
export const DEMO_QING_TEAM_ID = 'T0DEMO0002';
/**
 * issue 24: a third sandbox workspace the seed never links, so a visitor can try what a company that just installed
 * the app does (the set-up, an import) while the two demo companies stay as they are.
 */
export const SANDBOX_NEW_TEAM_ID = 'T0DEMO0003';
/** The sandbox's stand-in for signers' phones (R8): the SMS a signer outside Slack receives, in each workspace. */
const SMS_CHANNEL = 'C0SMSPHONE';
const SMS_USER = 'USMSGATEWAY';
/** The sandbox's two workspaces: one company, one account per cloud vendor, each with its own channels. */
const SANDBOX_WORKSPACES = [
  {
    teamId: DEMO_TEAM_ID,
    name: '北京云杉科技 · 腾讯云 Tencent Cloud',
    domain: 'yunshan-tencent',
    channels: [
      { id: DEMO_CHANNELS.contracts, name: 'contracts' },
      { id: DEMO_CHANNELS.approvals, name: 'approvals' },
      { id: SMS_CHANNEL, name: 'sms-phones' },
    ],
  },
  {
    teamId: DEMO_QING_TEAM_ID,
    name: '北京云杉科技 · QingCloud',
    domain: 'yunshan-qingcloud',
    channels: [QING_CHANNEL, { id: SMS_CHANNEL, name: 'sms-phones' }],
  },
  {
    teamId: SANDBOX_NEW_TEAM_ID,
    name: '新公司 · 尚未设置 Not set up yet',
    domain: 'new-company',
    channels: [
      { id: 'C0NEWCOGEN', name: 'general' },
      { id: SMS_CHANNEL, name: 'sms-phones' },
    ],
  },
];

export interface StartOptions {
  /** An open database (tests); otherwise one is opened from the config. */
  database?: Database;
  clock?: () => Date;
  /** Who installed the app in a workspace (tests; the installation store answers it otherwise). */
  installerOf?: (teamId: string) => Promise<string | null>;
}

export async function startApp(config: Config, log: Logger, opts: StartOptions = {}): Promise<App> {
  const started = Date.now();
  const database =
    opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DB_POOL_MAX, log: (m) => log.info(m) }));
  log.info({ engine: database.engine }, 'database ready, migrations applied');
  const ctx: Ctx = { db: database.db, clock: opts.clock ?? (() => new Date()) };
  // No Slack app configured (neither a bot token nor OAuth credentials): the sandbox.
  const sandboxMode = !config.SLACK_BOT_TOKEN && !config.SLACK_CLIENT_ID;
  await seedAtStart(ctx, log, { seedDemo: config.SEED_DEMO, sandbox: sandboxMode, teams: { tencent: DEMO_TEAM_ID, qing: DEMO_QING_TEAM_ID } });

  // One port for everything: the app's Slack endpoints, documents, health and, without tokens, the emulator's Web
  // API and the sandbox page. Routes are bound once the parts exist; until then the port answers 503.
  let route: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (route) return route(req, res);
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
    res.end('Starting / 正在启动');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${config.HOST}:${port}`;

  // No tokens: the real Bolt app talks to the local emulator instead of Slack.
  let emulator: SlackEmulator | null = null;
  let sandbox: Sandbox | null = null;
  let apiUrl = config.SLACK_API_URL;
  const signingSecret = config.SLACK_SIGNING_SECRET ?? (sandboxMode && !opts.database ? sandboxSecret(config.DATA_DIR) : randomBytes(16).toString('hex'));
  const snapshotFile = snapshotPath(config.DATA_DIR);
  const timeScale = config.TIME_SCALE ?? (sandboxMode ? 60 : 1);
  const limits: LimitOptions = { nonMarketplace: config.SLACK_NON_MARKETPLACE, scale: config.SLACK_RATE_SCALE };
  const metrics = new Metrics();
  // Budgets by workspace: `tokens` (made below, before any call) knows which workspace each bot token speaks for.
  const gate: SlackGate = new SlackGate({ limits, observer: metrics, workspaceOf: (token): string | null => tokens.teamOfToken(token) });
  const tokens: WorkspaceTokens = new WorkspaceTokens({
    log,
    identify: async (token) => {
      const r = await clientForToken(token, backgroundClientOptions(apiUrl, config.SLACK_POST_TIMEOUT_MS, gate)).auth.test();
      return {
        teamId: String(r.team_id ?? ''),
        ...(r.team ? { teamName: String(r.team) } : {}),
        ...(r.enterprise_id ? { enterpriseId: String(r.enterprise_id) } : {}),
        botId: String(r.bot_id ?? ''),
        botUserId: String(r.user_id ?? ''),
      };
    },
  });
  const locales = new LocaleCache();
  // The outbox is made further down; a workspace installed again releases its held rows through it.
  let outboxNow: (() => Promise<unknown>) | null = null;
  // Secrets at rest (the installations' tokens, a vendor's API key) are sealed under TOKEN_ENCRYPTION_KEY; the sandbox
  // makes one for its data folder, so its admins can save a Tencent Cloud API key as a company would.
  const encryptionKey = config.TOKEN_ENCRYPTION_KEY ? parseKey(config.TOKEN_ENCRYPTION_KEY) : sandboxMode ? sandboxEncryptionKey(config.DATA_DIR) : null;
  const installations = new Installations({
    db: database.db,
    clock: ctx.clock,
    log,
    tokens,
    cipher: encryptionKey ? secretBox(encryptionKey) : null,
    oauth: config.SLACK_CLIENT_ID
      ? {
          clientId: config.SLACK_CLIENT_ID,
          clientSecret: config.SLACK_CLIENT_SECRET!,
          stateSecret: config.SLACK_STATE_SECRET ?? createHmac('sha256', config.SLACK_CLIENT_SECRET!).update('contract-desk oauth state').digest('hex'),
          scopes: BOT_SCOPES,
          redirectUri: config.SLACK_REDIRECT_URI ?? `${config.PUBLIC_URL ?? baseUrl}${REDIRECT_PATH}`,
          authorizationUrl: new URL('../oauth/v2/authorize', apiUrl ?? 'https://slack.com/api/').toString(),
        }
      : null,
    clientOptions: peopleClientOptions(apiUrl, gate),
    onInstalled: async (teamId) => {
      // Installed again after an uninstall: what waited for it goes now.
      const [a] = await database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slackTeamId, teamId));
      if (a && (await releaseHeldOutbox(database.db, a.id, ctx.clock()))) void outboxNow?.(); // never rejects
    },
    onGone: (teamId) => locales.forgetTeam(teamId),
  });
  tokens.useInstallations(installations);
  if (config.SLACK_BOT_TOKEN) await installations.addConfiguredToken(config.SLACK_BOT_TOKEN);
  if (sandboxMode) {
    // The demo people are members of both workspaces; 陈静 administers them (a workspace admin, per users.info).
    const users = SANDBOX_USERS.map((u) => ({ id: u.id, name: u.name, locale: u.locale, ...(u.id === DEMO_USERS.admin.id ? { isAdmin: true } : {}) }));
    const [first, ...others] = SANDBOX_WORKSPACES;
    emulator = new SlackEmulator({ teamId: first!.teamId, teamName: first!.name, users, rateLimits: { ...limits } });
    for (const w of others) emulator.createTeam({ id: w.teamId, name: w.name, domain: w.domain, users });
    emulator.attach(baseUrl);
    if (!opts.database)
      restoreSnapshot(emulator, snapshotFile, log, (channel) => SANDBOX_WORKSPACES.find((w) => w.channels.some((c) => c.id === channel))?.teamId);
    apiUrl = emulator.apiUrl;
    // The app is installed in both, each with its own bot token, which the app learns its workspace from (auth.test).
    for (const t of emulator.teams()) tokens.addBotToken(emulator.botToken(t.id)!);
    sandbox = new Sandbox({
      emulator,
      users: SANDBOX_USERS.map(({ id, name, role, locale }) => ({ id, name, role, locale })),
      workspaces: SANDBOX_WORKSPACES.map(({ teamId, name, channels }) => ({ teamId, name, channels })),
    });
  }
  const persist = emulator && !opts.database ? persistSnapshots(emulator, snapshotFile, log) : null;

  const esign = new EsignSimulator({ db: database.db, clock: ctx.clock, timeScale });
  let jobs: Jobs | null = null;

  const linkSecret = config.LINK_SECRET ?? signingSecret;
  const documentUrl = (id: string, kind: DocKind) => {
    // Whole seconds: the link check reads the expiry as an integer.
    const exp = Math.floor(ctx.clock().getTime() / 1000 + config.LINK_TTL_HOURS * 3600);
    return `${config.PUBLIC_URL ?? baseUrl}${signedPath(linkSecret, id, kind, exp)}`;
  };
  // The outbox's and the jobs' clients: one per workspace, with its own token (see slack/clients.ts for the options).
  const clients = new WorkspaceClients(tokens, backgroundClientOptions(apiUrl, config.SLACK_POST_TIMEOUT_MS, gate));
  const uploadPdfs = config.UPLOAD_PDFS ? config.UPLOAD_PDFS === 'true' : !sandboxMode && !config.SLACK_API_URL;
  // This instance's liveness, held for its whole life: should it be killed, its claims free at once.
  const instance = await registerInstance(database.url, database.db);
  // The simulated phone network; in the sandbox every SMS also shows in #sms-phones of the contract's workspace, as
  // the signer's phone would.
  const sendSms = async (m: { contractId: string; phone: string; text: string; dedupeKey?: string }) => {
    await esign.sendSms(m);
    if (!emulator) return;
    const [c] = await database.db
      .select({ teamId: accounts.slackTeamId })
      .from(contracts)
      .innerJoin(accounts, eq(accounts.id, contracts.accountId))
      .where(eq(contracts.id, m.contractId));
    if (c && emulator.teams().some((t) => t.id === c.teamId)) emulator.team(c.teamId).ws.post(smsMessage(emulator, m));
  };
  const sms = { signingUrl: (linkId: string, exp: number) => `${config.PUBLIC_URL ?? baseUrl}${signingPath(linkSecret, linkId, exp)}`, send: sendSms };
  const publishHome = (client: WebClient, account: AccountRow, userId: string) => publishHomeTab(ctx.db, client, locales, account, userId);
  const outbox = new OutboxDispatcher({
    ctx,
    clientFor: clients.forAccount,
    locales,
    log,
    documentUrl,
    uploadPdfs,
    sms,
    instance: instance.key,
    timeScale,
    publishHome,
  });
  outboxNow = outbox.deliverNow;
  const signingPage = {
    ctx,
    secret: linkSecret,
    esign: { start: esign.start.bind(esign), sign: esign.sign.bind(esign), sendSms },
    pollNow: (id: string) => pollContract(jobs!.poller, id),
    deliverNow: outbox.deliverNow,
    documentUrl,
    log,
  };
  // Tencent Cloud's billing API (issue 24): the import modal's sync and the daily job; API keys sealed at rest. The
  // sandbox has its own stand-in of the endpoint (the signature checked as Tencent does), knowing one demo key.
  const billingStandIn: BillingStandIn | null =
    sandboxMode && !config.TENCENT_BILLING_STANDIN
      ? await startBillingStandIn({ keys: { [SANDBOX_TENCENT_KEY.secretId]: SANDBOX_TENCENT_KEY.secretKey }, deals: sandboxDeals(ctx.clock()) })
      : null;
  const standIn = config.TENCENT_BILLING_STANDIN ?? billingStandIn?.url;
  const tencent: TencentSyncDeps = {
    box: encryptionKey ? secretBox(encryptionKey) : null,
    api: tencentBillingApi(standIn ? { standIn } : {}),
    ...(billingStandIn ? { demoKey: { ...SANDBOX_TENCENT_KEY } } : {}),
  };
  const slack = createSlackApp({
    gate,
    esign,
    tencent,
    timeScale,
    locales,
    deliverNow: outbox.deliverNow,
    pollNow: (id) => pollContract(jobs!.poller, id),
    ctx,
    log,
    signingSecret,
    tokens,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl,
    maxInFlight: config.SLACK_MAX_IN_FLIGHT,
    installerOf: opts.installerOf ?? installations.installerOf,
    workspaceGone: (teamId, why) => installations.gone(teamId, why),
    documentUrl,
    linkTtlHours: config.LINK_TTL_HOURS,
    appVersion: config.npm_package_version,
    templateUrl: (kind, vendor) => `${config.PUBLIC_URL ?? baseUrl}/templates/${kind}.pdf${vendor && vendor !== 'tencent' ? `?vendor=${vendor}` : ''}`,
  });

  route = createRouter({
    ctx,
    log,
    linkSecret,
    slack: slack.handle,
    install: installations.installer
      ? installations
      : sandboxMode
        ? {
            handles: (p: string) => p === '/slack/install' || p === REDIRECT_PATH,
            handle: async (_req: IncomingMessage, res: ServerResponse) => {
              res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
              res.end(sandboxInstallPage(SANDBOX_WORKSPACES.map((w) => w.name)));
            },
          }
        : null,
    signingPage,
    metrics: () => metrics.render(database, (e) => log.warn({ err: e }, 'metrics: the outbox could not be read')),
    healthz: async () => ({
      ok: true,
      database: database.engine,
      slack: emulator ? 'emulator' : 'slack',
      timeScale,
      slackInFlight: slack.inFlight(),
      slackCalls: gate.methodStats(),
      slackWaiting: gate.waiting(),
      ...(await health(database, jobs)),
    }),
    local: [
      ...(emulator ? [{ handles: SlackEmulator.handles, handle: emulator.handle.bind(emulator) }] : []),
      ...(sandbox ? [{ handles: Sandbox.handles, handle: sandbox.handle.bind(sandbox) }] : []),
    ],
  });
  emulator?.connectApp(baseUrl, signingSecret);
  jobs = new Jobs({
    ctx,
    esign,
    deliverOutbox: () => outbox.deliverDue(),
    log,
    timeScale,
    instance: instance.key,
    tencent: { ...tencent, cron: config.TENCENT_SYNC_CRON },
    sweepMembers: async () => {
      const r = await slack.sweepMembers({ clientFor: clients.forTeam.bind(clients) });
      if (r.deactivated.length) log.info({ deactivated: r.deactivated.length, checked: r.checked }, 'member sweep removed roles');
      return r.checked;
    },
  });
  if (config.JOBS_ENABLED) jobs.start();
  // chat:write.public posts without joining, but reading the channel back (the double-post check) and sharing files
  // need membership: join every public notification channel now. Private ones were checked when they were set.
  // Neither of these two rejects: each logs its failures and goes on.
  void joinNotificationChannels(database.db, clients.forAccount, log);
  // A configured bot token's workspace is learned now (logged), rather than at its first request.
  void tokens.learn();
  const app: App = {
    database,
    ctx,
    server,
    url: baseUrl,
    slack,
    emulator,
    sandbox,
    jobs,
    outbox,
    esign,
    tokens,
    clients,
    installations,
    gate,
    async stop() {
      // Calls still waiting for Slack's budget are not sent (their rows are due again at once, no attempt spent), and
      // the outbox takes no new batch, so that a month-end backlog does not hold the stop at Slack's pace.
      gate.close();
      await outbox.close();
      await jobs?.stop();
      await slack.stop();
      sandbox?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Last: while our claims are held by a live instance no other replica takes a row a delivery of ours is on.
      await instance.release();
      await billingStandIn?.close();
      await persist?.flush();
      if (!opts.database) await database.close();
    },
  };
  // Socket Mode waits here for Slack's hello (through outages: the client keeps retrying). Slack refusing the app-level
  // token ends start-up, after the port, the jobs and the database are released.
  try {
    await slack.start();
  } catch (e) {
    await app.stop().catch((err: unknown) => log.warn({ err }, 'stop after a failed start failed'));
    throw e;
  }
  const transport = config.SLACK_APP_TOKEN ? 'socket' : 'http';
  log.info({ url: baseUrl, slack: emulator ? 'sandbox' : 'slack', transport, ms: Date.now() - started }, 'contract-desk ready');
  return app;
}

/** An SMS as the signer's phone shows it, in the sandbox's #sms-phones. */
function smsMessage(emulator: SlackEmulator, m: { phone: string; text: string }) {
  const ts = emulator.team(emulator.teamId).ws.nextTs();
  return { channel: SMS_CHANNEL, ts, text: `📱 ${m.phone}\n${m.text}`, edits: 0, user: SMS_USER, at: Date.now() };
}
