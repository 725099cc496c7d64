// Token rotation across replicas: two app instances on one database, one workspace whose rotating bot token has
// expired, and both needing it at the same moment. Slack spends a refresh token when it is used, so only one exchange
// may happen: the other replica waits for it and takes the new token from the database.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { parseKey, secretBox } from '../../src/crypto/secret-box.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { installations } from '../../src/db/schema.js';
import { createLogger } from '../../src/log.js';
import { installThroughOAuth } from '../helpers/oauth.js';
import { eventually, SECRET, useSlackApp } from '../helpers/slack.js';

const KEY = randomBytes(32).toString('base64');
const CLIENT = { clientId: '4111.6333', clientSecret: 'rotation-client-secret' };
const OAUTH_ENV = { SLACK_CLIENT_ID: CLIENT.clientId, SLACK_CLIENT_SECRET: CLIENT.clientSecret, TOKEN_ENCRYPTION_KEY: KEY };
const cipher = secretBox(parseKey(KEY)!);

const s = useSlackApp({ env: OAUTH_ENV });
/** The second replica: its own process state (token caches, clients) and its own connection pool. */
let other: App;
let otherDb: Database;

beforeAll(async () => {
  s.emu.oauth.app = { ...CLIENT, tokenRotation: true };
  otherDb = await openDatabase({ url: s.db.database.url, migrate: false, poolMax: 5 });
  const config = loadConfig({
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: s.emu.apiUrl,
    ...OAUTH_ENV,
  });
  other = await startApp(config, createLogger('silent'), { database: otherDb, clock: () => s.db.now });
});

afterAll(async () => {
  await other?.stop();
  await otherDb?.close();
});

const refreshes = () => s.emu.calls.filter((c) => c.method === 'oauth.v2.access' && c.args.grant_type === 'refresh_token');
const stored = async (teamId: string) => {
  const [r] = await s.db.ctx.db.select().from(installations).where(eq(installations.teamId, teamId));
  return { token: cipher.open(r!.botTokenEnc!, teamId), refresh: cipher.open(r!.botRefreshTokenEnc!, teamId), expiresAt: r!.botExpiresAt! };
};

/** The token's twelve hours are up, at Slack and in the store; neither replica has it cached. */
async function expire(teamId: string) {
  s.emu.expireToken((await stored(teamId)).token);
  await s.db.ctx.db
    .update(installations)
    .set({ botExpiresAt: new Date(Date.now() - 1000) })
    .where(eq(installations.teamId, teamId));
  for (const app of [s.app, other]) app.tokens.refresh(teamId);
}

/** Replicas waiting for another's refresh of a workspace (the advisory lock's waiters). */
async function waitingForRefreshLock(): Promise<number> {
  const [r] = await s.db.ctx.db.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and classid = 7240024`,
  );
  return r?.n ?? 0;
}

describe('token rotation with two replicas', () => {
  it('one refresh between them: both use the new token, and the refresh token kept is the unspent one', async () => {
    const teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
    s.emu.createTeam({ id: teamId, name: 'Rotating company', botToken: null, users: [{ id: 'UROTADMIN1', name: '林晓', locale: 'zh-CN' }] });
    expect((await installThroughOAuth(s.app.url, s.emu, teamId, { userId: 'UROTADMIN1' })).res.status).toBe(200);
    const first = await stored(teamId);
    await expire(teamId);

    // Slack is slow to answer the exchange: both replicas ask for the workspace's token meanwhile.
    const release = s.emu.oauth.holdRefreshes();
    const before = refreshes().length;
    const both = Promise.all([s.app.tokens.forTeam(teamId), other.tokens.forTeam(teamId)]);
    // Both have gone as far as they can: one exchange at Slack, and the other replica either at Slack too or waiting.
    await eventually(
      async () => refreshes().length - before >= 1 && (refreshes().length - before >= 2 || (await waitingForRefreshLock()) >= 1),
      'both replicas refreshing',
    );
    release();
    const [a, b] = await both;
    expect(refreshes().length - before).toBe(1);
    const now = await stored(teamId);
    expect(now.token).not.toBe(first.token);
    expect([a!.botToken, b!.botToken]).toEqual([now.token, now.token]);
    expect(now.expiresAt.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const check = async (token: string) => (await fetch(`${s.emu.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json();
    expect(await check(now.token)).toMatchObject({ ok: true, team_id: teamId });

    // Twelve hours later the stored refresh token still works: the next refresh, from the other replica, succeeds.
    await expire(teamId);
    const next = await other.tokens.forTeam(teamId);
    const last = refreshes().at(-1)!;
    expect(last.args.refresh_token).toBe(now.refresh);
    expect(next!.botToken).toBe((await stored(teamId)).token);
    expect(next!.botToken).not.toBe(now.token);
    expect(await check(next!.botToken)).toMatchObject({ ok: true });
  });
});
