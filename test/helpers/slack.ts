// End-to-end harness: the real app on a test database, its Web API calls going to the emulator, which sends what
// the people of a workspace do either as signed HTTP requests or as Socket Mode envelopes (`transport`).
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { type EmuMessage, type EmuUser, SlackEmulator, type Transport } from '../../src/sandbox/emulator.js';
import { DEMO_USERS, type SeededAccount, type SeedOptions } from '../../src/seed/demo.js';
import { type TestEnv, useTestDb } from './db.js';

export const SECRET = 'test-signing-secret';
export const APP_TOKEN = 'xapp-1-A0CONTRACT-1-test';
/** Every end-to-end suite that takes a transport runs once per entry: `describe.each(TRANSPORTS)`. */
export const TRANSPORTS: Transport[] = ['http', 'socket'];
export const U = {
  admin: DEMO_USERS.admin.id,
  approver: DEMO_USERS.approver.id, // English
  approver2: DEMO_USERS.approver2.id,
  requester: DEMO_USERS.requester.id, // Chinese
  colleague: DEMO_USERS.requester2.id, // English
  signer: DEMO_USERS.signer.id,
};
const LOCALES: Record<string, string> = {
  [U.admin]: 'zh-CN',
  [U.approver]: 'en-US',
  [U.approver2]: 'zh-CN',
  [U.requester]: 'zh-CN',
  [U.colleague]: 'en-GB',
  [U.signer]: 'zh-CN',
};

export interface SlackEnv {
  db: TestEnv;
  app: App;
  emu: SlackEmulator;
  /**
   * A fresh workspace for one test: the emulator gets a workspace of that team id with the demo people, the app is
   * given its bot token (learning its workspace from auth.test, as with SLACK_BOT_TOKEN), the account is seeded, and
   * the emulator now speaks as its people.
   */
  workspace(opts?: Partial<SeedOptions>): Promise<SeededAccount>;
  /**
   * A workspace of its own with these people and no account yet (what a company that just installed the app has): the
   * app is given its bot token, and the emulator now speaks as its people. Returns the team id.
   */
  installWorkspace(o: { teamId?: string; name?: string; users: EmuUser[] }): string;
  /** What the jobs issue does on a schedule: deliver the outbox to Slack. */
  drain(): Promise<number>;
  /** Who installed the app, by team id, where the test says so (R17's installer); the installation store otherwise. */
  installers: Map<string, string>;
}

/** `log`: the app's logger (default silent), for tests that read what it logs. */
/**
 * `rateScale`: Slack's rate limits at that many times their rate, for the emulator and the app's gate alike (suites
 * that post hundreds of messages into one channel); Slack's own figures otherwise.
 */
export function useSlackApp(opts: { transport?: Transport; env?: Record<string, string>; log?: Logger; rateScale?: number } = {}): SlackEnv {
  const db = useTestDb();
  const env = { db, installers: new Map<string, string>() } as SlackEnv;
  const transport = opts.transport ?? 'http';
  const users = Object.values(DEMO_USERS).map((u) => ({ id: u.id, name: u.name, locale: LOCALES[u.id] ?? 'zh-CN' }));
  beforeAll(async () => {
    const rateLimits = { scale: opts.rateScale ?? 1 };
    env.emu = new SlackEmulator({ teamId: 'T0NONE', botToken: 'xoxb-test', users, transport, appToken: APP_TOKEN, rateLimits });
    await env.emu.start();
    const config = loadConfig({
      PORT: '0',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      JOBS_ENABLED: 'false',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: env.emu.apiUrl,
      SLACK_RATE_SCALE: String(rateLimits.scale),
      ...(transport === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      ...opts.env,
    });
    env.app = await startApp(config, opts.log ?? createLogger('silent'), {
      database: db.database,
      clock: () => db.now,
      // Who the test says installed the app, else what the installation store knows (an OAuth install's installer).
      installerOf: async (teamId) => env.installers.get(teamId) ?? (await env.app.installations.installerOf(teamId)),
    });
    env.emu.connectApp(env.app.url, SECRET);
    env.installWorkspace = (o) => {
      const teamId = o.teamId ?? `T${randomBytes(5).toString('hex').toUpperCase()}`;
      const { botToken } = env.emu.createTeam({ id: teamId, name: o.name ?? `Workspace ${teamId}`, users: o.users });
      env.app.tokens.addBotToken(botToken!);
      env.emu.use(teamId);
      return teamId;
    };
    env.workspace = async (opts = {}) => db.seed({ teamId: env.installWorkspace({ users }), ...opts });
    env.drain = () => env.app.outbox.deliverDue();
  });
  afterEach(() => {
    // Whatever the app sent, real Slack would have taken it.
    expect(env.emu?.violations ?? []).toEqual([]);
    // Over Socket Mode, every frame the app sent acknowledged an envelope still waiting, once.
    expect(env.emu?.socketMode.strayFrames ?? []).toEqual([]);
  });
  afterAll(async () => {
    await env.app?.stop();
    await env.emu?.stop();
  });
  return env;
}

export function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

/** The button with this action id on a surface, to click it as Slack would send it. */
export function findButton(blocks: unknown, actionId: string, valuePrefix?: string): { actionId: string; value: string } {
  type El = { action_id?: string; value?: string };
  for (const b of (blocks as { elements?: El[]; accessory?: El }[]) ?? []) {
    for (const e of [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]) {
      if (e.action_id === actionId && (!valuePrefix || e.value?.startsWith(valuePrefix))) return { actionId, value: e.value ?? '' };
    }
  }
  throw new Error(`no button ${actionId} in ${JSON.stringify(blocks).slice(0, 500)}`);
}

export function lastDm(emu: SlackEmulator, userId: string): EmuMessage {
  const m = emu.messages(emu.dmChannel(userId)).at(-1);
  if (!m) throw new Error(`no DM to ${userId}`);
  return m;
}

/** Waits for what the app does after it acknowledged (a modal opening, a Home tab refreshing), as a person would. */
export async function eventually<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what = 'condition',
  ms = 5000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Does something as a user and returns the next message only that user sees. */
export async function nextEphemeral(emu: SlackEmulator, userId: string, act: () => Promise<unknown>) {
  const seen = emu.ephemeralsFor(userId).length;
  await act();
  return eventually(() => emu.ephemeralsFor(userId)[seen], `an answer to ${userId}`);
}

/** Opens the Home tab and waits until the app shows this contract's button there. */
export async function homeButton(emu: SlackEmulator, userId: string, actionId: string, contractId: string) {
  await emu.openHome(userId);
  return eventually(() => {
    try {
      return findButton(emu.homes.get(userId)?.blocks, actionId, contractId);
    } catch {
      return null;
    }
  }, `${actionId} on the Home tab`);
}
