// The one gate every Web API call of the app passes: the `fetch` the WebClients and Bolt's `respond` are given
// (clientOptions.fetch). It reads each call's method from the URL, its workspace from the token and a post's channel
// from the body, and holds the call until the budgets of src/slack/rate-limits.ts allow it, so that Slack has no cause
// to answer 429. Should Slack answer 429 anyway (another replica spent the budget, a restart forgot it), the method
// (or the post's channel) pauses for every caller for Retry-After, and the call is sent again then: Slack did nothing
// with it, so a rate-limited call is never a failure its caller has to count.
//
// Two callers: people (a click's modal, ephemeral, response_url, their Home) and background work (the outbox, Home
// republishing). People go first: a lane serves every waiting person before any background call, and background
// calls leave a token in each lane for the next person, so a click never queues behind a burst of notifications.
import { createHash } from 'node:crypto';
import { httpFetch } from './http-fetch.js';
import { lanesFor, type LimitOptions } from './rate-limits.js';
import { TokenBucket } from './token-bucket.js';

export type Caller = 'people' | 'background';

/** A call the gate never sent because the app is stopping: Slack did nothing with it. */
export class GateClosedError extends Error {
  readonly code = 'EGATECLOSED';
  constructor() {
    super('the app is stopping: the call was not sent to Slack');
  }
}

/** What the gate reports of each call it sent (metrics, /healthz). */
export interface GateObserver {
  call(e: { method: string; caller: Caller; status: number; waitedMs: number }): void;
}

export interface GateOptions {
  limits?: LimitOptions;
  observer?: GateObserver;
  /** The transport under the gate (node:http keep-alive, src/slack/http-fetch.ts). */
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * The workspace a token speaks for, when known: Slack's budgets are per workspace, so a rotated token or the
   * installer's shares its workspace's lanes. Unknown tokens have lanes of their own.
   */
  workspaceOf?: (token: string) => string | null;
}

/**
 * The share of Slack's budget the gate spends, and the burst it leaves unused: its clock and Slack's differ by the
 * time a request travels, and a post sent exactly on the refill can arrive a moment early.
 */
const RATE_SHARE = 0.97;
const BURST_SPARE = 1;
/** A person waits this long at most for a 429's Retry-After before the answer goes back as it is. */
const PEOPLE_RETRY_MAX_MS = 3_000;
/**
 * A person's call waits this long at most for a budget (or a pause another call's 429 set) before it is sent anyway:
 * a modal's trigger_id lives 3 s, and an answer Slack refuses is better than one that arrives too late.
 */
const PEOPLE_WAIT_MAX_MS = 2_500;
/** A background call is sent again after this many 429s at most (each after its Retry-After) before its caller hears. */
const BACKGROUND_RETRIES = 20;

interface Ticket {
  caller: Caller;
  /** People only: sent at this time whatever the budgets say. */
  deadline: number;
  lanes: GateLane[];
  resolve(): void;
  reject(e: unknown): void;
}

class GateLane {
  readonly bucket: TokenBucket;
  /** Tokens background calls leave for people: none where the budget is a single call. */
  readonly reserve: number;
  pausedUntil = 0;
  readonly people: Ticket[] = [];
  readonly background: Ticket[] = [];
  timer: NodeJS.Timeout | null = null;

  constructor(perMinute: number, burst: number) {
    this.bucket = new TokenBucket({ perMinute: perMinute * RATE_SHARE, burst: Math.max(1, burst - BURST_SPARE) });
    this.reserve = this.bucket.capacity >= 4 ? 1 : 0;
  }

  head(): Ticket | undefined {
    return this.people[0] ?? this.background[0];
  }

  /** How long `caller` waits for this lane alone: the pause, then a token (background leaves the reserve). */
  wait(caller: Caller, now: number): number {
    if (this.pausedUntil > now) return this.pausedUntil - now;
    const people = caller === 'people' ? 0 : this.people.length;
    const needed = caller === 'people' ? 1 : Math.min(this.bucket.capacity, 1 + this.reserve + people);
    return this.bucket.waitFor(now, needed);
  }
}

export interface MethodStats {
  calls: number;
  ratelimited: number;
}

export class SlackGate {
  private readonly lanes = new Map<string, GateLane>();
  private readonly stats = new Map<string, MethodStats>();
  private readonly base: typeof fetch;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly o: GateOptions = {}) {
    this.base = o.fetch ?? httpFetch;
    this.now = o.now ?? Date.now;
  }

  /** Calls and 429s per method since start (for /healthz). */
  methodStats(): Record<string, MethodStats> {
    return Object.fromEntries([...this.stats].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Stopping: every call still waiting for a budget fails with GateClosedError, unsent; later calls too. */
  close(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
      for (const t of lane.people.splice(0).concat(lane.background.splice(0))) t.reject(new GateClosedError());
    }
  }

  /** Calls waiting for a budget now, per caller. */
  waiting(): Record<Caller, number> {
    const w = { people: 0, background: 0 };
    for (const l of this.lanes.values()) {
      w.people += l.people.length;
      w.background += l.background.length;
    }
    return w;
  }

  /**
   * The `fetch` for one kind of caller. `timeoutMs` bounds the request itself, not the time spent waiting for a budget
   * (a WebClient's own timeout would count the wait, and a paced post would look lost).
   */
  fetchFor(caller: Caller, o: { timeoutMs?: number } = {}): typeof fetch {
    return (input, init) => this.send(caller, input, init, o.timeoutMs);
  }

  private async send(caller: Caller, input: Parameters<typeof fetch>[0], init: RequestInit | undefined, timeoutMs: number | undefined): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = this.describe(url, init);
    for (let limited = 0; ;) {
      const started = this.now();
      if (call.lanes.length) await this.admit(caller, call.lanes, init?.signal ?? null);
      const waitedMs = this.now() - started;
      const signal = timeoutMs ? anySignal(init?.signal ?? null, AbortSignal.timeout(timeoutMs)) : init?.signal;
      const res = await this.base(input, { ...init, ...(signal ? { signal } : {}) });
      const s = this.stats.get(call.method) ?? { calls: 0, ratelimited: 0 };
      this.stats.set(call.method, s);
      s.calls += 1;
      this.o.observer?.call({ method: call.method, caller, status: res.status, waitedMs });
      if (res.status !== 429 || !call.lanes.length) return res;
      s.ratelimited += 1;
      const retryMs = retryAfterMs(res);
      if (retryMs === null) return res;
      // Slack does not say which budget refused: every one the call draws on pauses (its channel's and its method's).
      for (const lane of call.lanes) this.pause(lane, retryMs);
      limited += 1;
      if (caller === 'people' ? retryMs > PEOPLE_RETRY_MAX_MS || limited > 1 : limited > BACKGROUND_RETRIES) return res;
      await res.arrayBuffer().catch(() => undefined);
    }
  }

  /** Method, workspace and (for a post) channel: the lanes a call waits in, the most specific last. */
  private describe(url: string, init: RequestInit | undefined): { method: string; lanes: GateLane[] } {
    const m = /\/api\/([A-Za-z0-9_.]+)(?:[?#]|$)/.exec(url);
    if (!m) return { method: /\/upload|files\.slack/.test(url) ? 'file_upload' : 'response_url', lanes: [] };
    const method = m[1]!;
    const headers = headerObject(init?.headers);
    const token = /^Bearer\s+(\S+)/i.exec(headers.authorization ?? headers.Authorization ?? '')?.[1] ?? '';
    const team = this.o.workspaceOf?.(token);
    const workspace = team ? `team:${team}` : `token:${createHash('sha256').update(token).digest('base64url').slice(0, 16)}`;
    const channel = method === 'chat.postMessage' ? channelOf(init?.body) : null;
    const lanes = lanesFor(method, channel, this.o.limits).map((l) => {
      const key = `${workspace} ${l.key}`;
      let lane = this.lanes.get(key);
      if (!lane) this.lanes.set(key, (lane = new GateLane(l.perMinute, l.burst)));
      return lane;
    });
    return { method, lanes };
  }

  /** Waits in the call's most specific lane until every lane it draws on has a token for this caller. */
  private admit(caller: Caller, lanes: GateLane[], signal: AbortSignal | null): Promise<void> {
    if (this.closed) return Promise.reject(new GateClosedError());
    const primary = lanes.at(-1)!;
    return new Promise<void>((resolve, reject) => {
      const deadline = caller === 'people' ? this.now() + PEOPLE_WAIT_MAX_MS : Infinity;
      const ticket: Ticket = { caller, deadline, lanes, resolve, reject };
      const queue = caller === 'people' ? primary.people : primary.background;
      queue.push(ticket);
      if (signal) {
        const onAbort = () => {
          const i = queue.indexOf(ticket);
          if (i >= 0) queue.splice(i, 1);
          reject(signal.reason);
          this.pump(primary);
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        ticket.resolve = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      }
      this.pump(primary);
      // A person queued behind background calls in another lane this call also draws on: let that lane re-plan.
      for (const l of lanes) if (l !== primary) this.pump(l);
    });
  }

  /** Admits the lane's head calls while budgets allow, then sleeps until its head can go. */
  private pump(lane: GateLane): void {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    for (;;) {
      const t = lane.head();
      if (!t) return;
      const now = this.now();
      const wait = Math.min(Math.max(...t.lanes.map((l) => l.wait(t.caller, now))), Math.max(0, t.deadline - now));
      if (wait > 0) {
        lane.timer = setTimeout(() => this.pump(lane), wait);
        lane.timer.unref?.();
        return;
      }
      (t.caller === 'people' ? lane.people : lane.background).shift();
      for (const l of t.lanes) l.bucket.take(now);
      t.resolve();
    }
  }

  private pause(lane: GateLane, ms: number): void {
    const now = this.now();
    lane.pausedUntil = Math.max(lane.pausedUntil, now + ms);
    lane.bucket.empty(now);
    this.pump(lane);
  }
}

function retryAfterMs(res: Response): number | null {
  const v = res.headers.get('retry-after');
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : null;
}

function headerObject(h: RequestInit['headers']): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers || Array.isArray(h)) return Object.fromEntries(new Headers(h).entries());
  return h as Record<string, string>;
}

/** The channel of a post, from the WebClient's form body (or a JSON one). */
function channelOf(body: RequestInit['body'] | undefined): string | null {
  if (typeof body !== 'string') return null;
  if (body.startsWith('{')) {
    try {
      const c = (JSON.parse(body) as { channel?: unknown }).channel;
      return typeof c === 'string' ? c : null;
    } catch {
      return null;
    }
  }
  return new URLSearchParams(body).get('channel');
}

function anySignal(a: AbortSignal | null, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}
