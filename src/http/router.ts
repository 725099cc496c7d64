// The one HTTP port's routes: Slack's endpoints, documents, the signing page, templates, health, then the sandbox's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { serveDocument } from './documents.js';
import { simplePage } from './html.js';
import { withPageFont } from './page-font.js';
import { handleSigningPage, handlesSigning, type SigningPageDeps } from './sms-signing-page.js';
import { serveTemplate } from './templates.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface RouterDeps {
  ctx: Ctx;
  log: Logger;
  /** Signs document links. */
  linkSecret: string;
  /** Bolt's HTTP receiver; absent in Socket Mode, where /slack/ answers 404. */
  slack: Handler | null;
  /** The OAuth install page and redirect (/slack/install, /slack/oauth_redirect), over HTTP and Socket Mode alike. */
  install?: { handles(pathname: string): boolean; handle(req: IncomingMessage, res: ServerResponse): Promise<void> } | null;
  signingPage: SigningPageDeps;
  healthz: () => Promise<Record<string, unknown>>;
  /** Prometheus's text exposition (/metrics): its body and content type. */
  metrics: () => Promise<{ body: string; contentType: string }>;
  /** Routes served only without Slack tokens (the emulator's Web API, the sandbox page), tried last. */
  local: { handles(pathname: string): boolean; handle: Handler }[];
}

/** A failure in a page a person opened (the signing page): a page in both languages, in the page font. */
function serverError(log: Logger, res: ServerResponse, e: unknown): void {
  log.error({ err: e }, 'request failed');
  const page = simplePage('zh-CN', '500', '<h1>出错了 · Something went wrong</h1><p>请稍后重试。</p><p>Please try again shortly.</p>');
  // withPageFont never rejects (without the font, the page goes as it is).
  void withPageFont(page).then((html) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
}

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { ctx, log, linkSecret, slack, signingPage } = deps;
  return (req, res) => {
    const path = req.url ?? '/';
    const install = deps.install;
    if (install?.handles(path.split('?')[0]!)) return void install.handle(req, res).catch((e: unknown) => serverError(log, res, e));
    if (path.startsWith('/slack/') && slack) return void slack(req, res);
    if (path.startsWith('/documents/')) return void serveDocument(ctx, linkSecret, req, res).catch((e: unknown) => serverError(log, res, e));
    if (handlesSigning(path.split('?')[0]!)) return void handleSigningPage(signingPage, req, res).catch((e: unknown) => serverError(log, res, e));
    if (path.startsWith('/templates/')) return void serveTemplate(path, res).catch((e: unknown) => serverError(log, res, e));
    if (path === '/healthz') {
      void deps.healthz().then(
        (h) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(h));
        },
        (e: unknown) => {
          log.error({ err: e }, 'health check failed');
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('health check failed');
        },
      );
      return;
    }
    if (path === '/metrics') {
      void deps.metrics().then(
        (m) => {
          res.writeHead(200, { 'content-type': m.contentType });
          res.end(m.body);
        },
        (e: unknown) => {
          log.error({ err: e }, 'metrics failed');
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('metrics failed');
        },
      );
      return;
    }
    const pathname = path.split('?')[0]!;
    const local = deps.local.find((r) => r.handles(pathname));
    if (local) return void local.handle(req, res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  };
}
