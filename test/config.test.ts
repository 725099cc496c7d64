import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES, loadConfig } from '../src/config.js';

describe('config', () => {
  it('defaults to the embedded PostgreSQL in ./.data', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c).toMatchObject({ DATA_DIR: './.data', PORT: 3000, SEED_DEMO: 'true' });
  });
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
  it('needs the signing secret over HTTP, not in Socket Mode, and a bot token with an app token', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: required/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(/SLACK_APP_TOKEN: must be an app-level token/);
  });
  it('takes LINK_TTL_HOURS in whole hours only: a fraction would give links an expiry the link check refuses', () => {
    for (const bad of ['0.004', '1.5', '0', '-3']) expect(() => loadConfig({ LINK_TTL_HOURS: bad })).toThrow(/LINK_TTL_HOURS: must be a whole number of hours/);
    expect(loadConfig({ LINK_TTL_HOURS: '36' }).LINK_TTL_HOURS).toBe(36);
    expect(loadConfig({}).LINK_TTL_HOURS).toBe(168);
  });
  it('takes an encryption key of 32 bytes only, a node-cron schedule for the Tencent sync, and an http:// stand-in', () => {
    expect(() => loadConfig({ TOKEN_ENCRYPTION_KEY: 'secret' })).toThrow(/TOKEN_ENCRYPTION_KEY: must be 32 bytes/);
    expect(loadConfig({ TOKEN_ENCRYPTION_KEY: 'a'.repeat(64) }).TOKEN_ENCRYPTION_KEY).toBe('a'.repeat(64));
    expect(() => loadConfig({ TENCENT_SYNC_CRON: 'daily' })).toThrow(/TENCENT_SYNC_CRON: must be a node-cron expression/);
    expect(loadConfig({}).TENCENT_SYNC_CRON).toBe('0 17 3 * * *');
    expect(() => loadConfig({ TENCENT_BILLING_STANDIN: 'https://billing.tencentcloudapi.com' })).toThrow(/TENCENT_BILLING_STANDIN/);
  });
  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ' }).DATABASE_URL).toBeUndefined();
  });
  it('OAuth installs need the client secret, a signing secret and a key for the tokens; a bad key is named', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 'x', TOKEN_ENCRYPTION_KEY: key };
    expect(loadConfig(oauth).SLACK_CLIENT_ID).toBe('1.2');
    expect(loadConfig({ ...oauth, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('hex') }).TOKEN_ENCRYPTION_KEY).toHaveLength(64);
    expect(() => loadConfig({ ...oauth, SLACK_CLIENT_SECRET: '' })).toThrow(/SLACK_CLIENT_SECRET: required/);
    expect(() => loadConfig({ ...oauth, TOKEN_ENCRYPTION_KEY: '' })).toThrow(/TOKEN_ENCRYPTION_KEY: required/);
    expect(() => loadConfig({ ...oauth, TOKEN_ENCRYPTION_KEY: 'short' })).toThrow(/TOKEN_ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => loadConfig({ ...oauth, SLACK_SIGNING_SECRET: '' })).toThrow(/SLACK_SIGNING_SECRET: required/);
    // Socket Mode with OAuth only: no bot token needed.
    expect(loadConfig({ ...oauth, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
  });
  it('SEED_DEMO is true, false or the team id the demo company is seeded as', () => {
    expect(loadConfig({ SEED_DEMO: 'T0DEMO0001' }).SEED_DEMO).toBe('T0DEMO0001');
    expect(() => loadConfig({ SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO: must be true, false or a Slack team id/);
  });
  it('OAuth installs ask for the bot scopes manifest.yml lists, no more and no fewer', () => {
    const manifest = readFileSync('manifest.yml', 'utf8');
    const bot = /\n {4}bot:\n((?: {6}- [^\n]+\n)+)/.exec(manifest)![1]!;
    const listed = [...bot.matchAll(/- ([a-z:.]+)/g)].map((m) => m[1]);
    expect([...BOT_SCOPES].sort()).toEqual(listed.sort());
    expect(manifest).toMatch(/redirect_urls:\n {4}- https:\/\/contract-desk\.example\.com\/slack\/oauth_redirect/);
    for (const event of ['app_uninstalled', 'tokens_revoked', 'user_change']) expect(manifest).toContain(`- ${event}`);
  });
});
