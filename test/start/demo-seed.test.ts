// Demo data only where it belongs (issue 24 item 4): the sandbox keeps both demo workspaces; with Slack tokens the
// fictitious company is never written into the database unless SEED_DEMO names the workspace it is for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { accounts } from '../../src/db/schema.js';
import { createLogger } from '../../src/log.js';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { openTestDatabase, useTestDb } from '../helpers/db.js';

const db = useTestDb();
const emu = new SlackEmulator({ teamId: 'T0COMPANY1', botToken: 'xoxb-company' });
const dataDir = mkdtempSync(join(tmpdir(), 'contract-desk-seed-'));
beforeAll(() => emu.start());
afterAll(async () => {
  await emu.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const teams = async () => (await db.database.db.select({ team: accounts.slackTeamId }).from(accounts)).map((a) => a.team).sort();
const slack = { SLACK_BOT_TOKEN: 'xoxb-company', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: '', PORT: '0', JOBS_ENABLED: 'false', LOG_LEVEL: 'silent' };

describe('the demo company', () => {
  it('with Slack tokens: not seeded by default (SEED_DEMO=true seeds the sandbox only)', async () => {
    const app = await startApp(loadConfig({ ...slack, SLACK_API_URL: emu.apiUrl }), createLogger('silent'), { database: db.database });
    await app.stop();
    expect(await teams()).toEqual([]);
  });

  it('with Slack tokens and SEED_DEMO naming a workspace: seeded as that workspace, once', async () => {
    for (let i = 0; i < 2; i++) {
      const app = await startApp(loadConfig({ ...slack, SLACK_API_URL: emu.apiUrl, SEED_DEMO: 'T0DEMO0001' }), createLogger('silent'), {
        database: db.database,
      });
      await app.stop();
    }
    expect(await teams()).toEqual(['T0DEMO0001']);
  });

  it('the sandbox (no tokens): both demo workspaces', async () => {
    // A database of its own: the one above holds the Slack cases' account.
    const database = await openTestDatabase();
    const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }), createLogger('silent'), { database });
    try {
      const rows = await database.db.select({ team: accounts.slackTeamId }).from(accounts);
      expect(rows.map((r) => r.team).sort()).toEqual(['T0DEMO0001', 'T0DEMO0002']);
    } finally {
      await app.stop();
      await database.close();
    }
  });
});
