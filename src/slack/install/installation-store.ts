// Installations in PostgreSQL, behind @slack/oauth's InstallationStore interface, so Bolt's installer (the OAuth
// redirect, token rotation) stores and reads them. One row per workspace; tokens sealed (src/crypto/secret-box.ts:
// AES-256-GCM, the team id as associated data) before they reach the database, and removed (set null) when the
// workspace uninstalls the app or revokes its tokens: the row stays, with who installed it and when it was removed.
// No user token is ever kept (the app asks for no user scopes).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { Db, Queryable } from '../../db/client.js';
import { installations } from '../../db/schema.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class NotInstalledError extends Error {}

/** A rotating token is refreshed when it expires within this many seconds (@slack/oauth's InstallProvider.authorize). */
export const REFRESH_WINDOW_SEC = 2 * 3600;

export class PgInstallationStore implements InstallationStore {
  constructor(
    private readonly o: {
      db: Db;
      /** Null without TOKEN_ENCRYPTION_KEY: nothing can be stored (reading finds nothing to open either). */
      cipher: SecretBox | null;
      clock: () => Date;
      /** A workspace got its tokens (`fresh`: it had none: a first install, or one after an uninstall). */
      onStored?: (teamId: string, fresh: boolean) => Promise<void>;
    },
  ) {}

  /** The transaction a refresh runs in (see within()); the pool otherwise. */
  private readonly bound = new AsyncLocalStorage<Queryable>();
  private get db(): Queryable {
    return this.bound.getStore() ?? this.o.db;
  }

  /**
   * Runs `fn` with this store reading and writing through `tx`: Bolt's installer calls the store itself, so a refresh
   * serialised by a lock held in `tx` re-reads and stores the tokens on that same connection (no second connection
   * from the pool, which many workspaces refreshing at once could exhaust).
   */
  within<T>(tx: Queryable, fn: () => Promise<T>): Promise<T> {
    return this.bound.run(tx, fn);
  }

  /** Whether the workspace's bot token rotates and expires within the refresh window (`nowSec`: Unix seconds). */
  async refreshDue(teamId: string, nowSec: number): Promise<boolean> {
    const [r] = await this.db
      .select({ expiresAt: installations.botExpiresAt, refresh: installations.botRefreshTokenEnc })
      .from(installations)
      .where(eq(installations.teamId, teamId));
    return Boolean(r?.refresh && r.expiresAt && r.expiresAt.getTime() / 1000 - nowSec <= REFRESH_WINDOW_SEC);
  }

  async storeInstallation<V extends 'v1' | 'v2'>(i: Installation<V, boolean>): Promise<void> {
    // Org-wide installations are refused before they get here (install/oauth.ts); nothing else may store one.
    if (i.isEnterpriseInstall || !i.team?.id || !i.bot) throw new Error('only a workspace installation with a bot token is stored');
    const cipher = this.o.cipher;
    if (!cipher) throw new Error('TOKEN_ENCRYPTION_KEY is not set: installations cannot be stored');
    const teamId = i.team.id;
    const now = this.o.clock();
    const [before] = await this.db.select({ token: installations.botTokenEnc }).from(installations).where(eq(installations.teamId, teamId));
    const tokens = {
      botTokenEnc: cipher.seal(i.bot.token, teamId),
      botRefreshTokenEnc: i.bot.refreshToken ? cipher.seal(i.bot.refreshToken, teamId) : null,
      botExpiresAt: i.bot.expiresAt ? new Date(i.bot.expiresAt * 1000) : null,
    };
    const row = {
      enterpriseId: i.enterprise?.id ?? null,
      appId: i.appId ?? null,
      botId: i.bot.id,
      botUserId: i.bot.userId,
      botScopes: (i.bot.scopes ?? []).join(','),
      ...tokens,
      updatedAt: now,
      uninstalledAt: null,
    };
    await this.db
      .insert(installations)
      .values({ teamId, ...row, installerUserId: i.user?.id ?? null, installedAt: now })
      .onConflictDoUpdate({
        target: installations.teamId,
        // A token rotation (InstallProvider.authorize) stores the same installation again: who installed it stays.
        set: { ...row, ...(i.user?.id ? { installerUserId: i.user.id } : {}) },
      });
    await this.o.onStored?.(teamId, !before?.token);
  }

  async fetchInstallation(q: InstallationQuery<boolean>): Promise<Installation<'v2', false>> {
    const teamId = q.teamId;
    const cipher = this.o.cipher;
    const [r] = teamId
      ? await this.db
          .select()
          .from(installations)
          .where(and(eq(installations.teamId, teamId), isNotNull(installations.botTokenEnc)))
      : [];
    if (!r || !cipher || !teamId) throw new NotInstalledError(`the app is not installed in ${teamId ?? q.enterpriseId ?? '(no workspace)'}`);
    return {
      team: { id: teamId },
      enterprise: r.enterpriseId ? { id: r.enterpriseId } : undefined,
      user: { token: undefined, scopes: undefined, id: r.installerUserId ?? '' },
      bot: {
        token: cipher.open(r.botTokenEnc!, teamId),
        ...(r.botRefreshTokenEnc ? { refreshToken: cipher.open(r.botRefreshTokenEnc, teamId) } : {}),
        ...(r.botExpiresAt ? { expiresAt: Math.floor(r.botExpiresAt.getTime() / 1000) } : {}),
        scopes: r.botScopes ? r.botScopes.split(',') : [],
        id: r.botId ?? '',
        userId: r.botUserId ?? '',
      },
      ...(r.appId ? { appId: r.appId } : {}),
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
    };
  }

  /** The workspace uninstalled the app or revoked its tokens: the tokens go; the row (who installed it, when) stays. */
  async deleteInstallation(q: InstallationQuery<boolean>): Promise<void> {
    if (!q.teamId) return;
    await this.removeTokens(q.teamId);
  }

  async removeTokens(teamId: string): Promise<void> {
    const now = this.o.clock();
    await this.db
      .update(installations)
      .set({ botTokenEnc: null, botRefreshTokenEnc: null, botExpiresAt: null, uninstalledAt: now, updatedAt: now })
      .where(eq(installations.teamId, teamId));
  }

  /** Who installed the app in the workspace (by OAuth), if we know. */
  async installerOf(teamId: string): Promise<string | null> {
    const [r] = await this.db.select({ user: installations.installerUserId }).from(installations).where(eq(installations.teamId, teamId));
    return r?.user ?? null;
  }

  /** A configured bot token (SLACK_BOT_TOKEN) the workspace revoked: remembered by its hash, never used again. */
  async rememberRevoked(teamId: string, token: string): Promise<void> {
    const now = this.o.clock();
    const revoked = { revokedTokenSha256: sha256(token), uninstalledAt: now, updatedAt: now };
    await this.db
      .insert(installations)
      .values({ teamId, ...revoked, installedAt: now })
      .onConflictDoUpdate({ target: installations.teamId, set: revoked });
  }

  async isRevoked(token: string): Promise<boolean> {
    const [r] = await this.db
      .select({ t: installations.teamId })
      .from(installations)
      .where(eq(installations.revokedTokenSha256, sha256(token)));
    return Boolean(r);
  }
}
