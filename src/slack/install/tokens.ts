// Which bot token speaks for a workspace. Two sources, as Slack apps are installed two ways: bot tokens given in the
// configuration (SLACK_BOT_TOKEN; the sandbox's demo workspaces), whose workspace is learned from auth.test, and
// installations made through OAuth, kept in the database (installation-store.ts). Bolt's authorize and the background
// clients both ask here, so a workspace that removed the app gets no call at all from the moment we hear of it.
import type { Logger } from '../../log.js';

export interface BotAuth {
  teamId: string;
  enterpriseId?: string;
  botToken: string;
  botId: string;
  botUserId: string;
}

/** What auth.test answered for a token. */
export interface Identity {
  teamId: string;
  teamName?: string;
  enterpriseId?: string;
  botId: string;
  botUserId: string;
}

/** The OAuth installations: a workspace's bot token (refreshed first when token rotation is on), or null. */
export interface InstalledTokens {
  authorize(teamId: string, enterpriseId?: string): Promise<BotAuth | null>;
}

/** Slack's answers that say a token will never work again (auth.test's method reference). */
const DEAD = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

interface Configured {
  token: string;
  identity: Identity | null;
  /** auth.test under way. */
  learning: Promise<Identity | null> | null;
  /** Slack refused the token for good, or the workspace removed the app: never used again. */
  dead: boolean;
}

/** An OAuth workspace's token is looked up at most this often (a replica hears of an uninstall within this time). */
const INSTALLED_TTL_MS = 5_000;

export class WorkspaceTokens {
  private readonly configured: Configured[] = [];
  private readonly installed = new Map<string, { auth: BotAuth | null; until: number }>();
  private readonly pending = new Map<string, Promise<BotAuth | null>>();
  private readonly forgotten: ((teamId: string) => void)[] = [];
  /** Workspaces whose removal is being written (app_uninstalled and tokens_revoked may overlap: a count). */
  private readonly removing = new Map<string, number>();
  /** Bumped each time a workspace is forgotten: a look-up begun before does not bring its token back. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly o: {
      /** auth.test with this token (a client made in slack/clients.ts). */
      identify: (token: string) => Promise<Identity>;
      log: Logger;
      installations?: InstalledTokens;
    },
  ) {}

  /** A bot token from the configuration; its workspace is learned from auth.test when first needed (or by learn()). */
  addBotToken(token: string): void {
    if (!this.configured.some((c) => c.token === token)) this.configured.push({ token, identity: null, learning: null, dead: false });
  }

  /** The OAuth installations, once the store exists. */
  useInstallations(installations: InstalledTokens): void {
    this.o.installations = installations;
  }

  /**
   * auth.test for every configured token not known yet: the workspaces they speak for. A Slack outage leaves a token
   * to be learned later (the next request asks again); a refused token is logged once and never used.
   */
  async learn(): Promise<Identity[]> {
    const found = await Promise.all(this.configured.filter((c) => !c.dead).map((c) => this.identify(c)));
    return found.filter((i): i is Identity => i !== null);
  }

  /** The bot token for a workspace, or null when the app is not installed there (or no longer). */
  async forTeam(teamId: string, enterpriseId?: string): Promise<BotAuth | null> {
    if (this.removing.has(teamId)) return null;
    const hit = this.installed.get(teamId);
    if (hit && hit.until > Date.now() && hit.auth) return hit.auth;
    const known = this.configured.find((c) => !c.dead && c.identity?.teamId === teamId);
    if (known) return authOf(known.token, known.identity!);
    // One look-up per workspace at a time: a burst of clicks after a start asks the database (and refreshes a rotating
    // token) once.
    let p = this.pending.get(teamId);
    if (!p) {
      const mine = this.lookUp(teamId, enterpriseId).finally(() => {
        if (this.pending.get(teamId) === mine) this.pending.delete(teamId);
      });
      this.pending.set(teamId, (p = mine));
    }
    return p;
  }

  /**
   * The workspace a bot token speaks for, when known (a configured token once auth.test answered, an installed one
   * once looked up): the gate keys Slack's budgets by workspace, as Slack does, whichever token a call carries.
   */
  teamOfToken(token: string): string | null {
    const c = this.configured.find((x) => x.token === token && x.identity);
    if (c) return c.identity!.teamId;
    for (const [teamId, e] of this.installed) if (e.auth?.botToken === token) return teamId;
    return null;
  }

  /** The configured tokens known to speak for this workspace (to remember as revoked when it removes the app). */
  configuredTokensOf(teamId: string): string[] {
    return this.configured.filter((c) => c.identity?.teamId === teamId).map((c) => c.token);
  }

  /** Called with the workspace's id when its tokens are gone (uninstalled, revoked): clients made with them are dropped. */
  onForget(listener: (teamId: string) => void): void {
    this.forgotten.push(listener);
  }

  /**
   * The workspace removed the app or revoked its tokens: none of them is used again. Configured tokens of that
   * workspace stay dead until the process is given a new one.
   */
  forget(teamId: string): void {
    for (const c of this.configured) if (c.identity?.teamId === teamId) c.dead = true;
    this.installed.delete(teamId);
    this.pending.delete(teamId); // a look-up begun before answers null; later requests start their own
    this.generation.set(teamId, (this.generation.get(teamId) ?? 0) + 1);
    for (const l of this.forgotten) l(teamId);
  }

  /**
   * forget(), and no token for the workspace is handed out while `write` deletes its tokens from the database: a
   * request arriving meanwhile would otherwise read the OAuth token back from the database.
   */
  async forgetWhile(teamId: string, write: () => Promise<void>): Promise<void> {
    this.removing.set(teamId, (this.removing.get(teamId) ?? 0) + 1);
    try {
      this.forget(teamId);
      await write();
    } finally {
      const left = this.removing.get(teamId)! - 1;
      if (left > 0) this.removing.set(teamId, left);
      else this.removing.delete(teamId);
    }
  }

  /** A workspace's OAuth installation changed (installed, token rotated): the next request reads it again. */
  refresh(teamId: string): void {
    this.installed.delete(teamId);
  }

  private async lookUp(teamId: string, enterpriseId?: string): Promise<BotAuth | null> {
    const before = this.generation.get(teamId);
    const auth = (await this.o.installations?.authorize(teamId, enterpriseId)) ?? null;
    if (this.generation.get(teamId) !== before) return null; // the workspace removed the app while we looked
    if (auth) {
      this.installed.set(teamId, { auth, until: Date.now() + INSTALLED_TTL_MS });
      return auth;
    }
    // Not installed by OAuth: perhaps a configured token speaks for it (learned meanwhile, or not yet: ask auth.test).
    for (const c of this.configured) {
      if (c.dead) continue;
      const id = c.identity ?? (await this.identify(c));
      if (this.generation.get(teamId) !== before) return null; // the workspace removed the app while auth.test answered
      if (id?.teamId === teamId) return authOf(c.token, id);
    }
    return null;
  }

  private identify(c: Configured): Promise<Identity | null> {
    if (c.identity) return Promise.resolve(c.identity);
    c.learning ??= this.o.identify(c.token).then(
      (id) => {
        c.identity = id;
        c.learning = null;
        this.o.log.info({ team: id.teamId, teamName: id.teamName }, 'bot token: Slack workspace learned from auth.test');
        return id;
      },
      (e: unknown) => {
        c.learning = null;
        const code = (e as { data?: { error?: string } })?.data?.error;
        if (code && DEAD.has(code)) {
          c.dead = true;
          this.o.log.error({ error: code }, 'Slack refused the configured bot token (auth.test); it is not used');
        } else {
          this.o.log.warn({ err: code ?? String(e) }, 'auth.test failed; the bot token is tried again on the next request');
        }
        return null;
      },
    );
    return c.learning;
  }
}

function authOf(token: string, id: Identity): BotAuth {
  return { teamId: id.teamId, ...(id.enterpriseId ? { enterpriseId: id.enterpriseId } : {}), botToken: token, botId: id.botId, botUserId: id.botUserId };
}
