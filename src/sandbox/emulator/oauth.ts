// Slack's side of an OAuth install (OAuth v2): the authorize page a person approves, which sends the browser back to
// the app's redirect_uri with a one-time `code` and the app's `state`, and oauth.v2.access, which exchanges the code
// for a bot token (or, with token rotation on, a refresh token for a new one). Errors are oauth.v2.access's own
// (invalid_client_id, bad_client_secret, invalid_code, bad_redirect_uri, invalid_grant_type, invalid_refresh_token).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Team } from './team.js';
import type { Tokens } from './tokens.js';
import { APP_ID, type Json, type OAuthAppOptions } from './types.js';

/** A code is good for one exchange, within ten minutes (Slack's OAuth guide). */
const CODE_TTL_MS = 10 * 60_000;
/** Slack's rotating tokens live 12 hours. */
const DEFAULT_LIFETIME_SEC = 12 * 3600;

interface Grant {
  team: string;
  user: string;
  orgWide: boolean;
  scope: string;
  redirectUri: string | null;
  issued: number;
  used: boolean;
}

export interface OAuthDeps {
  team: (id: string) => Team | undefined;
  teams: () => Team[];
  tokens: Tokens;
  /** The app was installed in a workspace (or org-wide) by this exchange. */
  installed: (team: Team, orgWide: boolean) => void;
}

export class OAuthError extends Error {}

export class OAuth {
  app: OAuthAppOptions | null;
  private readonly grants = new Map<string, Grant>();

  constructor(
    app: OAuthAppOptions | undefined,
    private readonly deps: OAuthDeps,
  ) {
    this.app = app ?? null;
  }

  /**
   * A person approves the install an authorize URL asks for, as `userId` of `teamId` (org-wide: for the workspace's
   * whole organisation). Returns where Slack sends the browser: the redirect_uri with `code` and `state`.
   */
  approve(authorizeUrl: string, as: { teamId: string; userId: string; orgWide?: boolean }): string {
    const q = this.request(authorizeUrl);
    const team = this.deps.team(as.teamId);
    if (!team) throw new OAuthError(`no workspace ${as.teamId}`);
    if (!team.ws.users.has(as.userId)) throw new OAuthError(`${as.userId} is not a member of ${as.teamId}`);
    if (as.orgWide && !team.info.enterpriseId) throw new OAuthError(`${as.teamId} belongs to no organisation: it cannot install org-wide`);
    const code = `${Date.now()}.${randomBytes(16).toString('hex')}`;
    this.grants.set(code, {
      team: team.id,
      user: as.userId,
      orgWide: Boolean(as.orgWide),
      scope: q.scope,
      redirectUri: q.redirectParam,
      issued: Date.now(),
      used: false,
    });
    return withQuery(q.redirect, { code, ...(q.state !== null ? { state: q.state } : {}) });
  }

  /** The person presses Cancel: back to the app with `error=access_denied`. */
  deny(authorizeUrl: string): string {
    const q = this.request(authorizeUrl);
    return withQuery(q.redirect, { error: 'access_denied', ...(q.state !== null ? { state: q.state } : {}) });
  }

  /** `/oauth/v2/authorize`: GET shows the page (pick a workspace and a person, Allow or Cancel); its form POSTs here. */
  page(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = `http://x${req.url ?? '/'}`;
    try {
      if (req.method === 'POST') {
        const f = new URLSearchParams(body);
        const location =
          f.get('decision') === 'allow'
            ? this.approve(url, { teamId: f.get('team') ?? '', userId: f.get('user') ?? '', orgWide: f.get('org_wide') === 'on' })
            : this.deny(url);
        res.writeHead(302, { location });
        res.end();
        return;
      }
      const q = this.request(url);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(authorizePage(this.deps.teams(), q.scope, q.team));
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><meta charset="utf-8"><title>Slack</title><p>${esc(e instanceof Error ? e.message : String(e))}</p>`);
    }
  }

  /** While set, refresh exchanges wait for it before they are answered. */
  private refreshGate: Promise<void> | null = null;

  /**
   * Holds every refresh exchange (oauth.v2.access with grant_type=refresh_token) before Slack does it, until the
   * returned function is called: a slow Slack, for tests that line replicas up on one refresh.
   */
  holdRefreshes(): () => void {
    let release!: () => void;
    this.refreshGate = new Promise<void>((r) => (release = r));
    return () => {
      this.refreshGate = null;
      release();
    };
  }

  /** Resolves once this oauth.v2.access call may be done and answered. */
  ready(a: Json): Promise<void> {
    return String(a.grant_type ?? '') === 'refresh_token' && this.refreshGate ? this.refreshGate : Promise.resolve();
  }

  /** oauth.v2.access: a code (authorization_code) or a refresh token (refresh_token) for a bot token. */
  access(a: Json, authorization: string): Json {
    const app = this.app;
    const basic = /^Basic (\S+)$/.exec(authorization)?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
    const clientId = String(a.client_id ?? basicId ?? '');
    const secret = String(a.client_secret ?? basicSecret ?? '');
    if (!app || clientId !== app.clientId) return { ok: false, error: 'invalid_client_id' };
    if (secret !== app.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grantType = String(a.grant_type ?? 'authorization_code');
    const lifetimeSec = app.tokenLifetimeSec ?? DEFAULT_LIFETIME_SEC;
    if (grantType === 'refresh_token') {
      if (!app.tokenRotation) return { ok: false, error: 'invalid_refresh_token' };
      const r = this.deps.tokens.rotate(String(a.refresh_token ?? ''), lifetimeSec);
      if ('error' in r) return { ok: false, error: r.error };
      const team = this.deps.team(r.team)!;
      return { ok: true, ...this.answer(team, r.orgWide, 'commands', r), token_type: 'bot' };
    }
    if (grantType !== 'authorization_code') return { ok: false, error: 'invalid_grant_type' };
    const g = this.grants.get(String(a.code ?? ''));
    if (!g || g.used || Date.now() - g.issued > CODE_TTL_MS) return { ok: false, error: 'invalid_code' };
    if (g.redirectUri !== null && String(a.redirect_uri ?? '') !== g.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    g.used = true;
    const team = this.deps.team(g.team)!;
    // Reinstalled without token rotation, a workspace keeps the bot token it has; otherwise (first install, after an
    // uninstall, rotation on) a new one is issued.
    const live = g.orgWide || app.tokenRotation ? undefined : this.deps.tokens.liveToken(team.id);
    const issued = live
      ? { accessToken: live }
      : this.deps.tokens.issue(team.id, { orgWide: g.orgWide, ...(app.tokenRotation ? { rotation: { lifetimeSec } } : {}) });
    this.deps.installed(team, g.orgWide);
    return { ok: true, ...this.answer(team, g.orgWide, g.scope, issued), authed_user: { id: g.user } };
  }

  private answer(team: Team, orgWide: boolean, scope: string, t: { accessToken: string; refreshToken?: string; expiresIn?: number }): Json {
    const i = team.info;
    const enterprise = i.enterpriseId ? { id: i.enterpriseId, name: i.enterpriseName ?? '' } : null;
    return {
      access_token: t.accessToken,
      token_type: 'bot',
      scope,
      bot_user_id: i.botUserId,
      app_id: APP_ID,
      team: orgWide ? null : { id: i.id, name: i.name },
      enterprise,
      is_enterprise_install: orgWide,
      ...(t.refreshToken ? { refresh_token: t.refreshToken, expires_in: t.expiresIn } : {}),
    };
  }

  /** The authorize request's parameters, checked as Slack checks them before it shows the page. */
  private request(url: string) {
    const app = this.app;
    const q = new URL(url, 'http://x').searchParams;
    if (!app || q.get('client_id') !== app.clientId) throw new OAuthError('Invalid client_id parameter');
    const scope = q.get('scope') ?? '';
    if (!scope) throw new OAuthError('Missing scope parameter');
    const redirectParam = q.get('redirect_uri');
    const allowed = app.redirectUrls ?? [];
    // The redirect_uri must be one of the app's Redirect URLs (or a path under one); without it, the first is used.
    if (redirectParam !== null && allowed.length && !allowed.some((r) => redirectParam === r || redirectParam.startsWith(`${r.replace(/\/$/, '')}/`))) {
      throw new OAuthError('redirect_uri did not match any configured URIs');
    }
    const redirect = redirectParam ?? allowed[0];
    if (!redirect) throw new OAuthError('No redirect_uri, and the app has no Redirect URL');
    return { scope, redirect, redirectParam, state: q.get('state'), team: q.get('team') };
  }
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sandbox's authorize page: which workspace, as whom, org-wide or not; Allow or Cancel. */
function authorizePage(teams: Team[], scope: string, preselected: string | null): string {
  const options = teams
    .map((t) => `<option value="${esc(t.id)}"${t.id === preselected ? ' selected' : ''}>${esc(t.info.name)} (${esc(t.id)})</option>`)
    .join('');
  const people = teams
    .flatMap((t) => [...t.ws.users.values()].map((u) => `<option value="${esc(u.id)}" data-team="${esc(t.id)}">${esc(u.name)} · ${esc(t.info.name)}</option>`))
    .join('');
  const scopes = scope
    .split(/[ ,]/)
    .filter(Boolean)
    .map((s) => `<li><code>${esc(s)}</code></li>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Install contract-desk · 安装 contract-desk</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0}select{width:100%}</style></head>
<body><h1>contract-desk</h1>
<p>contract-desk is requesting permission to access a Slack workspace.<br>contract-desk 请求访问一个 Slack 工作区。</p>
<ul>${scopes}</ul>
<form method="post">
<label>Workspace · 工作区 <select name="team">${options}</select></label>
<label>You are · 你是 <select name="user">${people}</select></label>
<label><input type="checkbox" name="org_wide"> Install for the whole organisation · 为整个企业组织安装</label>
<button name="decision" value="allow">Allow · 允许</button> <button name="decision" value="deny">Cancel · 取消</button>
</form></body></html>`;
}
