// The crash soak, short enough for CI (the long one is `npm run soak`): the app as a child process on PostgreSQL,
// killed with SIGKILL mid-flight and restarted, Slack down for a few seconds, people pushing contracts through
// mixed flows. The app process shares the suite's PostgreSQL server (the embedded one unless DATABASE_URL is set).
import { describe, expect, inject, it } from 'vitest';
import { runSoak } from './driver.js';

const url = inject('testDb').url;

describe('crash soak (short)', () => {
  it('after SIGKILLs and a Slack outage every contract is settled, consistent, and announced once, in order', async () => {
    const lines: string[] = [];
    const report = await runSoak({
      pgUrl: url,
      contracts: 40,
      kills: 3,
      outageMs: 4_000,
      timeScale: 600,
      deadlineMs: 200_000,
      seed: 11,
      log: (l) => lines.push(l),
    });
    expect(report.problems, lines.join('\n')).toEqual([]);
    expect(report.kills).toBe(3);
    expect(report.created).toBeGreaterThanOrEqual(30);
    expect(report.failedDuringOutage).toBeGreaterThan(0); // the outage really refused calls
    expect(Object.keys(report.finalStates)).toEqual(expect.arrayContaining(['effective/e_effective', 'voided/-']));
  }, 240_000);
});
