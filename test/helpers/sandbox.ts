// The app as `npm start` runs it without Slack tokens: sandbox page, control API, emulator and jobs on one port,
// on this test file's database, with the e-sign service sped up so a seal takes well under a second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { SandboxClient } from '../../src/sandbox/client.js';
import { openTestDatabase } from './db.js';
import { eventually } from './slack.js';

export interface SandboxEnv {
  app: App;
  api: SandboxClient;
  database: Database;
  /** Its DATA_DIR (the sandbox's secrets and conversations). */
  dataDir: string;
}

export function useSandbox(): SandboxEnv {
  const env = {} as SandboxEnv;
  const dataDir = mkdtempSync(join(tmpdir(), 'contract-desk-sandbox-'));
  env.dataDir = dataDir;
  beforeAll(async () => {
    env.database = await openTestDatabase();
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TIME_SCALE: '3600' });
    env.app = await startApp(config, createLogger('silent'), { database: env.database });
    env.api = new SandboxClient(env.app.url);
  });
  afterEach(() => {
    // Whatever the app sent, real Slack would have taken it.
    expect(env.app?.emulator?.violations ?? []).toEqual([]);
  });
  afterAll(async () => {
    await env.app?.stop();
    await env.database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return env;
}

/** Polls until the probe returns something truthy: what the app does after it acknowledged takes a moment. */
export const until = <T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 20_000) =>
  eventually(probe, what, ms);
