// The app's installations in Slack workspaces, as Bolt's OAuth installer (@slack/oauth) hands them over: one row per
// workspace. Tokens are stored encrypted (AES-256-GCM, src/crypto/secret-box.ts), never in clear.
import { pgTable, text } from 'drizzle-orm/pg-core';
import { stamp } from './columns.js';

export const installations = pgTable('installations', {
  /** The workspace (Slack team) the app is installed in. */
  teamId: text('team_id').primaryKey(),
  enterpriseId: text('enterprise_id'),
  appId: text('app_id'),
  botId: text('bot_id'),
  botUserId: text('bot_user_id'),
  /** The bot scopes granted, comma-separated as Slack gives them. */
  botScopes: text('bot_scopes').notNull().default(''),
  /** The bot token, encrypted; null once the workspace uninstalled the app or revoked its tokens. */
  botTokenEnc: text('bot_token_enc'),
  /** With token rotation on: the refresh token, encrypted, and when the bot token expires. */
  botRefreshTokenEnc: text('bot_refresh_token_enc'),
  botExpiresAt: stamp('bot_expires_at'),
  /** The person who installed the app (they may set the workspace up). */
  installerUserId: text('installer_user_id'),
  installedAt: stamp('installed_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
  /** Set when Slack told us the app was uninstalled or its tokens revoked; cleared by a new install. */
  uninstalledAt: stamp('uninstalled_at'),
  /**
   * A bot token given in the configuration (SLACK_BOT_TOKEN) that this workspace revoked, as its SHA-256: the same
   * token given again after a restart is not used (no call is made with it).
   */
  revokedTokenSha256: text('revoked_token_sha256'),
});

export type InstallationRow = typeof installations.$inferSelect;
