// The emulator's own HTTP server: file uploads and downloads, response_urls, the OAuth authorize page, and the Web API
// under /api/, where every call is authenticated by its token and acts in that token's workspace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppLink } from './app-link.js';
import type { Faults } from './faults.js';
import type { FileInputs } from './file-input.js';
import type { Ledger } from './ledger.js';
import type { OAuth } from './oauth.js';
import type { RateLimits } from './rate-limits.js';
import { answerResponseUrl } from './response-url.js';
import type { Team } from './team.js';
import type { Tokens } from './tokens.js';
import { type Host, type Json, SlackApiError } from './types.js';
import { serveFile } from './uploads.js';
import { callMethod } from './web-api.js';
import { resolveChannel } from './workspace.js';

export interface RouteParts {
  host: Host;
  team: (id: string) => Team | undefined;
  teams: () => Team[];
  tokens: Tokens;
  ledger: Ledger;
  faults: Faults;
  link: AppLink;
  files: FileInputs;
  limits: RateLimits;
  oauth: OAuth;
  /** auth.revoke: the token stops working; the app hears of it as Slack tells it. */
  revoke: (token: string) => void;
}

/** The paths the emulator answers when it shares a server. */
export function handles(path: string): boolean {
  return /^\/(api|upload|files|files-pri|respond)\//.test(path) || path === '/oauth/v2/authorize';
}

/** The token of a Web API call: the Authorization header (what @slack/web-api sends), or a `token` argument. */
function tokenOf(req: IncomingMessage, args: Json): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  return bearer ?? (typeof args.token === 'string' && args.token ? args.token : undefined);
}

export async function route(parts: RouteParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawBody = await readBody(req);
  const body = rawBody.toString('utf8');
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const send = (status: number, payload: Json, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(payload));
  };
  if (path.startsWith('/files-pri/')) return parts.files.serve(path, req, res);
  if (path.startsWith('/upload/') || path.startsWith('/files/')) {
    const id = path.split('/')[2] ?? '';
    const files = parts.teams().find((t) => t.ws.files.has(id))?.ws.files ?? new Map();
    return serveFile(files, path, req, rawBody, res);
  }
  if (path.startsWith('/respond/')) {
    const workspace = (id: string) => parts.team(id)?.ws;
    const answer = answerResponseUrl({ workspace, faults: parts.faults, ledger: parts.ledger }, path, JSON.parse(body || '{}') as Json);
    return send(answer.status, answer.payload);
  }
  if (path === '/oauth/v2/authorize') return parts.oauth.page(req, res, body);
  if (!path.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_path' });
  const method = path.slice(5);
  const args = parseArgs(req.headers['content-type'] ?? '', body);
  const { faults, ledger } = parts;
  if (faults.inOutage()) {
    ledger.record(`outage:${method}`, args);
    return send(503, { ok: false, error: 'service_unavailable' });
  }
  // Over a limit: refused before anything is done, as Slack does (the call is on the record as `ratelimited:…`).
  const channel = args.channel ?? args.channel_id;
  const caller = tokenOf(req, args) ?? '';
  const known = parts.tokens.check(caller);
  const retryAfter = parts.limits.check(method, 'error' in known ? caller : known.team, channel ? resolveChannel(String(channel)) : null);
  if (retryAfter !== null) {
    ledger.record(`ratelimited:${method}`, args);
    return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
  }
  if (method === 'apps.connections.open') {
    ledger.record(method, args);
    return send(200, parts.link.openConnection(String(req.headers.authorization ?? ''), args, parts.host.url));
  }
  if (method === 'oauth.v2.access') {
    ledger.record(method, { ...args, client_secret: undefined });
    await parts.oauth.ready(args);
    return send(200, parts.oauth.access(args, String(req.headers.authorization ?? '')));
  }
  const token = tokenOf(req, args);
  const who = parts.tokens.check(token);
  if ('error' in who) {
    ledger.record(method, args, token ? { token } : {});
    return send(200, { ok: false, error: who.error });
  }
  const team = parts.team(who.team)!;
  ledger.record(method, args, { team: team.id, token: token! });
  const failure = faults.takeFailure(method);
  if (failure) {
    const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
    return send(failure.status ?? 200, { ok: false, error: failure.error }, headers);
  }
  try {
    const ctx = { host: parts.host, team, ws: team.ws, views: team.views, ledger, token: token!, orgWide: who.orgWide, revoke: parts.revoke };
    // Membership first: a method refused for it must not have done its work.
    const membership = team.membership.check(method, args);
    // files.info answers the file of the calling token's workspace only.
    const answer = method === 'files.info' ? parts.files.info(args, team.id) : callMethod(method, parts.limits.pageArgs(method, args), ctx);
    const result = { ok: true, ...membership, ...answer };
    if (faults.loseAnswer(method, args, res)) return;
    send(200, result);
  } catch (e) {
    if (e instanceof SlackApiError) return send(200, { ok: false, error: e.code, response_metadata: { messages: e.messages } });
    throw e;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** @slack/web-api sends form fields with nested objects as JSON strings; the JSON body form is also accepted. */
function parseArgs(contentType: string, body: string): Json {
  if (contentType.includes('application/json')) return body ? (JSON.parse(body) as Json) : {};
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(body)) {
    out[k] = (k === 'blocks' || k === 'view' || k === 'attachments' || k === 'metadata') && v ? JSON.parse(v) : v;
  }
  return out;
}
