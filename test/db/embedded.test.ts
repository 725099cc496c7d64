// The default engine: a PostgreSQL cluster in DATA_DIR that the app starts, adopts after a kill -9, stops, and
// keeps to itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, startEmbedded } from '../../src/db/embedded.js';
import { removeDataDir } from '../helpers/app-process.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
function folder(mode = 0o755): string {
  const d = mkdtempSync(join(tmpdir(), 'cd-embedded-'));
  chmodSync(d, mode);
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) removeDataDir(d); // and the clusters that killed holders left running
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postmasterPid = (pgdata: string) => Number(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);

async function query<T>(url: string, text: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql.unsafe(text)) as unknown as T[];
  } finally {
    await sql.end();
  }
}

/** The app as another process: starts or adopts the cluster and holds it until it is killed. */
function holder(dir: string): Promise<{ child: ChildProcess; port: number; adopted: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/hold-cluster.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as { port: number; adopted: boolean }) });
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => reject(new Error(`holder exited ${code}: ${out}`)));
  });
}

describe('the embedded PostgreSQL in DATA_DIR', () => {
  it('initialises a cluster with a generated password, listens on 127.0.0.1 only, and stops with the app', async () => {
    const dir = folder();
    const c = await startEmbedded({ dataDir: dir });
    try {
      expect(c.adopted).toBe(false);
      const password = readFileSync(join(dir, 'postgres-password'), 'utf8');
      expect(password.length).toBeGreaterThanOrEqual(24);
      expect(statSync(join(dir, 'postgres-password')).mode & 0o077).toBe(0);
      expect(c.url).toContain(encodeURIComponent(password));
      const [s] = await query<{ listen: string; fsync: string }>(
        c.url,
        `select current_setting('listen_addresses') as listen, current_setting('fsync') as fsync`,
      );
      expect(s).toEqual({ listen: '127.0.0.1', fsync: 'on' }); // durable unless a test asks otherwise
      // Without the password: refused.
      await expect(query(c.url.replace(encodeURIComponent(password), 'wrong'), 'select 1')).rejects.toThrow(/password authentication failed/);
    } finally {
      await c.stop();
    }
    expect(existsSync(join(dir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('refuses a second app on the same folder, naming what to do', async () => {
    const dir = folder();
    const first = await holder(dir);
    await expect(startEmbedded({ dataDir: dir })).rejects.toThrow(DataDirInUseError);
    await expect(startEmbedded({ dataDir: dir })).rejects.toThrow(/in use by another contract-desk.*DATA_DIR.*DATABASE_URL/s);
    first.child.kill('SIGKILL');
  });

  it('after a kill -9 of the app, adopts the cluster it left running, data intact, and stops it', async () => {
    const dir = folder();
    const first = await holder(dir);
    const sql = `postgres://postgres:${encodeURIComponent(readFileSync(join(dir, 'postgres-password'), 'utf8'))}@127.0.0.1:${first.port}/postgres`;
    await query(sql, "create table kept (v text); insert into kept values ('before the kill')");
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const pid = postmasterPid(join(dir, 'postgres'));
    expect(alive(pid)).toBe(true); // the cluster outlived the app

    const again = await startEmbedded({ dataDir: dir });
    expect(again.adopted).toBe(true);
    expect(await query<{ v: string }>(again.url, 'select v from kept')).toEqual([{ v: 'before the kill' }]);
    await again.stop();
    expect(alive(pid)).toBe(false);
  });

  it('starts over a stale postmaster.pid left by a cluster that died with the machine', async () => {
    const dir = folder();
    const c = await startEmbedded({ dataDir: dir, ephemeral: true });
    await c.stop();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(dir, 'postgres', 'postmaster.pid'), `${dead.pid}\n${join(dir, 'postgres')}\n1700000000\n${c.port}\n\n127.0.0.1\n  1  1\nready   \n`);
    const again = await startEmbedded({ dataDir: dir, ephemeral: true });
    try {
      expect(again.adopted).toBe(false);
      expect(await query<{ one: number }>(again.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await again.stop();
    }
  });

  it.runIf(userInfo().uid === 0)('as root, in a folder the postgres user cannot reach (mode 700), runs the cluster from a folder of its own', async () => {
    const dir = folder(0o700);
    const c = await startEmbedded({ dataDir: dir, ephemeral: true });
    let pgdata = '';
    try {
      expect(existsSync(join(dir, 'postgres'))).toBe(false);
      pgdata = (await query<{ dir: string }>(c.url, `select current_setting('data_directory') as dir`))[0]!.dir;
      expect(pgdata).toMatch(/^\/var\/lib\/contract-desk\//);
    } finally {
      await c.stop();
      if (pgdata) rmSync(pgdata, { recursive: true, force: true });
    }
  });
});
