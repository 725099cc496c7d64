// The real Bolt app: HTTP receiver (or Socket Mode), listeners grouped by kind, Web API calls to clientOptions.slackApiUrl.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AllMiddlewareArgs,
  type AnyMiddlewareArgs,
  App,
  type AuthorizeSourceData,
  HTTPReceiver,
  type Logger as BoltLogger,
  LogLevel,
  SocketModeReceiver,
} from '@slack/bolt';
import type { EsignService } from '../esign/types.js';
import { type Logger, scrub } from '../log.js';
import type { Ctx } from '../services/context.js';
import { peopleClientOptions, socketClientOptions } from './clients.js';
import type { SlackDeps } from './context.js';
import type { SlackGate } from './gate.js';
import { busy, refuse, ReplayGuard } from './guards.js';
import { inputGuard } from './input-guard.js';
import type { WorkspaceTokens } from './install/tokens.js';
import { registerListeners, unknownView } from './listeners/index.js';
import type { LocaleCache } from './locale.js';
import { type SweepOptions, type SweepOutcome, sweepRoleHolders } from './member-sweep.js';
import { type ActionArgs, type CommandArgs, type EventArgs, type Handler, type OptionsArgs, type RoutedEvent, Routes, type ViewArgs } from './routes.js';

export interface SlackOptions {
  ctx: Ctx;
  log: Logger;
  signingSecret: string;
  /** Each workspace's bot token (configured or installed by OAuth): every request is authorized with its own. */
  tokens: WorkspaceTokens;
  /** Socket Mode instead of HTTP when set. */
  appToken?: string;
  /** The Web API's base URL: Slack's own, or the emulator on loopback. */
  apiUrl?: string;
  /** The process's one gate to Slack's Web API (src/slack/gate.ts). */
  gate: SlackGate;
  documentUrl: SlackDeps['documentUrl'];
  linkTtlHours?: number;
  timeScale?: number;
  templateUrl?: SlackDeps['templateUrl'];
  esign: EsignService;
  pollNow: SlackDeps['pollNow'];
  /** The outbox's deliver-now (its dispatcher is wired in app.ts, beside the jobs). */
  deliverNow: SlackDeps['deliverNow'];
  /** The same LocaleCache the dispatcher uses, so a user_change event refreshes both. */
  locales: LocaleCache;
  /** Requests in flight past which new ones get 503. */
  maxInFlight: number;
  /** Who installed the app in a workspace: they may set it up (R17). */
  installerOf?: SlackDeps['installerOf'];
  /** Tencent Cloud's billing API for the import modal's sync. */
  tencent?: SlackDeps['tencent'];
  workspaceGone?: SlackDeps['workspaceGone'];
  appVersion?: SlackDeps['appVersion'];
}

export interface SlackApp {
  app: App;
  /** Requests still being worked on, after their ack included (on /healthz). */
  inFlight(): number;
  /** Resolves once no Slack request is being worked on (the work after the ack included): tests wait on it. */
  idle(): Promise<void>;
  /** Handles /slack/* on the app's own HTTP server; null in Socket Mode. */
  handle: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The daily sweep of role holders through users.info (member-sweep.ts). */
  sweepMembers(o: SweepOptions): Promise<SweepOutcome>;
}

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => child.debug(scrub(m.map(String).join(' '))),
    info: (...m: unknown[]) => child.info(scrub(m.map(String).join(' '))),
    warn: (...m: unknown[]) => child.warn(scrub(m.map(String).join(' '))),
    error: (...m: unknown[]) => child.error(scrub(m.map(String).join(' '))),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackApp(o: SlackOptions): SlackApp {
  const logger = boltLogger(o.log);
  // Listener clients (Bolt makes one per workspace token) carry people's requests: a 429 fails fast.
  const clientOptions = peopleClientOptions(o.apiUrl, o.gate);
  const socket = Boolean(o.appToken);
  // Socket Mode: the receiver's own client calls apps.connections.open at the same API URL (the emulator's, in tests)
  // with the app-level token. Payloads arrive over a WebSocket the token opened, so there is no signature to check.
  const socketReceiver = o.appToken
    ? new SocketModeReceiver({ appToken: o.appToken, logger, installerOptions: { clientOptions: socketClientOptions(o.apiUrl, o.gate) } })
    : null;
  const receiver = socketReceiver
    ? null
    : new HTTPReceiver({ signingSecret: o.signingSecret, endpoints: ['/slack/events'], logger, processBeforeResponse: false });
  // Each request with its workspace's own token. A workspace the app is not (or no longer) installed in gets nothing:
  // Bolt logs the refusal and calls no listener. app_uninstalled and tokens_revoked skip this (Bolt's own rule): they
  // arrive after the tokens are gone.
  const authorize = async (source: AuthorizeSourceData<boolean>) => {
    const auth = source.teamId ? await o.tokens.forTeam(source.teamId, source.enterpriseId) : null;
    if (!auth) throw new Error(`the app is not installed in workspace ${source.teamId ?? source.enterpriseId ?? '(none)'}`);
    return {
      botToken: auth.botToken,
      botId: auth.botId,
      botUserId: auth.botUserId,
      teamId: auth.teamId,
      ...(auth.enterpriseId ? { enterpriseId: auth.enterpriseId } : {}),
    };
  };
  const app = new App({
    authorize,
    logger,
    // Bolt's default conversation store looks every request's channel up and throws "not found" for each (an Error
    // with a stack per request); nothing here keeps conversation state, so it is off.
    convoStore: false,
    clientOptions,
    receiver: socketReceiver ?? receiver!,
  });
  const deps: SlackDeps = {
    ctx: o.ctx,
    log: o.log,
    locales: o.locales,
    deliverNow: o.deliverNow,
    documentUrl: o.documentUrl,
    linkTtlHours: o.linkTtlHours,
    esign: o.esign,
    pollNow: o.pollNow,
    timeScale: o.timeScale ?? 1,
    templateUrl: o.templateUrl,
    installerOf: o.installerOf,
    tencent: o.tencent,
    workspaceGone: o.workspaceGone,
    appVersion: o.appVersion,
  };
  const views = new Routes<ViewArgs>();
  const actions = new Routes<ActionArgs>();
  const commands = new Map<string, Handler<CommandArgs>>();
  const options = new Routes<OptionsArgs>();
  // A handler is stored under its own event's type and called only with that type's events (below).
  const events = new Map<string, Handler<EventArgs<RoutedEvent>>>();
  registerListeners(
    {
      commands: { command: (name, h) => void commands.set(name, h) },
      actions: { action: (id, h) => actions.add(id, h) },
      views: { view: (id, h) => views.add(id, h) },
      options: { options: (id, h) => options.add(id, h) },
      events: { event: (type, h) => void events.set(type, h as Handler<EventArgs<RoutedEvent>>) },
    },
    deps,
  );
  /** The listener for a request, by its kind and id; null for a request no listener takes (Bolt's answer stands). */
  const listenerFor = (args: AnyMiddlewareArgs & AllMiddlewareArgs): (() => Promise<unknown>) | null => {
    const body = args.body as { type?: string; command?: string };
    if ('command' in args) {
      const h = commands.get(args.command.command);
      return h ? () => h(args) : null;
    }
    if (body.type === 'block_actions' && 'action' in args) {
      const a = args as ActionArgs;
      const h = actions.find(a.action.action_id);
      if (h) return () => h(a);
      // A button this version does not know (an old message's): answer, so Slack shows no error, and note it.
      return async () => {
        await a.ack();
        o.log.warn({ actionId: a.action.action_id }, 'no handler for action');
      };
    }
    if (body.type === 'view_submission' && 'view' in args) {
      const v = args as ViewArgs;
      return () => (views.find(v.view.callback_id) ?? unknownView)(v);
    }
    if (body.type === 'block_suggestion' && 'options' in args) {
      const h = options.find((args as OptionsArgs).options.action_id);
      return h ? () => h(args as OptionsArgs) : null;
    }
    if ('event' in args) {
      const h = events.get(args.event.type);
      return h ? () => h(args as EventArgs<RoutedEvent>) : null;
    }
    return null;
  };
  app.error(async (e) => {
    o.log.error({ err: e }, 'slack listener failed');
  });

  // Requests Bolt is still working on (the work after their ack included), counted by a global middleware. Past the
  // limit new requests are refused with 503 before Bolt reads them: a burst faster than the database or Slack can
  // take must not pile up work until the process runs out of memory, and Slack tells the person the app is busy.
  // In Socket Mode there is no response to refuse with: past the limit a command or interaction is dropped
  // unacknowledged, which Slack treats as a 503 (the person is told the app did not respond). Bolt acks events before
  // any middleware, so a dropped event (here only app_home_opened, a Home refresh) is simply not acted on.
  let inFlight = 0;
  const idleWaiters: (() => void)[] = [];
  app.use(async ({ next }) => {
    if (socket && inFlight >= o.maxInFlight) {
      o.log.warn({ inFlight }, 'busy: socket mode envelope dropped unacknowledged');
      return;
    }
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    }
  });
  // After the count, before any listener: free text is cleaned or refused here, once for every surface.
  app.use(inputGuard(deps));
  // Last: the listener, found by routes.ts. Bolt's own listener matching never runs (see routes.ts for why); a
  // listener's error still reaches app.error, since it is thrown inside Bolt's global middleware chain.
  app.use(async (args) => {
    const run = listenerFor(ackFirst(args));
    if (run) await run();
    else await args.next();
  });
  const guard = new ReplayGuard();
  const handle = receiver
    ? (req: IncomingMessage, res: ServerResponse) => {
        if (inFlight >= o.maxInFlight) return busy(res);
        const reason = guard.check(req);
        if (reason) return refuse(res, reason);
        receiver.requestListener(req, res);
      }
    : null;

  return {
    app,
    handle,
    inFlight: () => inFlight,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    start: async () => {
      if (socket) await app.start();
    },
    stop: async () => {
      if (socket) await app.stop();
    },
    sweepMembers: (s) => sweepRoleHolders(deps, s),
  };
}

/**
 * Once a listener has acked, its work goes on after the I/O callbacks Node has already picked up (setImmediate runs
 * after the poll phase): other requests' bodies that arrived meanwhile are read and go on towards their acks first.
 * A heuristic, not a queue: in a burst of clicks it keeps an ack from waiting behind the work after every earlier ack
 * (bench, bursts of 300: p99 1.37× bare Bolt without it, 1.15× with it).
 */
export function ackFirst<A extends AnyMiddlewareArgs & AllMiddlewareArgs>(args: A): A {
  if (!('ack' in args)) return args;
  const ack = args.ack as (response?: unknown) => Promise<void>;
  return Object.assign(args, {
    ack: async (response?: unknown) => {
      await ack(response);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  });
}
