// `npm start` as a newcomer runs it: a child process on a fresh data folder. Without Slack tokens it prints the
// sandbox URL and serves the page; with tokens the sandbox stays off.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { clusterPid, freshDataDir, removeDataDir, startArgs } from '../helpers/app-process.js';

const running: ChildProcess[] = [];
const dirs: string[] = [];
const freshDir = () => {
  const d = freshDataDir('contract-desk-start-');
  dirs.push(d);
  return d;
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postmasterPid = (dataDir: string) => clusterPid(dataDir)!;

/** Exactly what `npm start` runs, on the embedded database in `dataDir`. */
function spawnApp(env: Record<string, string>, dataDir: string): { child: ChildProcess; out: () => string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DATABASE_URL|PORT|DATA_DIR|TIME_SCALE)/.test(k)));
  const child = spawn(process.execPath, startArgs(), {
    env: { ...clean, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return { child, out: () => out };
}

/** Starts the app and resolves with its output once `pattern` appears. */
function start(
  env: Record<string, string>,
  pattern: RegExp,
  dataDir = freshDir(),
): Promise<{ child: ChildProcess; out: () => string; match: RegExpMatchArray }> {
  const { child, out } = spawnApp(env, dataDir);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within 60 s; output:\n${out()}`)), 60_000);
    const read = () => {
      const match = out().match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, out, match });
      }
    };
    // After spawnApp's own listeners, so out() already holds the chunk.
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`exited ${code} before ${pattern}; output:\n${out()}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) removeDataDir(d); // and a cluster left running by a test that failed midway
});

describe('npm start', () => {
  it('without Slack tokens: reaches ready, prints the sandbox URL, serves the page and the demo workspace; a restart keeps the conversations', async () => {
    const dataDir = freshDir();
    const ready = /open (http:\/\/127\.0\.0\.1:\d+)\/ in your browser/;
    const { child, match, out } = await start({}, ready, dataDir);
    const url = match[1]!;
    expect(out()).toContain(`contract-desk ready at ${url}`);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/sandbox/static/sandbox.js');
    const health = (await (await fetch(`${url}/healthz`)).json()) as { slack: string; database: string; timeScale: number };
    expect(health).toMatchObject({ slack: 'emulator', database: 'embedded', timeScale: 60 });
    const ws = (await (await fetch(`${url}/sandbox/api/workspace`)).json()) as { users: unknown[] };
    expect(ws.users.length).toBeGreaterThanOrEqual(4);
    const thread = async (base: string) => {
      for (let i = 0; i < 300; i++) {
        const ch = (await (await fetch(`${base}/sandbox/api/channels/C0CONTRACTS`)).json()) as { messages: { ts: string; replyCount: number }[] };
        if (ch.messages[0]?.replyCount === 4) return ch.messages;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the framework thread never arrived');
    };
    expect(await thread(url)).toHaveLength(1);
    expect(await stop(child)).toBe(0);

    // The same folder again: the demo is not seeded twice and the thread the database points at is still there.
    const again = await start({}, ready, dataDir);
    const [root] = (await thread(again.match[1]!)) as { ts: string }[];
    // …and the document links in it still open: the sandbox's link secret is kept beside its data.
    const replies = (await (await fetch(`${again.match[1]}/sandbox/api/channels/C0CONTRACTS/threads/${root!.ts}`)).json()) as { replies: { text: string }[] };
    const link = /<(http[^|>]+\/formal\?[^|>]+)\|/.exec(replies.replies.map((r) => r.text).join('\n'))?.[1];
    expect(link).toContain(url); // written by the first run
    expect((await fetch(link!.replace(url, again.match[1]!))).status).toBe(200);
    const cluster = postmasterPid(dataDir);
    expect(await stop(again.child)).toBe(0);
    expect(alive(cluster)).toBe(false); // the app stopped its cluster
  });

  it('a Ctrl-C during start-up stops the PostgreSQL it has just started, and exits cleanly', async () => {
    const dataDir = freshDir();
    const { child, out } = await start({ LOG_LEVEL: 'info' }, /PostgreSQL started/, dataDir);
    const cluster = postmasterPid(dataDir);
    // 'close', not 'exit': the process gone and its output read to the end, so the absences below cover its whole run.
    const code = await new Promise<number | null>((resolve) => {
      child.once('close', resolve);
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(out()).not.toContain('contract-desk ready at');
    // A clean stop: no job cut off mid-transaction by the database closing under it.
    expect(out()).not.toContain('job failed');
    expect(alive(cluster)).toBe(false);
    expect(clusterPid(dataDir)).toBeNull();
  });

  it('after a kill -9 it starts again on the same folder; a second app on a folder in use is refused', async () => {
    const dataDir = freshDir();
    const ready = /open (http:\/\/127\.0\.0\.1:\d+)\/ in your browser/;
    const first = await start({}, ready, dataDir);
    const second = spawnApp({}, dataDir);
    const code = await new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(second.out()).toMatch(/in use by another contract-desk/);

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const cluster = postmasterPid(dataDir);
    expect(alive(cluster)).toBe(true); // left running by the killed app…
    const again = await start({}, ready, dataDir); // …and adopted
    expect(postmasterPid(dataDir)).toBe(cluster);
    expect((await fetch(`${again.match[1]}/healthz`)).status).toBe(200);
    expect(await stop(again.child)).toBe(0);
    expect(alive(cluster)).toBe(false);
  });

  it('with Slack tokens: reaches ready against Slack and the sandbox stays off', async () => {
    const slack = new SlackEmulator({ teamId: 'T0REAL', botToken: 'xoxb-real' });
    await slack.start();
    try {
      const { child, match, out } = await start(
        { SLACK_BOT_TOKEN: 'xoxb-real', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, JOBS_ENABLED: 'false' },
        /contract-desk ready at (http:\/\/127\.0\.0\.1:\d+)/,
      );
      const url = match[1]!;
      expect((await fetch(`${url}/`)).status).toBe(404);
      expect((await fetch(`${url}/sandbox/api/workspace`)).status).toBe(404);
      expect((await fetch(`${url}/api/auth.test`, { method: 'POST' })).status).toBe(404); // no emulator on this port
      expect(((await (await fetch(`${url}/healthz`)).json()) as { slack: string }).slack).toBe('slack');
      const closed = new Promise((r) => child.once('close', r)); // the process gone and its output read to the end
      expect(await stop(child)).toBe(0);
      await closed;
      expect(out()).not.toMatch(/sandbox/i); // nothing it printed in its whole run, however late
    } finally {
      await slack.stop();
    }
  });
});
