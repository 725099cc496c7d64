// The emulator's own HTTP server: file uploads and downloads, response_urls, and the Web API under /api/.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppLink } from './app-link.js';
import type { Faults } from './faults.js';
import type { RateLimits } from './rate-limits.js';
import { bearer, type FileInputs } from './file-input.js';
import { answerResponseUrl } from './response-url.js';
import { type Json, SlackApiError } from './types.js';
import { serveFile } from './uploads.js';
import { type ApiContext, callMethod } from './web-api.js';

export interface RouteParts extends ApiContext {
  faults: Faults;
  link: AppLink;
  files: FileInputs;
  limits: RateLimits;
}

/** The paths the emulator answers when it shares a server. */
export function handles(path: string): boolean {
  return /^\/(api|upload|files|files-pri|respond)\//.test(path);
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
  if (path.startsWith('/upload/') || path.startsWith('/files/')) return serveFile(parts.ws.files, path, req, rawBody, res);
  if (path.startsWith('/respond/')) {
    const answer = answerResponseUrl(parts, path, JSON.parse(body || '{}') as Json);
    return send(answer.status, answer.payload);
  }
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
  const retryAfter = parts.limits.check(method, String(req.headers.authorization ?? ''), args, channel ? parts.ws.resolveChannel(String(channel)) : null);
  if (retryAfter !== null) {
    ledger.record(`ratelimited:${method}`, args);
    return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
  }
  ledger.record(method, args);
  if (method === 'apps.connections.open') return send(200, parts.link.openConnection(String(req.headers.authorization ?? ''), args, parts.host.url));
  const failure = faults.takeFailure(method);
  if (failure) {
    const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
    return send(failure.status ?? 200, { ok: false, error: failure.error }, headers);
  }
  try {
    // Membership first: a method refused for it must not have done its work.
    const membership = faults.checkMembership(method, args);
    // files.info answers by the calling token's workspace, which only the request's Authorization header says.
    const answer =
      method === 'files.info' ? parts.files.info(args, bearer(req.headers.authorization)) : callMethod(method, parts.limits.pageArgs(method, args), parts);
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
