// One schema over the environment, read once at start. A bad value stops start-up naming the variable.
import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import { parseKey } from './crypto/secret-box.js';

/** The bot scopes the app asks for when installed by OAuth (the same list as manifest.yml). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'channels:join',
  'channels:read',
  'groups:read',
  'users:read',
  'files:read',
  'files:write',
  'im:write',
  'channels:history',
  'groups:history',
  'im:history',
] as const;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const configSchema = z
  .object({
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be a postgres:// or postgresql:// URL',
    }),
    DATA_DIR: z.string().trim().min(1).default('./.data'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** Set by npm when the app is started through it (`npm start`): the version /contract help shows; unset, none. */
    npm_package_version: optionalString,
    /**
     * The fictitious demo company. In the sandbox (no Slack tokens): `true` (default) seeds both demo workspaces into an
     * empty database, `false` nothing. With Slack it is never seeded unless named: a team id (T…) seeds it as that
     * workspace's account, if that workspace has none.
     */
    SEED_DEMO: z
      .string()
      .trim()
      .default('true')
      .refine((v) => v === 'true' || v === 'false' || /^T[A-Z0-9]{2,}$/.test(v), {
        message: 'must be true, false or a Slack team id (T…) to seed the demo company as',
      }),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), { message: 'must be a bot token (xoxb-…)' }),
    SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), { message: 'must be an app-level token (xapp-…) for Socket Mode' }),
    /** Where the Web API lives: Slack itself by default; the local emulator when no tokens are set. */
    SLACK_API_URL: optionalString,
    /** Distribution through OAuth (Basic Information → App Credentials): install pages on /slack/install. */
    SLACK_CLIENT_ID: optionalString,
    SLACK_CLIENT_SECRET: optionalString,
    /** Signs the OAuth `state`; default: derived from the client secret. */
    SLACK_STATE_SECRET: optionalString,
    /** Where Slack sends the browser after an install; default: PUBLIC_URL (or this server's URL) + /slack/oauth_redirect. */
    SLACK_REDIRECT_URI: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), { message: 'must be an http(s):// URL' }),
    /** Divides the e-sign service's durations: 60 makes a 15-minute seal take 15 seconds. Unset: 1 with Slack, 60 with the emulator. */
    TIME_SCALE: z.coerce.number().positive().max(100_000).optional(),
    /** Run the node-cron jobs in this process (poller, outbox, paper, reminders). */
    JOBS_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Upload PDFs into contract threads; default: with real Slack yes, with the emulator no (links only). */
    UPLOAD_PDFS: z.enum(['true', 'false']).optional(),
    /** How long the outbox waits for Slack to answer a post before it counts as failed (and looks for it on retry). */
    SLACK_POST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
    /**
     * The app is distributed outside the Slack Marketplace (OAuth installs in other companies' workspaces): Slack then
     * allows conversations.history/replies once a minute, 15 messages a page, and the gate paces them so.
     */
    SLACK_NON_MARKETPLACE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Tests and the bench against an emulator only (SLACK_API_URL set): Slack's rates multiplied by this in the gate,
     * as the emulator is told too, so that hundreds of posts into one channel take seconds. Never with Slack itself.
     */
    SLACK_RATE_SCALE: z.coerce.number().positive().max(1000).default(1),
    /** Signs document links (HMAC); defaults to the Slack signing secret. Set it so links survive a restart. */
    LINK_SECRET: optionalString,
    /**
     * How long a document link in Slack stays valid, in whole hours: the link carries its expiry in whole seconds, and
     * people are told the lifetime in hours or days.
     */
    LINK_TTL_HOURS: z.coerce
      .number()
      .int({ message: 'must be a whole number of hours (1 or more), e.g. 24 or 168' })
      .min(1, { message: 'must be a whole number of hours (1 or more), e.g. 24 or 168' })
      .max(24 * 366)
      .default(168),
    /** Slack requests being worked on (the work after their ack included) past which new ones get 503: load shedding. */
    SLACK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(1000),
    /** How people reach this app's HTTP server (links to documents). */
    PUBLIC_URL: optionalString,
    /**
     * Encrypts secrets kept in the database (AES-256-GCM): the installations' Slack bot and refresh tokens, a Tencent
     * Cloud API key for the billing sync. 32 random bytes, base64 or hex, e.g. from `openssl rand -base64 32`.
     */
    TOKEN_ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || parseKey(v) !== null, {
      message: 'must be 32 bytes in base64 (44 characters) or hex (64 characters), e.g. from `openssl rand -base64 32`',
    }),
    /** When the Tencent Cloud billing sync runs (node-cron, seconds first, Beijing time): daily at 03:17 by default. */
    TENCENT_SYNC_CRON: z
      .string()
      .trim()
      .default('0 17 3 * * *')
      .refine((v) => validCron(v), { message: 'must be a node-cron expression, e.g. 0 17 3 * * * (daily at 03:17)' }),
    /** A stand-in of billing.tencentcloudapi.com (http://host:port) for tests and demos; unset: Tencent Cloud itself. */
    TENCENT_BILLING_STANDIN: optionalString.refine((v) => v === undefined || /^http:\/\/[^/]+\/?$/.test(v), { message: 'must be http://host:port' }),
  })
  .superRefine((c, ctx) => {
    // Over HTTP every request is verified with the signing secret; Socket Mode payloads arrive on a WebSocket the
    // app-level token opened, and nothing is signed.
    if ((c.SLACK_BOT_TOKEN || c.SLACK_CLIENT_ID) && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      const message = 'required when SLACK_BOT_TOKEN or SLACK_CLIENT_ID is set without SLACK_APP_TOKEN';
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message });
    }
    if (c.SLACK_RATE_SCALE !== 1 && !c.SLACK_API_URL) {
      const message = "only for an emulator (SLACK_API_URL): with Slack itself the app paces its calls to Slack's own limits";
      ctx.addIssue({ code: 'custom', path: ['SLACK_RATE_SCALE'], message });
    }
    if (c.SLACK_CLIENT_ID && !c.SLACK_CLIENT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_CLIENT_SECRET'], message: 'required when SLACK_CLIENT_ID is set (OAuth installs)' });
    }
    if (c.SLACK_CLIENT_ID && !c.TOKEN_ENCRYPTION_KEY) {
      const message = 'required when SLACK_CLIENT_ID is set: installations keep their tokens encrypted with it (`openssl rand -base64 32`)';
      ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message });
    }
    if (c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN && !c.SLACK_CLIENT_ID) {
      const message = 'required when SLACK_APP_TOKEN is set, unless SLACK_CLIENT_ID is (Socket Mode still calls the Web API as the bot)';
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
