import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDirLock, DataDirLockedError } from '../../src/db/dir-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'cd-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the PGlite data folder lock', () => {
  it('refuses a second holder with a message that says what to do', () => {
    const release = acquireDirLock(dir);
    try {
      expect(() => acquireDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDirLock(dir)).toThrow(/in use by process \d+.*DATA_DIR.*DATABASE_URL/s);
    } finally {
      release();
    }
    acquireDirLock(dir)();
  });

  it('takes over the lock of a process that died', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, 'contract-desk.lock'), String(pid));
    const release = acquireDirLock(dir);
    release();
  });
});
