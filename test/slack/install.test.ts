// Installs, both ways (issue 24 item 1): a process started with a bot token learns its workspace from auth.test; on the
// same process a second workspace installs the app through OAuth (install page → Slack's authorize page → redirect →
// installation store), its tokens encrypted at rest, rotated when token rotation is on; an org-wide install is refused.
// When a workspace removes the app (app_uninstalled, or tokens_revoked) no call is made with its token again, the
// tokens leave the database, its contracts stay, and its notifications wait until it installs the app again.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKey, secretBox } from '../../src/crypto/secret-box.js';
import { contracts, installations, outbox } from '../../src/db/schema.js';
import { createLogger } from '../../src/log.js';
import type { EmuUser } from '../../src/sandbox/emulator.js';
import { DEMO_USERS } from '../../src/seed/demo.js';
import * as svc from '../../src/services/index.js';
import { REFRESH_LOCK_CLASS } from '../../src/slack/install/index.js';
import { actorsOf, must, SYSTEM } from '../helpers/flows.js';
import { installThroughOAuth } from '../helpers/oauth.js';
import { eventually, nextEphemeral, TRANSPORTS, U, useSlackApp } from '../helpers/slack.js';

const KEY = randomBytes(32).toString('base64');
const CLIENT = { clientId: '4111.5222', clientSecret: 'oauth-client-secret' };
const cipher = secretBox(parseKey(KEY)!);
const people: EmuUser[] = Object.values(DEMO_USERS).map((u) => ({ id: u.id, name: u.name, locale: u.id === U.approver ? 'en-US' : 'zh-CN' }));

describe.each(TRANSPORTS)('installs over %s', (transport) => {
  const s = useSlackApp({
    transport,
    env: { SLACK_CLIENT_ID: CLIENT.clientId, SLACK_CLIENT_SECRET: CLIENT.clientSecret, TOKEN_ENCRYPTION_KEY: KEY },
  });
  beforeAll(() => {
    s.emu.oauth.app = { ...CLIENT };
  });
  afterAll(() => {
    s.emu.oauth.app = null;
  });

  /** A company's own workspace, the app not installed there yet. */
  const company = () => {
    const teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
    s.emu.createTeam({ id: teamId, name: `Company ${teamId}`, botToken: null, users: people });
    return teamId;
  };

  /** What a browser does: the install page (its state cookie), Slack's authorize page approved by `userId`, the redirect. */
  const install = (teamId: string, o: { userId?: string; orgWide?: boolean; cookie?: string | null } = {}) =>
    installThroughOAuth(s.app.url, s.emu, teamId, { ...o, userId: o.userId ?? U.admin });

  const rowOf = async (teamId: string) => (await s.db.ctx.db.select().from(installations).where(eq(installations.teamId, teamId)))[0];
  const tokenIn = async (teamId: string) => {
    const r = await rowOf(teamId);
    return r?.botTokenEnc ? cipher.open(r.botTokenEnc, teamId) : null;
  };

  it('with a bot token: the app learns its workspace from auth.test and answers there like anywhere', async () => {
    // The harness started the app with SLACK_BOT_TOKEN=xoxb-test, the bot's token in T0NONE, which the seed never knew.
    const learned = await eventually(() => s.emu.calls.find((c) => c.method === 'auth.test' && c.token === 'xoxb-test'), 'auth.test');
    expect(learned.team).toBe('T0NONE');
    s.emu.use('T0NONE');
    await s.db.seed({ teamId: 'T0NONE' });
    const answer = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'list'));
    expect(answer.text).toContain('我的合同');
  });

  it('through OAuth on the same process: the install page, Slack’s authorize page, the redirect, the store; tokens encrypted', async () => {
    const teamId = company();
    const { res, html, installPage, authorize } = await install(teamId);
    expect(installPage).toContain('添加到 Slack · Add to Slack');
    const asked = new URL(authorize).searchParams;
    expect(asked.get('client_id')).toBe(CLIENT.clientId);
    expect(asked.get('scope')).toContain('commands');
    expect(asked.get('redirect_uri')).toBe(`${s.app.url}/slack/oauth_redirect`);
    expect(res.status).toBe(200);
    expect(html).toContain('已安装到工作区');
    expect(html).toContain('/contract');
    // In the database: sealed, not in clear; opened with the key it is the token Slack issued.
    const row = (await rowOf(teamId))!;
    const token = s.emu.botToken(teamId)!;
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.botTokenEnc).toMatch(/^v1\./);
    expect(await tokenIn(teamId)).toBe(token);
    expect(row.installerUserId).toBe(U.admin);
    expect(await s.app.installations.installerOf(teamId)).toBe(U.admin);
    // A ciphertext moved onto another workspace's row does not open.
    expect(() => cipher.open(row.botTokenEnc!, 'TOTHER0001')).toThrow();
    // The workspace is served with its own token: an account for it, a command, the answer.
    s.emu.use(teamId);
    await s.db.seed({ teamId });
    const answer = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'list'));
    expect(answer.text).toContain('我的合同');
    const webApi = s.emu.calls.filter((c) => c.team === teamId && c.method !== 'response_url');
    expect(webApi.length).toBeGreaterThan(0);
    expect(webApi.every((c) => c.token === token)).toBe(true);
  });

  it('checks the state: a redirect without the browser’s state cookie installs nothing and says why', async () => {
    const teamId = company();
    const { res, html } = await install(teamId, { cookie: null });
    expect(res.status).toBe(400);
    expect(html).toContain('这个安装链接已过期');
    expect(html).toContain('This install link expired');
    expect(await rowOf(teamId)).toBeUndefined();
  });

  it('refuses an org-wide install with a clear page in both languages, keeps no token and gives it back', async () => {
    const org = `TORG${randomBytes(3).toString('hex').toUpperCase()}`;
    s.emu.createTeam({ id: org, name: 'Org member', enterpriseId: 'E0GRID0001', enterpriseName: 'Grid', botToken: null, users: people });
    const { res, html } = await install(org, { orgWide: true });
    expect(res.status).toBe(400);
    expect(html).toContain('无法为整个企业组织安装');
    expect(html).toContain('Organisation-wide install not supported');
    expect(await rowOf(org)).toBeUndefined();
    const issued = s.emu.calls.filter((c) => c.method === 'auth.revoke').at(-1)!;
    expect(issued.token).toBeTruthy();
    expect(await (await fetch(`${s.emu.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${issued.token}` } })).json()).toMatchObject({
      ok: false,
      error: 'token_revoked',
    });
  });

  it('token rotation: an expired token is refreshed through oauth.v2.access before use, and the new pair stored encrypted', async () => {
    s.emu.oauth.app = { ...CLIENT, tokenRotation: true };
    try {
      const teamId = company();
      expect((await install(teamId)).res.status).toBe(200);
      const first = (await rowOf(teamId))!;
      const oldToken = (await tokenIn(teamId))!;
      expect(oldToken).toMatch(/^xoxe\.xoxb-1-/);
      expect(first.botRefreshTokenEnc).toMatch(/^v1\./);
      expect(JSON.stringify(first)).not.toMatch(/xoxe-1-/);
      s.emu.use(teamId);
      await s.db.seed({ teamId });
      // Twelve hours later: the token has expired at Slack, and the stored expiry says so.
      s.emu.expireToken(oldToken);
      await s.db.ctx.db
        .update(installations)
        .set({ botExpiresAt: new Date(Date.now() - 1000) })
        .where(eq(installations.teamId, teamId));
      s.app.tokens.refresh(teamId);
      const mark = s.emu.calls.length;
      const answer = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'list'));
      expect(answer.text).toContain('我的合同');
      const after = s.emu.calls.slice(mark);
      expect(after.some((c) => c.method === 'oauth.v2.access' && c.args.grant_type === 'refresh_token')).toBe(true);
      expect(after.filter((c) => c.token === oldToken)).toEqual([]);
      const newToken = (await tokenIn(teamId))!;
      expect(newToken).not.toBe(oldToken);
      expect(after.filter((c) => c.team === teamId && c.method !== 'response_url').every((c) => c.token === newToken)).toBe(true);
      const second = (await rowOf(teamId))!;
      expect(second.botRefreshTokenEnc).not.toBe(first.botRefreshTokenEnc);
      expect(second.botExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
      expect(second.installerUserId).toBe(U.admin);
    } finally {
      s.emu.oauth.app = { ...CLIENT };
    }
  });

  describe('a workspace that removes the app', () => {
    /** An installed company with a contract whose thread exists, and a notification not yet delivered. */
    async function installedWithWork() {
      const teamId = company();
      expect((await install(teamId)).res.status).toBe(200);
      const token = s.emu.botToken(teamId)!;
      s.emu.use(teamId);
      const acc = await s.db.seed({ teamId });
      const a = actorsOf(acc);
      const f = must(await svc.createDraft(s.db.ctx, a.requester, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
      await s.drain();
      expect(s.emu.roots('C0CONTRACTS').some((m) => m.text.includes(f.number))).toBe(true);
      return { teamId, token, acc, f };
    }

    /**
     * Slack says the workspace removed the app, and the deletion of its tokens is held open while a person of it types
     * a command: what the app does in that window (the command worked on to its end) is what the test sees after.
     */
    async function commandWhileRemoving(teamId: string, remove: () => Promise<unknown>) {
      const store = s.app.installations.store;
      const removeTokens = store.removeTokens.bind(store);
      let release = () => {};
      let [entered, removed] = [false, false];
      const held = new Promise<void>((r) => (release = r));
      store.removeTokens = async (t: string) => {
        entered = true;
        await held;
        await removeTokens(t);
        removed = true;
      };
      try {
        await remove();
        await eventually(async () => entered, 'the removal under way');
        const busy = s.app.slack.inFlight(); // the removal, held
        await s.emu.command(U.requester, 'list');
        await eventually(async () => s.app.slack.inFlight() <= busy, 'the command worked on');
      } finally {
        release();
        store.removeTokens = removeTokens;
      }
      await eventually(async () => removed, 'the removal finished');
      await eventually(async () => (await rowOf(teamId))?.uninstalledAt, 'the removal recorded');
    }

    async function afterRemoval(w: Awaited<ReturnType<typeof installedWithWork>>, mark: number) {
      // The tokens are gone from the database; the account's contract is still there.
      const row = (await rowOf(w.teamId))!;
      expect([row.botTokenEnc, row.botRefreshTokenEnc]).toEqual([null, null]);
      expect(row.uninstalledAt).not.toBeNull();
      expect((await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, w.f.id))).length).toBe(1);
      // A change after the removal: its notification waits, held, neither delivered nor parked.
      must(await svc.draftGenerated(s.db.ctx, SYSTEM, w.f.id));
      for (let i = 0; i < 3; i++) {
        await s.drain();
        s.db.advance(31 * 60_000);
      }
      const waiting = await s.db.ctx.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.accountId, w.acc.accountId), isNull(outbox.deliveredAt)));
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.every((r) => r.parkedAt === null)).toBe(true);
      expect(waiting[0]!.lastError).toBe('held: not_installed');
      // A person of that workspace types a command: nothing is answered, nothing is called.
      await s.emu.command(U.requester, 'list');
      await s.app.slack.idle();
      // No Web API call with its token since Slack said so.
      expect(s.emu.calls.slice(mark).filter((c) => c.token === w.token)).toEqual([]);
      expect(s.emu.calls.slice(mark).filter((c) => c.team === w.teamId)).toEqual([]);
    }

    it('app_uninstalled: no call with its token again, tokens deleted, contracts kept, notifications held; a new install delivers them', async () => {
      const w = await installedWithWork();
      const mark = s.emu.calls.length;
      await commandWhileRemoving(w.teamId, () => s.emu.uninstall(w.teamId));
      expect(s.emu.calls.slice(mark)).toEqual([]); // not answered, not even through response_url
      await afterRemoval(w, mark);
      // Installed again: the held notification goes out, once, in the same thread.
      expect((await install(w.teamId)).res.status).toBe(200);
      await eventually(async () => {
        await s.drain();
        const left = await s.db.ctx.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.accountId, w.acc.accountId), isNull(outbox.deliveredAt)));
        return left.length === 0;
      }, 'the held rows delivered after the new install');
      const root = s.emu.roots('C0CONTRACTS').filter((m) => m.text.includes(w.f.number));
      expect(root).toHaveLength(1);
      expect(s.emu.thread('C0CONTRACTS', root[0]!.ts).map((m) => m.text.split(' · ')[0])).toEqual(['*创建*', '*草稿已生成*']);
    });

    it('tokens_revoked alone (the bot token): the same, without waiting for app_uninstalled', async () => {
      const w = await installedWithWork();
      const mark = s.emu.calls.length;
      await commandWhileRemoving(w.teamId, () => s.emu.revokeTokens(w.teamId));
      expect(s.emu.calls.slice(mark)).toEqual([]);
      await afterRemoval(w, mark);
    });

    it('the removal waits for a token refresh under way (on any replica), which would otherwise store the token back', async () => {
      const teamId = company();
      expect((await install(teamId)).res.status).toBe(200);
      // A refresh holds the workspace's refresh lock from reading the old pair to storing the new one.
      let release = () => {};
      let locked = false;
      const held = new Promise<void>((r) => (release = r));
      const refresh = s.db.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK_CLASS}, hashtext(${teamId}))`);
        locked = true;
        await held;
        await tx
          .update(installations)
          .set({ botTokenEnc: cipher.seal('xoxb-refreshed', teamId), uninstalledAt: null })
          .where(eq(installations.teamId, teamId));
      });
      await eventually(async () => locked, 'the refresh under way');
      await s.emu.uninstall(teamId);
      await eventually(async () => {
        const waiting = await s.db.ctx.db.execute(sql`select 1 from pg_locks where locktype = 'advisory' and not granted
          and classid = ${REFRESH_LOCK_CLASS} and objid::bigint = (hashtext(${teamId})::bigint & 4294967295)`);
        return waiting.length > 0;
      }, 'the removal waiting for the refresh');
      release();
      await refresh;
      await eventually(async () => (await rowOf(teamId))?.uninstalledAt, 'the removal written');
      expect(await tokenIn(teamId)).toBeNull();
    });

    it('a workspace on the configured bot token: its token is remembered as revoked, never used again', async () => {
      const teamId = s.installWorkspace({ users: people });
      const token = s.emu.botToken(teamId)!;
      await s.db.seed({ teamId });
      await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'list'));
      const mark = s.emu.calls.length;
      await commandWhileRemoving(teamId, () => s.emu.uninstall(teamId));
      expect(await s.app.installations.store.isRevoked(token)).toBe(true);
      await s.emu.command(U.requester, 'list');
      await s.app.slack.idle();
      // Nothing answered (not even through response_url) and nothing called, during the removal and after it.
      expect(s.emu.calls.slice(mark)).toEqual([]);
      expect(
        await s.db.ctx.db
          .select()
          .from(installations)
          .where(and(eq(installations.teamId, teamId), gt(installations.updatedAt, new Date(0)))),
      ).toHaveLength(1);
    });
  });
});

describe('tokens are never logged', () => {
  const lines: string[] = [];
  const s = useSlackApp({
    env: { SLACK_CLIENT_ID: CLIENT.clientId, SLACK_CLIENT_SECRET: CLIENT.clientSecret, TOKEN_ENCRYPTION_KEY: KEY, LOG_LEVEL: 'debug' },
    log: createLogger('debug', { write: (line: string) => void lines.push(line) }),
  });
  beforeAll(() => {
    s.emu.oauth.app = { ...CLIENT, tokenRotation: true };
  });

  it('at debug level, through an OAuth install, a refresh, a failed call and an uninstall', async () => {
    const teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
    s.emu.createTeam({ id: teamId, botToken: null, users: people });
    const page = await fetch(`${s.app.url}/slack/install`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const authorize = /href="([^"]*\/oauth\/v2\/authorize[^"]*)"/
      .exec(await page.text())![1]!
      .replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
    expect((await fetch(s.emu.oauth.approve(authorize, { teamId, userId: U.admin }), { headers: { cookie } })).status).toBe(200);
    s.emu.use(teamId);
    await s.db.seed({ teamId });
    const [row] = await s.db.ctx.db.select().from(installations).where(eq(installations.teamId, teamId));
    const first = cipher.open(row!.botTokenEnc!, teamId);
    s.emu.expireToken(first);
    await s.db.ctx.db
      .update(installations)
      .set({ botExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(installations.teamId, teamId));
    s.app.tokens.refresh(teamId);
    s.emu.failures.set('users.info', { error: 'invalid_auth', times: 1 });
    await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, 'list'));
    await s.emu.uninstall(teamId);
    await eventually(async () => (await s.db.ctx.db.select().from(installations).where(eq(installations.teamId, teamId)))[0]?.uninstalledAt, 'uninstalled');
    const secrets = [...new Set(s.emu.calls.map((c) => c.token).filter((t): t is string => Boolean(t)))];
    expect(secrets.length).toBeGreaterThan(1);
    expect(lines.length).toBeGreaterThan(10);
    const logged = lines.join('\n');
    for (const t of [...secrets, CLIENT.clientSecret, KEY]) expect(logged).not.toContain(t);
    expect(logged).not.toMatch(/xoxe-1-[A-Za-z0-9]/); // refresh tokens
  });
});
