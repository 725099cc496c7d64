// The real Bolt app: HTTP receiver (or Socket Mode), listeners grouped by kind, Web API calls to clientOptions.slackApiUrl.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { EsignService } from '../esign/types.js';
import type { Logger } from '../log.js';
import { Notifier } from '../notify/dispatcher.js';
import type { Ctx } from '../services/context.js';
import type { SlackDeps } from './context.js';
import { ReplayGuard, refuse } from './guards.js';
import { registerActions } from './listeners/actions.js';
import { registerCommands } from './listeners/commands.js';
import { registerEvents } from './listeners/events.js';
import { registerOptions } from './listeners/options.js';
import { registerUnknownViews, registerViews } from './listeners/views.js';
import { CB } from './views/wizard.js';
import { LocaleCache } from './locale.js';

export interface SlackOptions {
  ctx: Ctx;
  log: Logger;
  signingSecret: string;
  botToken: string;
  /** Socket Mode instead of HTTP when set. */
  appToken?: string;
  /** The Web API's base URL: Slack's own, or the emulator on loopback. */
  apiUrl?: string;
  botUserId?: string;
  documentUrl: SlackDeps['documentUrl'];
  esign: EsignService;
  pollNow: SlackDeps['pollNow'];
  uploadPdfs?: boolean;
}

export interface SlackApp {
  app: App;
  client: WebClient;
  notifier: Notifier;
  /** Handles /slack/* on the app's own HTTP server; null in Socket Mode. */
  handle: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => child.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => child.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => child.error(m.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackApp(o: SlackOptions): SlackApp {
  const logger = boltLogger(o.log);
  // A 429 on a user-facing path should fail fast; the outbox retries notifications.
  const clientOptions = { ...(o.apiUrl ? { slackApiUrl: o.apiUrl } : {}), rejectRateLimitedCalls: true, retryConfig: { retries: 1 } };
  const socket = Boolean(o.appToken);
  const receiver = socket ? undefined : new HTTPReceiver({ signingSecret: o.signingSecret, endpoints: ['/slack/events'], logger, processBeforeResponse: false });
  // The bot's own client (jobs, the notifier): the same token and options as the clients Bolt gives listeners.
  const client = new WebClient(o.botToken, { ...clientOptions, logger });
  // Bolt's default authorization calls auth.test once, at construction; if Slack is down at that moment the
  // rejection is unhandled and the process dies (the crash soak found it). Ask lazily instead, remember the answer,
  // and let a request that arrives during an outage fail alone.
  let identity: Promise<{ botId: string; botUserId: string }> | null = o.botUserId ? Promise.resolve({ botId: 'B0BOT00001', botUserId: o.botUserId }) : null;
  const authorize = async () => {
    identity ??= client.auth.test().then(
      (r) => ({ botId: String(r.bot_id ?? ''), botUserId: String(r.user_id ?? '') }),
      (e: unknown) => {
        identity = null;
        throw e;
      },
    );
    return { botToken: o.botToken, ...(await identity) };
  };
  const app = new App({
    authorize,
    logger,
    clientOptions,
    ...(socket ? { socketMode: true, appToken: o.appToken, signingSecret: o.signingSecret } : { receiver }),
  });
  const locales = new LocaleCache();
  const notifier = new Notifier({ ctx: o.ctx, client, locales, log: o.log, documentUrl: o.documentUrl, uploadPdfs: o.uploadPdfs ?? false });
  const deps: SlackDeps = { ctx: o.ctx, log: o.log, locales, notifier, documentUrl: o.documentUrl, esign: o.esign, pollNow: o.pollNow };
  registerCommands(app, deps);
  registerViews(app, deps);
  registerUnknownViews(app, [CB.start, CB.items, CB.partyA, CB.confirmText, CB.signing, CB.reject, CB.paper, CB.profile, CB.signerRequest, CB.settings]);
  registerActions(app, deps);
  registerOptions(app, deps);
  registerEvents(app, deps);
  app.error(async (e) => {
    o.log.error({ err: e }, 'slack listener failed');
  });

  const guard = new ReplayGuard();
  const handle = receiver
    ? (req: IncomingMessage, res: ServerResponse) => {
        const reason = guard.check(req);
        if (reason) return refuse(res, reason);
        receiver.requestListener(req, res);
      }
    : null;

  return {
    app,
    client,
    notifier,
    handle,
    start: async () => {
      if (socket) await app.start();
    },
    stop: async () => {
      if (socket) await app.stop();
    },
  };
}
