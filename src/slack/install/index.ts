// The app's installations, both ways a Slack app is installed: bot tokens given in the configuration, and OAuth
// installs through Bolt's installer (@slack/oauth's InstallProvider: the install page, the redirect, `state` checked,
// token rotation) into PostgreSQL. Also what happens when a workspace removes the app: its tokens are deleted and
// never used again; its account, contracts and audit trail stay, and its outbox rows wait for a new install.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CallbackOptions, type CodedError, type Installation, InstallProvider, type Logger as SlackLogger, LogLevel } from '@slack/oauth';
import type { WebClientOptions } from '@slack/web-api';
import { sql } from 'drizzle-orm';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { Db } from '../../db/client.js';
import { type Logger, scrub } from '../../log.js';
import { clientForToken } from '../clients.js';
import { PgInstallationStore } from './installation-store.js';
import { installedPage, installFailedPage, installPage, orgWideRefusedPage } from './pages.js';
import type { BotAuth, WorkspaceTokens } from './tokens.js';

export const INSTALL_PATH = '/slack/install';
/** pg_advisory_xact_lock's class for token refreshes: one workspace's refresh at a time, across replicas. */
export const REFRESH_LOCK_CLASS = 7_240_024;
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  scopes: readonly string[];
  redirectUri: string;
  /** Slack's authorize page (the emulator's in tests: next to its Web API). */
  authorizationUrl: string;
}

export interface InstallationsOptions {
  db: Db;
  clock: () => Date;
  log: Logger;
  tokens: WorkspaceTokens;
  cipher: SecretBox | null;
  /** Null: no OAuth installs (a configured bot token only). */
  oauth: OAuthSettings | null;
  /** Options of the installer's own calls (oauth.v2.access, auth.test, auth.revoke): a person is waiting on them. */
  clientOptions: WebClientOptions;
  /** A workspace got its tokens after having none (first install, or after an uninstall): its held rows can go. */
  onInstalled: (teamId: string) => Promise<void>;
  /** A workspace's tokens are gone: forget what is cached of it. */
  onGone: (teamId: string) => void;
}

/** @slack/oauth's logger interface over ours; the installer logs nothing secret at info and above. */
function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'oauth' });
  return {
    debug: (...m: unknown[]) => child.debug(scrub(m.map(String).join(' '))),
    info: (...m: unknown[]) => child.info(scrub(m.map(String).join(' '))),
    warn: (...m: unknown[]) => child.warn(scrub(m.map(String).join(' '))),
    error: (...m: unknown[]) => child.error(scrub(m.map((x) => (x instanceof Error ? `${x.name}: ${x.message}` : String(x))).join(' '))),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

export class Installations {
  readonly store: PgInstallationStore;
  readonly installer: InstallProvider | null;

  constructor(private readonly o: InstallationsOptions) {
    this.store = new PgInstallationStore({
      db: o.db,
      cipher: o.cipher,
      clock: o.clock,
      onStored: async (teamId, fresh) => {
        o.tokens.refresh(teamId);
        if (fresh) {
          o.log.info({ team: teamId }, 'installed in a workspace (OAuth)');
          await o.onInstalled(teamId);
        }
      },
    });
    this.installer = o.oauth
      ? new InstallProvider({
          clientId: o.oauth.clientId,
          clientSecret: o.oauth.clientSecret,
          stateSecret: o.oauth.stateSecret,
          installationStore: this.store,
          installUrlOptions: { scopes: [...o.oauth.scopes], redirectUri: o.oauth.redirectUri },
          renderHtmlForInstallPath: installPage,
          authorizationUrl: o.oauth.authorizationUrl,
          clientOptions: o.clientOptions,
          logger: slackLogger(o.log),
        })
      : null;
  }

  /**
   * A workspace's bot token from its OAuth installation, refreshed first when token rotation is on and it expires
   * within two hours (InstallProvider.authorize stores the new pair through the store); null when it has none.
   *
   * A refresh spends the refresh token (Slack revokes it and issues a new one): two replicas refreshing one workspace
   * at once would both send it, and the one Slack refuses would go on with the expired token. So a refresh holds a
   * per-workspace advisory lock for the exchange and the store, and reads the installation again once it has the
   * lock: the replica that waited finds the new token and does not refresh.
   */
  readonly authorize = async (teamId: string, enterpriseId?: string): Promise<BotAuth | null> => {
    try {
      const query = { teamId, enterpriseId, isEnterpriseInstall: false as const };
      if (this.installer) {
        const installer = this.installer;
        // Bolt's installer reads expiry with the wall clock, so this does too.
        const a = (await this.store.refreshDue(teamId, Date.now() / 1000))
          ? await this.underRefreshLock(teamId, () => installer.authorize(query))
          : await installer.authorize(query);
        if (!a.botToken) return null;
        return {
          teamId,
          ...(a.enterpriseId ? { enterpriseId: a.enterpriseId } : {}),
          botToken: a.botToken,
          botId: a.botId ?? '',
          botUserId: a.botUserId ?? '',
        };
      }
      const i = await this.store.fetchInstallation(query);
      return i.bot ? { teamId, botToken: i.bot.token, botId: i.bot.id, botUserId: i.bot.userId } : null;
    } catch {
      return null; // not installed there (or no longer); the installer's own log says why, without the token
    }
  };

  /** Who installed the app in the workspace, for set-up's "who may" (R17). */
  readonly installerOf = (teamId: string): Promise<string | null> => this.store.installerOf(teamId);

  /** A bot token from the configuration, unless the workspace revoked it earlier (then it is never used again). */
  async addConfiguredToken(token: string): Promise<void> {
    if (await this.store.isRevoked(token)) {
      this.o.log.error('the configured SLACK_BOT_TOKEN was revoked when its workspace removed the app: reinstall the app and set its new bot token');
      return;
    }
    this.o.tokens.addBotToken(token);
  }

  /** The install routes on the app's one server (HTTP and Socket Mode alike), when OAuth is configured. */
  handles(path: string): boolean {
    return Boolean(this.installer) && (path === INSTALL_PATH || path === REDIRECT_PATH);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const installer = this.installer!;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === INSTALL_PATH) return installer.handleInstallPath(req, res);
    return installer.handleCallback(req, res, this.callbackOptions());
  }

  /**
   * Slack says the workspace removed the app (app_uninstalled) or revoked its bot token (tokens_revoked): the tokens
   * are deleted from the database (a configured one is remembered as revoked), the clients made with them dropped,
   * and no call is made for that workspace until it installs the app again.
   */
  async gone(teamId: string, why: 'app_uninstalled' | 'tokens_revoked'): Promise<void> {
    // In memory first: a request arriving while the database is written must not use a token Slack has revoked.
    const configured = this.o.tokens.configuredTokensOf(teamId);
    await this.o.tokens.forgetWhile(teamId, async () => {
      this.o.onGone(teamId);
      for (const token of configured) await this.store.rememberRevoked(teamId, token);
      // After any refresh under way (on any replica): it would otherwise store the token back after we removed it.
      await this.underRefreshLock(teamId, () => this.store.removeTokens(teamId));
    });
    this.o.log.info({ team: teamId, why }, 'the workspace removed the app: its tokens are deleted; its account and contracts stay');
  }

  /** `fn` in a transaction holding the workspace's refresh lock, the store reading and writing through it. */
  private underRefreshLock<T>(teamId: string, fn: () => Promise<T>): Promise<T> {
    return this.o.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK_CLASS}, hashtext(${teamId}))`);
      return this.store.within(tx, fn);
    });
  }

  private callbackOptions(): CallbackOptions {
    const log = this.o.log;
    return {
      // One account per workspace: an organisation-wide install has no workspace to link. Its token is given back
      // (auth.revoke) and never stored; the installer is told what to do instead.
      afterInstallation: async (installation, _options, _req, res) => {
        if (!installation.isEnterpriseInstall) return true;
        const token = installation.bot?.token;
        if (token) {
          await clientForToken(token, this.o.clientOptions)
            .auth.revoke()
            .catch((e: unknown) =>
              log.warn({ err: (e as { data?: { error?: string } }).data?.error ?? String(e) }, 'org-wide install: revoking its token failed'),
            );
        }
        log.warn({ enterprise: installation.enterprise?.id }, 'org-wide install refused');
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(orgWideRefusedPage());
        return false;
      },
      successAsync: async (installation: Installation, _options, _req, res) => {
        const team = installation.team!;
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(installedPage({ teamId: team.id, ...(team.name ? { teamName: team.name } : {}), ...(installation.appId ? { appId: installation.appId } : {}) }));
      },
      failureAsync: async (error: CodedError, _options, _req, res) => {
        log.warn({ code: error.code }, 'an OAuth install did not complete');
        const { status, html } = installFailedPage(error.code);
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      },
    };
  }
}
