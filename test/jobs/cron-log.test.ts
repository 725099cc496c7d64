// node-cron's own warnings reach the app's log as JSON lines, not the console as plain text.
import { Writable } from 'node:stream';
import cron from 'node-cron';
import { pino } from 'pino';
import { afterEach, expect, it, vi } from 'vitest';
import { cronLogger } from '../../src/jobs/scheduler.js';

afterEach(() => vi.restoreAllMocks());

it('a tick skipped because the last one still runs is a JSON log line naming the job', async () => {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString())), done()) }));
  const consoleWarn = vi.spyOn(console, 'warn');
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const task = cron.schedule('* * * * * *', () => held, { name: 'outbox', noOverlap: true, logger: cronLogger(log, 'outbox') });
  try {
    await vi.waitFor(() => expect(lines.some((l) => l.job === 'outbox' && /still running/.test(String(l.msg)))).toBe(true), { timeout: 5000, interval: 100 });
  } finally {
    release();
    await task.destroy();
  }
  expect(lines.find((l) => /still running/.test(String(l.msg)))).toMatchObject({ level: 40, job: 'outbox' });
  expect(consoleWarn).not.toHaveBeenCalled();
});
