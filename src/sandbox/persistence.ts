// The sandbox's files beside the database: its secret and the emulator's conversations, so a restart finds the
// threads and links the database points at.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import type { EmuSnapshot, SlackEmulator } from './emulator.js';

/** The sandbox signs requests and document links with a secret kept beside its data, so links in restored threads still open. */
export function sandboxSecret(dataDir: string): string {
  const file = resolve(dataDir, 'sandbox-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('hex');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

/**
 * The sandbox's TOKEN_ENCRYPTION_KEY (issue 24): 32 random bytes made on the first start and kept in the data folder
 * (0600), so an admin can save a Tencent Cloud API key there as in production, sealed, and it still opens after a
 * restart. Production never uses it: with Slack tokens the key comes from the configuration or there is none.
 */
export function sandboxEncryptionKey(dataDir: string): Buffer {
  const file = resolve(dataDir, 'sandbox-encryption-key');
  try {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
  } catch {
    // first start: made below
  }
  const key = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

/** Where the emulator's conversations are kept. */
export const snapshotPath = (dataDir: string): string => resolve(dataDir, 'sandbox-slack.json');

/** `ownerOf`: the workspace of a channel, for a file written before the sandbox kept its workspaces apart. */
export function restoreSnapshot(emulator: SlackEmulator, file: string, log: Logger, ownerOf?: (channel: string) => string | undefined): void {
  try {
    emulator.restore(JSON.parse(readFileSync(file, 'utf8')) as EmuSnapshot, ownerOf);
    log.info({ file }, 'sandbox conversations restored');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file, err: e }, 'sandbox conversations not restored; starting empty');
  }
}

/**
 * The emulator's conversations are written beside the database, so after a restart the threads the database
 * points at still exist. Written at most every 500 ms, atomically (temp file + rename).
 */
export function persistSnapshots(emulator: SlackEmulator, file: string, log: Logger) {
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  const write = () => {
    timer = null;
    const data = JSON.stringify(emulator.snapshot());
    writing = writing
      .then(async () => {
        await mkdir(join(file, '..'), { recursive: true });
        await writeFile(`${file}.tmp`, data);
        await rename(`${file}.tmp`, file);
      })
      .catch((e: unknown) => log.warn({ err: e }, 'sandbox conversations not saved'));
  };
  emulator.events.on('change', () => {
    timer ??= setTimeout(write, 500);
  });
  return {
    async flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
      await writing;
    },
  };
}
