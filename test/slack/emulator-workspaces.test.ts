// The emulator is many workspaces: each token speaks for one, whose people, channels, modals and Home tabs it sees;
// Slack's refusals for tokens (auth.test's reference); OAuth installs with token rotation; and the events Slack sends
// an app that is uninstalled or whose tokens are revoked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { signSlackRequest } from '../../src/slack/request-signature.js';

const SECRET = 'emu-secret';
const emu = new SlackEmulator({
  teamId: 'TAAAA0001',
  teamName: 'Alpha',
  botToken: 'xoxb-alpha',
  users: [{ id: 'UALPHA01', name: 'ann', locale: 'en-US', isAdmin: true }],
  oauth: { clientId: '111.222', clientSecret: 's3cret', redirectUrls: ['https://app.example/slack/oauth_redirect'] },
});
const beta = emu.createTeam({
  id: 'TBBBB0002',
  name: 'Beta',
  domain: 'beta-co',
  enterpriseId: 'E0ORG0001',
  enterpriseName: 'Beta Group',
  users: [
    { id: 'UBETA001', name: 'bo', locale: 'zh-CN', tz: 'Asia/Shanghai' },
    { id: 'UBETA002', name: 'gone', locale: 'zh-CN', deleted: true },
    { id: 'UBETA003', name: 'owner', locale: 'zh-CN', isOwner: true },
  ],
});
const fresh = emu.createTeam({ id: 'TCCCC0003', name: 'Gamma', botToken: null, users: [{ id: 'UGAMMA01', name: 'gil', locale: 'zh-CN' }] });

/** What the app received: each request's body, checked against Slack's signature. */
const received: { body: Record<string, unknown>; signed: boolean }[] = [];
let app: Server;

beforeAll(async () => {
  await emu.start();
  app = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const ts = Number(req.headers['x-slack-request-timestamp']);
      // Events come as JSON, interactivity as a form with a `payload` field.
      const body = (raw.startsWith('{') ? JSON.parse(raw) : JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}')) as Record<string, unknown>;
      received.push({ body, signed: req.headers['x-slack-signature'] === signSlackRequest(SECRET, ts, raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
  emu.connectApp(`http://127.0.0.1:${(app.address() as AddressInfo).port}`, SECRET);
});
afterAll(async () => {
  await emu.stop();
  await new Promise((r) => app.close(r));
});

type Answer = { ok: boolean; error?: string } & Record<string, unknown>;
const api = async (method: string, args: Record<string, unknown>, token?: string, headers: Record<string, string> = {}): Promise<Answer> =>
  (await (
    await fetch(`${emu.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify(args),
    })
  ).json()) as Answer;

describe('tokens', () => {
  it('auth.test answers the token’s own workspace, its organisation and bot', async () => {
    expect(await api('auth.test', {}, 'xoxb-alpha')).toMatchObject({
      ok: true,
      team_id: 'TAAAA0001',
      team: 'Alpha',
      user_id: 'U0BOTUSER1',
      bot_id: expect.any(String),
    });
    const b = await api('auth.test', {}, beta.botToken!);
    expect(b).toMatchObject({ ok: true, team_id: 'TBBBB0002', enterprise_id: 'E0ORG0001', url: 'https://beta-co.slack.com/', is_enterprise_install: false });
    expect(b.user_id).toBe(beta.team.info.botUserId);
  });

  it('refuses as Slack does: no token, an unknown one, an app-level one', async () => {
    expect((await api('auth.test', {})).error).toBe('not_authed');
    expect((await api('chat.postMessage', { channel: 'C1', text: 'x' }, 'xoxb-made-up')).error).toBe('invalid_auth');
    expect((await api('auth.test', {}, 'xapp-1-A0-1-x')).error).toBe('not_allowed_token_type');
    // A token as a form argument counts too (Slack takes either).
    expect((await api('auth.test', { token: 'xoxb-alpha' })).team_id).toBe('TAAAA0001');
  });

  it('a workspace the app is not installed in has no token that works', async () => {
    expect(fresh.botToken).toBeNull();
    expect(emu.botToken('TCCCC0003')).toBeUndefined();
  });
});

describe('each workspace sees only its own', () => {
  it('people: users.info answers Slack’s fields for its own members and user_not_found for another workspace’s', async () => {
    const bo = (await api('users.info', { user: 'UBETA001', include_locale: true }, beta.botToken!)).user as Record<string, unknown>;
    expect(bo).toMatchObject({
      id: 'UBETA001',
      team_id: 'TBBBB0002',
      deleted: false,
      is_admin: false,
      is_owner: false,
      tz: 'Asia/Shanghai',
      tz_offset: 28800,
      locale: 'zh-CN',
    });
    expect(((await api('users.info', { user: 'UBETA002' }, beta.botToken!)).user as Record<string, unknown>).deleted).toBe(true);
    expect((await api('users.info', { user: 'UBETA003' }, beta.botToken!)).user).toMatchObject({ is_admin: true, is_owner: true });
    expect((await api('users.info', { user: 'UALPHA01' }, 'xoxb-alpha')).user).toMatchObject({ is_admin: true, is_owner: false });
    expect((await api('users.info', { user: 'UBETA001' }, 'xoxb-alpha')).error).toBe('user_not_found');
    expect((await api('conversations.open', { users: 'UBETA001' }, 'xoxb-alpha')).error).toBe('user_not_found');
  });

  it('channels and threads: a post with one workspace’s token is not in the other’s channel of the same id', async () => {
    const posted = await api('chat.postMessage', { channel: 'C0SHARED1', text: 'alpha only' }, 'xoxb-alpha');
    expect(posted.ok).toBe(true);
    expect(
      emu
        .team('TAAAA0001')
        .ws.roots('C0SHARED1')
        .map((m) => m.text),
    ).toEqual(['alpha only']);
    expect(emu.team('TBBBB0002').ws.roots('C0SHARED1')).toEqual([]);
    expect((await api('conversations.replies', { channel: 'C0SHARED1', ts: posted.ts }, beta.botToken!)).error).toBe('thread_not_found');
    expect((await api('chat.update', { channel: 'C0SHARED1', ts: posted.ts, text: 'hijack' }, beta.botToken!)).error).toBe('message_not_found');
  });

  it('modals and Home tabs: another workspace’s view id is not found', async () => {
    const trigger = emu.team('TAAAA0001').views.issueTrigger('UALPHA01');
    const view = { type: 'modal', title: { type: 'plain_text', text: 'a' }, blocks: [] };
    // A trigger is its workspace's: another token cannot open a modal with it.
    expect((await api('views.open', { trigger_id: trigger, view }, beta.botToken!)).error).toBe('invalid_trigger_id');
    const opened = (await api('views.open', { trigger_id: trigger, view }, 'xoxb-alpha')).view as { id: string };
    expect((await api('views.update', { view_id: opened.id, view }, beta.botToken!)).error).toBe('not_found');
    await api('views.publish', { user_id: 'UBETA001', view: { type: 'home', blocks: [] } }, beta.botToken!);
    expect(emu.team('TBBBB0002').views.homes.has('UBETA001')).toBe(true);
    expect(emu.team('TAAAA0001').views.homes.has('UBETA001')).toBe(false);
  });

  it('people act in their own workspace: payloads carry its team id, domain and organisation', async () => {
    received.length = 0;
    emu.use('TBBBB0002');
    try {
      await emu.openHome('UBETA001');
      await emu.clickAction('UBETA001', { home: true }, { actionId: 'x' });
    } finally {
      emu.use('TAAAA0001');
    }
    const [event, click] = received.map((r) => r.body);
    expect(event).toMatchObject({ team_id: 'TBBBB0002', enterprise_id: 'E0ORG0001', authorizations: [{ team_id: 'TBBBB0002', is_bot: true }] });
    expect(click).toMatchObject({
      type: 'block_actions',
      team: { id: 'TBBBB0002', domain: 'beta-co', enterprise_id: 'E0ORG0001' },
      enterprise: { id: 'E0ORG0001', name: 'Beta Group' },
      user: { id: 'UBETA001', team_id: 'TBBBB0002' },
    });
  });
});

describe('OAuth', () => {
  const authorizeUrl = (o: { redirect?: string; clientId?: string } = {}) =>
    `${emu.url}/oauth/v2/authorize?${new URLSearchParams({
      client_id: o.clientId ?? '111.222',
      scope: 'commands,chat:write',
      state: 'st-1',
      redirect_uri: o.redirect ?? 'https://app.example/slack/oauth_redirect',
    })}`;
  const exchange = (args: Record<string, string>, basic?: string) =>
    api('oauth.v2.access', args, undefined, basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {});

  it('the authorize page checks the app and its redirect URL, then sends the browser back with a code and the state', async () => {
    expect(() => emu.oauth.approve(authorizeUrl({ clientId: '999' }), { teamId: 'TCCCC0003', userId: 'UGAMMA01' })).toThrow(/client_id/);
    expect(() => emu.oauth.approve(authorizeUrl({ redirect: 'https://evil.example/cb' }), { teamId: 'TCCCC0003', userId: 'UGAMMA01' })).toThrow(/redirect_uri/);
    expect(() => emu.oauth.approve(authorizeUrl(), { teamId: 'TCCCC0003', userId: 'UALPHA01' })).toThrow(/not a member/);
    const back = new URL(emu.oauth.approve(authorizeUrl(), { teamId: 'TCCCC0003', userId: 'UGAMMA01' }));
    expect(back.origin + back.pathname).toBe('https://app.example/slack/oauth_redirect');
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code')!;
    expect((await exchange({ code, client_id: '111.222', client_secret: 'wrong', redirect_uri: 'https://app.example/slack/oauth_redirect' })).error).toBe(
      'bad_client_secret',
    );
    expect((await exchange({ code, client_id: '111.222', client_secret: 's3cret', redirect_uri: 'https://app.example/other' })).error).toBe('bad_redirect_uri');
    const done = await exchange({ code, redirect_uri: 'https://app.example/slack/oauth_redirect' }, '111.222:s3cret');
    expect(done).toMatchObject({
      ok: true,
      token_type: 'bot',
      team: { id: 'TCCCC0003', name: 'Gamma' },
      is_enterprise_install: false,
      authed_user: { id: 'UGAMMA01' },
    });
    expect(done.refresh_token).toBeUndefined(); // token rotation off
    expect((await api('auth.test', {}, String(done.access_token))).team_id).toBe('TCCCC0003');
    // A code works once.
    expect((await exchange({ code, client_id: '111.222', client_secret: 's3cret', redirect_uri: 'https://app.example/slack/oauth_redirect' })).error).toBe(
      'invalid_code',
    );
    // Cancel: back with access_denied.
    expect(new URL(emu.oauth.deny(authorizeUrl())).searchParams.get('error')).toBe('access_denied');
  });

  it('the page itself: GET shows it, its form POST redirects as approve() does', async () => {
    const page = await fetch(authorizeUrl());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Allow · 允许');
    const form = new URLSearchParams({ team: 'TCCCC0003', user: 'UGAMMA01', decision: 'allow' });
    const r = await fetch(authorizeUrl(), { method: 'POST', body: form, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(302);
    expect(new URL(r.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  it('an org-wide install answers is_enterprise_install, no team, the organisation', async () => {
    const code = new URL(emu.oauth.approve(authorizeUrl(), { teamId: 'TBBBB0002', userId: 'UBETA001', orgWide: true })).searchParams.get('code')!;
    const done = await exchange({ code, client_id: '111.222', client_secret: 's3cret', redirect_uri: 'https://app.example/slack/oauth_redirect' });
    expect(done).toMatchObject({ ok: true, is_enterprise_install: true, team: null, enterprise: { id: 'E0ORG0001', name: 'Beta Group' } });
    expect(await api('auth.test', {}, String(done.access_token))).toMatchObject({ ok: true, is_enterprise_install: true, enterprise_id: 'E0ORG0001' });
    expect(() => emu.oauth.approve(authorizeUrl(), { teamId: 'TCCCC0003', userId: 'UGAMMA01', orgWide: true })).toThrow(/no organisation/);
  });

  it('token rotation: expiring xoxe.xoxb- tokens with a refresh token; a refresh token works once; an expired token is token_expired', async () => {
    emu.oauth.app = { ...emu.oauth.app!, tokenRotation: true };
    try {
      const code = new URL(emu.oauth.approve(authorizeUrl(), { teamId: 'TCCCC0003', userId: 'UGAMMA01' })).searchParams.get('code')!;
      const first = await exchange({ code, client_id: '111.222', client_secret: 's3cret', redirect_uri: 'https://app.example/slack/oauth_redirect' });
      expect(first).toMatchObject({ ok: true, expires_in: 43200, refresh_token: expect.stringMatching(/^xoxe-1-/) });
      expect(String(first.access_token)).toMatch(/^xoxe\.xoxb-1-/);
      const refreshed = await exchange({
        grant_type: 'refresh_token',
        refresh_token: String(first.refresh_token),
        client_id: '111.222',
        client_secret: 's3cret',
      });
      expect(refreshed).toMatchObject({ ok: true, token_type: 'bot', expires_in: 43200 });
      expect(refreshed.access_token).not.toBe(first.access_token);
      const again = await exchange({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token), client_id: '111.222', client_secret: 's3cret' });
      expect(again.error).toBe('invalid_refresh_token');
      emu.expireToken(String(first.access_token));
      expect((await api('auth.test', {}, String(first.access_token))).error).toBe('token_expired');
      expect((await api('auth.test', {}, String(refreshed.access_token))).ok).toBe(true);
      expect((await exchange({ grant_type: 'password', client_id: '111.222', client_secret: 's3cret' })).error).toBe('invalid_grant_type');
    } finally {
      emu.oauth.app = { ...emu.oauth.app, tokenRotation: false };
    }
  });
});

describe('uninstalls and revoked tokens', () => {
  it('uninstall: the bot token answers account_inactive; the app gets app_uninstalled and tokens_revoked, signed', async () => {
    const gamma = emu.botToken('TCCCC0003')!;
    received.length = 0;
    await emu.uninstall('TCCCC0003');
    expect((await api('auth.test', {}, gamma)).error).toBe('account_inactive');
    expect(received.every((r) => r.signed)).toBe(true);
    expect(received.map((r) => r.body)).toEqual([
      expect.objectContaining({ type: 'event_callback', team_id: 'TCCCC0003', event: { type: 'app_uninstalled' } }),
      expect.objectContaining({
        type: 'event_callback',
        team_id: 'TCCCC0003',
        event: { type: 'tokens_revoked', tokens: { oauth: [], bot: [fresh.team.info.botUserId] } },
      }),
    ]);
  });

  it('revoked tokens answer token_revoked; auth.revoke of the last token uninstalls the app', async () => {
    received.length = 0;
    await emu.revokeTokens('TBBBB0002');
    expect((await api('auth.test', {}, beta.botToken!)).error).toBe('token_revoked');
    expect(received.map((r) => (r.body.event as { type: string }).type)).toEqual(['tokens_revoked']);
    received.length = 0;
    expect(await api('auth.revoke', {}, 'xoxb-alpha')).toMatchObject({ ok: true, revoked: true });
    expect((await api('auth.test', {}, 'xoxb-alpha')).error).toBe('token_revoked');
    await new Promise<void>((r) => {
      const wait = () => (received.length >= 2 ? r() : setTimeout(wait, 5));
      wait();
    });
    expect(received.map((r) => (r.body.event as { type: string }).type).sort()).toEqual(['app_uninstalled', 'tokens_revoked']);
  });
});

describe('snapshots', () => {
  it('keeps each workspace’s conversations apart, and sorts an older single-workspace snapshot by channel', () => {
    const twin = new SlackEmulator({ teamId: 'TAAAA0001', botToken: 'xoxb-1' });
    twin.createTeam({ id: 'TBBBB0002' });
    const msg = (channel: string, ts: string) => ({ channel, ts, text: channel, edits: 0 });
    twin.restore(
      {
        seq: 9,
        clock: 1,
        channels: [
          ['C0A', [msg('C0A', '1.000001')]],
          ['C0B', [msg('C0B', '1.000002')]],
          ['DU1', [msg('DU1', '1.000003')]],
        ],
        ephemerals: [],
        homes: [],
      },
      (channel) => (channel === 'C0B' ? 'TBBBB0002' : undefined),
    );
    expect([...twin.team('TAAAA0001').ws.channels.keys()].sort()).toEqual(['C0A', 'DU1']);
    expect([...twin.team('TBBBB0002').ws.channels.keys()]).toEqual(['C0B']);
    const copy = new SlackEmulator({ teamId: 'TAAAA0001', botToken: 'xoxb-1' });
    copy.createTeam({ id: 'TBBBB0002' });
    copy.restore(JSON.parse(JSON.stringify(twin.snapshot())));
    expect(
      copy
        .team('TBBBB0002')
        .ws.roots('C0B')
        .map((m) => m.text),
    ).toEqual(['C0B']);
    expect(copy.team('TAAAA0001').ws.roots('C0B')).toEqual([]);
  });
});
