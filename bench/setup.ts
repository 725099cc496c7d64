// The set-up-to-first-contract path (issue 24): a workspace the app has never seen, as its installer and a requester
// go through it over signed HTTP against the emulator, on a fresh database per engine. Each step is timed from the
// person's action to what they see; the two modal submissions are what Slack gives 3 seconds to answer.
import { randomBytes } from 'node:crypto';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { createLogger } from '../src/log.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { engineOf } from './lifecycle.js';

export interface SetupResult {
  engine: string;
  workspaces: number;
  step: string;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

const SECRET = 'bench-setup-secret';
const STEPS = ['answer to /contract', 'set-up opens', 'page one submitted', 'page two submitted (saved)', 'first contract saved', 'whole path'] as const;

async function until<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`bench setup: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

export async function benchSetup(d: Database, n: number): Promise<SetupResult[]> {
  const emu = new SlackEmulator({ teamId: 'T0BENCH', botToken: 'xoxb-bench', users: [] });
  await emu.start();
  const installers = new Map<string, string>();
  const config = loadConfig({
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: emu.apiUrl,
  });
  const app = await startApp(config, createLogger('silent'), { database: d, installerOf: async (t) => installers.get(t) ?? null });
  emu.connectApp(app.url, SECRET);
  const times: Record<(typeof STEPS)[number], number[]> = Object.fromEntries(STEPS.map((s) => [s, []])) as never;
  try {
    for (let i = 0; i < n; i++) {
      const tag = randomBytes(4).toString('hex').toUpperCase();
      const team = `TB${tag}`;
      const [installer, requester] = [`UI${tag}`, `UR${tag}`];
      // The company installs the app: a workspace of its own, whose bot token the app is given.
      const { botToken } = emu.createTeam({
        id: team,
        users: [
          { id: installer, name: '林晓', locale: 'zh-CN' },
          { id: requester, name: '韩冰', locale: 'zh-CN' },
        ],
      });
      app.tokens.addBotToken(botToken!);
      emu.use(team);
      installers.set(team, installer);
      const channel = `C${tag}`;
      emu.addChannel(channel, { name: `contracts-${tag.toLowerCase()}` });
      const step = async <T>(name: (typeof STEPS)[number], fn: () => Promise<T>): Promise<T> => {
        const t0 = performance.now();
        const r = await fn();
        times[name].push(performance.now() - t0);
        return r;
      };
      const start = performance.now();
      const answer = await step('answer to /contract', async () => {
        const seen = emu.ephemeralsFor(installer).length;
        await emu.command(installer, 'list');
        return until(() => emu.ephemeralsFor(installer)[seen], 'the answer');
      });
      const button = { actionId: 'setup:open', value: 'open' };
      const message = { channel: emu.dmChannel(installer), ts: answer.ts ?? '1', text: answer.text, blocks: answer.blocks, edits: 0 };
      await step('set-up opens', async () => {
        await emu.clickAction(installer, { message }, button);
        return until(() => emu.openView(installer)?.view.callback_id === 'setup:account', 'the set-up modal');
      });
      await step('page one submitted', () =>
        emu.submitView(installer, {
          vendor: 'tencent',
          cloud_account_id: String(100_000_000_000 + i),
          verified_subject: '上海青杉信息技术有限公司',
          subject_type: 'enterprise',
          address: '上海市徐汇区漕溪北路 88 号',
          contact_name: '林晓',
          phone: '021-64881234',
          email: 'finance@qingshan.example.cn',
          language: 'zh',
          time_zone: 'Asia/Shanghai',
        }),
      );
      const saved = await step('page two submitted (saved)', () => emu.submitView(installer, { notify_channel: channel, approvers: [requester] }));
      if (saved.errors) throw new Error(`bench setup: page two refused: ${JSON.stringify(saved.errors)}`);
      await app.slack.idle();
      await step('first contract saved', async () => {
        await emu.command(requester, 'new');
        await until(() => emu.openView(requester)?.view.callback_id === 'wizard:start', 'the new-contract form');
        await emu.submitView(requester, { kind: 'framework', channel: 'vendor_seal' });
        const r = await emu.submitView(requester, {});
        if (r.errors) throw new Error(`bench setup: the contract was refused: ${JSON.stringify(r.errors)}`);
      });
      times['whole path'].push(performance.now() - start);
      await emu.closeView(requester);
    }
  } finally {
    await app.stop();
    await emu.stop();
  }
  return STEPS.map((s) => ({
    engine: engineOf(d),
    workspaces: n,
    step: s,
    medianMs: +pct(times[s], 0.5).toFixed(1),
    p95Ms: +pct(times[s], 0.95).toFixed(1),
    maxMs: +Math.max(...times[s]).toFixed(1),
  }));
}
