// Issue 25's acceptance, outside the Slack Marketplace: the app told so (SLACK_NON_MARKETPLACE) and the emulator
// enforcing it, conversations.history/replies once a minute and 15 messages a page. Three posts' answers are lost on
// the way, so the outbox must look for them (at that pace) instead of posting them again.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectEveryThreadComplete, monthEnd } from '../helpers/month-end.js';
import { useSlackApp } from '../helpers/slack.js';

const s = useSlackApp({ rateScale: 3, env: { SLACK_NON_MARKETPLACE: 'true' } });
beforeAll(() => {
  s.emu.rateLimits.nonMarketplace = true;
  s.emu.rateLimits.reset();
});

describe("a month-end burst under Slack's rate limits, outside the Marketplace", () => {
  it('outside the Slack Marketplace (history and replies once a minute), with three answers lost: still complete, once, in order', async () => {
    const r = await monthEnd(s, { lostAnswers: 3 });
    expectEveryThreadComplete(s, r);
    // The posts whose answer was lost were looked for (at the switch's pace: the gate knows it, so Slack refused none
    // of them) and not posted again.
    const lookups = r.calls.filter((c) => /^conversations\.(history|replies)$/.test(c.method));
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.length).toBeLessThanOrEqual(3 * 2);
    expect(r.calls.filter((c) => /^ratelimited:conversations\.(history|replies)$/.test(c.method))).toEqual([]);
    expect(r.rows.filter((x) => x.outcomeUnknown).length).toBeGreaterThan(0);
  }, 400_000);
});
