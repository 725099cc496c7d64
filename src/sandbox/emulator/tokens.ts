// The tokens Slack has issued to the app, each for one workspace (or, installed org-wide, one organisation): what
// every Web API call is authenticated with. Errors are Slack's own (auth.test's method reference): no token is
// `not_authed`, an unknown one `invalid_auth`, an expired rotating one `token_expired`, a revoked one `token_revoked`;
// a bot token whose app was uninstalled answers `account_inactive` ("a deleted user or workspace when using a bot
// token": uninstalling removes the bot user).
import { randomBytes } from 'node:crypto';

export type Refusal = 'not_authed' | 'invalid_auth' | 'token_expired' | 'token_revoked' | 'account_inactive' | 'not_allowed_token_type';

interface Access {
  team: string;
  orgWide: boolean;
  /** ms since epoch; null: never expires (token rotation off). */
  expiresAt: number | null;
  revoked: 'token_revoked' | 'account_inactive' | null;
}

export interface Issued {
  accessToken: string;
  /** Token rotation on: the refresh token and the access token's lifetime in seconds. */
  refreshToken?: string;
  expiresIn?: number;
}

const random = (n = 12) => randomBytes(n).toString('hex');

export class Tokens {
  private readonly access = new Map<string, Access>();
  /** Refresh tokens: each works once, then it is revoked and its successor issued with the new access token. */
  private readonly refresh = new Map<string, { team: string; orgWide: boolean; used: boolean }>();
  private serial = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A bot token for the workspace (a given string, or a new one); rotating ones expire and come with a refresh token. */
  issue(team: string, o: { token?: string; rotation?: { lifetimeSec: number }; orgWide?: boolean } = {}): Issued {
    this.serial += 1;
    const orgWide = o.orgWide ?? false;
    if (o.rotation) {
      const accessToken = `xoxe.xoxb-1-${random()}`;
      const refreshToken = `xoxe-1-${random()}`;
      this.access.set(accessToken, { team, orgWide, expiresAt: this.now() + o.rotation.lifetimeSec * 1000, revoked: null });
      this.refresh.set(refreshToken, { team, orgWide, used: false });
      return { accessToken, refreshToken, expiresIn: o.rotation.lifetimeSec };
    }
    const accessToken = o.token ?? `xoxb-${this.serial}-${random()}`;
    this.access.set(accessToken, { team, orgWide, expiresAt: null, revoked: null });
    return { accessToken };
  }

  /** The workspace's bot token that still works and never expires: a reinstall without token rotation keeps it. */
  liveToken(team: string): string | undefined {
    for (const [token, a] of this.access) if (a.team === team && !a.orgWide && !a.revoked && a.expiresAt === null) return token;
    return undefined;
  }

  /** Whom a token speaks for, or why Slack refuses it. */
  check(token: string | undefined): { team: string; orgWide: boolean } | { error: Refusal } {
    if (!token) return { error: 'not_authed' };
    if (token.startsWith('xapp-')) return { error: 'not_allowed_token_type' };
    const a = this.access.get(token);
    if (!a) return { error: 'invalid_auth' };
    if (a.revoked) return { error: a.revoked };
    if (a.expiresAt !== null && this.now() >= a.expiresAt) return { error: 'token_expired' };
    return { team: a.team, orgWide: a.orgWide };
  }

  /** oauth.v2.access with grant_type=refresh_token: a new access token and refresh token; the old refresh token is spent. */
  rotate(refreshToken: string, lifetimeSec: number): (Issued & { team: string; orgWide: boolean }) | { error: 'invalid_refresh_token' } {
    const r = this.refresh.get(refreshToken);
    if (!r || r.used) return { error: 'invalid_refresh_token' };
    r.used = true;
    return { ...this.issue(r.team, { rotation: { lifetimeSec }, orgWide: r.orgWide }), team: r.team, orgWide: r.orgWide };
  }

  revoke(token: string, why: 'token_revoked' | 'account_inactive'): void {
    const a = this.access.get(token);
    if (a) a.revoked = why;
  }

  /** Every token of the workspace stops working (its refresh tokens too); how many access tokens were live. */
  revokeTeam(team: string, why: 'token_revoked' | 'account_inactive'): number {
    let n = 0;
    for (const a of this.access.values()) {
      if (a.team !== team || a.revoked) continue;
      a.revoked = why;
      n += 1;
    }
    for (const r of this.refresh.values()) if (r.team === team) r.used = true;
    return n;
  }

  /** Whether any token of the workspace still works (an app is uninstalled once its last token is revoked). */
  anyLive(team: string): boolean {
    for (const a of this.access.values()) if (a.team === team && !a.revoked) return true;
    return false;
  }

  /** As if the token's twelve hours were up (tests of token rotation). */
  expire(token: string): void {
    const a = this.access.get(token);
    if (a && a.expiresAt !== null) a.expiresAt = this.now();
  }
}
